// The live conformance driver (issue 25): every step and assertion of .github/workflows/live.yml, run against Fly
// itself (live) or against the flyctl simulator and the test world (`npm run live -- --simulate`), so a change that
// breaks the live workflow fails in our CI first.
//
// How the work is split with the workflow: the driver runs the action itself, as the runner does (`node
// dist/index.js` with INPUT_*, GITHUB_OUTPUT and, for a post step, STATE_*: test-support/run-action.js), for every
// scenario but one. That way the simulated run executes the very same sequence and assertions as the live one, and
// the workflow stays a handful of steps. The one exception is `ephemeral`: what it proves is that the REAL runner
// runs the action's `post:` step with the state the main step saved, so live it is a `uses: ./` step in the workflow,
// framed by `ephemeral-prepare`, `check ephemeral-main` and (in a later job, after the post step ran) `check
// ephemeral-post`; simulated, the driver plays the runner's part with the same three functions.
//
// Subcommands:
//   gate                      no live token: a notice and `enabled=false` (the workflow then stays green)
//   preflight                 refuse a foreign org, install flyctl, check the token sees the org
//   run [--simulate]          the scenarios, each on throwaway clusters, destroyed at the end whatever happened
//   ephemeral-prepare         create the ephemeral scenario's cluster; its app and (masked) URL go to GITHUB_ENV
//   check ephemeral-main      after the `uses: ./` step: its outputs, addresses and URL
//   check ephemeral-post      in a later job: the addresses the run allocated are gone
//   cleanup [--keep APP]      destroy every app of this run (prefix and run id, configured org only) and the
//                             WireGuard peers flyctl made on this runner
//   summary                   the results table, to the job summary
//
// Environment: FLY_API_TOKEN (the secret, env only), FLY_LIVE_ORG (the org this workflow may touch), LIVE_ORG (the
// org asked for, e.g. a workflow_dispatch input: must equal FLY_LIVE_ORG), LIVE_REGION (default iad),
// LIVE_FLYCTL_VERSION (default latest), LIVE_PREFIX (default fpe-live), GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT.
// Simulated only: LIVE_INJECT_FAILURE=<scenario> makes that scenario fail after its cluster exists (tests use it to
// check the cleanup).
import { execFile, spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { runAction } from '../test-support/run-action.js'

const exec = promisify(execFile)

/** Public addresses: what an exposure allocates and what an ephemeral run must release. */
const PUBLIC_IP_TYPES = ['v4', 'shared_v4', 'v6']

/** Read once per process: the run's identity, the org, and where results go. */
export function liveConfig(env = process.env, { simulate = false } = {}) {
  const prefix = env.LIVE_PREFIX || 'fpe-live'
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(prefix)) throw new Error(`LIVE_PREFIX "${prefix}" must be 2-16 lowercase letters, digits or dashes, a letter first`)
  const runId = env.GITHUB_RUN_ID || (simulate ? `sim${Date.now().toString(36)}` : '')
  if (!/^[a-z0-9]+$/.test(runId)) throw new Error('GITHUB_RUN_ID is not set (or not a run id): run the driver from the workflow, or with --simulate')
  const attempt = /^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? env.GITHUB_RUN_ATTEMPT : '1'
  const org = env.FLY_LIVE_ORG || (simulate ? 'live-sim-org' : '')
  return {
    prefix,
    runId,
    attempt,
    // Every app this run creates starts with runTag; the cleanup touches nothing else.
    runTag: `${prefix}-${runId}-`,
    appName: (/** @type {string} */ short) => `${prefix}-${runId}-a${attempt}-${short}`,
    org,
    requestedOrg: env.LIVE_ORG || '',
    region: env.LIVE_REGION || 'iad',
    flyctlVersion: env.LIVE_FLYCTL_VERSION || 'latest',
    results: env.LIVE_RESULTS || path.join(env.RUNNER_TEMP || os.tmpdir(), 'live-results.jsonl'),
    simulate
  }
}

