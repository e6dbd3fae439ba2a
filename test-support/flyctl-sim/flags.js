// @ts-check
// Flags: the flag sets the modelled commands take, pflag-compatible parsing, and flag helpers for commands.
import { parseGoDuration } from './durations.js'
import { CliError } from './errors.js'

/**
 * A flag's pflag type: StringVar, BoolVar, StringArray, StringSlice, IntVar, Float64Var.
 * @typedef {'string' | 'bool' | 'array' | 'slice' | 'int' | 'float'} FlagType
 */
/** A flag's type and shorthand letter. @typedef {[FlagType, string?]} FlagSpec */
/** @typedef {Record<string, FlagSpec>} FlagSpecs */
/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').Flags} Flags */
/** @typedef {import('./types.js').FlagValue} FlagValue */

/** @type {FlagType} */
export const S = 'string'
/** @type {FlagType} */
export const B = 'bool'
/** @type {FlagType} */
const A = 'array'
/** @type {FlagType} */
const L = 'slice' // pflag StringSlice: comma-separated values are split (StringArray values are not)
/** @type {FlagType} */
const I = 'int'
/** @type {FlagType} */
const F = 'float'
/** @type {FlagSpecs} */
export const GLOBAL_FLAGS = { 'access-token': [S, 't'], verbose: [B], debug: [B], help: [B, 'h'] }
/** @type {FlagSpecs} */
export const APP_FLAGS = { app: [S, 'a'], config: [S, 'c'] }
/** @type {FlagSpecs} */
export const DEPLOY_FLAGS = {
  ...APP_FLAGS,
  image: [S, 'i'],
  now: [B],
  'no-deploy': [B],
  'remote-only': [B],
  'local-only': [B],
  push: [B],
  wg: [B],
  'https-failover': [B],
  detach: [B],
  strategy: [S],
  dockerfile: [S],
  ignorefile: [S],
  'image-label': [S],
  'build-arg': [A],
  'build-secret': [A],
  'build-target': [S],
  'build-context-warn-size': [S],
  'no-cache': [B],
  depot: [S],
  'depot-scope': [S],
  nixpacks: [B],
  'buildkit-addr': [S],
  'buildkit-image': [S],
  buildkit: [B],
  'build-only': [B],
  'buildpacks-docker-host': [S],
  'buildpacks-volume': [L],
  'recreate-builder': [B],
  yes: [B, 'y'],
  'vm-size': [S],
  'vm-cpus': [I],
  'vm-cpu-kind': [S],
  'vm-memory': [S],
  'vm-max-memory': [S],
  'vm-gpus': [I],
  'vm-gpu-kind': [S],
  'host-dedication-id': [S],
  env: [A, 'e'],
  'wait-timeout': [S],
  'release-command-timeout': [S],
  'lease-timeout': [S],
  'force-machines': [B],
  ha: [B],
  'smoke-checks': [B],
  'dns-checks': [B],
  'max-unavailable': [F],
  'no-public-ips': [B],
  flycast: [B],
  'file-local': [A],
  'file-literal': [A],
  'file-secret': [A],
  'primary-region': [S],
  regions: [L],
  'only-regions': [L],
  'exclude-regions': [L],
  'only-machines': [L],
  'exclude-machines': [L],
  'process-groups': [L],
  label: [A],
  'max-concurrent': [I],
  'immediate-max-concurrent': [I],
  'volume-initial-size': [I],
  signal: [S, 's'],
  'deploy-retries': [S],
  'builder-pool': [S],
  compression: [S],
  'compression-level': [I],
  'update-only': [B],
  'skip-release-command': [B],
  'export-manifest': [S],
  'from-manifest': [S]
}

// internal/command/machine/update.go (+ run.go sharedFlags): the flags `machine update` takes that we model.
/** @type {FlagSpecs} */
export const MACHINE_UPDATE_FLAGS = {
  ...APP_FLAGS,
  image: [S, 'i'],
  yes: [B, 'y'],
  port: [L, 'p'],
  env: [A, 'e'],
  detach: [B],
  'skip-start': [B],
  'skip-health-checks': [B],
  command: [S, 'C'],
  'mount-point': [S],
  'wait-timeout': [I],
  metadata: [A, 'm'],
  restart: [S],
  'vm-size': [S],
  select: [B]
}

