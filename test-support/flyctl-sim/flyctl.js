#!/usr/bin/env node
// flyctl simulator: answers like flyctl v0.4.x against a JSON "Fly world" (FLYSIM_STATE), logging each call
// to FLYSIM_LOG. Facts cited as `file:` refer to superfly/flyctl (master, Aug 2026) unless marked fly-go.
// Contract: test-support/README.md. Facts: /work/shared/fly-reference.md.
import { createHash, randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { parse as parseToml } from 'smol-toml'
import { LATEST_FLEX_VERSION, LATEST_MINOR } from './clusters.js'

const VERSION = process.env.FLYSIM_VERSION || '0.4.87'
const COMMIT = createHash('sha1').update(`flyctl-${VERSION}`).digest('hex')
const BUILD_DATE = '2026-08-19T16:04:12Z'
const STATE_PATH = process.env.FLYSIM_STATE
const LOG_PATH = process.env.FLYSIM_LOG
const DOCKER_HUB = 'registry-1.docker.io'
// aurora (used directly by render.NewTable titles and appconfig.Validate) colours even without a TTY;
// iostreams.ColorScheme colours are off without a TTY, so those texts are printed plain.
const bold = (s) => `\x1b[1m${s}\x1b[0m`
const green = (s) => `\x1b[32m${s}\x1b[0m`
const red = (s) => `\x1b[31m${s}\x1b[0m`
const yellow = (s) => `\x1b[33m${s}\x1b[0m`

// ---------------------------------------------------------------- output & errors

const captured = { stdout: '', stderr: '' }
function out(text) {
  process.stdout.write(text)
  captured.stdout += text
}
function errOut(text) {
  process.stderr.write(text)
  captured.stderr += text
}

class CliError extends Error {
  constructor(message, { exitCode = 1, requestId = '' } = {}) {
    super(message)
    this.exitCode = exitCode
    this.requestId = requestId
  }
}

// fly-go client.go: GraphQL errors come back as `failed to run <compacted query>: <server message>`.
const QUERIES = {
  ipAddresses: 'query ($appName: String!) { app(name: $appName) { ipAddresses { nodes { id address type region createdAt network { name organization { slug } } serviceName } } sharedIpAddress } }',
  allocateIp: 'mutation($input: AllocateIPAddressInput!) { allocateIpAddress(input: $input) { ipAddress { id address type region createdAt } } }',
  allocateShared: 'mutation($input: AllocateIPAddressInput!) { allocateIpAddress(input: $input) { app { sharedIpAddress } } }',
  releaseIp: 'mutation($input: ReleaseIPAddressInput!) { releaseIpAddress(input: $input) { clientMutationId } }',
  appCompact: 'query ($appName: String!) { appcompact:app(name: $appName) { id internalNumericId name hostname cnameTarget deployed network status appUrl platformVersion organization { id internalNumericId slug paidPlan } postgresAppRole: role { name } } }'
}
const gql = (query, wrap = '') => ({ kind: 'gql', query, wrap })
// genqlient errors (vektah/gqlparser v2.5.36 gqlerror.List): `input:<line>:<col>: <path> <message>\n`.
// FlyctlConfigCurrentRelease starts "\n# @genqlient\nquery ...\n\tapp(": `app` sits at line 4, column 2.
const genqConfigRelease = { kind: 'genq', location: '4:2', path: 'app' }
const flaps = (prefix) => ({ kind: 'flaps', prefix })

function apiError(api, reason, appName) {
  if (api.kind === 'flaps') {
    // fly-go flaps.handleAPIError returns the body's "error"; cli.printError appends the request id.
    const message = reason === 'auth' ? 'unauthorized' : 'app not found'
    return new CliError(`${api.prefix}${message}`, { requestId: `${ulid()}-iad` })
  }
  const message = reason === 'auth' ? 'You must be authenticated to view this.' : `Could not find App "${appName}"`
  if (api.kind === 'genq') return new CliError(`input:${api.location}: ${api.path} ${message}\n`)
  return new CliError(`${api.wrap}failed to run ${api.query}: ${message}`)
}

// ---------------------------------------------------------------- ids & small helpers

function ulid(time = Date.now()) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let t = time
  let head = ''
  for (let i = 0; i < 10; i++) {
    head = alphabet[t % 32] + head
    t = Math.floor(t / 32)
  }
  return head + Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('')
}
const randomHex = (n) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n)
const randomBase36 = (n) => Array.from(randomBytes(n), (b) => (b % 36).toString(36)).join('')
const sha256 = (s) => createHash('sha256').update(s).digest('hex')
const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const sortedObject = (o) => (isPlainObject(o) ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])) : o)

/** Go's encoding/json escapes <, > and & (SetEscapeHTML defaults to true). */
function goEscape(json) {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
/** render.JSON: json.Encoder with 4-space indent and a trailing newline. */
function renderJson(value) {
  out(`${goEscape(JSON.stringify(value, null, 4))}\n`)
}

/** Orders an object's keys like a Go struct's fields (unknown keys kept at the end). */
function inGoOrder(obj, order, nested = {}) {
  if (!isPlainObject(obj)) return obj
  const res = {}
  for (const key of [...order, ...Object.keys(obj).filter((k) => !order.includes(k))]) {
    if (!(key in obj) || obj[key] === undefined) continue
    const fix = nested[key]
    res[key] = fix ? fix(obj[key]) : obj[key]
  }
  return res
}
const each = (fn) => (list) => (Array.isArray(list) ? list.map(fn) : list)
const eachValue = (fn) => (map) => (isPlainObject(map) ? Object.fromEntries(Object.keys(map).sort().map((k) => [k, fn(map[k])])) : map)

// fly-go machine_types.go field order, so `machines list --json` matches flyctl byte for byte.
const orderPort = (p) => inGoOrder(p, ['port', 'start_port', 'end_port', 'handlers', 'force_https', 'tls_options', 'http_options', 'proxy_proto_options'])
const orderCheck = (c) => inGoOrder(c, ['port', 'type', 'kind', 'interval', 'timeout', 'grace_period', 'method', 'path', 'protocol', 'tls_skip_verify', 'tls_server_name', 'headers'])
const orderService = (s) => inGoOrder({ force_instance_key: null, ...s }, ['protocol', 'internal_port', 'autostop', 'autostart', 'min_machines_running', 'ports', 'checks', 'concurrency', 'force_instance_key', 'force_instance_description'], { ports: each(orderPort), checks: each(orderCheck), concurrency: (c) => inGoOrder(c, ['type', 'hard_limit', 'soft_limit']) })
const orderMachineConfig = (c) => inGoOrder({ init: {}, ...c }, ['env', 'init', 'guest', 'metadata', 'mounts', 'services', 'metrics', 'checks', 'statics', 'image', 'files', 'schedule', 'auto_destroy', 'restart', 'dns', 'processes', 'standbys', 'stop_config', 'containers', 'volumes', 'rootfs', 'cache_drive', 'spot', 'size', 'disable_machine_autostart'], {
  env: sortedObject,
  init: (i) => inGoOrder(i, ['exec', 'entrypoint', 'cmd', 'tty', 'swap_size_mb', 'kernel_args']),
  guest: (g) => inGoOrder(g, ['cpu_kind', 'cpus', 'memory_mb', 'max_memory_mb', 'gpus', 'gpu_kind', 'host_dedication_id', 'persist_rootfs', 'kernel_args']),
  metadata: sortedObject,
  mounts: each((m) => inGoOrder(m, ['encrypted', 'path', 'size_gb', 'volume', 'name', 'extend_threshold_percent', 'add_size_gb', 'size_gb_limit'])),
  services: each(orderService),
  metrics: (m) => inGoOrder(m, ['port', 'path', 'https']),
  checks: eachValue(orderCheck),
  restart: (r) => inGoOrder(r, ['policy', 'max_retries'])
})
const orderMachine = (m) => inGoOrder({ cordoned: false, ...m }, ['id', 'name', 'state', 'region', 'image_ref', 'instance_id', 'version', 'private_ip', 'created_at', 'updated_at', 'config', 'events', 'checks', 'nonce', 'host_status', 'cordoned', 'containers', 'incomplete_config'], {
  image_ref: (r) => inGoOrder(r, ['registry', 'repository', 'tag', 'digest', 'labels'], { labels: sortedObject }),
  config: orderMachineConfig,
  events: each((e) => inGoOrder(e, ['type', 'status', 'request', 'source', 'timestamp'])),
  checks: each((c) => inGoOrder(c, ['name', 'status', 'output', 'updated_at']))
})
const IP_FIELDS = ['ID', 'Address', 'Type', 'Region', 'CreatedAt', 'ServiceName', 'Network']
const orderIp = (ip) => Object.fromEntries(IP_FIELDS.map((k) => [k, ip[k] ?? (k === 'Network' ? null : k === 'CreatedAt' ? '0001-01-01T00:00:00Z' : '')]))

/** render.Table (olekukonko/tablewriter v1, borders and header line off, headers upper-cased). */
function renderTable(rows, headers, title = '') {
  let text = title ? `${bold(title)}\n` : ''
  const all = headers.length ? [headers.map((h) => h.toUpperCase()), ...rows] : rows
  const widths = all.reduce((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...String(cell)].length)), [])
  for (const row of all) text += `${row.map((cell, i) => ` ${String(cell)}${' '.repeat(widths[i] - [...String(cell)].length)} `).join('│')}\n`
  out(`${text}\n`)
}

/** format.RelativeTime */
function relativeTime(iso) {
  const t = Date.parse(iso)
  const secs = (Date.now() - t) / 1000
  if (secs < 1) return 'just now'
  if (secs < 60) return `${Math.floor(secs)}s ago`
  if (secs < 3600) return `${Math.floor(secs / 60)}m${Math.floor(secs % 60)}s ago`
  if (secs < 86400) return `${Math.floor(secs / 3600)}h${Math.floor((secs % 3600) / 60)}m ago`
  const d = new Date(t)
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
  return `${mon} ${d.getUTCDate()} ${d.getUTCFullYear()} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

// ---------------------------------------------------------------- Go durations

const DURATION_UNITS = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 }
/** time.ParseDuration, in milliseconds (null when invalid). */
function parseGoDuration(text) {
  if (text === '0') return 0
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let matched = ''
  let m
  while ((m = re.exec(text))) {
    total += parseFloat(m[1]) * DURATION_UNITS[m[2]]
    matched += m[0]
  }
  return matched && matched === text ? total : null
}
/** time.Duration.String() for a duration in milliseconds. */
function formatGoDuration(ms) {
  if (ms === 0) return '0s'
  if (ms < 1000) return `${+ms.toFixed(6)}ms`
  const h = Math.floor(ms / 3600000)
  const m = Math.floor((ms % 3600000) / 60000)
  const s = +(((ms % 60000) / 1000).toFixed(9))
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`
}
/** fly.Duration in fly.toml: a Go duration string, or a number of milliseconds (appconfig/patches.go). */
function normalizeDuration(v, numberUnitMs = 1) {
  if (v === undefined || v === null) return undefined
  const ms = typeof v === 'number' ? v * numberUnitMs : parseGoDuration(String(v))
  return ms === null ? String(v) : formatGoDuration(ms)
}

// ---------------------------------------------------------------- flags

