// The Fly edge proxy on loopback: stands in for `<app>.fly.dev:<publicPort>`.
//
// On every connection it reads the simulator state (FLYSIM_STATE JSON, see README.md) afresh and
// forwards the raw bytes to `target` (the TLS Postgres) only when
//   (a) the app has an ingress IP (Type v4, shared_v4 or v6; not private_v6 / egress_*),
//   (b) a machine declares services[] { protocol: 'tcp', internal_port: 5432,
//       ports: [{ port: publicPort, handlers: [..., 'pg_tls'] }] }, and
//   (c) no deploy is restarting the machines: last deploy `at + restartMs <= now`.
// Otherwise it accepts and immediately ends the connection (the client sees EOF), as Fly's proxy
// does when nothing serves the port.
import fsp from 'node:fs/promises'
import net from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'

const INGRESS_IP_TYPES = new Set(['v4', 'shared_v4', 'v6'])

/**
 * @typedef {object} EdgeDecision
 * @property {boolean} ok
 * @property {string} reason   'ok' | 'no state' | 'no app' | 'no public ip' | 'no pg_tls service' | 'deploy in progress'
 */

/**
 * Decide, from a parsed simulator state, whether the edge would route `app:publicPort` now.
 * Exported so tests can assert on the rule itself.
 * @param {any} state
 * @param {string} app
 * @param {number} publicPort
 * @param {number} [now]
 * @returns {EdgeDecision}
 */
export function edgeDecision(state, app, publicPort, now = Date.now()) {
  if (!state || typeof state !== 'object') return { ok: false, reason: 'no state' }
  const a = state.apps?.[app]
  if (!a || typeof a !== 'object') return { ok: false, reason: 'no app' }
  const ips = Array.isArray(a.ips) ? a.ips : []
  if (!ips.some((/** @type {any} */ ip) => ip && INGRESS_IP_TYPES.has(ip.Type))) return { ok: false, reason: 'no public ip' }
  const machines = Array.isArray(a.machines) ? a.machines : []
  const served = machines.some((/** @type {any} */ m) => {
    const services = m?.config?.services
    if (!Array.isArray(services)) return false
    return services.some(
      s =>
        s &&
        s.protocol === 'tcp' &&
        Number(s.internal_port) === 5432 &&
        Array.isArray(s.ports) &&
        s.ports.some((/** @type {any} */ p) => p && Number(p.port) === publicPort && Array.isArray(p.handlers) && p.handlers.includes('pg_tls'))
    )
  })
  if (!served) return { ok: false, reason: 'no pg_tls service' }
  // A deploy restarts every machine; a `machine update` restarts one: either way the proxy refuses a while.
  const restarts = [...(Array.isArray(a.deploys) ? a.deploys : []), ...(Array.isArray(a.machineUpdates) ? a.machineUpdates : [])]
  const last = restarts.sort((x, y) => (Number(x.at) || 0) - (Number(y.at) || 0))[restarts.length - 1]
  if (last) {
    const at = Number(last.at) || 0
    const restartMs = Number(state.restartMs) || 0
    if (at + restartMs > now) return { ok: false, reason: 'deploy in progress' }
  }
  return { ok: true, reason: 'ok' }
}

/**
 * Read the state file; a torn read (a writer mid-write) is retried briefly.
 * @param {string} statePath
 */
async function readState(statePath) {
  for (let attempt = 0; ; attempt++) {
    try {
      return JSON.parse(await fsp.readFile(statePath, 'utf8'))
    } catch (err) {
      if (attempt >= 3) return undefined
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' && attempt >= 1) return undefined
      await delay(15)
    }
  }
}

/**
 * @typedef {object} FlyEdge
 * @property {string} host            the loopback address it listens on
 * @property {number} port            the port the edge listens on
 * @property {number} publicPort      the port a service must declare (defaults to `port`)
 * @property {{ accepted: number, refused: number }} connections  live counters
 * @property {Array<{ at: number, ok: boolean, reason: string }>} decisions  one per connection, in order
 * @property {() => Promise<void>} stop  close the server and destroy live sockets; idempotent
 */

/**
 * @param {object} opts
 * @param {string} opts.statePath      simulator state JSON (read on every connection)
 * @param {string} opts.app            the Fly app name
 * @param {{ host?: string, port: number }} opts.target  where to forward (the TLS Postgres)
 * @param {string} [opts.listenHost]   a loopback address (default 127.0.0.1); tests give each world its own 127.0.0.N
 * @param {number} [opts.listenPort]   default: a free port
 * @param {number} [opts.publicPort]   default: the listen port
 * @param {number} [opts.dropFirst]    end the first n connections regardless (proxy warming up)
 * @returns {Promise<FlyEdge>}
 */
export async function startFlyEdge({ statePath, app, target, listenHost = '127.0.0.1', listenPort = 0, publicPort, dropFirst = 0 }) {
  if (!statePath || !app || !target?.port) throw new Error('startFlyEdge: statePath, app and target.port are required')
  const targetHost = target.host ?? '127.0.0.1'
  /** @type {Set<net.Socket>} */
  const sockets = new Set()
  const connections = { accepted: 0, refused: 0 }
  /** @type {Array<{ at: number, ok: boolean, reason: string }>} */
  const decisions = []
  let seen = 0
  let port = listenPort
  let stopped = false

  /** @param {net.Socket} s */
  const track = s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }

  const server = net.createServer({ pauseOnConnect: true }, async client => {
    track(client)
    const n = ++seen
    /** @type {EdgeDecision} */
    let decision
    if (n <= dropFirst) {
      decision = { ok: false, reason: 'dropFirst' }
    } else {
      decision = edgeDecision(await readState(statePath), app, publicPort ?? port)
    }
    decisions.push({ at: Date.now(), ...decision })
    if (!decision.ok || stopped || client.destroyed) {
      connections.refused++
      client.end() // FIN: the client reads EOF
      client.resume()
      return
    }
    connections.accepted++
    const upstream = net.connect({ host: targetHost, port: target.port })
    track(upstream)
    upstream.setNoDelay(true)
    client.setNoDelay(true)
    upstream.on('connect', () => {
      client.pipe(upstream)
      upstream.pipe(client)
      client.resume()
    })
    upstream.on('close', () => client.destroy())
    client.on('close', () => upstream.destroy())
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(listenPort, listenHost, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const addr = server.address()
  port = addr && typeof addr === 'object' ? addr.port : listenPort

  return {
    host: listenHost,
    port,
    publicPort: publicPort ?? port,
    connections,
    decisions,
    stop: async () => {
      if (stopped) return
      stopped = true
      const closed = new Promise(resolve => server.close(() => resolve(undefined)))
      for (const s of sockets) s.destroy()
      await closed
    }
  }
}
