// The tunnel route: `fly proxy` (or `fly mpg proxy`) detached from the step, with a private FLY_CONFIG_DIR under
// RUNNER_TEMP, proven by a real login; and its cleanup (proxy, agent, this run's WireGuard peer, the directory).
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { errorMessage, seconds } from '../pure/text.js'
import {
  classifyProxyFailure,
  nextStepForProxyFailure,
  parseReadyLine,
  peerRemovalWarning,
  peersFromConfigYaml,
  proxyArgs,
  proxyErrorText,
  TUNNEL_HOST,
  tunnelEnv,
  tunnelSslMode,
  tunnelUrl,
  type PeerRecord,
  type TunnelTarget
} from '../pure/tunnel.js'
import type { Credentials } from '../pure/url.js'
import { loadPg } from './pg-loader.js'
import { createFlyctl, DEADLINES, FlyctlError, FlyctlTimeoutError, type Flyctl } from './flyctl.js'

export interface OpenTunnelOptions {
  flyctlBin: string
  token: string
  /** RUNNER_TEMP: the private FLY_CONFIG_DIR (agent socket, config.yml, logs) is made under it. */
  runnerTemp: string
  /** A postgres-flex app (`fly proxy <port>:5432 -a <app>`) ... */
  app?: string
  /** ... or a Managed Postgres cluster ID (`fly mpg proxy <id>`). Exactly one of the two. */
  mpgCluster?: string
  /** Default: 0, and flyctl binds a free port and prints it in its ready line. */
  localPort?: number
  credentials: Credentials
  /** The whole budget: starts, ready line and logins, retried with backoff inside it. */
  timeoutMs: number
  /** Called with what cleanup needs as soon as the directory exists, and again when it changes: save it for the post step. */
  onSaved?: (saved: SavedTunnel) => void
  /** The environment the allow-list (childEnv) is taken from; default process.env. */
  env?: Record<string, string | undefined>
}

/** What the post step needs to clean up. Holds no secret (the token is passed to closeTunnel again). */
export interface SavedTunnel {
  flyctlBin: string
  configDir: string
  /** The detached proxy (leader of its own process group). */
  proxyPid?: number
  org?: string
  peerName?: string
}

export interface OpenedTunnel {
  url: string
  host: string
  port: number
  sslmode: 'disable' | 'require'
  /** `select version()` through the tunnel. */
  serverVersion: string
  saved: SavedTunnel
}

/** openTunnel failed; it has already cleaned up (`cleanupWarnings` says what it could not). */
export class TunnelError extends Error {
  override name = 'TunnelError'
  constructor(
    message: string,
    readonly saved: SavedTunnel,
    readonly cleanupWarnings: string[]
  ) {
    super(cleanupWarnings.length ? `${message} ${cleanupWarnings.join(' ')}` : message)
  }
}

/** Bounds of the short calls and the waits; tests shorten them. */
export const TUNNEL_DEADLINES = {
  /** `fly agent stop`, `fly wireguard remove`. */
  shortCallMs: 30_000,
  /** After SIGTERM, how long the proxy has to exit before SIGKILL (flyctl needs ~1 s, plus up to 5 s of shutdown). */
  proxyStopMs: 8_000,
  /** One login attempt (connect plus `select version()`). */
  loginAttemptMs: 10_000,
  initialBackoffMs: 500,
  maxBackoffMs: 4_000
}

/** The private FLY_CONFIG_DIR's name under RUNNER_TEMP (the post step trusts no other directory). */
export const CONFIG_DIR_PREFIX = 'fly-pg-expose-tunnel-'