const S = 'string'
const B = 'bool'
const A = 'array'
const L = 'slice' // pflag StringSlice: comma-separated values are split (StringArray values are not)
const I = 'int'
const F = 'float'
const GLOBAL_FLAGS = { 'access-token': [S, 't'], verbose: [B], debug: [B], help: [B, 'h'] }
const APP_FLAGS = { app: [S, 'a'], config: [S, 'c'] }
const DEPLOY_FLAGS = {
  ...APP_FLAGS, image: [S, 'i'], now: [B], 'no-deploy': [B], 'remote-only': [B], 'local-only': [B], push: [B], wg: [B], 'https-failover': [B], detach: [B],
  strategy: [S], dockerfile: [S], ignorefile: [S], 'image-label': [S], 'build-arg': [A], 'build-secret': [A], 'build-target': [S],
  'build-context-warn-size': [S], 'no-cache': [B], depot: [S], 'depot-scope': [S], nixpacks: [B], 'buildkit-addr': [S], 'buildkit-image': [S],
  buildkit: [B], 'build-only': [B], 'buildpacks-docker-host': [S], 'buildpacks-volume': [L], 'recreate-builder': [B], yes: [B, 'y'],
  'vm-size': [S], 'vm-cpus': [I], 'vm-cpu-kind': [S], 'vm-memory': [S], 'vm-max-memory': [S], 'vm-gpus': [I], 'vm-gpu-kind': [S], 'host-dedication-id': [S],
  env: [A, 'e'], 'wait-timeout': [S], 'release-command-timeout': [S], 'lease-timeout': [S], 'force-machines': [B], ha: [B], 'smoke-checks': [B],
  'dns-checks': [B], 'max-unavailable': [F], 'no-public-ips': [B], flycast: [B], 'file-local': [A], 'file-literal': [A], 'file-secret': [A],
  'primary-region': [S], regions: [L], 'only-regions': [L], 'exclude-regions': [L], 'only-machines': [L], 'exclude-machines': [L], 'process-groups': [L],
  label: [A], 'max-concurrent': [I], 'immediate-max-concurrent': [I], 'volume-initial-size': [I], signal: [S, 's'], 'deploy-retries': [S],
  'builder-pool': [S], compression: [S], 'compression-level': [I], 'update-only': [B], 'skip-release-command': [B], 'export-manifest': [S], 'from-manifest': [S]
}

// internal/command/machine/update.go (+ run.go sharedFlags): the flags `machine update` takes that we model.
const MACHINE_UPDATE_FLAGS = {
  ...APP_FLAGS, image: [S, 'i'], yes: [B, 'y'], port: [L, 'p'], env: [A, 'e'], detach: [B], 'skip-start': [B], 'skip-health-checks': [B],
  command: [S, 'C'], 'mount-point': [S], 'wait-timeout': [I], metadata: [A, 'm'], restart: [S], 'vm-size': [S], select: [B]
}

// Command tree (aliases from each command's cmd.Aliases).
const COMMANDS = {
  version: { flags: { saveinstall: [S, 's'], json: [B, 'j'] }, maxArgs: 0, run: runVersion, api: false },
  'ips list': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 0, run: runIpsList },
  'ips allocate-v4': { flags: { shared: [B], yes: [B, 'y'], ...APP_FLAGS, region: [S, 'r'] }, maxArgs: 0, run: runAllocateV4, write: true },
  'ips allocate-v6': { flags: { ...APP_FLAGS, region: [S, 'r'], private: [B], org: [S, 'o'], network: [S] }, maxArgs: 0, run: runAllocateV6, write: true },
  'ips release': { flags: { ...APP_FLAGS }, minArgs: 1, maxArgs: Infinity, run: runIpsRelease, write: true },
  'machines list': { flags: { ...APP_FLAGS, json: [B, 'j'], quiet: [B, 'q'] }, maxArgs: 0, run: runMachinesList },
  'image show': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 1, run: runImageShow },
  'config save': { flags: { ...APP_FLAGS, yes: [B, 'y'], json: [B], yaml: [B] }, maxArgs: 0, run: runConfigSave },
  deploy: { flags: DEPLOY_FLAGS, maxArgs: 1, run: runDeploy, write: true },
  'machines update': { flags: MACHINE_UPDATE_FLAGS, maxArgs: 1, run: runMachineUpdate, write: true },
  'services list': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 0, run: runServicesList }
}
const GROUPS = { services: 'services', ips: 'ips', ip: 'ips', machines: 'machines', machine: 'machines', m: 'machines', image: 'image', img: 'image', config: 'config', cfg: 'config' }
const SUBCOMMAND_ALIASES = { ls: 'list' }
const ALL_STRING_FLAGS = new Set(Object.values(COMMANDS).flatMap((c) => Object.entries({ ...GLOBAL_FLAGS, ...c.flags }).filter(([, [t]]) => t !== B).flatMap(([n, [, s]]) => [`--${n}`, ...(s ? [`-${s}`] : [])])))

/** Splits argv into command words and the rest, skipping values of string flags. */
function resolveCommand(argv) {
  const words = []
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]
    if (tok === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (tok.startsWith('-') && tok !== '-') {
      rest.push(tok)
      if (!tok.includes('=') && ALL_STRING_FLAGS.has(tok) && i + 1 < argv.length) rest.push(argv[++i])
      continue
    }
    const expected = words.length === 0 || (words.length === 1 && GROUPS[words[0]] !== undefined)
    if (expected) words.push(tok)
    else rest.push(tok)
  }
  if (words.length === 0) return { name: null, rest }
  const group = GROUPS[words[0]]
  if (!group) {
    if (COMMANDS[words[0]]) return { name: words[0], rest: [...words.slice(1), ...rest] }
    throw new CliError(`unknown command "${words[0]}" for "flyctl"`, { exitCode: 1 })
  }
  if (words.length === 1) return { name: group, rest, helpOnly: true }
  const name = `${group} ${SUBCOMMAND_ALIASES[words[1]] ?? words[1]}`
  if (!COMMANDS[name]) throw new CliError(`the flyctl simulator does not implement "flyctl ${group} ${words[1]}"`)
  return { name, rest }
}

/** pflag-compatible parsing (error texts from spf13/pflag). */
function parseFlags(tokens, spec) {
  const flags = {}
  const args = []
  const shorts = Object.fromEntries(Object.entries(spec).filter(([, [, s]]) => s).map(([n, [, s]]) => [s, n]))
  const set = (name, raw, display) => {
    const [type] = spec[name]
    if (type === B) {
      const parsed = { 1: true, t: true, T: true, TRUE: true, true: true, True: true, 0: false, f: false, F: false, FALSE: false, false: false, False: false }[raw]
      if (parsed === undefined) throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`)
      flags[name] = parsed
    } else if (type === A) (flags[name] ??= []).push(raw)
    else if (type === L) (flags[name] ??= []).push(...raw.split(','))
    else if (type === I) {
      if (!/^[-+]?\d+$/.test(raw)) throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`)
      flags[name] = parseInt(raw, 10)
    } else if (type === F) {
      if (Number.isNaN(Number(raw)) || raw.trim() === '') throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseFloat: parsing "${raw}": invalid syntax`)
      flags[name] = Number(raw)
    } else flags[name] = raw
  }
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]
    if (tok === '--') {
      args.push(...tokens.slice(i + 1))
      break
    }
    if (tok.startsWith('--')) {
      const [name, value] = tok.includes('=') ? [tok.slice(2, tok.indexOf('=')), tok.slice(tok.indexOf('=') + 1)] : [tok.slice(2), undefined]
      if (!spec[name]) throw new CliError(`unknown flag: --${name}`)
      if (value !== undefined) set(name, value, `--${name}`)
      else if (spec[name][0] === B) flags[name] = true
      else if (i + 1 < tokens.length) set(name, tokens[++i], `--${name}`)
      else throw new CliError(`flag needs an argument: --${name}`)
    } else if (tok.startsWith('-') && tok.length > 1) {
      for (let j = 1; j < tok.length; j++) {
        const c = tok[j]
        const name = shorts[c]
        if (!name) throw new CliError(`unknown shorthand flag: '${c}' in ${tok}`)
        const display = `-${c}, --${name}`
        if (spec[name][0] === B) {
          if (tok[j + 1] === '=') {
            set(name, tok.slice(j + 2), display)
            break
          }
          flags[name] = true
          continue
        }
        const inline = tok.slice(j + 1).replace(/^=/, '')
        if (inline) set(name, inline, display)
        else if (i + 1 < tokens.length) set(name, tokens[++i], display)
        else throw new CliError(`flag needs an argument: '${c}' in ${tok}`)
        break
      }
    } else args.push(tok)
  }
  return { flags, args }
}

// ---------------------------------------------------------------- state (locked read-modify-write)

function readStateFile() {
  if (!STATE_PATH) throw new CliError('flyctl simulator: FLYSIM_STATE is not set')
  return JSON.parse(readFileSync(STATE_PATH, 'utf8'))
}

async function withStateLock(fn) {
  const lockDir = `${STATE_PATH}.lock`
  const deadline = Date.now() + 15000
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 10000) rmSync(lockDir, { recursive: true, force: true }) // holder died
      } catch {
        // lock vanished meanwhile: retry
      }
      if (Date.now() > deadline) throw new CliError('flyctl simulator: timed out waiting for the state lock')
      await sleep(2 + Math.random() * 6)
    }
  }
  locksHeld += 1
  try {
    const state = readStateFile()
    const result = await fn(state)
    const tmp = `${STATE_PATH}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(state, null, 2))
    renameSync(tmp, STATE_PATH)
    return result
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
    locksHeld -= 1
    // A signal that came during the write: exit now that the state is whole and the lock is free.
    if (cancelledBy && locksHeld === 0) exitCancelled()
  }
}

/** Applies `fn(app, state)` to the app under the lock and marks this call as a write. */
async function mutateApp(ctx, fn) {
  return withStateLock((state) => {
    const app = state.apps?.[ctx.appName]
    if (!app) throw apiError(gql(QUERIES.appCompact), 'notfound', ctx.appName)
    const result = fn(app, state)
    ctx.wrote = true
    return result
  })
}

async function chargeApiCall(ctx) {
  ctx.apiCalls += 1
  if (ctx.state.apiDelayMs > 0) await sleep(ctx.state.apiDelayMs)
}

/** The first API call of a command: checks the token and that the app exists. */
async function fetchApp(ctx, api) {
  await chargeApiCall(ctx)
  if (ctx.token !== ctx.state.token) throw apiError(api, 'auth', ctx.appName)
  const app = ctx.state.apps?.[ctx.appName]
  if (!app) throw apiError(api, 'notfound', ctx.appName)
  return app
}

function isPostgresApp(app) {
  if (app.role) return app.role === 'postgres_cluster'
  return (app.machines ?? []).some((m) => m.config?.metadata?.['fly-managed-postgres'] === 'true')
}

// ---------------------------------------------------------------- session & app config preparers

/** Token precedence (internal/config/config.go applyEnv uses os.LookupEnv: a set-but-empty variable wins). */
function resolveToken(flags) {
  if (flags['access-token']) return { token: flags['access-token'].trim(), source: '--access-token' }
  for (const name of ['FLY_ACCESS_TOKEN', 'FLY_API_TOKEN']) {
    if (name in process.env) return process.env[name] ? { token: process.env[name].trim(), source: name } : { token: null, source: null }
  }
  return { token: null, source: null } // ~/.fly/config.yml is not simulated
}

function requireSession(ctx) {
  // fly-go api.go ErrNoAuthToken; command.RequireSession runs before RequireAppName.
  if (!ctx.token) throw new CliError("no access token available. Please login with 'flyctl auth login'")
}

/** command.LoadAppConfigIfPresent + RequireAppName. */
function requireAppName(ctx) {
  const explicit = ctx.flags.config
  const paths = explicit ? [explicit, join(explicit, 'fly.toml')] : ['fly.toml', 'fly.json', 'fly.yaml'].map((f) => join(process.cwd(), f))
  for (const path of paths) {
    let text
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') continue
      const syscall = e.code === 'EISDIR' ? 'read' : 'open'
      throw new CliError(`failed loading app config from ${path}: ${syscall} ${path}: ${e.code === 'EISDIR' ? 'is a directory' : e.message}`)
    }
    ctx.configPath = path
    ctx.configText = text
    ctx.appConfig = loadConfigText(text, path)
    break
  }
  if (!ctx.appConfig && explicit) {
    throw new CliError(`config file not found at specified path: ${explicit} (also tried: ${join(explicit, 'fly.toml')})`)
  }
  ctx.appName = ctx.flags.app || process.env.FLY_APP || ctx.appConfig?.app || ''
  if (!ctx.appName) {
    throw new CliError('the config for your app is missing an app name, add an app field to the fly.toml file or specify with the -a flag')
  }
}

