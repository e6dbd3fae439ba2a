// @ts-check
// `proxy <local[:remote]> [remote_host]` and `mpg proxy [CLUSTER_ID]`: a local TCP listener whose connections go
// through the agent to the world's private network.
// flyctl internal/command/proxy/proxy.go (flags, order: app network, app, agent, establish, tunnel; remote host
// `<app>.internal`), proxy/connect.go (NewServer: WaitForDNS unless an IPv6 literal, bind, then the ready line
// `Proxying localhost:<port> to remote [<host>]:<port>` on stdout; port 0 prints the real port), proxy/server.go
// (a failed dial closes the local connection; the proxy keeps running), agent/client.go (ConnectToTunnel:
// `tunnel unavailable for organization <org>: ...`; WaitForDNS: 4 minutes, then `host was not found in DNS`),
// agent/server/server.go probeTunnel (`Error contacting Fly.io API when probing "<org>": timed out (...)`),
// internal/command/mpg/proxy.go and mpg/v2/run_proxy.go (GetMpgProxyParams), internal/cli/cli.go (a signal after
// the ready line: exit 0).
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { agentRequest, ensureAgent } from './agent.js'
import { setCancelExitCode } from './cancel.js'
import { CliError } from './errors.js'
import { findMpgCluster, requireMacaroonToken } from './mpg.js'
import { out } from './output.js'
import { chargeApiCall, fetchApp, pause, readStateFile } from './store.js'
import { establishPeer, organizationBySlug, pruneInvalidPeers, WG_QUERIES } from './wireguard.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').Fault} Fault */
/** @typedef {'start' | 'peer' | 'probe' | 'ready'} Step */

// fly-go GetAppNetwork, compacted.
const APP_NETWORK = 'query ($appName: String!) { app(name: $appName) { network } }'

/**
 * Applies the command's fault at `step`: a slow step (only delayMs), a stalled one, or a failure (its stderr, or
 * flyctl's own text for that step).
 * @param {Ctx} ctx
 * @param {Step} step
 * @param {string} defaultMessage
 */
async function faultAt(ctx, step, defaultMessage) {
  const fault = ctx.fault
  if (!fault || (fault.at ?? 'start') !== step) return
  await pause(fault.delayMs)
  if (fault.stall) await new Promise(() => setInterval(() => {}, 60_000))
  const fails = fault.stderr !== undefined || fault.exitCode !== undefined || !fault.delayMs
  if (!fails) return
  if (fault.stdout) out(fault.stdout.endsWith('\n') ? fault.stdout : `${fault.stdout}\n`)
  const message = (fault.stderr ?? `Error: ${defaultMessage}`).replace(/^Error: /, '').trimEnd()
  throw new CliError(message, { exitCode: fault.exitCode ?? 1 })
}

/**
 * agent.Establish, the agent's `establish` (creates or reuses the peer), then ConnectToTunnel's probe.
 * @param {Ctx} ctx
 * @param {{ slug: string, id: string }} org
 */
async function openTunnel(ctx, org) {
  await pruneInvalidPeers(ctx) // PruneInvalidPeers runs before the agent is pinged, and writes config.yml
  await ensureAgent(ctx)
  // The token may not add peers: the server's wording is a guess ("Not authorized" is the one authz text in flyctl).
  await faultAt(ctx, 'peer', `failed to run ${WG_QUERIES.addPeer}: Not authorized`)
  await establishPeer(ctx, org)
  await faultAt(
    ctx,
    'probe',
    `tunnel unavailable for organization ${org.slug}: Error contacting Fly.io API when probing "${org.slug}": timed out (context deadline exceeded)`
  )
}

/** @param {string} host */
const isV6 = host => net.isIPv6(host)

/**
 * WaitForDNS: polls the agent's resolver (the world's private network) for up to `dnsWaitMs` (flyctl: 4 minutes).
 * @param {Ctx} ctx
 * @param {string} host
 */
async function waitForDns(ctx, host) {
  const deadline = Date.now() + (ctx.state.dnsWaitMs ?? 240_000)
  for (;;) {
    const network = readStateFile().privateNetwork ?? {}
    if (Object.keys(network).some(addr => addr.startsWith(`[${host}]:`))) return
    if (Date.now() >= deadline) throw new CliError(`${host}: host was not found in DNS`)
    await sleep(50)
  }
}

/**
 * Binds the listener, prints the ready line, and serves until signalled.
 * @param {Ctx} ctx
 * @param {{ bind: string, localPort: string, remoteAddr: string }} p
 */