export async function openTunnel(options: OpenTunnelOptions): Promise<OpenedTunnel> {
  if (Boolean(options.app) === Boolean(options.mpgCluster)) throw new Error('openTunnel: give exactly one of app and mpgCluster')
  const target: TunnelTarget = options.app ? { kind: 'app', app: options.app } : { kind: 'mpg', cluster: options.mpgCluster ?? '' }
  const deadline = Date.now() + options.timeoutMs
  // Short name: the agent's unix socket path must stay under ~100 bytes.
  const configDir = fs.mkdtempSync(path.join(options.runnerTemp, CONFIG_DIR_PREFIX))
  fs.chmodSync(configDir, 0o700)
  const env = tunnelEnv(options.env ?? process.env, { token: options.token, configDir })
  const saved: SavedTunnel = { flyctlBin: options.flyctlBin, configDir }
  options.onSaved?.({ ...saved })
  const sslmode = tunnelSslMode(target)
  const shown = `flyctl ${proxyArgs(target, options.localPort ?? 0).join(' ')}`

  let proxy: RunningProxy | undefined
  let lastError = ''
  let starts = 0
  let logins = 0
  let delay = TUNNEL_DEADLINES.initialBackoffMs
  const fail = async (message: string): Promise<never> => {
    const { warnings } = await closeTunnel(saved, { token: options.token, env: options.env })
    throw new TunnelError(message, saved, warnings)
  }

  for (;;) {
    if (!proxy || proxy.exited()) {
      starts += 1
      core.info(`$ ${shown}${starts > 1 ? ` (start ${starts})` : ''}`)
      // Saved as soon as it runs: a job cancelled during the start still has its proxy stopped by the post step.
      const onSpawn = (pid: number) => {
        saved.proxyPid = pid
        options.onSaved?.({ ...saved })
      }
      const started = await startProxy(options.flyctlBin, proxyArgs(target, options.localPort ?? 0), env, configDir, starts, deadline, onSpawn)
      if ('pid' in started) {
        proxy = started
        options.onSaved?.({ ...saved, ...peerOf(configDir) })
      }
      if ('failure' in started) {
        proxy = undefined
        const kind = started.stalled ? 'tunnel' : classifyProxyFailure(started.failure)
        const text = started.stalled
          ? `\`${shown}\` printed no ready line by the end of the ${seconds(options.timeoutMs)} budget and was stopped`
          : `\`${shown}\` exited${started.exitCode === null ? '' : ` (exit ${started.exitCode})`} before it was ready: ${started.failure}`
        if (kind !== 'tunnel' && kind !== 'other') return fail(`${text}. ${nextStepForProxyFailure(kind, target, options.localPort)}`)
        // A start cut short by the deadline says less than the failure that made us start again: keep that one.
        if (!started.stalled || !lastError) lastError = text
        core.info(`${text}; retrying`)
      }
    }
    if (proxy?.ready) {
      logins += 1
      try {
        const serverVersion = await login(
          proxy.ready.port,
          options.credentials,
          sslmode,
          Math.min(TUNNEL_DEADLINES.loginAttemptMs, Math.max(deadline - Date.now(), 1))
        )
        Object.assign(saved, peerOf(configDir))
        options.onSaved?.({ ...saved })
        core.info(`Tunnel ready: ${TUNNEL_HOST}:${proxy.ready.port} reaches ${proxy.ready.remote} (${serverVersion.split(' on ')[0]})`)
        return {
          url: tunnelUrl(options.credentials, proxy.ready.port, sslmode),
          host: TUNNEL_HOST,
          port: proxy.ready.port,
          sslmode,
          serverVersion,
          saved: { ...saved }
        }
      } catch (error) {
        const code = (error as { code?: string }).code
        lastError = `logging in through the tunnel failed: ${errorMessage(error)}`
        // A wrong password or database will not get better with another try.
        if (code === '28P01' || code === '28000' || code === '3D000') {
          return fail(`The tunnel is up, but ${lastError}. Check the database credentials (database-url, or username and password).`)
        }
        core.info(`${lastError}; retrying`)
      }
    }
    const remaining = deadline - Date.now()
    if (remaining <= delay) {
      const tries = `${starts} start${starts === 1 ? '' : 's'} and ${logins} login${logins === 1 ? '' : 's'} within ${seconds(options.timeoutMs)}`
      const kind = classifyProxyFailure(lastError)
      return fail(
        `The tunnel did not become ready (${tries}): ${lastError || 'no answer'}. ${nextStepForProxyFailure(kind === 'other' ? 'tunnel' : kind, target)}`
      )
    }
    await new Promise(resolve => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, TUNNEL_DEADLINES.maxBackoffMs)
  }
}