/** appconfig.LoadConfig: TOML (go-toml v2 errors reported as `row R column C` + context) or JSON. */
function loadConfigText(text, path) {
  let raw
  if (path.endsWith('.json')) {
    try {
      raw = JSON.parse(text)
    } catch (e) {
      throw new CliError(`failed loading app config from ${path}: ${e.message}`)
    }
  } else if (path.endsWith('.yaml')) {
    throw new CliError(`the flyctl simulator does not read ${path}`)
  } else {
    try {
      raw = parseToml(text)
    } catch (e) {
      const line = e.line ?? 1
      const column = e.column ?? 1
      const source = text.split('\n')[line - 1] ?? ''
      const reason = String(e.message).split('\n')[0].replace(/^Invalid TOML document: /, '')
      throw new CliError(`failed loading app config from ${path}: row ${line} column ${column}\n${line}| ${source}\n${' '.repeat(String(line).length)}| ${' '.repeat(Math.max(0, column - 1))}~ ${reason}`)
    }
  }
  return normalizeConfig(raw, path)
}

// ---------------------------------------------------------------- app config model (appconfig.Config)

const asArray = (v) => (v === undefined || v === null ? undefined : Array.isArray(v) ? v : [v])
const omitEmpty = (v) => v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0)
/** Drops values go-toml/encoding/json omit for `omitempty` fields (all fields not listed in `keep`). */
function compact(obj, keep = []) {
  const res = {}
  for (const [k, v] of Object.entries(obj)) {
    if (keep.includes(k) ? v === undefined || v === null : omitEmpty(v)) continue
    res[k] = v
  }
  return res
}
const stringMap = (m) => (isPlainObject(m) ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : undefined)
const toInt = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v))

function normalizeCheck(c) {
  return compact(inGoOrder({
    port: toInt(c.port), type: c.type, interval: normalizeDuration(c.interval), timeout: normalizeDuration(c.timeout),
    grace_period: normalizeDuration(c.grace_period), method: c.method, path: c.path, protocol: c.protocol,
    tls_skip_verify: c.tls_skip_verify, tls_server_name: c.tls_server_name, headers: stringMap(c.headers), processes: c.processes
  }, []))
}
function normalizePorts(ports) {
  return (asArray(ports) ?? []).map((p) => compact(inGoOrder({ ...p, port: toInt(p.port), start_port: toInt(p.start_port), end_port: toInt(p.end_port) }, ['port', 'start_port', 'end_port', 'handlers', 'force_https', 'tls_options', 'http_options', 'proxy_proto_options'])))
}
function normalizeService(s) {
  const svc = {
    protocol: s.protocol ?? '', internal_port: toInt(s.internal_port) ?? 0, auto_stop_machines: s.auto_stop_machines,
    auto_start_machines: s.auto_start_machines, min_machines_running: toInt(s.min_machines_running), processes: s.processes,
    ports: s.ports === undefined ? undefined : normalizePorts(s.ports),
    concurrency: s.concurrency ? compact(inGoOrder(s.concurrency, ['type', 'hard_limit', 'soft_limit'])) : undefined,
    tcp_checks: asArray(s.tcp_checks)?.map(normalizeCheck), http_checks: asArray(s.http_checks)?.map(normalizeCheck), machine_checks: asArray(s.machine_checks)
  }
  // appconfig/service.go: protocol, internal_port, auto_*_machines, ports and concurrency have no omitempty.
  return compact(svc, ['protocol', 'internal_port', 'auto_stop_machines', 'auto_start_machines', 'ports', 'concurrency'])
}

/** fly.toml (already parsed) -> appconfig.Config with Go field order; `unmarshalError` like v2UnmarshalError. */
function normalizeConfig(raw, path) {
  const cfg = {
    app: raw.app, primary_region: raw.primary_region, kill_signal: raw.kill_signal,
    kill_timeout: normalizeDuration(raw.kill_timeout, 1000), swap_size_mb: toInt(raw.swap_size_mb), console_command: raw.console_command,
    experimental: raw.experimental, build: raw.build ? inGoOrder(raw.build, ['builder', 'args', 'buildpacks', 'image', 'settings', 'builtin', 'dockerfile', 'ignorefile', 'build-target', 'compose', 'compression', 'compression_level']) : undefined,
    deploy: raw.deploy ? compact(inGoOrder({ ...raw.deploy, wait_timeout: normalizeDuration(raw.deploy.wait_timeout, 1000) }, ['strategy', 'max_unavailable', 'wait_timeout', 'release_command', 'release_command_timeout', 'release_command_vm', 'seed_command'])) : undefined,
    env: stringMap(raw.env),
    processes: stringMap(raw.processes),
    mounts: asArray(raw.mounts ?? raw.mount)?.map((m) => compact(inGoOrder(m, ['source', 'destination', 'initial_size', 'snapshot_retention', 'scheduled_snapshots', 'auto_extend_size_threshold', 'auto_extend_size_increment', 'auto_extend_size_limit', 'processes']))),
    http_service: raw.http_service ? compact({ ...inGoOrder(raw.http_service, ['internal_port', 'force_https', 'auto_stop_machines', 'auto_start_machines', 'min_machines_running', 'processes', 'concurrency', 'tls_options', 'http_options', 'checks', 'machine_checks']), checks: asArray(raw.http_service.checks)?.map(normalizeCheck) }, ['auto_stop_machines', 'auto_start_machines']) : undefined,
    services: asArray(raw.services)?.map(normalizeService),
    checks: isPlainObject(raw.checks) ? Object.fromEntries(Object.keys(raw.checks).sort().map((k) => [k, normalizeCheck(raw.checks[k])])) : undefined,
    files: raw.files, host_dedication_id: raw.host_dedication_id, machine_config: raw.machine_config, container: raw.container,
    machine_checks: raw.machine_checks,
    restart: Array.isArray(raw.restart) ? raw.restart.map((r) => compact(inGoOrder(r, ['policy', 'retries', 'processes']))) : undefined,
    vm: asArray(raw.vm ?? raw.compute ?? raw.computes),
    statics: asArray(raw.statics),
    metrics: asArray(raw.metrics ?? raw.metric)?.map((m) => compact(inGoOrder(m, ['port', 'path', 'https', 'processes'])))
  }
  const config = compact(cfg)
  // appconfig/patches.go mapToConfig round-trips through encoding/json: a `[restart]` table cannot fill []Restart.
  if (raw.restart !== undefined && !Array.isArray(raw.restart)) {
    Object.defineProperty(config, 'unmarshalError', { value: `json: cannot unmarshal object into Go struct field Config.restart of type []appconfig.Restart` })
  }
  Object.defineProperty(config, 'path', { value: path, writable: true })
  return config
}

/** A normalized copy with `patch` applied, keeping the hidden path / unmarshalError. */
function cloneConfig(cfg, patch = {}) {
  const copy = normalizeConfig({ ...JSON.parse(JSON.stringify(cfg)), ...patch }, cfg.path)
  if (cfg.unmarshalError) Object.defineProperty(copy, 'unmarshalError', { value: cfg.unmarshalError })
  return copy
}

// appconfig/processgroups.go
function processNames(cfg) {
  const names = Object.keys(cfg.processes ?? {}).sort()
  return names.length ? names : ['app']
}
function defaultProcessName(cfg) {
  const names = processNames(cfg)
  return names.includes('app') ? 'app' : names[0]
}
const inGroup = (entry, group) => !entry?.processes?.length || entry.processes.includes(group)

/** Config.Flatten(group): only the sections that apply to `group`. */
function flatten(cfg, group) {
  const checks = Object.entries(cfg.checks ?? {}).filter(([, c]) => inGroup(c, group))
  return {
    ...cfg,
    services: (cfg.services ?? []).filter((s) => inGroup(s, group)),
    http_service: cfg.http_service && inGroup(cfg.http_service, group) ? cfg.http_service : undefined,
    checks: checks.length ? Object.fromEntries(checks) : undefined,
    mounts: (cfg.mounts ?? []).filter((m) => inGroup(m, group)),
    metrics: (cfg.metrics ?? []).filter((m) => inGroup(m, group)),
    restart: (cfg.restart ?? []).filter((r) => inGroup(r, group)),
    vm: (cfg.vm ?? []).filter((v) => inGroup(v, group))
  }
}

function allServices(cfg) {
  const services = []
  if (cfg.http_service?.internal_port) {
    const h = cfg.http_service
    // appconfig/service.go HTTPService.ToService: ports 80 (http) and 443 (http, tls).
    services.push({ protocol: 'tcp', internal_port: h.internal_port, auto_stop_machines: h.auto_stop_machines, auto_start_machines: h.auto_start_machines, min_machines_running: h.min_machines_running, concurrency: h.concurrency, http_checks: h.checks,
      ports: [compact({ port: 80, handlers: ['http'], force_https: h.force_https, http_options: h.http_options }), compact({ port: 443, handlers: ['http', 'tls'], http_options: h.http_options, tls_options: h.tls_options })] })
  }
  return [...services, ...(cfg.services ?? [])]
}

/** appconfig.Validate: the checks flyctl runs before a deploy. Returns { error, info }. */
function validateConfig(cfg) {
  let info = `Validating ${cfg.path ?? '--config path unset--'}\n`
  let error = null
  const strategies = ['canary', 'rolling', 'immediate', 'bluegreen']
  const strategy = cfg.deploy?.strategy
  if (strategy && !strategies.includes(strategy)) {
    info += `unsupported deployment strategy '${strategy}'; Apps v2 supports the following strategies: ${strategies.join(', ')}`
    error = 'invalid app configuration'
  }
  if (strategy === 'canary' && cfg.mounts?.length) {
    info += 'error canary deployment strategy is not supported when using mounted volumes'
    error = 'invalid app configuration'
  }
  for (const [name, check] of Object.entries(cfg.checks ?? {})) {
    if (!['http', 'tcp'].includes(check.type)) {
      info += `Can't process top level check '${name}': Missing or invalid check type, must be 'http' or 'tcp'\n`
      error = 'invalid app configuration'
    }
  }
  const groups = processNames(cfg)
  const processCount = Object.keys(cfg.processes ?? {}).length
  for (const svc of allServices(cfg)) {
    if (!svc.processes?.length && processCount > 0) {
      info += `Service has no processes set but app has ${processCount} processes defined; update fly.toml to set processes for each service\n`
      error = 'invalid app configuration'
    }
    for (const p of svc.processes ?? []) {
      if (!groups.includes(p)) {
        info += `Service specifies '${p}' as one of its processes, but no processes are defined with that name; update fly.toml [processes] to add '${p}' process or remove it from service's processes list\n`
        error = 'invalid app configuration'
      }
    }
  }
  for (const r of cfg.restart ?? []) {
    if (!['always', 'never', 'on-failure'].includes(r.policy)) {
      info += `invalid restart policy: ${r.policy ?? ''}\n`
      error = 'invalid app configuration'
    }
  }
  if (cfg.unmarshalError) error = cfg.unmarshalError
  if (error) return { error: 'App configuration is not valid', info: `${info}\n   ${red('✘')}${error}\n` }
  return { error: null, info: `${info}${green('✓')} Configuration is valid\n` }
}

// ---------------------------------------------------------------- fly.toml writer (go-toml v2, SetIndentTables)

const tomlKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : /['\n\r]/.test(k) ? JSON.stringify(k) : `'${k}'`)
function tomlValue(v) {
  if (typeof v === 'string') {
    // go-toml v2 encodeString: literal '...' unless the string holds ', a newline or control characters.
    // eslint-disable-next-line no-control-regex
    if (!/['\r\n\x00-\x08\x0b-\x1f\x7f]/.test(v)) return `'${v}'`
    // eslint-disable-next-line no-control-regex
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/[\x00-\x1f\x7f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}"`
  }
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(', ')}}`
  return String(v)
}
const isTable = (v) => isPlainObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isPlainObject))

function encodeTomlTable(obj, path, indent) {
  const pad = '  '.repeat(indent)
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)
  const kvs = entries.filter(([, v]) => !isTable(v))
  const tables = entries.filter(([, v]) => isTable(v))
  let text = kvs.map(([k, v]) => `${pad}${tomlKey(k)} = ${tomlValue(v)}\n`).join('')
  tables.forEach(([k, v], i) => {
    if (i > 0 || kvs.length > 0) text += '\n'
    const keyPath = [...path, k].map(tomlKey).join('.')
    if (Array.isArray(v)) v.forEach((el, j) => { text += `${j ? '\n' : ''}${pad}[[${keyPath}]]\n${encodeTomlTable(el, [...path, k], indent + 1)}` })
    else text += `${pad}[${keyPath}]\n${encodeTomlTable(v, [...path, k], indent + 1)}`
  })
  return text
}

/** Config.WriteTo("toml"): header comment + go-toml body. */
function configToToml(cfg) {
  // appconfig/serde.go flyConfigHeader
  const header = `# fly.toml app configuration file generated for ${cfg.app} on ${nowIso()}\n#\n# See https://fly.io/docs/reference/configuration/ for information about how to use this file.\n#\n\n`
  return header + encodeTomlTable(cfg, [], 0)
}

// ---------------------------------------------------------------- config from machines (appconfig/from_machine_set.go)

function quotePosixWord(w) {
  const special = /[!"#$&'()*,;<=>?[\]\\^`{}|~]/.test(w)
  if (special) return `'${w}'`
  return /\s/.test(w) ? `"${w}"` : w
}

function configFromMachines(appName, machines) {
  if (!machines.length) {
    throw new CliError('failed to grab app config from existing machines, error: could not create a fly.toml from any machines :-(\nNo machines configured for this app')
  }
  const mostCommon = (items, keyOf) => {
    const counts = new Map()
    for (const item of items) {
      const key = keyOf(item)
      counts.set(key, [...(counts.get(key) ?? []), item])
    }
    return [...counts.values()].sort((a, b) => b.length - a.length)[0]
  }
  const cmdOf = (m) => (m.config?.init?.cmd ?? []).map(quotePosixWord).join(' ')
  const cmdMachines = mostCommon(machines, cmdOf)
  const cmd = cmdOf(cmdMachines[0])
  const processes = cmd ? { app: cmd } : undefined
  const serviceMachine = mostCommon(cmdMachines, (m) => JSON.stringify(m.config?.services ?? null))[0]
  const services = (serviceMachine.config?.services ?? []).map((ms) => normalizeService({
    protocol: ms.protocol, internal_port: ms.internal_port,
    auto_stop_machines: ms.autostop === true ? 'stop' : ms.autostop === false ? 'off' : ms.autostop,
    auto_start_machines: ms.autostart, min_machines_running: ms.min_machines_running, ports: ms.ports ?? [], concurrency: ms.concurrency,
    tcp_checks: (ms.checks ?? []).filter((c) => c.type === 'tcp'), http_checks: (ms.checks ?? []).filter((c) => c.type === 'http'),
    processes: processes ? ['app'] : []
  }))
  const perMachine = machines.map((m) => {
    const c = m.config ?? {}
    const env = c.env ?? {}
    const primaryRegion = env.PRIMARY_REGION ?? env.FLY_PRIMARY_REGION
    const mount = c.mounts?.[0]
    return compact({
      app: appName, primary_region: primaryRegion, env: sortedObject(env), processes,
      mounts: mount ? [compact({ source: mount.name, destination: mount.path })] : undefined,
      services,
      checks: c.checks && Object.keys(c.checks).length ? Object.fromEntries(Object.keys(c.checks).sort().map((k) => [k, normalizeCheck(c.checks[k])])) : undefined,
      metrics: [compact({ port: c.metrics?.port, path: c.metrics?.path, https: c.metrics?.https })]
    })
  })
  const tomls = perMachine.map((cfg) => encodeTomlTable(cfg, [], 0))
  const winner = mostCommon(tomls.map((t, i) => ({ t, i })), (x) => x.t)[0].i
  const warnings = machines.map((m, i) => (tomls[i] === tomls[winner] ? null : `WARNING [fly.toml]: Machine ${m.id} currently has a config that will change with the new fly.toml. This is what will change:\n${lineDiff(tomls[i], tomls[winner])}`)).filter(Boolean)
  return { config: perMachine[winner], warnings }
}

function lineDiff(from, to) {
  const a = from.split('\n')
  const b = to.split('\n')
  return [...a.filter((l) => !b.includes(l)).map((l) => `- ${l}`), ...b.filter((l) => !a.includes(l)).map((l) => `+ ${l}`)].join('\n')
}

/** appconfig.FromRemoteApp: the last release's config when deployed with `fly deploy`, else rebuilt from machines. */
async function configFromRemoteApp(ctx) {
  const app = await fetchApp(ctx, genqConfigRelease)
  if (app.deployedWithFlyDeploy && app.releaseConfig) {
    return { config: normalizeConfig({ ...app.releaseConfig, app: ctx.appName }, '--config path unset--'), warnings: [] }
  }
  await chargeApiCall(ctx) // machine.ListActive
  // fly-go ListActive: console and release-command machines do not shape the config.
  const { config, warnings } = configFromMachines(ctx.appName, (app.machines ?? []).filter((m) => isActive(m) && !isReservedGroup(m)))
  return { config: normalizeConfig(config, '--config path unset--'), warnings }
}

// ---------------------------------------------------------------- commands

async function runVersion(ctx) {
  const name = 'flyctl' // buildinfo.Name: os.Executable() resolves the `fly` symlink to flyctl
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch
  if (ctx.flags.json) {
    out(`${JSON.stringify({ Name: name, Version: VERSION, Commit: COMMIT, BranchName: '', BuildDate: BUILD_DATE, OS: process.platform, Architecture: arch, Environment: 'production' })}\n`)
    return
  }
  out(`${name} v${VERSION} ${process.platform}/${arch} Commit: ${COMMIT} BuildDate: ${BUILD_DATE}\n`)
}

/** fly-go GetIPAddresses: GraphQL nodes, then the shared v4 appended; ips list then appends egress IPs. */
function ipsInListOrder(app) {
  const ips = app.ips ?? []
  const rank = (ip) => (ip.Type === 'shared_v4' ? 1 : String(ip.Type).startsWith('egress') ? 2 : 0)
  return [...ips].sort((a, b) => rank(a) - rank(b)).map(orderIp)
}

// internal/command/ips/render.go renderListTable
const IP_TYPE_LABELS = {
  v4: ['v4', 'public ingress (dedicated, $2/mo)'], shared_v4: ['v4', 'public ingress (shared)'], v6: ['v6', 'public ingress (dedicated)'],
  private_v6: ['v6', 'private ingress'], egress_v4: ['v4', 'egress'], egress_v6: ['v6', 'egress']
}
function renderIpTable(ips) {
  const rows = ips.map((ip) => {
    const [version, type] = IP_TYPE_LABELS[ip.Type] ?? [ip.Type, ip.Address.startsWith('fdaa') ? 'private' : 'public']
    return [version, ip.Address, type, ip.Region, relativeTime(ip.CreatedAt)]
  })
  renderTable(rows, ['Version', 'IP', 'Type', 'Region', 'Created At'])
}

async function runIpsList(ctx) {
  const app = await fetchApp(ctx, gql(QUERIES.ipAddresses))
  await chargeApiCall(ctx) // GetAppScopedEgressIPAddresses
  const ips = ipsInListOrder(app)
  if (ctx.flags.json) return renderJson(ips)
  renderIpTable(ips)
  out('Learn more about Fly.io public, private, shared and dedicated IP addresses in our docs: https://fly.io/docs/networking/services/\n')
}

function allAddresses(state) {
  return new Set(Object.values(state.apps ?? {}).flatMap((a) => (a.ips ?? []).map((ip) => ip.Address)))
}
function freshAddress(state, make) {
  const taken = allAddresses(state)
  for (;;) {
    const addr = make()
    if (!taken.has(addr)) return addr
  }
}
const byte = () => randomBytes(1)[0]
const ADDRESS_MAKERS = {
  v4: () => `${byte() % 2 ? '149.248' : '168.220'}.${byte() % 256}.${1 + (byte() % 254)}`,
  shared_v4: () => `66.241.${124 + (byte() % 2)}.${1 + (byte() % 254)}`,
  v6: () => `2a09:8280:1::${(byte() % 0xf0 + 0x10).toString(16)}:${randomHex(4).replace(/^0+/, '') || '0'}:0`,
  private_v6: () => `fdaa:9:${randomHex(4).replace(/^0+/, '')}:0:1::${2 + (byte() % 8)}`
}

async function allocateDedicated(ctx, type) {
  const region = ctx.flags.region || 'global'
  await fetchApp(ctx, gql(QUERIES.allocateIp))
  const ip = await mutateApp(ctx, (app, state) => {
    const entry = { ID: `ip_${randomBase36(16)}`, Address: freshAddress(state, ADDRESS_MAKERS[type]), Type: type, Region: region, CreatedAt: nowIso(), ServiceName: '', Network: type === 'private_v6' ? { Name: ctx.flags.network || 'default', Organization: { Slug: app.organization ?? 'personal' } } : null }
    ;(app.ips ??= []).push(entry)
    return entry
  })
  renderIpTable([orderIp(ip)])
}

async function runAllocateV4(ctx) {
  if (ctx.flags.shared) {
    await fetchApp(ctx, gql(QUERIES.allocateShared))
    const { address, added } = await mutateApp(ctx, (app, state) => {
      if ((app.ips ?? []).some((ip) => ip.Type === 'v4')) {
        // The API refuses a shared v4 next to a dedicated one (server-side wording is not in public sources).
        throw new CliError(`failed to run ${QUERIES.allocateShared}: App already has a dedicated IPv4 address, release it before allocating a shared IPv4 address`)
      }
      const existing = (app.ips ?? []).find((ip) => ip.Type === 'shared_v4')
      if (existing) return { address: existing.Address, added: false }
      const entry = { ID: '', Address: freshAddress(state, ADDRESS_MAKERS.shared_v4), Type: 'shared_v4', Region: '', CreatedAt: '0001-01-01T00:00:00Z', ServiceName: '', Network: null }
      ;(app.ips ??= []).push(entry)
      return { address: entry.Address, added: true }
    })
    ctx.wrote = added // an app keeps a single shared v4: allocating it again changes nothing
    // ips/render.go renderSharedTable
    return renderTable([['v4', address, 'shared', 'global']], ['Version', 'IP', 'Type', 'Region'])
  }
  // ips/allocate.go: dedicated v4 confirms the $2/mo charge; without a TTY the prompt fails unless --yes.
  if (!ctx.flags.yes) throw new CliError('yes flag must be specified when not running interactively')
  return allocateDedicated(ctx, 'v4')
}

async function runAllocateV6(ctx) {
  return allocateDedicated(ctx, ctx.flags.private ? 'private_v6' : 'v6')
}

/** ips/release.go runReleaseIPAddress: each address in turn, stopping at the first error. */
async function runIpsRelease(ctx) {
  for (const address of ctx.args) {
    if (!isIpAddress(address)) throw new CliError(`Invalid IP address: '${address}'`)
    await fetchApp(ctx, gql(QUERIES.releaseIp))
    await mutateApp(ctx, (app) => {
      const index = (app.ips ?? []).findIndex((ip) => ip.Address === address && !String(ip.Type).startsWith('egress'))
      // The API's wording for an address the app does not hold is not in public sources: a guess.
      if (index === -1) throw new CliError(`failed to run ${QUERIES.releaseIp}: Could not find IP address ${address} on app ${ctx.appName}`)
      app.ips.splice(index, 1)
    })
    out(`Released ${address} from ${ctx.appName}\n`)
  }
}

/** net.ParseIP: dotted IPv4 or IPv6 text. */
function isIpAddress(text) {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every((part) => Number(part) <= 255)
  return /^[0-9a-f:]+$/i.test(text) && text.includes(':') && (text.match(/::/g) ?? []).length <= 1
}

function guestSize(g) {
  if (!g) return ''
  const kind = g.cpu_kind === 'performance' ? 'performance' : 'shared'
  return `${kind}-cpu-${g.cpus ?? 1}x:${g.memory_mb}MB`
}

async function runMachinesList(ctx) {
  const app = await fetchApp(ctx, flaps('failed to list VMs: '))
  const machines = (app.machines ?? []).map(orderMachine)
  if (ctx.flags.json) return renderJson(machines)
  if (!machines.length) {
    if (!ctx.flags.quiet) out(`No machines are available on this app ${ctx.appName}\n`)
    return
  }
  if (ctx.flags.quiet) return renderTable(machines.map((m) => [m.id]), [])
  // iostreams.CreateLink without a clickable terminal: "text (\u200Burl)".
  out(`${machines.length} machines have been retrieved from app ${ctx.appName}.\nView them in the UI here (\u200Bhttps://fly.io/apps/${ctx.appName}/machines/)\n\n`)
  const rows = machines.map((m) => {
    const checks = m.checks ?? []
    const labels = m.image_ref?.labels ?? {}
    return [
      m.id, m.name ?? '', m.state ?? '', checks.length ? `${checks.filter((c) => c.status === 'passing').length}/${checks.length}` : '', m.region ?? '',
      checks.find((c) => c.name === 'role')?.output ?? '',
      `${m.image_ref?.repository}:${m.image_ref?.tag}${labels['fly.version'] ? ` (${labels['fly.version']})` : ''}`,
      m.private_ip ?? '', m.config?.mounts?.[0]?.volume ?? '', m.created_at ?? '', m.updated_at ?? '',
      m.config?.metadata?.fly_process_group ?? m.config?.metadata?.process_group ?? '', guestSize(m.config?.guest)
    ]
  })
  renderTable(rows, ['ID', 'Name', 'State', 'Checks', 'Region', 'Role', 'Image', 'IP Address', 'Volume', 'Created', 'Last Updated', 'Process Group', 'Size'], ctx.appName)
}

/** `fly services list`: one row per distinct service across the machines (used by the manual-procedure baseline). */
async function runServicesList(ctx) {
  const app = await fetchApp(ctx, flaps('failed to list VMs: '))
  const rows = new Map()
  for (const machine of app.machines ?? []) {
    for (const service of machine.config?.services ?? []) {
      const ports = (service.ports ?? []).map((p) => `${p.port} => ${service.internal_port}`).join(', ')
      const key = `${service.protocol}|${ports}`
      const row = rows.get(key) ?? { service, ports, regions: new Set(), machines: 0 }
      row.regions.add(machine.region)
      row.machines++
      rows.set(key, row)
    }
  }
  if (ctx.flags.json) return renderJson([...rows.values()].map((r) => r.service))
  renderTable(
    [...rows.values()].map((r) => [
      (r.service.protocol ?? 'tcp').toUpperCase(), r.ports,
      [...new Set((r.service.ports ?? []).flatMap((p) => p.handlers ?? []))].map((h) => h.toUpperCase()).join(', '),
      String((r.service.ports ?? []).some((p) => p.force_https)), 'app', [...r.regions].join(', '), String(r.machines)
    ]),
    ['Protocol', 'Ports', 'Handlers', 'Force HTTPS', 'Process Group', 'Regions', 'Machines']
  )
}

const FLY_PG_REPOSITORIES = ['flyio/postgres-flex', 'flyio/postgres-flex-timescaledb', 'flyio/postgres']
const majorOf = (version) => String(version ?? '').split('.')[0]

/** The tag fly's image API reports as latest for a machine's image (same major track), or null if unknown. */
function latestTagFor(machine) {
  const ref = machine.image_ref ?? {}
  if (ref.registry !== DOCKER_HUB || !FLY_PG_REPOSITORIES.includes(ref.repository)) return null // "Unknown repository": skipped
  return majorOf(ref.labels?.['fly.pg-version'] ?? ref.tag)
}

function imageDetails(machine, forJson) {
  const ref = machine.image_ref ?? {}
  const labels = ref.labels && Object.keys(ref.labels).length ? ref.labels : null
  const labelText = forJson ? (labels ? goEscape(JSON.stringify(sortedObject(labels))) : '') : Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join('')
  return { Digest: ref.digest ?? '', Labels: labelText, MachineID: machine.id, Registry: ref.registry ?? '', Repository: ref.repository ?? '', Tag: ref.tag ?? '', Version: ref.labels?.['fly.version'] || 'N/A' }
}

async function runImageShow(ctx) {
  const app = await fetchApp(ctx, gql(QUERIES.appCompact, 'get app: '))
  await chargeApiCall(ctx) // flaps List
  const machines = app.machines ?? []
  if (ctx.args.length) {
    const machine = machines.find((m) => m.id === ctx.args[0])
    if (!machine) throw new CliError(`failed to get machine: machine not found`, { requestId: `${ulid()}-iad` })
    const d = imageDetails(machine, ctx.flags.json)
    if (ctx.flags.json) return renderJson(d)
    out(`${bold('Image Details')}\n`)
    for (const [k, v] of [['Registry', d.Registry], ['Repository', d.Repository], ['Tag', d.Tag], ['Version', d.Version], ['Digest', d.Digest], ['Labels', d.Labels]]) out(`  ${k.toUpperCase()} │ ${v} \n`)
    return out('\n')
  }
  let latest = null
  for (const machine of machines) {
    await chargeApiCall(ctx) // GetLatestImageDetails
    const tag = latestTagFor(machine)
    if (tag === null) continue
    latest ??= tag
    // image/show.go: postgres apps abort when machines track different majors.
    if (isPostgresApp(app) && latest !== tag) throw new CliError('major version mismatch detected')
  }
  const objs = machines.map((m) => imageDetails(m, ctx.flags.json))
  if (ctx.flags.json) return renderJson(objs.length ? objs : null) // nil slice -> null
  renderTable(objs.map((d) => [d.MachineID, d.Registry, d.Repository, d.Tag, d.Version, d.Digest, d.Labels]), ['Machine ID', 'Registry', 'Repository', 'Tag', 'Version', 'Digest', 'Labels'], 'Image Details')
}

async function runConfigSave(ctx) {
  const { config, warnings } = await configFromRemoteApp(ctx)
  if (warnings.length) errOut(`WARNINGS:\n${warnings.join('\n')}`)
  // config/save.go: the target is --config (resolved like ResolveConfigFileFromPath) or the working directory.
  let target = resolve(ctx.flags.config ?? process.cwd())
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'fly.toml')
  if (ctx.flags.json) target = target.replace(/\.[^./]*$/, '') + '.json'
  else if (ctx.flags.yaml) throw new CliError('the flyctl simulator does not write YAML configs')
  if (existsSync(target) && !ctx.flags.yes) {
    // prompt.Confirmf without a terminal returns prompt.ErrNonInteractive unwrapped.
    throw new CliError('prompt: non interactive')
  }
  if (existsSync(target) && target.endsWith('.toml')) {
    const previous = loadConfigText(readFileSync(target, 'utf8'), target)
    if (previous.build) config.build = previous.build // keepPrevSections: [build] is not kept remotely
  }
  mkdirSync(dirname(target), { recursive: true })
  const ordered = normalizeConfig(config, target)
  writeFileSync(target, ctx.flags.json ? `${JSON.stringify(ordered, null, 2)}\n` : configToToml(ordered))
  out(`Wrote config file ${relative(process.cwd(), target)}\n`)
}

// ---------------------------------------------------------------- deploy

function parseImageRef(text) {
  let rest = text
  let digest = ''
  if (rest.includes('@')) [rest, digest] = rest.split('@')
  const parts = rest.split('/')
  let registry = DOCKER_HUB
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift()
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB
  let repository = parts.join('/')
  let tag = 'latest'
  const colon = repository.lastIndexOf(':')
  if (colon > 0) [repository, tag] = [repository.slice(0, colon), repository.slice(colon + 1)]
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository, tag, digest }
}

