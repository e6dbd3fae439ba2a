// Installs flyctl through the runner's tool cache, keyed as superfly/flyctl-actions (setup-flyctl) keys it.
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import * as core from '@actions/core'
import { childEnv } from '../pure/child-env.js'
import { errorMessage } from '../pure/text.js'

export const TOOL_NAME = 'flyctl'
const RELEASES_API = 'https://api.fly.io/app/flyctl_releases'
const DOWNLOAD_BASE = 'https://github.com/superfly/flyctl/releases/download'

export interface InstalledFlyctl {
  version: string
  /** Absolute path of the flyctl binary. */
  binPath: string
  cacheHit: boolean
}

export class InstallError extends Error {
  override name = 'InstallError'
}

/** Where releases are looked up and downloaded; tests point these at a loopback server. */
export interface ReleaseSources {
  releasesApi: string
  downloadBase: string
}

export function flyctlSources(env: NodeJS.ProcessEnv): ReleaseSources {
  return {
    releasesApi: env.FLY_PG_EXPOSE_RELEASES_API || RELEASES_API,
    downloadBase: env.FLY_PG_EXPOSE_DOWNLOAD_BASE || DOWNLOAD_BASE
  }
}

/** Fly's names for the platform and CPU in release asset names. */
export function assetPlatform(platform: NodeJS.Platform, arch: string): { os: string; cpu: string } {
  const osName = { linux: 'Linux', darwin: 'macOS' }[platform as string]
  const cpu = { x64: 'x86_64', arm64: 'arm64' }[arch]
  if (!osName || !cpu) {
    throw new InstallError(`flyctl is not available for ${platform}/${arch}: run this action on a Linux or macOS runner (x64 or arm64).`)
  }
  return { os: osName, cpu }
}

export function releaseAssetUrl(base: string, version: string, target: { os: string; cpu: string }): string {
  return `${base}/v${version}/flyctl_${version}_${target.os}_${target.cpu}.tar.gz`
}

/** Reads the version out of a download URL such as `.../download/v0.4.87/flyctl_0.4.87_Linux_x86_64.tar.gz`. */
export function versionFromAssetUrl(url: string): string | undefined {
  return url.match(/\/v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\/flyctl_/)?.[1]
}

export async function installFlyctl(requested: string, sources: ReleaseSources): Promise<InstalledFlyctl> {
  const target = assetPlatform(process.platform, os.arch())
  // A pinned version never asks the releases endpoint: the cache, then GitHub's release asset.
  const { version, url } =
    requested === 'latest'
      ? await resolveLatest(sources.releasesApi, target)
      : { version: requested, url: releaseAssetUrl(sources.downloadBase, requested, target) }

  let dir = findCached(version, target.cpu)
  const cacheHit = dir !== ''
  if (cacheHit) {
    core.info(`flyctl ${version} found in the tool cache: ${dir}`)
  } else {
    dir = await downloadToCache(url, version, target.cpu)
  }
  linkFly(dir)
  core.addPath(dir)
  return { version, binPath: path.join(dir, TOOL_NAME), cacheHit }
}

/**
 * setup-flyctl caches under Fly's CPU name (`x86_64`, `arm64`: its src/constants.ts); its older releases and ours
 * used tool-cache's default, node's arch (`x64`). A hit under either key is the same binary.
 *
 * Read as tool-cache's own `find` reads an exact version (`<RUNNER_TOOL_CACHE>/<tool>/<version>/<arch>`, complete
 * once `<arch>.complete` exists; versions here are exact, checked by the inputs), so a hit never loads tool-cache:
 * its download path (and semver) is imported only on a miss.
 */
function findCached(version: string, cpu: string): string {
  const cache = process.env.RUNNER_TOOL_CACHE
  if (!cache) return ''
  for (const arch of new Set([cpu, os.arch()])) {
    const dir = path.join(cache, TOOL_NAME, version, arch)
    if (fs.existsSync(dir) && fs.existsSync(`${dir}.complete`)) return dir
  }
  return ''
}

async function resolveLatest(releasesApi: string, target: { os: string; cpu: string }): Promise<{ version: string; url: string }> {
  const endpoint = `${releasesApi}/${target.os}/${target.cpu}/latest`
  let body: string
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(30_000) })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    body = (await response.text()).trim()
  } catch (error) {
    throw new InstallError(
      `Could not resolve the latest flyctl from ${endpoint} (${errorMessage(error)}). Pin a version with the \`flyctl-version\` input (e.g. 0.4.87): pinned versions download straight from GitHub.`
    )
  }
  const version = versionFromAssetUrl(body)
  if (!version) {
    throw new InstallError(`Fly's releases endpoint answered with no usable download URL. Pin \`flyctl-version\` instead of \`latest\`.`)
  }
  return { version, url: body }
}

async function downloadToCache(url: string, version: string, cpu: string): Promise<string> {
  const tc = await import('@actions/tool-cache')
  core.info(`Downloading flyctl ${version} from ${url}`)
  let archive: string
  try {
    archive = await tc.downloadTool(url)
  } catch (error) {
    throw new InstallError(
      `Could not download flyctl ${version} from ${url}: ${errorMessage(error)}. Check that the version exists on https://github.com/superfly/flyctl/releases.`
    )
  }
  const extracted = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'flyctl-'))
  try {
    try {
      await extractTar(archive, extracted)
    } catch (error) {
      throw new InstallError(`The flyctl ${version} download is not a valid tarball (${errorMessage(error)}). Nothing was cached; rerun the job.`)
    } finally {
      fs.rmSync(archive, { force: true })
    }
    if (!fs.existsSync(path.join(extracted, TOOL_NAME))) {
      throw new InstallError(`The flyctl ${version} tarball has no \`flyctl\` binary. Nothing was cached; pin another version.`)
    }
    // Only a complete, checked directory enters the cache, so a broken download never poisons later runs.
    return await tc.cacheDir(extracted, TOOL_NAME, version, cpu)
  } finally {
    fs.rmSync(extracted, { recursive: true, force: true })
  }
}

/**
 * `tar -xzf`, with the allow-listed environment every child gets (childEnv): tool-cache's extractTar would start tar
 * with all of ours, inputs and runner tokens included, and takes no environment. GNU and BSD tar read these flags alike.
 */
async function extractTar(archive: string, dest: string): Promise<void> {
  try {
    await promisify(execFile)('tar', ['-xzf', archive, '-C', dest], { env: childEnv(process.env) })
  } catch (error) {
    const { code, stderr } = error as { code?: number | string; stderr?: string }
    const said = stderr?.trim().split('\n')[0]
    throw new Error(`tar failed (exit ${code ?? 'unknown'})${said ? `: ${said}` : ''}`, { cause: error })
  }
}

/** Release tarballs hold only `flyctl`; users and docs say `fly`, so put a link beside it. */
function linkFly(dir: string): void {
  const link = path.join(dir, 'fly')
  if (fs.existsSync(link)) return
  try {
    fs.symlinkSync(TOOL_NAME, link)
  } catch (error) {
    core.debug(`Could not add the fly link: ${errorMessage(error)}`)
  }
}
