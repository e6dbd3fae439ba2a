// Runs flyctl: from a clean temporary directory, with the token only in the child's environment, each call with a
// deadline, and every running call reachable so a cancelled job can stop it (its whole process group).
import { spawn, type ChildProcess } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { childEnv } from '../pure/child-env.js'
import { asSentence, errorMessage, seconds, withoutGraphqlQuery } from '../pure/text.js'
import { retryWithBackoff, type Backoff } from '../pure/retry.js'

export interface FlyctlResult {
  stdout: string
  stderr: string
}

export class FlyctlError extends Error {
  override name = 'FlyctlError'
  constructor(
    readonly command: string,
    readonly exitCode: number,
    readonly flyMessage: string,
    nextStep: string = nextStepFor(flyMessage, command)
  ) {
    super([asSentence(`\`flyctl ${command}\` failed (exit ${exitCode}): ${flyMessage}`), nextStep].filter(Boolean).join(' '))
  }
}

/** A call stopped at its deadline. `mayHaveChanged` says what it may have done on Fly before it was stopped. */
export class FlyctlTimeoutError extends FlyctlError {
  override name = 'FlyctlTimeoutError'
  constructor(
    command: string,
    readonly waitedMs: number,
    readonly mayHaveChanged: string
  ) {
    super(command, -1, `no answer within ${seconds(waitedMs)}`, '')
    this.message = `\`flyctl ${command}\` did not finish within ${seconds(waitedMs)} and was stopped. ${asSentence(mayHaveChanged)}`
  }
}

/** A call refused or stopped because the job is being cancelled. */
export class FlyctlInterruptedError extends FlyctlError {
  override name = 'FlyctlInterruptedError'
  constructor(command: string, signal: NodeJS.Signals) {
    super(command, -1, `stopped by ${signal}`, '')
  }
}

/** How long each kind of call may take; a call past its deadline is stopped. Tests shorten them. */
/** The bounds of every call; a test passes shorter ones to createFlyctl (they are never changed in place). */
export const DEADLINES: Deadlines = Object.freeze({
  /** One attempt of a read (reads are retried within READ_RETRY). */
  readAttemptMs: 15_000,
  /** One IP allocation or `config save`. */
  callMs: 60_000,
  /** After SIGTERM (ours, or the runner's passed on), how long flyctl has to stop cleanly before SIGKILL. */
  killGraceMs: 4_000,
  /** After flyctl exited, how long its pipes may stay open (held by a process outside its group) before we stop reading. */
  drainMs: 2_000
})

export interface Deadlines {
  readonly readAttemptMs: number
  readonly callMs: number
  readonly killGraceMs: number
  readonly drainMs: number
}

export interface RunOptions {
  /** Directory to run in; defaults to the runner's clean temporary directory. */
  cwd?: string
  /** Stream flyctl's output into the log (for writes a user wants to follow, like deploy). */
  streamOutput?: boolean
  /** Stop the call after this long (default DEADLINES.callMs). */
  timeoutMs?: number
  /** What the call may have changed on Fly if it is stopped at its deadline (default: a read changes nothing). */
  mayHaveChanged?: string
}

export interface Flyctl {
  /** Runs once: for writes, which must never be repeated blindly. */
  run(args: string[], options?: RunOptions): Promise<FlyctlResult>
  /** A read with --json, retried with backoff while Fly's API fails transiently. */
  json<T>(args: string[]): Promise<T>
  /** A fresh empty directory to run flyctl in (so no stray ./fly.toml is loaded). */
  makeWorkDir(prefix: string): string
  /** Remove every directory made by makeWorkDir. */
  cleanup(): void
}

/**
 * The environment flyctl runs with: the allow-listed part of ours (childEnv: no input, no runner token, no other
 * credential) and the token as FLY_ACCESS_TOKEN, the only one (an empty FLY_ACCESS_TOKEN would hide FLY_API_TOKEN).
 */
export function flyctlEnv(base: NodeJS.ProcessEnv, token: string): Record<string, string> {
  return { ...childEnv(base), FLY_ACCESS_TOKEN: token, CI: 'true', NO_COLOR: '1' }
}

/** How reads are retried; tests shorten it. */
export const READ_RETRY: Pick<Backoff, 'initialDelayMs' | 'maxDelayMs' | 'timeoutMs'> = {
  initialDelayMs: 500,
  maxDelayMs: 4000,
  timeoutMs: 5000
}

/**
 * `env` is the whole environment flyctl gets (default: flyctlEnv of ours): the tunnel's calls add their private
 * FLY_CONFIG_DIR to the same allow-list.
 */