/** Resolves --image (imgsrc resolver: local docker first unless --remote-only, then Fly's remote lookup). */
function resolveDeployImage(ctx, imageRef) {
  const local = (ctx.state.localDockerImages ?? []).includes(imageRef) && !ctx.flags['remote-only']
  if (local) {
    // A local image is pushed to registry.fly.io/<app> under a deployment tag (reference: pass --remote-only).
    errOut(`Searching for image '${imageRef}' locally...\nimage found: sha256:${sha256(`local/${imageRef}`)}\n`)
    errOut(`==> Pushing image to fly\n--> Pushing image done\n`)
    const tag = `deployment-${ulid()}`
    errOut(`image: registry.fly.io/${ctx.appName}:${tag}\nimage size: 156 MB\n`)
    return { registry: 'registry.fly.io', repository: ctx.appName, tag, digest: `sha256:${sha256(`${ctx.appName}:${tag}`)}`, pushedFrom: imageRef }
  }
  if (ctx.flags['local-only']) throw new CliError(`failed to fetch an image or build from source: could not find image "${imageRef}"`)
  errOut(`Searching for image '${imageRef}' remotely...\n`)
  const ref = parseImageRef(imageRef)
  const known = (ref.registry === DOCKER_HUB && FLY_PG_REPOSITORIES.includes(ref.repository) && /^(\d+(\.\d+)*|latest)$/.test(ref.tag)) || (ctx.state.remoteImages ?? []).includes(imageRef)
  if (!known) throw new CliError(`failed to fetch an image or build from source: could not find image "${imageRef}"`)
  errOut(`image found: img_${randomBase36(16)}\n`)
  // `flyio/postgres-flex:<major>` is a moving tag: it resolves to the newest build of that major (the fixtures'
  // digest for LATEST_MINOR), so a deploy of it upgrades the minor and the flex manager too.
  const build = FLY_PG_REPOSITORIES.includes(ref.repository) && LATEST_MINOR[ref.tag] ? LATEST_MINOR[ref.tag] : ref.tag
  return { ...ref, digest: ref.digest || `sha256:${sha256(`${ref.repository}:${build}`)}` }
}

/** image_ref after a deploy: the deployed image, with the machine's labels (fly.pg-version follows a numeric tag). */
function newImageRef(oldRef, img) {
  const labels = { ...(oldRef?.labels ?? {}) }
  const sameBuild = oldRef?.digest && oldRef.digest === img.digest
  if (img.registry === DOCKER_HUB && /^\d+(\.\d+)*$/.test(img.tag) && !sameBuild) {
    labels['fly.pg-version'] = img.tag.includes('.') ? img.tag : (LATEST_MINOR[img.tag] ?? img.tag)
    // A moving major tag brings the newest flex manager as well (label fly.version).
    if (!img.tag.includes('.') && img.repository.startsWith('flyio/postgres-flex')) labels['fly.version'] = LATEST_FLEX_VERSION
    if (img.repository === 'flyio/postgres') delete labels['fly.pg-manager']
    else if (img.repository.startsWith('flyio/postgres-flex')) labels['fly.pg-manager'] = 'repmgr'
  }
  return { registry: img.registry, repository: img.repository, tag: img.tag, digest: img.digest, labels: sortedObject(labels) }
}
const imageString = (img) => `${img.registry === DOCKER_HUB ? '' : `${img.registry}/`}${img.repository}:${img.tag}@${img.digest}`

function shellSplit(cmd) {
  return (cmd.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''))
}