/** The org gate: the org must be configured, and an org asked for must be that one. Runs before any write. */
export function checkOrg(/** @type {ReturnType<typeof liveConfig>} */ config) {
  if (!config.org) throw new Error('FLY_LIVE_ORG is not set: add a repository secret FLY_LIVE_ORG naming the Fly org this workflow may create apps in')
  if (!/^[a-z0-9-]+$/.test(config.org)) throw new Error(`FLY_LIVE_ORG "${config.org}" is not an org slug`)
  if (config.requestedOrg && config.requestedOrg !== config.org) {
    throw new Error(`refusing org "${config.requestedOrg}": this workflow may only touch "${config.org}" (the FLY_LIVE_ORG secret)`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Workflow commands and results

const out = (/** @type {string} */ line) => process.stdout.write(`${line}\n`)
const mask = (/** @type {string} */ secret) => secret && out(`::add-mask::${secret.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`)

/** Appends `name=value` lines to a runner file (GITHUB_OUTPUT, GITHUB_ENV); values here are single-line. */
function appendRunnerFile(/** @type {string | undefined} */ file, /** @type {Record<string, string>} */ values) {
  if (!file) return
  fs.appendFileSync(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('')
  )
}

/** @typedef {{ scenario: string, result: 'passed' | 'failed' | 'skipped', seconds: number, detail: string, flyctl?: string, image?: string }} Result */

function recordResult(/** @type {ReturnType<typeof liveConfig>} */ config, /** @type {Result} */ result) {
  fs.mkdirSync(path.dirname(config.results), { recursive: true })
  fs.appendFileSync(config.results, `${JSON.stringify(result)}\n`)
  out(`${result.result === 'passed' ? 'PASS' : result.result === 'failed' ? 'FAIL' : 'SKIP'} ${result.scenario} (${result.seconds}s) ${result.detail}`)
}

/** @returns {Result[]} */
export function readResults(/** @type {string} */ file) {
  if (!fs.existsSync(file)) return []
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line))
}

/** The job summary: flyctl version, postgres-flex image, and one row per scenario with its result and time. */
export function summaryTable(/** @type {Result[]} */ results, /** @type {string} */ title = 'Live conformance run') {
  const flyctl = results.find(r => r.flyctl)?.flyctl ?? 'unknown'
  const image = results.find(r => r.image)?.image ?? 'unknown'
  const icon = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped' }
  const cell = (/** @type {string} */ text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  return [
    `### ${title}`,
    '',
    `flyctl ${flyctl}, postgres-flex image \`${image}\``,
    '',
    '| scenario | result | time | detail |',
    '|---|---|---|---|',
    ...results.map(r => `| ${r.scenario} | ${icon[r.result]} | ${r.seconds} s | ${cell(r.detail)} |`),
    ''
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------------------------
// flyctl: installed like the action does it (Fly's releases endpoint for `latest`, then GitHub's release asset)

/** @returns {Promise<{ bin: string, version: string }>} */
export async function installFlyctl(/** @type {string} */ wanted, /** @type {string} */ dir, env = process.env) {
  const api = env.FLY_PG_EXPOSE_RELEASES_API || 'https://api.fly.io/app/flyctl_releases'
  const base = env.FLY_PG_EXPOSE_DOWNLOAD_BASE || 'https://github.com/superfly/flyctl/releases/download'
  const cpu = os.arch() === 'arm64' ? 'arm64' : 'x86_64'
  let version = wanted.replace(/^v/, '')
  if (version === 'latest') {
    const response = await fetch(`${api}/Linux/${cpu}/latest`, { signal: AbortSignal.timeout(30_000) })
    const body = (await response.text()).trim()
    const found = response.ok ? body.match(/flyctl_(\d+\.\d+\.\d+)_Linux/) : null
    if (!found) throw new Error(`Fly's releases endpoint did not name a version (HTTP ${response.status}): set LIVE_FLYCTL_VERSION to a version like 0.4.87`)
    version = found[1]
  }
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`"${wanted}" is not a flyctl version (like 0.4.87 or latest)`)
  const response = await fetch(`${base}/v${version}/flyctl_${version}_Linux_${cpu}.tar.gz`, { signal: AbortSignal.timeout(120_000) })
  if (!response.ok) throw new Error(`downloading flyctl ${version} failed: HTTP ${response.status}`)
  fs.mkdirSync(dir, { recursive: true })
  const tarball = path.join(dir, 'flyctl.tar.gz')
  fs.writeFileSync(tarball, Buffer.from(await response.arrayBuffer()))
  await exec('tar', ['-xzf', tarball, '-C', dir])
  return { bin: path.join(dir, 'flyctl'), version }
}

/**
 * What the driver talks to: flyctl with the token in its environment (never its arguments), from a clean directory
 * (no stray fly.toml), and, simulated, the edges that stand for `<app>.fly.dev`.
 * @param {{ bin: string, token: string, env?: Record<string, string>, hostFor?: (app: string) => Promise<string | undefined> }} options
 */
export function makeFly({ bin, token, env = {}, hostFor = async () => undefined }) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'live-flyctl-'))
  /** @type {Record<string, string>} */
  const childEnv = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('FLY_')) childEnv[key] = value
  Object.assign(childEnv, env, { FLY_API_TOKEN: token, CI: 'true' })
  /** Runs flyctl; throws with its stderr unless `allowFailure`. @param {string[]} args */
  async function fly(args, { allowFailure = false } = {}) {
    const result = await new Promise(resolve => {
      const child = spawn(bin, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', chunk => (stdout += chunk))
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('error', error => resolve({ code: -1, stdout, stderr: String(error) }))
      child.on('close', code => resolve({ code, stdout, stderr }))
    })
    if (result.code !== 0 && !allowFailure)
      throw new Error(`flyctl ${args.slice(0, 2).join(' ')} failed (exit ${result.code}): ${result.stderr.trim().split('\n').pop()}`)
    return /** @type {{ code: number, stdout: string, stderr: string }} */ (result)
  }
  const json = async (/** @type {string[]} */ args) => JSON.parse((await fly([...args, '--json'])).stdout || 'null')
  return { fly, json, hostFor, bin }
}
/** @typedef {ReturnType<typeof makeFly>} Fly */

