// @ts-check
// `version`, and the version every command reports (FLYSIM_VERSION).
import { createHash } from 'node:crypto'
import { out } from './output.js'

export const VERSION = process.env.FLYSIM_VERSION || '0.4.87'
const COMMIT = createHash('sha1').update(`flyctl-${VERSION}`).digest('hex')
const BUILD_DATE = '2026-08-19T16:04:12Z'

/** @param {import('./types.js').Ctx} ctx */
export async function runVersion(ctx) {
  const name = 'flyctl' // buildinfo.Name: os.Executable() resolves the `fly` symlink to flyctl
  const arch = /** @type {Record<string, string>} */ ({ x64: 'amd64', arm64: 'arm64' })[process.arch] ?? process.arch
  if (ctx.flags.json) {
    out(
      `${JSON.stringify({ Name: name, Version: VERSION, Commit: COMMIT, BranchName: '', BuildDate: BUILD_DATE, OS: process.platform, Architecture: arch, Environment: 'production' })}\n`
    )
    return
  }
  out(`${name} v${VERSION} ${process.platform}/${arch} Commit: ${COMMIT} BuildDate: ${BUILD_DATE}\n`)
}