function toMachineService(svc) {
  const autostop = svc.auto_stop_machines
  return compact({
    protocol: svc.protocol, internal_port: svc.internal_port,
    // fly-go MachineAutostop: the API answers booleans for "off"/"stop".
    autostop: autostop === 'stop' || autostop === true ? true : autostop === 'off' || autostop === false ? false : autostop,
    autostart: svc.auto_start_machines, min_machines_running: svc.min_machines_running,
    ports: svc.ports,
    checks: [...(svc.tcp_checks ?? []).map((c) => ({ type: 'tcp', ...c })), ...(svc.http_checks ?? []).map((c) => ({ type: 'http', ...c }))],
    concurrency: svc.concurrency
  }, ['autostart', 'autostop'])
}

/** appconfig.updateMachineConfig + deploy.launchInputForUpdate: the machine config a deploy sends. */
function machineConfigForGroup(cfg, group, old, deployment) {
  const flat = flatten(cfg, group)
  const c = structuredClone(old ?? {})
  if (flat.metrics.length) c.metrics = compact({ port: flat.metrics[0].port, path: flat.metrics[0].path, https: flat.metrics[0].https })
  else delete c.metrics
  const init = { ...(c.init ?? {}) }
  const cmd = cfg.processes?.[group] ? shellSplit(cfg.processes[group]) : cfg.experimental?.cmd
  for (const [key, value] of [['cmd', cmd], ['entrypoint', cfg.experimental?.entrypoint], ['exec', cfg.experimental?.exec], ['swap_size_mb', cfg.swap_size_mb]]) {
    if (value === undefined) delete init[key]
    else init[key] = value
  }
  c.init = init
  c.metadata = { ...(c.metadata ?? {}), fly_flyctl_version: VERSION, fly_platform_version: 'v2', fly_process_group: group, fly_release_id: deployment.releaseId, fly_release_version: String(deployment.releaseVersion) }
  // deploy/machines_launchinput.go setMachineReleaseData
  if (deployment.isPostgres) c.metadata['fly-managed-postgres'] = 'true'
  else delete c.metadata['fly-managed-postgres']
  const services = allServices(flat).map(toMachineService)
  if (services.length) c.services = services
  else delete c.services
  if (flat.checks) {
    c.checks = {}
    for (const [name, check] of Object.entries(flat.checks)) {
      const port = check.port ?? flat.http_service?.internal_port
      if (port === undefined) throw new CliError(`Check '${name}' for process group '${group}' has no port set and the group has no http_service to take it from`)
      c.checks[name] = compact({ ...check, processes: undefined, port, method: check.method?.toUpperCase() })
    }
  } else delete c.checks
  c.env = { ...(flat.env ?? {}), FLY_PROCESS_GROUP: group, ...(flat.primary_region ? { PRIMARY_REGION: flat.primary_region } : {}) }
  const fileMount = flat.mounts[0]
  const oldMount = old?.mounts?.[0]
  if (!fileMount) delete c.mounts
  else if (!oldMount) c.mounts = [compact({ path: fileMount.destination, name: fileMount.source })]
  else if (oldMount.path !== fileMount.destination && (oldMount.name === fileMount.source || !oldMount.name)) {
    errOut(`Updating the mount path for volume ${oldMount.volume} on machine ${deployment.machineId} from ${oldMount.path} to ${fileMount.destination} due to fly.toml [mounts] destination value\n`)
    c.mounts = [{ ...oldMount, path: fileMount.destination }]
  } else c.mounts = [oldMount] // the attached volume is retained
  if (cfg.kill_signal || cfg.kill_timeout) c.stop_config = compact({ timeout: cfg.kill_timeout, signal: cfg.kill_signal })
  else delete c.stop_config
  if (flat.vm.length) {
    // appconfig computeToGuest: a size preset (shared-cpu-Nx: 256MB/cpu, performance-Nx: 2GB/cpu), then overrides.
    const vm = flat.vm[0]
    const size = vm.size ?? 'shared-cpu-1x'
    const kind = size.startsWith('performance') ? 'performance' : 'shared'
    const cpus = vm.cpus ?? (Number.parseInt(/(\d+)x$/.exec(size)?.[1] ?? '1', 10) || 1)
    const memory = vm.memory ? Number.parseInt(vm.memory, 10) * (/g/i.test(vm.memory) ? 1024 : 1) : undefined
    c.guest = compact({ cpu_kind: vm.cpu_kind ?? kind, cpus, memory_mb: vm.memory_mb ?? memory ?? cpus * (kind === 'performance' ? 2048 : 256) })
  }
  // appconfig/machines.go: Restart = nil unless fly.toml has [[restart]]; the Machines API then runs the
  // default policy (fly-go MachineRestart: "on-failure ... Default when no explicit policy is set").
  const restart = flat.restart[flat.restart.length - 1]
  c.restart = restart ? compact({ policy: { always: 'always', 'on-failure': 'on-failure', never: 'no' }[restart.policy], max_retries: restart.retries }) : { policy: 'on-failure' }
  c.image = imageString(deployment.image)
  return c
}

function parseDurationFlag(ctx, name, fallbackMs) {
  const raw = ctx.flags[name]
  if (raw === undefined) return fallbackMs
  if (raw === 'none') return 0
  const ms = parseGoDuration(raw) ?? (/^\d+$/.test(raw) ? Number(raw) * 1000 : null)
  if (ms === null) throw new CliError(`invalid duration value ${raw} used for --${name} flag: valid options are a number of seconds, number with time unit (i.e.: 5m, 180s) or 'none'`)
  return ms
}

function newMachine(ctx, group, cfg, deployment, region, volume) {
  const id = randomHex(14)
  const config = machineConfigForGroup(cfg, group, { init: {}, guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 } }, { ...deployment, machineId: id })
  // The new machine mounts the volume just created for it (deploy_first.go): empty, so a new database.
  if (volume && config.mounts?.length) config.mounts = [{ encrypted: true, path: config.mounts[0].path, size_gb: volume.size_gb, volume: volume.id, name: volume.name }]
  return {
    id, name: `${['young', 'quiet', 'wild', 'small'][byte() % 4]}-${['bird', 'moon', 'fog', 'pine'][byte() % 4]}-${1000 + (byte() * 31) % 9000}`,
    state: 'started', region, image_ref: newImageRef({ labels: {} }, deployment.image), instance_id: ulid(),
    private_ip: `fdaa:9:${randomHex(4)}:a7b:${randomHex(3)}:${randomHex(4)}:${randomHex(4)}:2`, created_at: nowIso(), updated_at: nowIso(),
    config, events: [{ type: 'launch', status: 'created', source: 'user', timestamp: Date.now() }], checks: [], host_status: 'ok', cordoned: false
  }
}

// fly-go machine_types.go: IsActive, IsFlyAppsPlatform, IsFlyAppsConsole, IsFlyAppsReleaseCommand.
const isActive = (m) => !['destroyed', 'destroying'].includes(m.state)
const processGroupOf = (m) => m.config?.metadata?.fly_process_group || m.config?.metadata?.process_group || ''
const isV2 = (m) => m.config?.metadata?.fly_platform_version === 'v2'
const isReservedGroup = (m) => isV2(m) && ['fly_app_console', 'fly_app_release_command'].includes(processGroupOf(m))
const isFlyAppsMachine = (m) => isV2(m) && isActive(m) && !isReservedGroup(m)

/** deploy.go --only-machines / --exclude-machines (machines.go machineFilteredFromDeployment). */
function filteredFromDeployment(flags, m) {
  if (flags['only-machines']?.length && !flags['only-machines'].includes(m.id)) return true
  return Boolean(flags['exclude-machines']?.length && flags['exclude-machines'].includes(m.id))
}

/** deploy_first.go provisionVolumesOnFirstDeploy: DefaultVolumeInitialSizeGB (1) unless initial_size says otherwise. */
function firstDeployVolumes(cfg) {
  return processNames(cfg).flatMap((group) => flatten(cfg, group).mounts.map((m) => ({
    id: `vol_${randomBase36(16)}`, name: m.source, group, region: cfg.primary_region ?? 'iad',
    size_gb: Number.parseInt(String(m.initial_size ?? '1'), 10) || 1, encrypted: true, created_at: nowIso()
  })))
}

/** deploy/machines.go validateVolumeConfig (mounts are checked before anything changes). */
function validateVolumes(cfg, groupsOf, machines, newVolumes = []) {
  for (const group of processNames(cfg)) {
    const flat = flatten(cfg, group)
    const ms = machines.filter((m) => groupsOf.get(m.id) === group)
    const src = flat.mounts[0]?.source
    const dst = flat.mounts[0]?.destination
    if (!ms.length) {
      // Unattached volumes are not modelled: only the ones a first deploy just created can be used.
      for (const m of flat.mounts) if (!newVolumes.some((v) => v.name === m.source)) throw new CliError(`creating a new machine in group '${group}' requires an unattached '${m.source}' volume. Create it with \`fly volume create ${m.source}\``)
      continue
    }
    const needs = {}
    for (const m of ms) {
      const mounts = m.config?.mounts ?? []
      if (!dst && mounts.length) {
        errOut(`Warning! machine ${m.id} [${group}] has a volume mounted but app config does not specify a volume.\nThis usually indicates a misconfiguration.\n`)
        // prompt.Confirm (not ConfirmYes/--yes aware) without a terminal.
        throw new CliError('yes flag must be specified when not running interactively')
      }
      if (dst && !mounts.length) needs[m.region] = (needs[m.region] ?? 0) + 1
      if (mounts.length && src && mounts[0].name && src !== mounts[0].name) {
        throw new CliError(`machine ${m.id} [${group}] can't update the attached volume ${src} with name '${mounts[0].volume}' by '${mounts[0].name}'`)
      }
    }
    const missing = Object.entries(needs).map(([r, n]) => `${r}=${n}`)
    if (missing.length) throw new CliError(`Process group '${group}' needs volumes with name '${src}' to fulfill mounts defined in fly.toml; Run \`fly volume create ${src} -r REGION -n COUNT\` for the following regions and counts: ${missing.join(' ')}`)
  }
}

function recordedFlags(flags) {
  const skip = new Set(['app', 'access-token', 'image', 'config'])
  return Object.entries(flags).filter(([k]) => !skip.has(k)).flatMap(([k, v]) => {
    if (v === true) return [`--${k}`]
    if (v === false) return [`--${k}=false`]
    return (Array.isArray(v) ? v : [v]).map((x) => `--${k}=${x}`)
  })
}