/** Resolves once every public address of `app` is older than the window in which the action treats it as fresh. */
async function waitForCreationSecondsToEnd(/** @type {Fly} */ fly, /** @type {string} */ app) {
  const ips = /** @type {{ CreatedAt: string }[]} */ ((await fly.json(['ips', 'list', '-a', app])) ?? [])
  const newest = Math.max(0, ...ips.map(ip => Date.parse(ip.CreatedAt) || 0))
  // src/effects/ips.ts: an address is fresh until its creation second plus SAME_SECOND_MS (1.2 s) is over.
  const wait = newest + 1000 + 1200 + 100 - Date.now()
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait))
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters

/**
 * `fly pg create`, non-interactive: one member, the smallest VM and volume, one region. The generated password
 * comes back only in flyctl's output: it is masked before anything else is printed.
 * @returns {Promise<{ app: string, url: string }>}
 */
async function createCluster(/** @type {Fly} */ fly, /** @type {ReturnType<typeof liveConfig>} */ config, /** @type {string} */ short) {
  const app = config.appName(short)
  if (!app.startsWith(config.runTag)) throw new Error(`refusing to create ${app}: not a name of this run`)
  const created = await fly.fly([
    'postgres', 'create', '--name', app, '--org', config.org, '--region', config.region,
    '--initial-cluster-size', '1', '--vm-size', 'shared-cpu-1x', '--volume-size', '1'
  ]) // prettier-ignore
  const url = created.stdout.match(/Connection string: (postgres:\/\/\S+)/)?.[1]
  const password = created.stdout.match(/^\s*Password:\s+(\S+)/m)?.[1]
  if (password) mask(password)
  if (!url) throw new Error(`flyctl postgres create printed no connection string for ${app}`)
  mask(url)
  return { app, url: `${url}/postgres` }
}

/** Removes the pg_tls services the way flyctl can: `fly machine update <id> --port 5432/tcp:- --port 5433/tcp:-`. */
async function removePgTlsServices(/** @type {Fly} */ fly, /** @type {string} */ app) {
  for (const machine of await fly.json(['machines', 'list', '-a', app])) {
    await fly.fly(['machine', 'update', machine.id, '-a', app, '--port', '5432/tcp:-', '--port', '5433/tcp:-', '--yes'])
  }
  const left = await membersWithPgTls(fly, app)
  if (left.length) throw new Error(`members ${left.join(', ')} of ${app} still have a pg_tls service after machine update`)
}

/** The members declaring a pg_tls service on 5432. */
async function membersWithPgTls(/** @type {Fly} */ fly, /** @type {string} */ app) {
  const machines = await fly.json(['machines', 'list', '-a', app])
  return machines
    .filter((/** @type {any} */ m) =>
      (m.config?.services ?? []).some(
        (/** @type {any} */ s) => s.internal_port === 5432 && (s.ports ?? []).some((/** @type {any} */ p) => p.handlers?.includes('pg_tls'))
      )
    )
    .map((/** @type {any} */ m) => m.id)
}

const publicIps = async (/** @type {Fly} */ fly, /** @type {string} */ app) =>
  (await fly.json(['ips', 'list', '-a', app])).filter((/** @type {any} */ ip) => PUBLIC_IP_TYPES.includes(ip.Type)).map((/** @type {any} */ ip) => ip.Address)

// ---------------------------------------------------------------------------------------------------------------
// The action and psql

/**
 * Runs the action's bundle as the runner does. Live, its log is passed through (its ::add-mask:: lines register the
 * secrets it makes, such as a preview's password, with the real runner).
 * @param {{ fly: Fly, config: ReturnType<typeof liveConfig>, runnerDir: string, env: Record<string, string>, token: string, flyctlVersion: string }} ctx
 * @param {string} app @param {string} url @param {Record<string, string>} [inputs] @param {Record<string, string>} [state] a post step's STATE_*
 */