export function createFlyctl(
  binPath: string,
  token: string,
  tempRoot: string = os.tmpdir(),
  deadlines: Deadlines = DEADLINES,
  env: Record<string, string> = flyctlEnv(process.env, token)
): Flyctl {
  const workDirs: string[] = []
  const makeWorkDir = (prefix: string): string => {
    const dir = fs.mkdtempSync(path.join(tempRoot, `fly-pg-expose-${prefix}-`))
    workDirs.push(dir)
    return dir
  }
  let defaultCwd: string | undefined

  async function run(args: string[], options: RunOptions = {}): Promise<FlyctlResult> {
    const cwd = options.cwd ?? (defaultCwd ??= makeWorkDir('run'))
    const shown = args.join(' ')
    if (stopping) throw new FlyctlInterruptedError(shown, stopping)
    core.info(`$ flyctl ${shown}`)
    const timeoutMs = options.timeoutMs ?? deadlines.callMs
    const result = await runBounded(binPath, args, { cwd, env, timeoutMs, stream: Boolean(options.streamOutput), deadlines })
    if (result.stoppedBy) throw new FlyctlInterruptedError(shown, result.stoppedBy)
    if (result.timedOut) {
      throw new FlyctlTimeoutError(shown, timeoutMs, options.mayHaveChanged ?? 'It only reads, so nothing was changed')
    }
    if (result.exitCode !== 0) {
      throw new FlyctlError(shown, result.exitCode, flyErrorMessage(result.stderr, result.stdout))
    }
    return { stdout: result.stdout, stderr: result.stderr }
  }

  async function json<T>(args: string[]): Promise<T> {
    let attempts = 1
    const attempt = () =>
      // Each attempt is bounded too: a stalled read is stopped, and retried only if the read budget allows.
      run([...args, '--json'], { timeoutMs: deadlines.readAttemptMs })
    const read = retryWithBackoff(attempt, isTransientFlyError, {
      ...READ_RETRY,
      onRetry: (error, attempt, delay) => {
        attempts = attempt + 1
        core.info(`flyctl ${args.join(' ')}: attempt ${attempt} failed (${errorMessage(error)}); retrying in ${delay} ms`)
      }
    })
    const { value } = await read.catch((error: unknown) => {
      // Retried to the end: nothing to fix on the user's side, so call it an outage and name the next step.
      if (!(error instanceof FlyctlError) || !isTransientFlyError(error)) throw error
      if (error instanceof FlyctlTimeoutError) {
        throw new FlyctlTimeoutError(
          error.command,
          error.waitedMs,
          `${asSentence(error.mayHaveChanged)} Check https://status.flyio.net and the runner's network, then rerun the job`
        )
      }
      throw new FlyctlError(
        error.command,
        error.exitCode,
        error.flyMessage,
        `Fly's API kept failing (${attempts} attempts over ${READ_RETRY.timeoutMs / 1000} s): check https://status.flyio.net, then rerun the job.`
      )
    })
    try {
      return JSON.parse(value.stdout) as T
    } catch {
      throw new FlyctlError(args.join(' '), 0, `printed output that is not JSON: ${value.stdout.slice(0, 200)}`)
    }
  }

  function cleanup(): void {
    for (const dir of workDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  }

  return { run, json, makeWorkDir, cleanup }
}

interface BoundedResult extends FlyctlResult {
  exitCode: number
  timedOut: boolean
  /** Set when the call was stopped because the job is being cancelled. */
  stoppedBy?: NodeJS.Signals
}

// Every flyctl call still running, with a promise that settles once the call has (flyctl exited, its pipes read), so a
// cancelled job can pass its signal on and wait for them.
const running = new Map<ChildProcess, Promise<void>>()
const interruptedBy = new WeakMap<ChildProcess, NodeJS.Signals>()
let stopping: NodeJS.Signals | undefined

/** Signals flyctl's whole process group (it runs detached, as its own group) while flyctl runs; false once it exited. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false
  try {
    process.kill(-child.pid, signal)
    return true
  } catch {
    return false
  }
}

/**
 * flyctl has exited: SIGKILL what it left in its group, at once (later, the group id could be a new process's). Such a
 * leftover may ignore SIGTERM and hold flyctl's stdout open; flyctl's own helpers (agent, metrics) run in groups of
 * their own (flyctl internal/cmdutil/cmd_unix.go) and are not touched.
 */
function killLeftovers(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // ESRCH: nothing was left.
  }
}

/** SIGTERM, then SIGKILL for the whole group if it has not exited after the grace period. */
function terminate(child: ChildProcess, graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!signalGroup(child, signal)) return
  const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs)
  kill.unref()
  child.once('exit', () => clearTimeout(kill))
}