async function runDeploy(ctx) {
  if (ctx.args[0]) {
    const wd = resolve(ctx.args[0])
    try {
      process.chdir(wd) // command.ChangeWorkingDirectoryToFirstArgIfPresent
    } catch {
      throw new CliError(`failed changing working directory: chdir ${wd}: no such file or directory`)
    }
  }
  requireAppName(ctx)
  // determineAppConfig
  errOut('==> Verifying app config\n')
  let cfg = ctx.appConfig
  if (!cfg) {
    try {
      cfg = (await configFromRemoteApp(ctx)).config
    } catch (e) {
      if (String(e.message).includes('Could not find App')) throw new CliError(`the app name ${ctx.appName} could not be found, did you create the app or misspell it in the fly.toml file or via -a?`)
      throw e
    }
  }
  const envFlags = Object.fromEntries((ctx.flags.env ?? []).map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]))
  cfg = cloneConfig(cfg, { app: ctx.appName, env: { ...(cfg.env ?? {}), ...envFlags } })
  let check = validateConfig(cfg)
  out(check.info)
  if (check.error) throw new CliError(check.error)
  errOut('--> Verified app config\n')

  const app = await fetchApp(ctx, flaps('')) // DeployWithConfig: flapsClient.GetApp
  errOut('==> Building image\n')
  const imageArg = ctx.flags.image || cfg.build?.image
  let image
  if (imageArg) image = resolveDeployImage(ctx, imageArg)
  else if (existsSync(join(process.cwd(), cfg.build?.dockerfile ?? 'Dockerfile'))) {
    const tag = `deployment-${ulid()}`
    errOut(`==> Building image with Depot\n--> build:\n--> Building image done\nimage: registry.fly.io/${ctx.appName}:${tag}\nimage size: 148 MB\n`)
    image = { registry: 'registry.fly.io', repository: ctx.appName, tag, digest: `sha256:${sha256(tag)}` }
  } else {
    throw new CliError('failed to fetch an image or build from source: app does not have a Dockerfile or buildpacks configured. See https://fly.io/docs/reference/configuration/#the-build-section')
  }
  await chargeApiCall(ctx) // ResolveImageForApp
  out(`\nWatch your deployment at https://fly.io/apps/${ctx.appName}/monitoring\n\n`)

  const waitTimeout = parseDurationFlag(ctx, 'wait-timeout', 300000)
  parseDurationFlag(ctx, 'release-command-timeout', 300000)
  const leaseTimeout = parseDurationFlag(ctx, 'lease-timeout', 13000)
  if (ctx.flags['max-unavailable'] !== undefined && ctx.flags['max-unavailable'] <= 0) throw new CliError('the value for --max-unavailable must be > 0')
  if (ctx.flags['deploy-retries'] !== undefined && ctx.flags['deploy-retries'] !== 'auto' && !/^\d+$/.test(ctx.flags['deploy-retries'])) {
    throw new CliError("--deploy-retries must be set to a positive integer, 0, or 'auto'")
  }

  // NewMachineDeployment: --strategy / --primary-region go into the config, which is validated again.
  if (ctx.flags.strategy) cfg.deploy = { ...(cfg.deploy ?? {}), strategy: ctx.flags.strategy }
  if (ctx.flags['primary-region']) cfg.primary_region = ctx.flags['primary-region']
  check = validateConfig(cfg)
  if (check.error) {
    errOut(check.info)
    throw new CliError(check.error)
  }
  if (waitTimeout !== 300000 || leaseTimeout !== 13000) {
    errOut(`Using wait timeout: ${formatGoDuration(waitTimeout)} lease timeout: ${formatGoDuration(leaseTimeout)} delay between lease refreshes: ${formatGoDuration(Math.floor((leaseTimeout - 1000) / 3))}\n`)
  }
  const strategy = cfg.deploy?.strategy ?? 'rolling'
  await chargeApiCall(ctx) // ListFlyAppsMachines
  // fly-go flaps ListFlyAppsMachines: only v2, active, non-console, non-release-command machines are deployed to.
  const flyAppsMachines = (app.machines ?? []).filter(isFlyAppsMachine)
  // deploy/machines.go setMachinesForDeployment: none of those, but active machines (fly-go ListActive) -> first deploy.
  const activeMachines = (app.machines ?? []).filter((m) => isActive(m) && !isReservedGroup(m))
  const isFirstDeploy = flyAppsMachines.length === 0 && activeMachines.length > 0
  if (isFirstDeploy) errOut(`${yellow('[WARNING]')} Your app doesn't have any Fly Launch machines, so we'll create one now. Learn more at \nhttps://fly.io/docs/launch/\n\n`)
  const machines = flyAppsMachines.filter((m) => !filteredFromDeployment(ctx.flags, m))
  if (machines.length !== flyAppsMachines.length) {
    const applied = ['only-machines', 'exclude-machines'].filter((f) => ctx.flags[f]?.length).map((f) => `--${f}`)
    errOut(`${applied.join('/')} filter${applied.length > 1 ? 's' : ''} applied, deploying to ${machines.length}/${flyAppsMachines.length} machines\n`)
  }
  // setMachinesForDeployment: machines without a process group join the config's default group.
  const groupsOf = new Map(machines.map((m) => [m.id, m.config?.metadata?.fly_process_group || m.config?.metadata?.process_group || defaultProcessName(cfg)]))
  // deploy_first.go provisionVolumesOnFirstDeploy: one new (empty) volume per mount, before the volume checks.
  const newVolumes = isFirstDeploy ? firstDeployVolumes(cfg) : []
  validateVolumes(cfg, groupsOf, machines, newVolumes)

  // resolveProcessGroupChanges: machines outside the config's groups are destroyed (no prompt).
  const groups = processNames(cfg)
  const toRemove = machines.filter((m) => !groups.includes(groupsOf.get(m.id)))
  const needing = groups.filter((g) => !machines.some((m) => groupsOf.get(m.id) === g))
  if (toRemove.length || needing.length) {
    out(isFirstDeploy ? 'This deployment will:\n' : 'Process groups have changed. This will:\n')
    const removedPerGroup = toRemove.reduce((acc, m) => ({ ...acc, [groupsOf.get(m.id)]: (acc[groupsOf.get(m.id)] ?? 0) + 1 }), {})
    for (const [g, n] of Object.entries(removedPerGroup)) out(` * destroy ${n} "${g}" machine${n === 1 ? '' : 's'}\n`)
    for (const g of needing) {
      const flat = flatten(cfg, g)
      const ha = ctx.flags.ha !== false
      out(` * create ${!ha || flat.mounts.length ? `1 "${g}" machine` : allServices(flat).length ? `2 "${g}" machines` : `1 "${g}" machine and 1 standby machine for it`}\n`)
    }
    out('\n')
  }

  const releaseId = randomBase36(16)
  const releaseVersion = (app.releaseVersion ?? 0) + 1
  const deployment = { image, releaseId, releaseVersion, isPostgres: isPostgresApp(app) }
  const startedAt = Date.now()
  const created = []
  for (const volume of newVolumes) out(`Creating a ${volume.size_gb} GB volume named '${volume.name}' for process group '${volume.group}'. Use 'fly vol extend' to increase its size\n`)
  for (const g of needing) {
    const flat = flatten(cfg, g)
    const region = cfg.primary_region ?? 'iad'
    created.push(newMachine(ctx, g, cfg, deployment, region, newVolumes.find((v) => v.group === g)))
    if (ctx.flags.ha !== false && !flat.mounts.length) created.push(newMachine(ctx, g, cfg, deployment, region))
  }
  const updates = machines.filter((m) => !toRemove.includes(m)).sort((a, b) => (a.id < b.id ? -1 : 1)).map((m) => {
    try {
      return { id: m.id, group: groupsOf.get(m.id), config: machineConfigForGroup(cfg, groupsOf.get(m.id), m.config, { ...deployment, machineId: m.id }), image_ref: newImageRef(m.image_ref, image) }
    } catch (e) {
      throw new CliError(`failed to update machine configuration for ${m.id} [${groupsOf.get(m.id)}]: ${e.message}`)
    }
  })
  // createReleaseInBackend, then destroy/create machines.
  await chargeApiCall(ctx)
  await mutateApp(ctx, (live) => {
    live.deployedWithFlyDeploy = true
    live.releaseConfig = JSON.parse(JSON.stringify(cfg))
    live.releaseVersion = releaseVersion
    live.deployingSince = startedAt
    live.machines = (live.machines ?? []).filter((m) => !toRemove.some((r) => r.id === m.id))
    live.machines.push(...created)
    if (newVolumes.length) (live.volumes ??= []).push(...newVolumes.map(({ group: _group, ...volume }) => ({ ...volume, attached_machine_id: created.find((m) => m.config.mounts?.[0]?.volume === volume.id)?.id ?? null, empty: true })))
  })
  for (const m of toRemove) out(`machine ${m.id} was found and is currently in ${m.state} state, attempting to destroy...\n`)
  for (const g of needing) out(`No machines in group ${g}, launching a new machine\n`)
  if (created.length > needing.length) out('Creating a second machine for high availability and zero downtime deployments.\nTo disable this, set "min_machines_running = 0" in your fly.toml.\n')
  if (needing.length) errOut('Finished launching new machines\n')

  // deploy/plan.go updateMachines: a lease on every machine to update first; one held elsewhere is unrecoverable.
  if (updates.length) {
    await chargeApiCall(ctx) // AcquireLease
    try {
      await acquireLeases(ctx, updates.map((u) => u.id), leaseTimeout + (ctx.state.deployDelayMs ?? 0))
    } catch (e) {
      throw new CliError(`failed to acquire leases: ${e.message}`)
    }
  }
  if (updates.length) out(`Updating existing machines in '${ctx.appName}' with ${strategy} strategy\n`)
  const total = updates.length
  const idx = (i) => (total > 1 ? ` [${String(i + 1).padStart(String(total).length, '0')}/${total}]` : '')
  for (const [i, u] of updates.entries()) {
    const fmt = `${u.id} [${u.group}]`
    out(`>${idx(i)} Updating ${fmt}\n>${idx(i)} Updating ${fmt}\n>${idx(i)} Waiting for ${fmt} to have state: started\n>${idx(i)} Machine ${fmt} has state: started\n`)
    const checks = Object.keys(u.config.checks ?? {}).length
    if (checks) out(`>${idx(i)} Waiting for ${fmt} to become healthy: ${checks}/${checks}\n\n`)
    await chargeApiCall(ctx)
  }
  if (ctx.state.deployDelayMs > 0) await sleep(ctx.state.deployDelayMs)
  await mutateApp(ctx, (live) => {
    for (const u of updates) {
      const m = (live.machines ?? []).find((x) => x.id === u.id)
      if (!m) continue
      m.config = u.config
      m.image_ref = u.image_ref
      m.instance_id = ulid()
      m.updated_at = nowIso()
    }
    delete live.deployingSince
    ;(live.deploys ??= []).push({
      at: Date.now(), image: imageArg ?? `${image.registry}/${image.repository}:${image.tag}`, flags: recordedFlags(ctx.flags), toml: ctx.configText ?? null,
      startedAt, strategy, configPath: ctx.configPath ?? null, release: releaseVersion,
      destroyedMachines: toRemove.map((m) => m.id), createdMachines: created.map((m) => m.id), updatedMachines: updates.map((u) => u.id),
      firstDeploy: isFirstDeploy, createdVolumes: newVolumes.map((v) => v.id)
    })
  })
  for (const [i, u] of updates.entries()) out(`✔${idx(i)} Machine ${u.id} [${u.group}] update succeeded\n`)
  // DeployWithConfig: a "Visit" line only for apps with an HTTP URL (pg_tls services have none).
  if (allServices(cfg).some((s) => (s.ports ?? []).some((p) => (p.handlers ?? []).includes('http')))) out(`\nVisit your newly deployed app at https://${ctx.appName}.fly.dev/\n\n`)
}

// ---------------------------------------------------------------- machine leases

const LEASE_OWNER = 'ci@example.com' // flaps returns the token owner's email as the lease holder
const MACHINE_LEASE_TTL_MS = 13000 // guess: machine/lease.go's default TTL is not checked; deploy's --lease-timeout is 13 s

/**
 * fly-go flaps AcquireLease: one holder per machine until its TTL ends or it is cleared. A lease still held fails
 * with `failed to get lease on VM <id>: machine ID <id> lease currently held by <owner>, expires at <time>` (the
 * server's text after the colon is a guess). A state value that is a plain string is a lease held for good.
 * The leases are cleared when this process ends (main's finally), as flyctl's deferred releaseLeases does; a killed
 * process leaves them until they expire.
 */
async function acquireLeases(ctx, ids, ttlMs) {
  const nonce = randomHex(16)
  await withStateLock((state) => {
    const app = state.apps?.[ctx.appName]
    if (!app) throw apiError(flaps(''), 'notfound', ctx.appName)
    app.leases ??= {}
    for (const id of ids) {
      const lease = app.leases[id]
      const expiresAt = typeof lease === 'string' ? Date.now() + 60000 : lease?.expiresAt
      if (lease && expiresAt > Date.now()) {
        const owner = typeof lease === 'string' ? lease : lease.owner
        throw new CliError(`failed to get lease on VM ${id}: machine ID ${id} lease currently held by ${owner}, expires at ${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}`)
      }
    }
    for (const id of ids) app.leases[id] = { owner: LEASE_OWNER, nonce, expiresAt: Date.now() + ttlMs }
  })
  ctx.leases = { nonce, ids }
}

