// One loopback Fly world for end-to-end runs, the demo and the benchmark: a TLS Postgres, a releases server
// serving the flyctl simulator, and per scenario a simulator state, a call log and a Fly edge at <host>:5432.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { makeCertificates, startPostgres } from './postgres-tls.js'
import { startFlyEdge } from './fly-edge.js'
import { startReleaseServer } from './release-server.js'
import { runAction } from './run-action.js'
import { createState, readCalls, readState, updateState, writeReleaseTarball } from './flyctl-sim/state.js'
import { newWorld } from './flyctl-sim/clusters.js'

export const TOKEN = 'fo1_e2e_Tok3n_0123456789abcdef'
// Characters that need percent-encoding, so every spelling of the password is exercised.
export const PASSWORD = 'Pg p@ss/w:rd%42?&'
export const FLYCTL_VERSION = '0.4.87'

// Each scenario gets its own loopback address, so its edge can listen on the real port 5432; the world's server
// certificate names them all.
export const LOOPBACK_HOSTS = Array.from({ length: 240 }, (_, i) => `127.0.0.${i + 10}`)
let nextHost = Math.floor(Math.random() * LOOPBACK_HOSTS.length)

/**
 * Starts the world. Any step that fails rejects at once with the step, its cause and what to do, after stopping
 * whatever had started (no hook waits for a world that will never come up).
 * @param {{ password?: string, token?: string, latest?: string, postgres?: { binariesDir?: string, postgresFlags?: string[], logFile?: string } }} [options]
 */
export async function startWorld(options = {}) {
  const password = options.password ?? PASSWORD
  const token = options.token ?? TOKEN
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fly-world-'))
  /** @type {Array<() => Promise<void>>} */
  const stops = []
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined)
    fs.rmSync(dir, { recursive: true, force: true })
  }
  /** @template T @param {string} what @param {() => Promise<T>} start @returns {Promise<T>} */
  const step = async (what, start) => {
    try {
      return await start()
    } catch (error) {
      await stopAll()
      const cause = error instanceof Error ? error.message : String(error)
      throw new Error(`The test world could not start: ${what} failed: ${cause}`, { cause: error })
    }
  }

  const certs = await step('making the TLS certificates', async () =>
    makeCertificates(path.join(dir, 'certs'), { hosts: ['localhost', '127.0.0.1', ...LOOPBACK_HOSTS] })
  )
  const pg = await step('starting PostgreSQL', () => startPostgres({ password, certs, ...options.postgres }))
  stops.push(pg.stop)
  /** @type {Map<string, string>} */
  const tarballs = new Map()
  const releases = await step('starting the releases server', () =>
    startReleaseServer({
      latest: options.latest ?? FLYCTL_VERSION,
      tarballFor: version => {
        if (!tarballs.has(version)) tarballs.set(version, writeReleaseTarball(path.join(dir, `flyctl_${version}.tar.gz`), { version }))
        return /** @type {string} */ (tarballs.get(version))
      }
    })
  )
  stops.push(releases.stop)

  /**
   * A cluster in the simulator and the edge in front of it.
   * @param {{ app: string, cluster: object, privateNetwork?: Record<string, { host?: string, port: number }>, mpgClusters?: Record<string, object>, restartMs?: number, apiDelayMs?: number, deployDelayMs?: number, faults?: object[], commandDelayMs?: Record<string, number>, edge?: { dropFirst?: number, target?: { host?: string, port: number } }, runnerDir?: string }} spec
   *   runnerDir: share one runner (and so one tool cache) between scenarios.
   */
  async function scenario(spec) {
    const scenarioDir = fs.mkdtempSync(path.join(dir, `${spec.app}-`))
    const statePath = createState(
      path.join(scenarioDir, 'state.json'),
      newWorld({
        token,
        apps: { [spec.app]: spec.cluster },
        restartMs: spec.restartMs ?? 0,
        apiDelayMs: spec.apiDelayMs ?? 0,
        deployDelayMs: spec.deployDelayMs ?? 0,
        faults: spec.faults ?? [],
        ...(spec.commandDelayMs ? { commandDelayMs: spec.commandDelayMs } : {}),
        // What `fly proxy` reaches through the tunnel: <app>.internal:5432 is the test Postgres (plain TCP, as
        // HAProxy forwards it), plus any MPG cluster's direct address the scenario adds.
        privateNetwork: { [`[${spec.app}.internal]:5432`]: { port: pg.port }, ...spec.privateNetwork },
        ...(spec.mpgClusters ? { mpgClusters: spec.mpgClusters } : {})
      })
    )
    const logPath = path.join(scenarioDir, 'calls.jsonl')
    const edge = await listenOnFreeLoopback(host =>
      startFlyEdge({
        statePath,
        app: spec.app,
        target: spec.edge?.target ?? { port: pg.port },
        listenHost: host,
        listenPort: 5432,
        dropFirst: spec.edge?.dropFirst ?? 0
      })
    )
    stops.push(edge.stop)
    const runnerDir = spec.runnerDir ?? path.join(scenarioDir, 'runner')
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@${spec.app}.flycast:5432/postgres`

    /**
     * Runs the bundled action in this scenario; inputs default to a pinned flyctl and this world's host.
     * Reuses one runner directory (and so one tool cache) per scenario, as a self-hosted runner would.
     * @param {Record<string, string>} [inputs] @param {Record<string, string | undefined>} [env]
     * @param {{ node?: string, signalAfterMs?: number, signalWhen?: () => boolean, runnerDir?: string, state?: Record<string, string> }} [runner] how the runner starts it (state: STATE_* for a post step)
     *   (runnerDir: a runner of its own, as a parallel job has)
     */
    function run(inputs = {}, env = {}, runner = {}) {
      return runAction({
        runnerDir,
        ...runner,
        inputs: { app: spec.app, 'fly-api-token': token, 'database-url': databaseUrl, host: edge.host, 'flyctl-version': FLYCTL_VERSION, ...inputs },
        env: { FLYSIM_STATE: statePath, FLYSIM_LOG: logPath, NODE_EXTRA_CA_CERTS: certs.caPath, ...releases.env, ...env }
      })
    }

    return {
      app: spec.app,
      host: edge.host,
      statePath,
      logPath,
      runnerDir,
      databaseUrl,
      edge,
      run,
      calls: () => readCalls(logPath),
      state: () => readState(statePath),
      /** @param {(state: any) => any} fn */
      update: fn => updateState(statePath, fn),
      /** The secrets a user must never see in a log: token, password, both URLs. */
      secrets: () => [token, password, databaseUrl, `postgres://postgres:${encodeURIComponent(password)}@${edge.host}:5432/postgres?sslmode=require`]
    }
  }

  return {
    dir,
    pg,
    certs,
    releases,
    token,
    password,
    scenario,
    stop: stopAll
  }
}

/**
 * @template T
 * @param {(host: string) => Promise<T>} start
 * @returns {Promise<T>}
 */
async function listenOnFreeLoopback(start) {
  for (let tries = 0; tries < LOOPBACK_HOSTS.length; tries++) {
    const host = LOOPBACK_HOSTS[nextHost++ % LOOPBACK_HOSTS.length]
    try {
      return await start(host)
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error
    }
  }
  throw new Error('no free loopback address for a Fly edge on port 5432')
}