export interface CloseTunnelOptions {
  token: string
  env?: Record<string, string | undefined>
  /** Why there is no flyctl to run (the post step could not install it): the proxy is still stopped, the rest warned. */
  flyctlMissing?: string
}

/**
 * Stops the proxy, then the agent (its own process group: it outlives the proxy), removes every peer recorded in the
 * private config.yml (all of them this run's), and removes the directory. Never throws; each failure is a warning.
 */
export async function closeTunnel(saved: SavedTunnel, options: CloseTunnelOptions): Promise<{ warnings: string[]; removedPeers: PeerRecord[] }> {
  const warnings: string[] = []
  const removedPeers: PeerRecord[] = []
  try {
    // Only the process that runs with this tunnel's config dir: a pid from saved state may have been reused since.
    if (saved.proxyPid && isTunnelProcess(saved.proxyPid, saved.configDir) && !(await stopProcessGroup(saved.proxyPid))) {
      warnings.push(`The tunnel's flyctl proxy (pid ${saved.proxyPid}) did not stop; the runner ends it with the job.`)
    }
    if (!fs.existsSync(saved.configDir)) return { warnings, removedPeers }
    if (options.flyctlMissing) {
      warnings.push(`No flyctl to stop the tunnel's agent with (${options.flyctlMissing}); the runner ends it with the job.`)
      for (const peer of readPeers(saved)) warnings.push(peerRemovalWarning(peer, options.flyctlMissing))
      return { warnings, removedPeers }
    }
    const env = tunnelEnv(options.env ?? process.env, { token: options.token, configDir: saved.configDir })
    const fly = createFlyctl(saved.flyctlBin, options.token, saved.configDir, DEADLINES, env)
    const agentFailure = await failureOf(fly, ['agent', 'stop'], saved.configDir)
    if (agentFailure && !/agent not running/.test(agentFailure)) {
      warnings.push(`\`flyctl agent stop\` failed (${agentFailure}); the runner ends the agent with the job.`)
    }
    const peers = readPeers(saved)
    for (const peer of peers) {
      const removalFailure = await failureOf(fly, ['wireguard', 'remove', peer.org, peer.name], saved.configDir)
      if (!removalFailure) {
        removedPeers.push(peer)
        core.info(`Removed this run's WireGuard peer "${peer.name}" from organization ${peer.org}.`)
      } else {
        warnings.push(peerRemovalWarning(peer, removalFailure))
      }
    }
    if (path.basename(saved.configDir).startsWith(CONFIG_DIR_PREFIX)) fs.rmSync(saved.configDir, { recursive: true, force: true })
  } catch (error) {
    warnings.push(`Cleaning up the tunnel failed: ${errorMessage(error)}`)
  }
  return { warnings, removedPeers }
}

// --- the proxy process ---

interface RunningProxy {
  pid: number
  ready: { port: number; remote: string }
  exited: () => boolean
}

type StartResult = RunningProxy | { failure: string; exitCode: number | null; stalled: boolean }