function runBounded(
  binPath: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number; stream: boolean; deadlines: Deadlines }
): Promise<BoundedResult> {
  return new Promise<BoundedResult>((resolve, reject) => {
    const child = spawn(binPath, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let settled = (): void => undefined
    running.set(child, new Promise<void>(resolve => (settled = resolve)))
    const closed = new Promise<void>(resolve => child.once('close', () => resolve()))
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (options.stream) process.stdout.write(chunk)
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      // As @actions/exec does: flyctl's progress goes to stderr, and the log shows it with stdout.
      if (options.stream) process.stdout.write(chunk)
    })
    const deadline = setTimeout(() => {
      timedOut = true
      terminate(child, options.deadlines.killGraceMs)
    }, options.timeoutMs)
    const done = (): void => {
      clearTimeout(deadline)
      running.delete(child)
      settled()
    }
    child.once('error', error => {
      done()
      reject(error)
    })
    child.once('exit', (code, signal) => {
      clearTimeout(deadline)
      if (child.pid !== undefined) killLeftovers(child.pid)
      // The rest of its output is in the pipes; a process outside its group may still hold them: read for a bounded time.
      void drained(child, closed, options.deadlines.drainMs).then(() => {
        done()
        resolve({ stdout, stderr, exitCode: code ?? (signal ? 128 : 1), timedOut, stoppedBy: interruptedBy.get(child) })
      })
    })
  })
}

/** Resolves once flyctl's pipes are closed, or after `drainMs`, closing them (whatever holds them is not ours). */
function drained(child: ChildProcess, closed: Promise<void>, drainMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const cut = new Promise<void>(resolve => {
    timer = setTimeout(() => {
      child.stdout?.destroy()
      child.stderr?.destroy()
      resolve()
    }, drainMs)
  })
  return Promise.race([closed, cut]).finally(() => clearTimeout(timer))
}

/** The flyctl commands running now. */
export function runningFlyctl(): number {
  return running.size
}

/**
 * The job is being cancelled: start no new flyctl, pass `signal` on to every running one (flyctl cancels its work
 * and exits 127), give them `graceMs`, then SIGKILL their process groups. Resolves once every call has settled, which
 * the calls bound: flyctl's exit, then at most DEADLINES.drainMs for its pipes.
 */
export async function stopAllFlyctl(signal: NodeJS.Signals, graceMs = DEADLINES.killGraceMs): Promise<void> {
  stopping ??= signal
  const calls = [...running]
  for (const [child] of calls) {
    interruptedBy.set(child, signal)
    signalGroup(child, signal)
  }
  const kill = setTimeout(() => calls.forEach(([child]) => signalGroup(child, 'SIGKILL')), graceMs)
  await Promise.all(calls.map(([, settled]) => settled))
  clearTimeout(kill)
}

/** Last resort on exit: no flyctl outlives the action. */
export function killAllFlyctl(): void {
  for (const child of running.keys()) signalGroup(child, 'SIGKILL')
}

/** flyctl prints `Error: <message>` on stderr; keep that line (or the last line when there is none). */
export function flyErrorMessage(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
  const errorLine = lines.find(line => line.startsWith('Error:'))
  const message = errorLine ? errorLine.slice('Error:'.length).trim() : lines.at(-1)
  return withoutGraphqlQuery(message || 'no error message')
}

/** Failures worth another try: Fly's API or network hiccups, flyctl's own deadline (exit 126), and ours. */
export function isTransientFlyError(error: unknown): boolean {
  if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError) return false
  if (error instanceof FlyctlTimeoutError || error.exitCode === 126) return true
  if (nextStepFor(error.flyMessage, error.command)) return false
  return /\b5\d\d\b|Bad Gateway|Service Unavailable|Gateway Timeout|timeout|timed out|deadline exceeded|connection reset|connection refused|EOF|temporarily unavailable|try again/i.test(
    error.flyMessage
  )
}

/** What to do next, for the flyctl errors a user is most likely to meet. */
export function nextStepFor(message: string, command: string): string {
  const app = command.match(/(?:^|\s)-a\s+(\S+)/)?.[1] ?? '<app>'
  if (/no access token available|You must be authenticated|unauthorized|not authorized/i.test(message)) {
    return `The Fly token was rejected: create one with \`fly tokens create deploy -a ${app}\` and pass it as \`fly-api-token\` (or FLY_API_TOKEN).`
  }
  if (/Could not find App|app not found/i.test(message)) {
    return `Check the \`app\` input ("${app}") and that the token belongs to the organization that owns the app.`
  }
  return ''
}