async function runTheAction(ctx, app, url, inputs = {}, state) {
  const host = await ctx.fly.hostFor(app)
  const run = await runAction({
    runnerDir: ctx.runnerDir,
    toolCache: process.env.RUNNER_TOOL_CACHE || path.join(ctx.runnerDir, 'tool-cache'),
    inputs: { app, 'fly-api-token': ctx.token, 'database-url': url, 'flyctl-version': ctx.flyctlVersion, ...(host ? { host } : {}), ...inputs },
    env: ctx.env,
    ...(state ? { state } : {})
  })
  if (!ctx.config.simulate) {
    process.stdout.write(run.stdout)
    process.stderr.write(run.stderr)
  }
  const errors = run.stdout.split('\n').filter(line => line.startsWith('::error::'))
  if (run.exitCode !== 0) throw new Error(`the action failed (exit ${run.exitCode}): ${errors.join(' ').slice(0, 500) || run.stderr.slice(0, 500)}`)
  return run
}

/** The `$ flyctl ...` lines the action logs, one per flyctl call it made. */
const flyctlCalls = (/** @type {{ stdout: string }} */ run) => run.stdout.split('\n').filter(line => line.startsWith('$ flyctl '))

/**
 * Connects with psql and runs a query; the URL reaches psql only as PG* variables (a password in argv would be
 * visible to every process on the runner). Retries: right after a deploy the proxy's first connections can fail.
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
export async function psql(/** @type {string} */ url, { tries = 6, waitMs = 5000, query = "select current_user || '@' || current_database()" } = {}) {
  const u = new URL(url)
  const env = {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    PGSSLMODE: u.searchParams.get('sslmode') || 'require',
    PGCONNECT_TIMEOUT: '10'
  }
  let output = ''
  for (let attempt = 1; attempt <= tries; attempt++) {
    try {
      const { stdout } = await exec('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', query], { env, timeout: 30_000 })
      return { ok: true, output: stdout.trim() }
    } catch (error) {
      output = String(/** @type {{ stderr?: string }} */ (error).stderr ?? error).trim()
      if (attempt < tries) await new Promise(resolve => setTimeout(resolve, waitMs))
    }
  }
  return { ok: false, output }
}

function assert(/** @type {unknown} */ condition, /** @type {string} */ message) {
  if (!condition) throw new Error(message)
}

async function expectConnects(/** @type {string} */ url, /** @type {string} */ who, /** @type {boolean} */ simulate) {
  const result = await psql(url, simulate ? { tries: 3, waitMs: 300 } : {})
  assert(result.ok, `psql could not connect with the ${who} URL: ${result.output}`)
  return result.output
}

// ---------------------------------------------------------------------------------------------------------------
// Ephemeral: the three parts the workflow runs around its `uses: ./` step

export async function ephemeralPrepare(/** @type {Fly} */ fly, /** @type {ReturnType<typeof liveConfig>} */ config) {
  const cluster = await createCluster(fly, config, 'eph')
  assert((await publicIps(fly, cluster.app)).length === 0, `${cluster.app} has public addresses before the run`)
  return cluster
}

/** After the main step: it allocated the addresses it reports, and the URL works. */
export async function checkEphemeralMain(/** @type {Fly} */ fly, /** @type {string} */ app, /** @type {Record<string, string>} */ outputs, simulate = false) {
  assert(outputs['database-url'], 'the ephemeral run output no database-url')
  const listed = await publicIps(fly, app)
  for (const address of [outputs.ipv4, outputs.ipv6].filter(Boolean)) assert(listed.includes(address), `${address} is not listed on ${app}`)
  assert(listed.length > 0, `${app} has no public address while the job runs`)
  await expectConnects(outputs['database-url'], 'ephemeral', simulate)
  return `${listed.length} public address(es) while the job ran`
}

