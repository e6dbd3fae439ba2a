// Runs flyctl: from a clean temporary directory, with the token only in the child's environment.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as core from '@actions/core'
import { getExecOutput } from '@actions/exec'
import { asSentence, errorMessage } from './errors.js'
import { retryWithBackoff, type Backoff } from './retry.js'

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

export interface RunOptions {
  /** Directory to run in; defaults to the runner's clean temporary directory. */
  cwd?: string
  /** Stream flyctl's output into the log (for writes a user wants to follow, like deploy). */
  streamOutput?: boolean
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

/** The environment flyctl runs with: ours, without any token variable but the one we set. */
export function flyctlEnv(base: NodeJS.ProcessEnv, token: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined) env[key] = value
  }
  // An empty FLY_ACCESS_TOKEN would hide FLY_API_TOKEN in flyctl: set exactly one.
  delete env.FLY_API_TOKEN
  env.FLY_ACCESS_TOKEN = token
  env.CI = 'true'
  env.NO_COLOR = '1'
  return env
}

/** How reads are retried; tests shorten it. */
export const READ_RETRY: Pick<Backoff, 'initialDelayMs' | 'maxDelayMs' | 'timeoutMs'> = {
  initialDelayMs: 500,
  maxDelayMs: 4000,
  timeoutMs: 5000
}

export function createFlyctl(binPath: string, token: string, tempRoot: string = os.tmpdir()): Flyctl {
  const env = flyctlEnv(process.env, token)
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
    if (!options.streamOutput) core.info(`$ flyctl ${shown}`)
    const result = await getExecOutput(binPath, args, {
      cwd,
      env,
      ignoreReturnCode: true,
      silent: !options.streamOutput
    })
    if (result.exitCode !== 0) {
      throw new FlyctlError(shown, result.exitCode, flyErrorMessage(result.stderr, result.stdout))
    }
    return { stdout: result.stdout, stderr: result.stderr }
  }

  async function json<T>(args: string[]): Promise<T> {
    let attempts = 1
    const read = retryWithBackoff(() => run([...args, '--json']), isTransientFlyError, {
      ...READ_RETRY,
      onRetry: (error, attempt, delay) => {
        attempts = attempt + 1
        core.info(`flyctl ${args.join(' ')}: attempt ${attempt} failed (${errorMessage(error)}); retrying in ${delay} ms`)
      }
    })
    const { value } = await read.catch((error: unknown) => {
      // Retried to the end: nothing to fix on the user's side, so call it an outage and name the next step.
      if (!(error instanceof FlyctlError) || !isTransientFlyError(error)) throw error
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

/** flyctl prints `Error: <message>` on stderr; keep that line (or the last line when there is none). */
export function flyErrorMessage(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map(line => line.trim()).filter(Boolean)
  const errorLine = lines.find(line => line.startsWith('Error:'))
  const message = errorLine ? errorLine.slice('Error:'.length).trim() : lines.at(-1)
  return withoutGraphqlQuery(message || 'no error message')
}

/** fly-go wraps API errors as `failed to run <whole GraphQL query>: <message>`: keep only the message. */
function withoutGraphqlQuery(message: string): string {
  const wrapped = message.match(/^failed to run (?:query|mutation)\b[\s\S]*\}\s*:\s*(.+)$/)
  return wrapped ? `Fly API: ${wrapped[1]}` : message
}

/** Failures worth another try: Fly's API or network hiccups, and flyctl's own deadline (exit 126). */
export function isTransientFlyError(error: unknown): boolean {
  if (!(error instanceof FlyctlError)) return false
  if (error.exitCode === 126) return true
  if (nextStepFor(error.flyMessage, error.command)) return false
  return /\b5\d\d\b|Bad Gateway|Service Unavailable|Gateway Timeout|timeout|timed out|deadline exceeded|connection reset|connection refused|EOF|temporarily unavailable|try again/i.test(error.flyMessage)
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