async function serve(ctx, { bind, localPort, remoteAddr }) {
  await faultAt(ctx, 'ready', 'injected fault')
  const server = net.createServer({ pauseOnConnect: true }, local => {
    local.on('error', () => local.destroy())
    agentRequest(`connect ${remoteAddr}`).then(
      ({ line, socket, rest }) => {
        if (line !== 'ok') {
          socket.destroy()
          local.destroy()
          return
        }
        socket.on('error', () => socket.destroy())
        socket.on('close', () => local.destroy())
        local.on('close', () => socket.destroy())
        if (rest.length) local.write(rest)
        local.pipe(socket)
        socket.pipe(local)
        socket.resume()
        local.resume()
      },
      () => local.destroy() // agent gone: the connection is closed, the proxy keeps running
    )
  })
  await new Promise((resolve, reject) => {
    server.once('error', (/** @type {NodeJS.ErrnoException} */ e) =>
      reject(
        new CliError(
          e.code === 'EADDRINUSE' ? `listen tcp ${bind}:${localPort}: bind: address already in use` : `listen tcp ${bind}:${localPort}: ${e.message}`
        )
      )
    )
    server.listen(Number(localPort), bind, () => resolve(undefined))
  })
  const address = server.address()
  const port = address && typeof address === 'object' ? address.port : localPort
  out(`Proxying localhost:${port} to remote ${remoteAddr}\n`)
  setCancelExitCode(0) // a signal from now on ends the accept loop cleanly
  if (ctx.flags['watch-stdin']) {
    process.stdin.on('end', () => process.exit(0))
    process.stdin.resume()
  }
  await new Promise(() => {}) // serves until a signal ends the process
}

/**
 * `proxy <local[:remote]> [remote_host]`.
 * @param {Ctx} ctx
 */
export async function runProxy(ctx) {
  await faultAt(ctx, 'start', 'injected fault')
  const app = /** @type {string} */ (ctx.flags.app || process.env.FLY_APP || '')
  if (ctx.flags.select && !app) throw new CliError('--app required when --select flag provided')
  if (!app && !ctx.flags.org) throw new CliError('org slug must be specified when not running interactively')
  let orgSlug = /** @type {string} */ (ctx.flags.org ?? '')
  if (orgSlug) await organizationBySlug(ctx, orgSlug)
  if (app) {
    ctx.appName = app
    const fetched = await fetchApp(ctx, { kind: 'gql', query: APP_NETWORK, wrap: '' }) // GetAppNetwork
    await chargeApiCall(ctx) // GetAppBasic
    orgSlug = fetched.organization ?? 'personal'
  }
  const org = await organizationBySlug(ctx, orgSlug)
  await openTunnel(ctx, org)
  const [localPort, remotePort = localPort] = ctx.args[0].split(':')
  const remoteHost = ctx.args[1] ?? `${app}.internal`
  if (!isV6(remoteHost)) await waitForDns(ctx, remoteHost)
  if (!/^\d+$/.test(localPort)) throw new CliError('the flyctl simulator does not model unix-socket proxies')
  await serve(ctx, { bind: /** @type {string} */ (ctx.flags['bind-addr'] ?? '127.0.0.1'), localPort, remoteAddr: `[${remoteHost}]:${remotePort}` })
}

/**
 * `mpg proxy [CLUSTER_ID] [-p port] [-b addr]` (v2: GetMpgProxyParams, then proxy.Connect to `[direct]:5432`).
 * @param {Ctx} ctx
 */
export async function runMpgProxy(ctx) {
  await faultAt(ctx, 'start', 'injected fault')
  requireMacaroonToken(ctx)
  const { cluster } = await findMpgCluster(ctx, ctx.args[0])
  const org = await organizationBySlug(ctx, cluster.organization) // AliasedOrganizationSlug
  const credentials = cluster.credentials
  if (credentials.status === 'initializing') throw new CliError('cluster is still initializing, wait a bit more')
  if (credentials.status === 'error' || !credentials.password) throw new CliError('error getting cluster password')
  if (!cluster.ip_assignments?.direct) throw new CliError('error getting cluster IP')
  await openTunnel(ctx, org)
  await serve(ctx, {
    bind: /** @type {string} */ (ctx.flags['bind-addr'] ?? '127.0.0.1'),
    localPort: /** @type {string} */ (ctx.flags['local-port'] ?? '16380'),
    remoteAddr: `[${cluster.ip_assignments.direct}]:5432`
  })
}