/** After the post step: no public address is left. */
export async function checkEphemeralPost(/** @type {Fly} */ fly, /** @type {string} */ app) {
  const left = await publicIps(fly, app)
  assert(left.length === 0, `the post step left ${left.join(', ')} on ${app}`)
  return 'no public address after the post step'
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

/**
 * Each scenario gets the driver's context and a `cluster(kind)` that creates a throwaway cluster once per kind
 * (scenarios sharing a kind share it: the rerun reruns on the modern cluster); `kind` names it up front, so every
 * cluster the run needs is created at once at its start (live, each `fly pg create` takes minutes). Returns a detail line.
 * @typedef {'modern' | 'bare-deploy' | 'bare-machines' | 'eph' | 'tunnel'} ClusterKind
 * @typedef {{ fly: Fly, config: ReturnType<typeof liveConfig>, runnerDir: string, env: Record<string, string>, token: string, flyctlVersion: string, cluster: (kind: ClusterKind) => Promise<{ app: string, url: string }>, facts: Record<string, string> }} Ctx
 * @type {Array<{ name: string, kind?: ClusterKind, live?: boolean, todo?: string, run?: (ctx: Ctx) => Promise<string> }>}
 */
export const SCENARIOS = [
  {
    name: 'modern',
    kind: 'modern',
    async run(ctx) {
      const { app, url } = await ctx.cluster('modern')
      const run = await runTheAction(ctx, app, url)
      ctx.facts.flyctl = run.outputs['flyctl-version']
      ctx.facts.image = run.outputs.image
      assert(run.outputs.deployed === 'false', `deployed=${run.outputs.deployed}: a fly pg create cluster carries pg_tls and needs no deploy`)
      assert(run.outputs.changed === 'true', `changed=${run.outputs.changed}: the public addresses should have been allocated`)
      const who = await expectConnects(run.outputs['database-url'], 'output', ctx.config.simulate)
      return `deployed=false, ${who} over ${run.outputs['tls-version']}, Postgres ${run.outputs['postgres-version']}`
    }
  },
  {
    name: 'rerun',
    kind: 'modern',
    async run(ctx) {
      const { app, url } = await ctx.cluster('modern')
      // A rerun comes later than the addresses' creation second (plus the action's margin), when it rightly lists
      // them once more: wait that window out, read from Fly's own creation times, so the count never rests on luck.
      await waitForCreationSecondsToEnd(ctx.fly, app)
      const run = await runTheAction(ctx, app, url)
      const calls = flyctlCalls(run)
      assert(calls.length === 2, `the rerun made ${calls.length} flyctl calls (${calls.join('; ')}), not the 2 reads`)
      assert(run.outputs.changed === 'false' && run.outputs.deployed === 'false', `changed=${run.outputs.changed} deployed=${run.outputs.deployed} on a rerun`)
      await expectConnects(run.outputs['database-url'], 'output', ctx.config.simulate)
      return '2 reads, nothing changed'
    }
  },
  {
    name: 'preview',
    kind: 'modern',
    async run(ctx) {
      const { app, url } = await ctx.cluster('modern')
      const name = `pr-${ctx.config.runId}-${ctx.config.attempt}`
      const first = await runTheAction(ctx, app, url, { 'preview-database': name })
      assert(first.outputs.created === 'true' && first.outputs.username === name, `create: created=${first.outputs.created} username=${first.outputs.username}`)
      assert(
        (await expectConnects(first.outputs['database-url'], 'preview', ctx.config.simulate)) === `${name}@${name}`,
        'the preview URL is not its own role and database'
      )
      const again = await runTheAction(ctx, app, url, { 'preview-database': name })
      assert(again.outputs.created === 'false', `rerun: created=${again.outputs.created}`)
      await expectConnects(again.outputs['database-url'], 'rerun preview', ctx.config.simulate)
      // Preview passwords are derived: a rerun hands out the same URL, and the first run's keeps working.
      assert(again.outputs['database-url'] === first.outputs['database-url'], 'the rerun handed out another URL than the first run')
      assert((await psql(first.outputs['database-url'], { tries: 1 })).ok, "the first run's preview URL stopped working after a rerun")
      await runTheAction(ctx, app, url, { mode: 'teardown', 'preview-database': name })
      assert(!(await psql(again.outputs['database-url'], { tries: 1 })).ok, 'the preview URL still works after the teardown')
      return 'created, reused with the same URL, torn down'
    }
  },
  {
    name: 'dry-run',
    kind: 'bare-deploy',
    async run(ctx) {
      const { app, url } = await ctx.cluster('bare-deploy')
      const before = JSON.stringify(await ctx.fly.json(['ips', 'list', '-a', app]))
      const run = await runTheAction(ctx, app, url, { 'dry-run': 'true' })
      assert(!run.outputs['database-url'] && run.outputs.changed !== 'true', `a dry run output database-url or changed=${run.outputs.changed}`)
      assert(JSON.stringify(await ctx.fly.json(['ips', 'list', '-a', app])) === before, 'the dry run changed the addresses')
      assert((await membersWithPgTls(ctx.fly, app)).length === 0, 'the dry run added the service')
      return 'planned, changed nothing'
    }
  },
  {
    name: 'no-service-deploy',
    kind: 'bare-deploy',
    async run(ctx) {
      const { app, url } = await ctx.cluster('bare-deploy')
      const run = await runTheAction(ctx, app, url, { method: 'deploy' })
      assert(run.outputs.deployed === 'true', `deployed=${run.outputs.deployed}: the members lacked pg_tls`)
      const members = await ctx.fly.json(['machines', 'list', '-a', app])
      assert((await membersWithPgTls(ctx.fly, app)).length === members.length, 'not every member has the pg_tls service after the deploy')
      await expectConnects(run.outputs['database-url'], 'output', ctx.config.simulate)
      return `deployed ${run.outputs.image}`
    }
  },
  {
    name: 'no-service-machines',
    kind: 'bare-machines',
    async run(ctx) {
      const { app, url } = await ctx.cluster('bare-machines')
      const image = (await ctx.fly.json(['machines', 'list', '-a', app])).map((/** @type {any} */ m) => m.config?.image).join()
      const run = await runTheAction(ctx, app, url, { method: 'machines' })
      assert(run.outputs.deployed === 'true', `deployed=${run.outputs.deployed}: the members lacked pg_tls`)
      const members = await ctx.fly.json(['machines', 'list', '-a', app])
      assert((await membersWithPgTls(ctx.fly, app)).length === members.length, 'not every member has the pg_tls service after machine update')
      assert(members.map((/** @type {any} */ m) => m.config?.image).join() === image, 'machine update changed the image')
      await expectConnects(run.outputs['database-url'], 'output', ctx.config.simulate)
      return 'members updated one by one, image kept'
    }
  },
  {
    // Live, the workflow runs this one with `uses: ./` (the real runner's post step); simulated, the driver does.
    name: 'ephemeral',
    kind: 'eph',
    live: false,
    async run(ctx) {
      const { app, url } = await ctx.cluster('eph')
      const main = await runTheAction(ctx, app, url, { ephemeral: 'true' })
      const during = await checkEphemeralMain(ctx.fly, app, main.outputs, ctx.config.simulate)
      await runTheAction(ctx, app, url, { ephemeral: 'true' }, main.state)
      return `${during}, ${await checkEphemeralPost(ctx.fly, app)}`
    }
  },
  {
    // A cluster with no public address, reached through flyctl's WireGuard proxy on this runner; the post step (played
    // here with the state the main step saved, as for `ephemeral` simulated) stops it and removes the run's peer.
    name: 'tunnel',
    kind: 'tunnel',
    async run(ctx) {
      const { app, url } = await ctx.cluster('tunnel')
      const main = await runTheAction(ctx, app, url, { route: 'tunnel', host: '' })
      const { outputs } = main
      assert(outputs.host === '127.0.0.1', `host=${outputs.host}: the tunnel URL names the proxy on the runner`)
      assert(outputs.changed === 'false' && outputs.deployed === 'false', `changed=${outputs.changed} deployed=${outputs.deployed} on the tunnel`)
      assert((await publicIps(ctx.fly, app)).length === 0, `the tunnel run left ${app} with a public address`)
      // The main step has ended: the proxy it left serves the URL.
      const who = await expectConnects(outputs['database-url'], 'tunnel', ctx.config.simulate)
      const saved = JSON.parse(main.state.tunnel || '{}')
      assert(saved.org && saved.peerName, 'the main step saved no WireGuard peer for the post step')
      await runTheAction(ctx, app, url, { route: 'tunnel', host: '' }, main.state)
      assert(!(await psql(outputs['database-url'], { tries: 1 })).ok, 'the tunnel still serves after the post step')
      const peers = (await ctx.fly.json(['wireguard', 'list', saved.org])) ?? []
      assert(!peers.some((/** @type {any} */ p) => p.Name === saved.peerName), `the post step left WireGuard peer ${saved.peerName} in ${saved.org}`)
      return `${who} through the tunnel on port ${outputs.port}, no public address; the post step closed it and removed its peer`
    }
  }
]

/**
 * Runs the scenarios; every cluster created is destroyed at the end, whatever happened.
 * @param {{ fly: Fly, config: ReturnType<typeof liveConfig>, env: Record<string, string>, token: string, flyctlVersion: string, only?: string[], injectFailure?: string }} options
 * @returns {Promise<Result[]>}
 */
export async function runScenarios({ fly, config, env, token, flyctlVersion, only, injectFailure }) {
  checkOrg(config)
  const runnerDir = fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'live-runner-'))
  /** @type {Map<string, Promise<{ app: string, url: string }>>} */
  const clusters = new Map()
  /** @type {Record<string, string>} */
  const facts = {}
  /** @type {Ctx['cluster']} */
  const cluster = kind => {
    if (!clusters.has(kind)) {
      clusters.set(
        kind,
        (async () => {
          const made = kind === 'eph' ? await ephemeralPrepare(fly, config) : await createCluster(fly, config, kind)
          if (kind.startsWith('bare-')) await removePgTlsServices(fly, made.app)
          return made
        })()
      )
    }
    return /** @type {Promise<{ app: string, url: string }>} */ (clusters.get(kind))
  }
  const selected = SCENARIOS.filter(s => (!only || only.includes(s.name)) && (s.live !== false || config.simulate)) // live, the workflow runs `ephemeral`
  /** @type {Result[]} */
  const results = []
  try {
    // All clusters at once; a creation that fails fails the scenarios that need it (awaited there).
    for (const scenario of selected) if (scenario.kind && !scenario.todo) cluster(scenario.kind).catch(() => undefined)
    for (const scenario of selected) {
      const started = Date.now()
      /** @type {Result} */
      let result
      if (scenario.todo || !scenario.run) {
        result = { scenario: scenario.name, result: 'skipped', seconds: 0, detail: scenario.todo ?? '' }
      } else {
        try {
          let detail = await scenario.run({ fly, config, runnerDir, env, token, flyctlVersion, cluster, facts })
          if (config.simulate && injectFailure === scenario.name) throw new Error(`injected failure (LIVE_INJECT_FAILURE=${injectFailure})`)
          result = { scenario: scenario.name, result: 'passed', seconds: 0, detail }
        } catch (error) {
          result = { scenario: scenario.name, result: 'failed', seconds: 0, detail: error instanceof Error ? error.message : String(error) }
        }
      }
      result.seconds = Math.round((Date.now() - started) / 100) / 10
      if (facts.flyctl) Object.assign(result, { flyctl: facts.flyctl, image: facts.image })
      recordResult(config, result)
      results.push(result)
    }
  } finally {
    // The apps of the clusters this run asked for, created or not (a creation that failed midway may have left its
    // app): live, the ephemeral app is the workflow's, and its post step still has to run.
    const names = [...clusters.keys()].map(kind => config.appName(kind))
    const { destroyed, failed } = await cleanup({ fly, config, only: names })
    if (failed.length) out(`::error::could not destroy ${failed.join(', ')}: run \`fly apps destroy <name> --yes\` for each`)
    out(`cleanup: destroyed ${destroyed.length ? destroyed.join(', ') : 'nothing'}`)
  }
  return results
}