/** Starts the proxy detached, its output in a log file (pipes would keep the step alive), and waits for its ready line. */
async function startProxy(
  bin: string,
  args: string[],
  env: Record<string, string>,
  configDir: string,
  attempt: number,
  deadline: number,
  onSpawn: (pid: number) => void
): Promise<StartResult> {
  const logPath = path.join(configDir, `proxy-${attempt}.log`)
  const fd = fs.openSync(logPath, 'a', 0o600)
  // cwd: the private dir, so no fly.toml of the workspace is picked up.
  const child = spawn(bin, args, { cwd: configDir, env, detached: true, stdio: ['ignore', fd, fd] })
  fs.closeSync(fd)
  child.unref()
  let exitCode: number | null | undefined
  child.once('exit', (code, signal) => (exitCode = code ?? (signal ? null : 1)))
  const spawnError = new Promise<Error>(resolve => child.once('error', resolve))
  let error: Error | undefined
  void spawnError.then(e => (error = e))
  const pid = child.pid
  if (pid !== undefined) onSpawn(pid)
  for (;;) {
    const log = readText(logPath)
    const ready = parseReadyLine(log)
    if (ready && pid !== undefined && exitCode === undefined) return { pid, ready, exited: () => exitCode !== undefined }
    if (error) return { failure: error.message, exitCode: null, stalled: false }
    if (exitCode !== undefined) return { failure: proxyErrorText(log) || 'no output', exitCode, stalled: false }
    if (Date.now() >= deadline) {
      if (pid !== undefined) await stopProcessGroup(pid)
      return { failure: proxyErrorText(log), exitCode: null, stalled: true }
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** SIGTERM to the process group, SIGKILL after the grace period. True once it is gone. */
async function stopProcessGroup(pid: number): Promise<boolean> {
  if (!alive(pid)) return true
  signalGroup(pid, 'SIGTERM')
  const until = Date.now() + TUNNEL_DEADLINES.proxyStopMs
  while (Date.now() < until) {
    if (!alive(pid)) return true
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  signalGroup(pid, 'SIGKILL')
  await new Promise(resolve => setTimeout(resolve, 200))
  return !alive(pid)
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    try {
      process.kill(pid, signal)
    } catch {
      // gone
    }
  }
}

/** Whether `pid` runs with FLY_CONFIG_DIR=`configDir` (where there is no /proc to tell, it is taken to be). */
function isTunnelProcess(pid: number, configDir: string): boolean {
  if (!fs.existsSync('/proc/self/environ')) return true
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`FLY_CONFIG_DIR=${configDir}`)
  } catch {
    return false
  }
}

/** Running and not a zombie (a zombie of ours is reaped by node once we return to the event loop). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return true
  }
}

// --- readiness ---

async function login(port: number, credentials: Credentials, sslmode: 'disable' | 'require', timeoutMs: number): Promise<string> {
  const pg = await loadPg()
  const client = new pg.Client({
    host: TUNNEL_HOST,
    port,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
    ssl: sslmode === 'disable' ? false : { rejectUnauthorized: false },
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs
  })
  client.on('error', () => undefined) // a dropped tunnel surfaces as the query's error
  const timer = setTimeout(() => void client.end().catch(() => undefined), timeoutMs + 1000)
  try {
    await client.connect()
    const result = await client.query<{ version: string }>('select version()')
    return result.rows[0]?.version ?? ''
  } finally {
    clearTimeout(timer)
    await client.end().catch(() => undefined)
  }
}

// --- short flyctl calls of the cleanup ---

/** Runs one cleanup call (bounded like every flyctl call): why it failed, as text, or undefined when it did not. */
async function failureOf(fly: Flyctl, args: string[], cwd: string): Promise<string | undefined> {
  try {
    await fly.run(args, { cwd, timeoutMs: TUNNEL_DEADLINES.shortCallMs })
    return undefined
  } catch (error) {
    if (error instanceof FlyctlTimeoutError) return `no answer within ${seconds(TUNNEL_DEADLINES.shortCallMs)}`
    return error instanceof FlyctlError ? error.flyMessage : errorMessage(error)
  }
}

// --- config dir ---

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/** This run's peer, once flyctl has written it (org and name for the post step and the log). */
function peerOf(configDir: string): Pick<SavedTunnel, 'org' | 'peerName'> {
  const [peer] = peersFromConfigYaml(readText(path.join(configDir, 'config.yml')))
  return peer ? { org: peer.org, peerName: peer.name } : {}
}

/** The peers config.yml lists, or the one saved when config.yml is gone. */
function readPeers(saved: SavedTunnel): PeerRecord[] {
  const peers = peersFromConfigYaml(readText(path.join(saved.configDir, 'config.yml')))
  if (peers.length === 0 && saved.org && saved.peerName) return [{ key: saved.org, org: saved.org, name: saved.peerName }]
  return peers
}