/** Clears the leases this process holds (by nonce), whatever the command's outcome. */
async function releaseLeases(ctx) {
  if (!ctx.leases) return
  const { nonce, ids } = ctx.leases
  ctx.leases = undefined
  await withStateLock((state) => {
    const leases = state.apps?.[ctx.appName]?.leases ?? {}
    for (const id of ids) if (leases[id]?.nonce === nonce) delete leases[id]
  })
}

// ---------------------------------------------------------------- machine update

/** command_run.go DetermineServices + parsePortFlag: `--port port[:machinePort][/protocol[:handler...]]`. */
function applyPortFlags(services, portFlags) {
  const result = structuredClone(services ?? [])
  for (const spec of portFlags) {
    const [ports, protoHandlers, ...extra] = spec.split('/')
    if (extra.length) throw new CliError('port must be at most two elements (ports/protocol:handler)')
    const [protocol = 'tcp', ...handlers] = (protoHandlers ?? 'tcp').split(':')
    const [external, internal, ...more] = ports.split(':')
    if (more.length) throw new CliError('port definition must be at most 2 elements (external:internal)')
    const port = Number(external)
    const internalPort = internal === undefined ? port : Number(internal)
    if (!/^\d+$/.test(external)) throw new CliError(`invalid port: strconv.Atoi: parsing "${external}": invalid syntax`)
    if (internal !== undefined && !/^\d+$/.test(internal)) throw new CliError(`invalid machine (internal) port: strconv.Atoi: parsing "${internal}": invalid syntax`)
    let svc = result.find((x) => x.internal_port === internalPort && x.protocol === protocol)
    if (!svc) {
      svc = { protocol, internal_port: internalPort }
      result.push(svc)
    }
    if (handlers.length === 1 && handlers[0] === '-') {
      svc.ports = [] // a dash handler removes the service's ports
      continue
    }
    const existing = (svc.ports ?? []).find((p) => p.port === port)
    if (existing) existing.handlers = handlers
    else (svc.ports ??= []).push({ port, handlers })
  }
  return result.filter((x) => (x.ports ?? []).length > 0) // "Remove any service without exposed ports"
}

/**
 * internal/command/machine/update.go runUpdate: lease (internal/machine/lease.go AcquireLease), the config with only
 * the flags' changes (run.go determineMachineConfig keeps image, env, mounts, metadata, restart), a confirmation
 * that needs --yes without a terminal, then internal/machine/update.go Update: wait until settled, then for the
 * health checks (internal/watch/watch.go MachinesChecks).
 */
async function runMachineUpdate(ctx) {
  const id = ctx.args[0]
  if (!id) throw new CliError('a machine ID must be specified or the --select flag used') // guess: checkSelectConditions wording not checked
  const app = await fetchApp(ctx, flaps(`could not get machine ${id}: failed to get VM ${id}: `))
  const machine = (app.machines ?? []).find((m) => m.id === id)
  if (!machine) throw new CliError(`machine ${id} was not found in app '${ctx.appName}'`) // select.go rewriteMachineNotFoundErrors
  if (machine.host_status && machine.host_status !== 'ok') throw new CliError('the machine is on an unreachable host, try again later')
  await chargeApiCall(ctx) // AcquireLease
  try {
    await acquireLeases(ctx, [id], MACHINE_LEASE_TTL_MS)
  } catch (e) {
    throw new CliError(`failed to obtain lease: ${e.message}`, { requestId: `${ulid()}-iad` })
  }
  const config = structuredClone(machine.config ?? {})
  const services = applyPortFlags(config.services, ctx.flags.port ?? [])
  if (services.length) config.services = services
  else delete config.services
  for (const kv of ctx.flags.env ?? []) (config.env ??= {})[kv.split('=')[0]] = kv.split('=').slice(1).join('=')
  let imageRef = machine.image_ref
  if (ctx.flags.image) {
    const img = resolveDeployImage({ ...ctx, flags: { ...ctx.flags, 'remote-only': true } }, ctx.flags.image)
    config.image = imageString(img)
    imageRef = newImageRef(machine.image_ref, img)
  }
  if (!ctx.flags.yes) {
    // machine/config.go ConfirmConfigChanges: no diff is an error; a diff needs a prompt, which fails without a TTY.
    if (JSON.stringify(orderMachineConfig(config)) === JSON.stringify(orderMachineConfig(machine.config))) throw new CliError('no config changes found')
    out(`Configuration changes to be applied to machine: ${id} (${machine.name})\n\n`)
    throw new CliError('yes flag must be specified when not running interactively')
  }
  out(`Updating machine ${id}\n`)
  await chargeApiCall(ctx) // flaps Update
  await mutateApp(ctx, (live) => {
    const m = (live.machines ?? []).find((x) => x.id === id)
    m.config = config
    m.image_ref = imageRef
    m.instance_id = ulid()
    m.updated_at = nowIso()
    ;(live.machineUpdates ??= []).push({ at: Date.now(), id, flags: recordedFlags(ctx.flags) })
  })
  if (ctx.state.deployDelayMs > 0) await sleep(ctx.state.deployDelayMs)
  // Update: WaitForState "settled", then MachinesChecks unless --skip-health-checks.
  const checks = machine.checks ?? []
  if (!ctx.flags['skip-health-checks'] && !ctx.flags['skip-start']) {
    if (!checks.length) out('No health checks found\n')
    else {
      const failing = (ctx.state.unhealthyAfterUpdate ?? []).includes(id)
      errOut(`  Waiting for ${id} to become healthy (started, ${failing ? 0 : checks.length}/${checks.length})\n`)
      await chargeApiCall(ctx)
      // Guess: retry.Do stops at the 300 s context; the wording after "failed to wait for health checks to pass:" is not checked.
      if (failing) throw new CliError(`failed to wait for health checks to pass: Waiting for ${checks.length} non-passing checks`)
    }
  }
  out(`Machine ${id} updated successfully!\n`)
  out(`\nMonitor machine status here:\nhttps://fly.io/apps/${ctx.appName}/machines/${id}\n`)
}

// ---------------------------------------------------------------- faults, logging, main

// ---------------------------------------------------------------- cancellation
// flyctl main.go (newContext): signal.NotifyContext(os.Interrupt, SIGTERM) cancels the command's context, and
// internal/cli/cli.go Run returns 127 for context.Canceled without printing anything. Work already done on Fly stays.

let locksHeld = 0
let cancelledBy = null
let finishCall = () => {}

function exitCancelled() {
  process.exitCode = 127
  finishCall({ signal: cancelledBy })
  process.exit(127)
}

function onCancelSignal(signal) {
  if (cancelledBy) return // NotifyContext keeps catching signals after the first; the context is already cancelled
  cancelledBy = signal
  if (locksHeld === 0) exitCancelled()
}

/** A start line per process (the call log line is written at the end: a SIGKILLed call writes none). */
function logStart(argv) {
  if (!LOG_PATH) return
  mkdirSync(dirname(resolve(LOG_PATH)), { recursive: true })
  appendFileSync(`${LOG_PATH}.started`, `${JSON.stringify({ pid: process.pid, argv, start: Date.now() })}\n`)
}

async function takeFault(commandName) {
  if (!STATE_PATH || !existsSync(STATE_PATH)) return null
  const snapshot = readStateFile()
  const matches = (f) => (f.times === undefined || f.times > 0) && (f.match === commandName || commandName.startsWith(`${f.match} `) || f.match === '*')
  if (!(snapshot.faults ?? []).some(matches)) return null
  return withStateLock((state) => {
    const fault = (state.faults ?? []).find(matches)
    if (fault && fault.times !== undefined) fault.times -= 1
    return fault ?? null
  })
}

function logCall(entry) {
  if (!LOG_PATH) return
  mkdirSync(dirname(resolve(LOG_PATH)), { recursive: true })
  appendFileSync(LOG_PATH, `${JSON.stringify(entry)}\n`)
}

async function main() {
  const argv = process.argv.slice(2)
  const start = Date.now()
  logStart(argv)
  process.on('SIGINT', onCancelSignal)
  process.on('SIGTERM', onCancelSignal)
  const cwd = process.cwd()
  const ctx = { argv, flags: {}, args: [], token: null, tokenSource: null, apiCalls: 0, wrote: false, state: {} }
  let command = null
  let exitCode = 0
  let fault = null
  let logged = false
  finishCall = (extra = {}) => {
    if (logged) return
    logged = true
    logCall({
      // spawnedAt: when this process started, so the benchmark counts node's start-up as flyctl's time, not ours.
      argv, command, cwd, tokenSource: ctx.tokenSource, spawnedAt: performance.timeOrigin, start, end: Date.now(), exitCode: process.exitCode ?? exitCode, write: ctx.wrote,
      kind: COMMANDS[command]?.write ? 'write' : 'read', apiCalls: ctx.apiCalls, fault: Boolean(fault), stderr: captured.stderr.slice(0, 4000), ...extra
    })
  }
  try {
    const resolved = resolveCommand(argv)
    command = resolved.name
    if (!command || resolved.helpOnly) {
      out(`Usage:\n  flyctl ${command ?? '[command]'} [command]\n\nThis is the flyctl simulator used by tests.\n`)
      return
    }
    const spec = COMMANDS[command]
    const parsed = parseFlags(resolved.rest, { ...GLOBAL_FLAGS, ...spec.flags })
    Object.assign(ctx, parsed)
    if (ctx.flags.help) {
      out(`Usage:\n  flyctl ${command} [flags]\n`)
      return
    }
    if (ctx.args.length < (spec.minArgs ?? 0)) throw new CliError(`requires at least ${spec.minArgs} arg(s), only received ${ctx.args.length}`)
    if (ctx.args.length > spec.maxArgs) {
      throw new CliError(spec.maxArgs === 0 ? `unknown command "${ctx.args[0]}" for "flyctl ${command}"` : `accepts at most ${spec.maxArgs} arg(s), received ${ctx.args.length}`)
    }
    ;({ token: ctx.token, source: ctx.tokenSource } = resolveToken(ctx.flags))
    fault = await takeFault(command)
    // An `after` fault lets the command take effect, then fails it: a timeout after Fly said yes.
    if (fault?.after) {
      if (spec.api !== false) {
        ctx.state = readStateFile()
        requireSession(ctx)
        if (command !== 'deploy') requireAppName(ctx)
      }
      await spec.run(ctx)
    }
    if (fault?.stall) {
      // A network black hole: the call waits for an answer that never comes, until it is signalled or killed.
      await new Promise(() => setInterval(() => {}, 60_000))
    }
    if (fault) {
      if (fault.delayMs > 0) await sleep(fault.delayMs)
      if (fault.stdout) out(fault.stdout.endsWith('\n') ? fault.stdout : `${fault.stdout}\n`)
      const stderr = fault.stderr ?? 'Error: injected fault'
      errOut(stderr.endsWith('\n') ? stderr : `${stderr}\n`)
      exitCode = fault.exitCode ?? 1
      return
    }
    if (spec.api !== false) {
      ctx.state = readStateFile()
      requireSession(ctx)
      if (command !== 'deploy') requireAppName(ctx)
      // A slow API for one command (tests use it to let concurrent runs all read before any of them writes).
      const slow = ctx.state.commandDelayMs?.[command]
      if (slow > 0) await sleep(slow)
    }
    await spec.run(ctx)
  } catch (e) {
    if (e instanceof CliError) {
      errOut(`Error: ${e.message}${e.requestId ? ` (Request ID: ${e.requestId})` : ''}\n`)
      if (e.message.startsWith('unknown command') && !command) out("Run 'flyctl --help' for usage.\n\n")
      exitCode = e.exitCode
    } else {
      errOut(`Error: flyctl simulator crashed: ${e?.stack ?? e}\n`)
      exitCode = 3 // cli.Run: panics exit 3
    }
  } finally {
    await releaseLeases(ctx).catch(() => undefined)
    process.exitCode = exitCode
    finishCall()
  }
}

await main()