/**
 * Destroys every app of this run: listed in the configured org and named with this run's prefix and run id (nothing
 * else, ever), except `keep` (and, given `only`, just those); then the WireGuard peers flyctl's agent made on this
 * runner (internal/wireguard/wg.go names them `interactive-<host>-<email>-<ulid>`).
 * @param {{ fly: Fly, config: ReturnType<typeof liveConfig>, keep?: string[], only?: string[] }} options
 */
export async function cleanup({ fly, config, keep = [], only }) {
  checkOrg(config)
  const apps = await fly.json(['apps', 'list', '--org', config.org])
  const ours = (apps ?? [])
    .filter((/** @type {any} */ a) => a.Organization?.Slug === config.org && String(a.Name).startsWith(config.runTag))
    .map((/** @type {any} */ a) => String(a.Name))
    .filter((/** @type {string} */ name) => !keep.includes(name) && (!only || only.includes(name)))
  /** @type {string[]} */
  const destroyed = []
  /** @type {string[]} */
  const failed = []
  for (const name of ours) {
    const result = await fly.fly(['apps', 'destroy', name, '--yes'], { allowFailure: true })
    if (result.code === 0 || /Could not find App/.test(result.stderr)) destroyed.push(name)
    else failed.push(name)
  }
  const peers = await fly.fly(['wireguard', 'list', config.org, '--json'], { allowFailure: true })
  if (peers.code === 0) {
    const hostSlug = os
      .hostname()
      .split('.')[0]
      .replace(/[^a-zA-Z0-9-]/g, '-')
    for (const peer of JSON.parse(peers.stdout || '[]') ?? []) {
      const name = String(peer.Name ?? peer.name ?? '')
      if (!name.startsWith(`interactive-${hostSlug}-`)) continue
      const removed = await fly.fly(['wireguard', 'remove', config.org, name], { allowFailure: true })
      ;(removed.code === 0 ? destroyed : failed).push(`wireguard peer ${name}`)
    }
  } else if (!(config.simulate && /unknown command "wireguard"|does not implement/.test(peers.stderr))) {
    // Simulated, an older simulator without `wireguard` means no peers; live, say so (the run may have made none).
    out(`::warning::could not list WireGuard peers of ${config.org}: ${peers.stderr.trim().split('\n').pop()}`)
  }
  return { destroyed, failed }
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

/** The no-secret path: a notice, `enabled=false`, exit 0 (the workflow stays green and does nothing else). */
export function gate(env = process.env) {
  if (!env.FLY_API_TOKEN) {
    out(
      '::notice title=Live conformance skipped::No FLY_LIVE_API_TOKEN secret in this repository: nothing ran on Fly. See README "Tested against" to enable it.'
    )
    appendRunnerFile(env.GITHUB_OUTPUT, { enabled: 'false' })
    return false
  }
  checkOrg(liveConfig(env))
  appendRunnerFile(env.GITHUB_OUTPUT, { enabled: 'true' })
  return true
}

/** Live: flyctl as preflight installed it (or installed now). */
async function liveFly(/** @type {ReturnType<typeof liveConfig>} */ config) {
  const token = process.env.FLY_API_TOKEN
  if (!token) throw new Error('FLY_API_TOKEN is not set: the workflow passes the FLY_LIVE_API_TOKEN secret in env')
  let bin = process.env.LIVE_FLYCTL_BIN
  let version = process.env.LIVE_FLYCTL_RESOLVED
  if (!bin || !version)
    ({ bin, version } = await installFlyctl(config.flyctlVersion, fs.mkdtempSync(path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'flyctl-'))))
  return { fly: makeFly({ bin, token }), token, flyctlVersion: version, env: {} }
}

