// Stands in for Fly's releases endpoint and GitHub's release downloads, on loopback.
import * as fs from 'node:fs'
import * as http from 'node:http'

/** @typedef {{ latest: string, tarballFor: (version: string) => string, apiDown?: boolean, latestBody?: string, brokenDownload?: boolean, missingVersions?: string[] }} ReleaseServerOptions */

/**
 * @param {ReleaseServerOptions} options
 *   Options are read on every request, so a test may change them while the server runs.
 *   tarballFor returns the path of a .tar.gz for a version (e.g. writeReleaseTarball from flyctl-sim/state.js).
 *   latestBody replaces the endpoint's answer (a download URL) with other text.
 * @returns {Promise<{ env: Record<string, string>, requests: string[], options: ReleaseServerOptions, stop: () => Promise<void> }>}
 */
export async function startReleaseServer(options) {
  /** @type {string[]} */
  const requests = []
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/'
    requests.push(url)
    const latest = url.match(/^\/api\/(Linux|macOS)\/(x86_64|arm64)\/latest$/)
    if (latest) {
      if (options.apiDown) return send(res, 503, 'Service Unavailable')
      const [, os, cpu] = latest
      if (options.latestBody !== undefined) return send(res, 200, options.latestBody)
      return send(res, 200, `${base}/download/v${options.latest}/flyctl_${options.latest}_${os}_${cpu}.tar.gz`)
    }
    const asset = url.match(/^\/download\/v([^/]+)\/flyctl_([^_]+)_(Linux|macOS)_(x86_64|arm64)\.tar\.gz$/)
    if (asset && asset[1] === asset[2] && !options.missingVersions?.includes(asset[1])) {
      if (options.brokenDownload) return send(res, 200, 'this is not a tarball')
      const file = options.tarballFor(asset[1])
      res.writeHead(200, { 'content-type': 'application/gzip' })
      return fs.createReadStream(file).pipe(res)
    }
    send(res, 404, 'Not Found')
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const base = `http://127.0.0.1:${address.port}`
  return {
    env: { FLY_PG_EXPOSE_RELEASES_API: `${base}/api`, FLY_PG_EXPOSE_DOWNLOAD_BASE: `${base}/download` },
    requests,
    options,
    stop: () => new Promise(resolve => server.close(() => resolve(undefined)))
  }
}

/** @param {http.ServerResponse} res @param {number} status @param {string} body */
function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain' })
  res.end(body)
}
