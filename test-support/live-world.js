// The Fly world `npm run live -- --simulate` runs the live conformance driver (scripts/live.mjs) against: the test
// world's TLS Postgres and releases server (fly-world.js), ONE simulator state for every app the driver creates
// (so `apps list` and the cleanup see them all), and a Fly edge per app, started when the driver creates it.
import { randomBytes } from 'node:crypto'
import * as path from 'node:path'
import { LOOPBACK_HOSTS, startWorld } from './fly-world.js'
import { startFlyEdge } from './fly-edge.js'
import { newWorld } from './flyctl-sim/clusters.js'
import { createState, readCalls, readState, updateState } from './flyctl-sim/state.js'

/**
 * @param {{ org: string }} options the org the driver is configured for (the only one the simulated token sees)
 */
export async function startLiveWorld({ org }) {
  // `fly pg create` prints its password raw inside the connection string: real ones are letters and digits.
  const password = `Pw${randomBytes(12).toString('hex')}`
  const world = await startWorld({ password })
  const statePath = createState(
    path.join(world.dir, 'live', 'state.json'),
    newWorld({ token: world.token, organizations: { [org]: {} }, operatorPassword: password, clusterPostgres: { port: world.pg.port } })
  )
  const logPath = path.join(world.dir, 'live', 'calls.jsonl')
  /** @type {Map<string, Awaited<ReturnType<typeof startFlyEdge>>>} */
  const edges = new Map()
  let next = Math.floor(Math.random() * LOOPBACK_HOSTS.length)

  /** The edge in front of an app (`<app>.fly.dev` stands at its own loopback address, port 5432). @param {string} app */
  async function edgeFor(app) {
    const existing = edges.get(app)
    if (existing) return existing
    for (let tries = 0; tries < LOOPBACK_HOSTS.length; tries++) {
      const host = LOOPBACK_HOSTS[next++ % LOOPBACK_HOSTS.length]
      try {
        const edge = await startFlyEdge({ statePath, app, target: { port: world.pg.port }, listenHost: host, listenPort: 5432 })
        edges.set(app, edge)
        return edge
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error
      }
    }
    throw new Error('no free loopback address for a Fly edge on port 5432')
  }

  return {
    token: world.token,
    password,
    statePath,
    logPath,
    dir: world.dir,
    /** What flyctl (the simulator) and the action need in their environment. */
    env: { FLYSIM_STATE: statePath, FLYSIM_LOG: logPath, NODE_EXTRA_CA_CERTS: world.certs.caPath, ...world.releases.env },
    edgeFor,
    calls: () => readCalls(logPath),
    state: () => readState(statePath),
    /** @param {(state: any) => any} fn */
    update: fn => updateState(statePath, fn),
    stop: async () => {
      for (const edge of edges.values()) await edge.stop().catch(() => undefined)
      await world.stop()
    }
  }
}