async function main(/** @type {string[]} */ argv) {
  const simulate = argv.includes('--simulate')
  const [command, ...rest] = argv.filter(a => a !== '--simulate')
  const option = (/** @type {string} */ name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined)
  if (command === 'gate') return void gate()
  const config = liveConfig(process.env, { simulate })
  checkOrg(config) // before anything is installed or written
  if (command === 'summary') {
    const table = summaryTable(readResults(config.results))
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, table)
    else out(table)
    return
  }
  if (simulate && command !== 'run') throw new Error('--simulate runs `run` only (the simulated run plays the workflow steps itself)')
  if (simulate) return simulateRun(config, option('--only')?.split(','))

  const live = await liveFly(config)
  if (command === 'preflight') {
    await live.fly.json(['apps', 'list', '--org', config.org]) // the token reaches the org (read only)
    appendRunnerFile(process.env.GITHUB_ENV, { LIVE_FLYCTL_BIN: live.fly.bin, LIVE_FLYCTL_RESOLVED: live.flyctlVersion })
    out(`flyctl ${live.flyctlVersion}, org ${config.org}, apps named ${config.runTag}*`)
  } else if (command === 'run') {
    const results = await runScenarios({ ...live, config, only: option('--only')?.split(',') })
    if (results.some(r => r.result === 'failed')) process.exitCode = 1
  } else if (command === 'ephemeral-prepare') {
    const { app, url } = await ephemeralPrepare(live.fly, config)
    appendRunnerFile(process.env.GITHUB_ENV, { LIVE_EPHEMERAL_APP: app, LIVE_EPHEMERAL_URL: url })
  } else if (command === 'check' && (rest[0] === 'ephemeral-main' || rest[0] === 'ephemeral-post')) {
    const started = Date.now()
    const app = config.appName('eph')
    let result = /** @type {Result} */ ({ scenario: rest[0].replace('ephemeral-', 'ephemeral: '), result: 'passed', seconds: 0, detail: '' })
    try {
      if (rest[0] === 'ephemeral-main') {
        assert(process.env.ACTION_OUTCOME === 'success', `the uses: ./ step's outcome was ${process.env.ACTION_OUTCOME}`)
        result.detail = await checkEphemeralMain(live.fly, app, JSON.parse(process.env.ACTION_OUTPUTS || '{}'))
      } else result.detail = await checkEphemeralPost(live.fly, app)
    } catch (error) {
      result = { ...result, result: 'failed', detail: error instanceof Error ? error.message : String(error) }
      process.exitCode = 1
    }
    recordResult(config, { ...result, seconds: Math.round((Date.now() - started) / 100) / 10, flyctl: live.flyctlVersion })
  } else if (command === 'cleanup') {
    const { destroyed, failed } = await cleanup({ fly: live.fly, config, keep: option('--keep') ? [String(option('--keep'))] : [] })
    out(`cleanup: destroyed ${destroyed.length ? destroyed.join(', ') : 'nothing'}`)
    if (failed.length) throw new Error(`could not destroy ${failed.join(', ')}: run \`fly apps destroy <name> --yes\` for each`)
  } else {
    throw new Error(`unknown command "${argv.join(' ')}": see the comment at the top of scripts/live.mjs`)
  }
}