// internal/command/proxy/proxy.go: flag.App, flag.AppConfig, flag.Org, --select, --quiet, --bind-addr, --watch-stdin.
/** @type {FlagSpecs} */
export const PROXY_FLAGS = { ...APP_FLAGS, org: [S, 'o'], select: [B, 's'], quiet: [B, 'q'], 'bind-addr': [S, 'b'], 'watch-stdin': [B] }

// internal/command/mpg/proxy.go: --bind-addr (127.0.0.1), --local-port (16380); no --quiet, no --org.
/** @type {FlagSpecs} */
export const MPG_PROXY_FLAGS = { 'bind-addr': [S, 'b'], 'local-port': [S, 'p'] }

/** internal/command/postgres/create.go newCreate (flag.Region, flag.Org, flag.Detach, flag.VMSizeFlags and its own). @type {FlagSpecs} */
export const PG_CREATE_FLAGS = {
  region: [S, 'r'],
  org: [S, 'o'],
  detach: [B],
  'vm-size': [S],
  'vm-cpus': [I],
  'vm-cpu-kind': [S],
  'vm-memory': [S],
  'enable-backups': [B],
  name: [S, 'n'],
  'generate-name': [B],
  password: [S, 'p'],
  'initial-cluster-size': [I],
  'volume-size': [I],
  'consul-url': [S],
  'snapshot-id': [S],
  'fork-from': [S],
  'image-ref': [S],
  stolon: [B],
  flex: [B],
  autostart: [B]
}

/**
 * pflag-compatible parsing (error texts from spf13/pflag).
 * @param {string[]} tokens
 * @param {FlagSpecs} spec
 * @returns {{ flags: Flags, args: string[] }}
 */
export function parseFlags(tokens, spec) {
  /** @type {Record<string, FlagValue>} */
  const flags = {}
  /** @type {string[]} */
  const args = []
  /** @type {Record<string, string>} */
  const shorts = Object.fromEntries(
    Object.entries(spec)
      .filter(([, [, s]]) => s)
      .map(([n, [, s]]) => [s, n])
  )
  /** @type {(name: string, raw: string, display: string) => void} */
  const set = (name, raw, display) => {
    const [type] = spec[name]
    if (type === B) {
      const parsed = /** @type {Record<string, boolean>} */ ({
        1: true,
        t: true,
        T: true,
        TRUE: true,
        true: true,
        True: true,
        0: false,
        f: false,
        F: false,
        FALSE: false,
        false: false,
        False: false
      })[raw]
      if (parsed === undefined) throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`)
      flags[name] = parsed
    } else if (type === A) /** @type {string[]} */ (flags[name] ??= []).push(raw)
    else if (type === L) /** @type {string[]} */ (flags[name] ??= []).push(...raw.split(','))
    else if (type === I) {
      if (!/^[-+]?\d+$/.test(raw)) throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`)
      flags[name] = parseInt(raw, 10)
    } else if (type === F) {
      if (Number.isNaN(Number(raw)) || raw.trim() === '')
        throw new CliError(`invalid argument "${raw}" for "${display}" flag: strconv.ParseFloat: parsing "${raw}": invalid syntax`)
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

/**
 * A deploy duration flag (a Go duration, a number of seconds, or `none`), in milliseconds.
 * @param {Ctx} ctx
 * @param {string} name a string flag
 * @param {number} fallbackMs
 */
export function parseDurationFlag(ctx, name, fallbackMs) {
  const raw = /** @type {string | undefined} */ (ctx.flags[name])
  if (raw === undefined) return fallbackMs
  if (raw === 'none') return 0
  const ms = parseGoDuration(raw) ?? (/^\d+$/.test(raw) ? Number(raw) * 1000 : null)
  if (ms === null)
    throw new CliError(
      `invalid duration value ${raw} used for --${name} flag: valid options are a number of seconds, number with time unit (i.e.: 5m, 180s) or 'none'`
    )
  return ms
}

/**
 * The flags as the state's deploy and machine-update records list them (without app, token, image and config).
 * @param {Flags} flags
 */
export function recordedFlags(flags) {
  const skip = new Set(['app', 'access-token', 'image', 'config'])
  return Object.entries(flags)
    .filter(([k]) => !skip.has(k))
    .flatMap(([k, v]) => {
      if (v === true) return [`--${k}`]
      if (v === false) return [`--${k}=false`]
      return (Array.isArray(v) ? v : [v]).map(x => `--${k}=${x}`)
    })
}
