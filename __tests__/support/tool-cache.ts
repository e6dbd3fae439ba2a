// The runner's tool cache as setup-flyctl leaves it, for the tests of a cached flyctl (unit and end to end).
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeReleaseTarball } from '../../test-support/flyctl-sim/state.js'

/** Fly's CPU name for this machine, as release assets and setup-flyctl's cache key spell it. */
export const ASSET_ARCH = os.arch() === 'arm64' ? 'arm64' : 'x86_64'

/**
 * Fills a tool cache the way setup-flyctl does: the release tarball extracted into `<toolCache>/flyctl/<version>/<arch>/`
 * and the empty `<arch>.complete` marker beside it (tool-cache's cacheDir). Returns the extracted directory.
 */
export function seedToolCacheAsSetupFlyctl(toolCache: string, version: string, arch: string): string {
  const dir = path.join(toolCache, 'flyctl', version, arch)
  fs.mkdirSync(dir, { recursive: true })
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'flyctl-release-'))
  try {
    const tarball = writeReleaseTarball(path.join(staging, `flyctl_${version}.tar.gz`), { version })
    execFileSync('tar', ['-xzf', tarball, '-C', dir])
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  fs.writeFileSync(`${dir}.complete`, '')
  return dir
}