/** `run --simulate`: the same scenarios against the flyctl simulator, the Fly edges and a real TLS Postgres. */
async function simulateRun(/** @type {ReturnType<typeof liveConfig>} */ config, /** @type {string[] | undefined} */ only) {
  const { startLiveWorld } = await import('../test-support/live-world.js')
  const world = await startLiveWorld({ org: config.org })
  if (!process.env.LIVE_RESULTS) config.results = path.join(world.dir, 'live-results.jsonl')
  try {
    const dir = fs.mkdtempSync(path.join(world.dir, 'flyctl-'))
    // The driver's installer against the world's releases server: its tarball holds the simulator.
    const { bin, version } = await installFlyctl(config.flyctlVersion, dir, world.env)
    const fly = makeFly({ bin, token: world.token, env: world.env, hostFor: async app => (await world.edgeFor(app)).host })
    const results = await runScenarios({
      fly,
      config,
      env: world.env,
      token: world.token,
      flyctlVersion: version,
      only,
      injectFailure: process.env.LIVE_INJECT_FAILURE
    })
    const table = summaryTable(results, 'Live conformance run (simulated)')
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, table)
    out(table)
    // For tests: what the simulated Fly holds at the end (the cleanup must have left none of this run's apps).
    out(`simulated apps left: ${JSON.stringify(Object.keys(world.state().apps ?? {}))}`)
    if (results.some(r => r.result === 'failed')) process.exitCode = 1
  } finally {
    await world.stop()
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch(error => {
    out(`::error::${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
