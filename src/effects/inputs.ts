// Turns the raw action inputs into one typed, validated Inputs value. Every input check lives here.
import * as fs from 'node:fs'
import * as net from 'node:net'
import * as path from 'node:path'
import { flyctlTooOld, type FlyctlRoute } from '../pure/flyctl-minimum.js'
import { unknownInputs, unknownInputsMessage } from '../pure/input-names.js'
import { noTokenMessage } from './withheld-secrets.js'
import { TUNNEL_HOST, tunnelSslMode } from '../pure/tunnel.js'
import { DatabaseUrlError, externalUrl, parseDatabaseUrl, passwordForms, urlFromCredentials, type Credentials } from '../pure/url.js'
import { PRIVILEGE_LEVELS, parseLoginTtl, roleNameProblem, type PrivilegeLevel } from '../pure/ci-role.js'
import { parseKeepList, parseMaxAge } from '../pure/prune.js'

/** An input the action cannot use: the run stops before any flyctl call, with this message. */
export class InputError extends Error {
  override name = 'InputError'
}

export type { DeployMode, ImageChoice, Ipv4Mode, Method, Mode, TlsMode } from '../pure/input-types.js'
import type { DeployMode, ImageChoice, Ipv4Mode, Method, Mode, TlsMode } from '../pure/input-types.js'
/** A line the log shows about how the inputs were read (main.ts prints them with the plan). */
export interface InputNotice {
  level: 'info' | 'warning'
  message: string
}

export interface Inputs {
  /** The postgres-flex app; empty for a Managed Postgres cluster (`mpgCluster`). */
  app: string
  /** `public` (IPs, pg_tls service) or `tunnel` (flyctl's WireGuard proxy on the runner; nothing public). */
  route: Route
  /** `route: tunnel`: the runner's port the proxy listens on; 0 lets flyctl pick a free one. */
  localPort: number
  /** `route: tunnel` to a Fly Managed Postgres cluster: its ID (`cluster`, or database-url's `*.<id>.flympg.net`). */
  mpgCluster?: string
  token: string
  /** The internal connection string (given, or built from username/password/database). */
  internalUrl: URL
  credentials: Credentials
  flyctlVersion: string
  ipv4: Ipv4Mode
  ipv6: boolean
  port: number
  host: string
  /** Absolute path of a fly.toml in the workspace to start from, or undefined for the saved remote config. */
  configPath?: string
  deploy: DeployMode
  method: Method
  image: ImageChoice
  tls: TlsMode
  /** The sslmode the output URL carries: the input, else database-url's own (when supported), else require. */
  sslmode: string
  notices: InputNotice[]
  verifyTimeoutSeconds: number
  /** How long a deploy may take in all; also flyctl's own --wait-timeout. */
  deployTimeoutSeconds: number
  dryRun: boolean
  /** Weak points of the exposure (password, superuser, md5, old TLS) fail the run instead of warning. */
  strict: boolean
  /** Release the public IPs this run allocated when the job ends (the post step). */
  ephemeral: boolean
  /** A variable name to export the URL under for the job's later steps. */
  exportEnv?: string
  mode: Mode
  /** The database and login role of one preview environment (same name), created or torn down. */
  previewDatabase?: string
  /** The database a new preview database is copied from (CREATE DATABASE ... TEMPLATE). */
  previewTemplate?: string
  /** Teardown only: release the public IPs too, so the cluster is private again. */
  releaseIps: boolean
  /** `mode: prune` only: how old a marked preview's last use may be (`preview-max-age`), and the names to keep. */
  prune?: { maxAgeMs: number; maxAge: string; keep: string[] }
  /** Keys the derived passwords of preview and CI roles (`credentials-key`); none: the admin password keys them. */
  credentialsKey?: string
  /** A least-privilege login role to hand out instead of the admin (`role`, `privileges`, `login-ttl`). */
  ciRole?: { name: string; privileges: PrivilegeLevel; loginTtlSeconds?: number }
}

/** Reads one input by its action.yml name; '' when unset (as core.getInput does). */
export type InputReader = (name: string) => string

const SSL_MODES = ['require', 'verify-ca', 'verify-full', 'prefer', 'no-verify']
// The sslmode values libpq and node-postgres know: the only ones of database-url a notice repeats.
const KNOWN_SSL_MODES = [...SSL_MODES, 'disable', 'allow']
// Fly app names: lowercase letters, digits and dashes, starting with a letter or digit.
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/
const FLYCTL_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/

export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv): Inputs {
  const notices: InputNotice[] = []
  const { route, localPort, mpgCluster } = readRoute(read, notices)
  const app = mpgCluster ? '' : read('app').trim()
  if (!app && !mpgCluster) throw new InputError('Input `app` is required: the Fly app name of your Postgres cluster.')
  if (app && (!APP_NAME.test(app) || app.endsWith('-'))) {
    throw new InputError(`Input \`app\` is not a valid Fly app name: "${app}". Use the name shown by \`fly apps list\` (lowercase letters, digits and dashes).`)
  }

  // A blank variable (a missing secret, or one pasted as whitespace) is no token: flyctl would trim it to nothing.
  const token = read('fly-api-token').trim() || env.FLY_ACCESS_TOKEN?.trim() || env.FLY_API_TOKEN?.trim() || ''
  if (!token) {
    throw new InputError(noTokenMessage(env))
  }

  const { internalUrl, credentials, urlSslmode } = readConnection(read, app)
  const tunnel = route === 'tunnel'
  if (tunnel) checkTunnelInputs(read, notices)
  // The tunnel's URL names the proxy on the runner, with the sslmode its target needs (pure/tunnel.ts).
  const host = tunnel ? TUNNEL_HOST : readHost(read('host').trim() || `${app}.fly.dev`)
  const sslmode = tunnel ? tunnelSslMode(mpgCluster ? { kind: 'mpg', cluster: mpgCluster } : { kind: 'app', app }) : readSslmode(read, urlSslmode, notices)

  return {
    app,
    route,
    localPort,
    mpgCluster,
    token,
    internalUrl,
    credentials,
    flyctlVersion: readFlyctlVersion(read('flyctl-version'), route),
    ipv4: oneOf(read, 'ipv4', ['dedicated', 'shared', 'none'], 'dedicated'),
    ipv6: readBoolean(read, 'ipv6', true),
    port: readPort(read('port')),
    host,
    configPath: readConfigPath(read('config'), env.GITHUB_WORKSPACE || process.cwd()),
    deploy: oneOf(read, 'deploy', ['auto', 'always', 'never'], 'auto'),
    method: oneOf(read, 'method', ['deploy', 'machines'], 'deploy'),
    image: oneOf(read, 'image', ['major', 'running'], 'major'),
    tls: oneOf(read, 'tls', ['verify-full', 'require'], 'verify-full'),
    sslmode,
    notices,
    verifyTimeoutSeconds: readVerifyTimeout(read('verify-timeout')),
    deployTimeoutSeconds: readDeployTimeout(read('deploy-timeout')),
    dryRun: readBoolean(read, 'dry-run', false),
    strict: readBoolean(read, 'strict', false),
    ephemeral: readBoolean(read, 'ephemeral', false),
    exportEnv: readExportEnv(read('export-env')),
    // Prune's refusals first: they say what `mode: prune` does instead.
    ...readPrune(read),
    ...readPreview(read, credentials),
    ...readCredentialInputs(read, credentials)
  }
}

// Derived passwords and the CI role (issue 21): a key shorter than this could be guessed from one derived password.
const MIN_CREDENTIALS_KEY_LENGTH = 32

function readCredentialInputs(read: InputReader, admin: Credentials): Pick<Inputs, 'credentialsKey' | 'ciRole'> {
  const credentialsKey = read('credentials-key') || undefined
  if (credentialsKey !== undefined && credentialsKey.length < MIN_CREDENTIALS_KEY_LENGTH) {
    throw new InputError(
      `Input \`credentials-key\` must be at least ${MIN_CREDENTIALS_KEY_LENGTH} characters long (it keys every password the action derives): make one with \`openssl rand -base64 32\` and store it as a secret.`
    )
  }
  const name = read('role').trim()
  const privileges = read('privileges').trim()
  const ttl = read('login-ttl').trim()
  if (!name) {
    if (privileges)
      throw new InputError('Input `privileges` needs `role`: the name of the login role the action creates with those privileges (like ci_reader).')
    if (ttl) throw new InputError("Input `login-ttl` needs `role`: it is how long the CI role's password stays valid.")
    return { credentialsKey }
  }
  const problem = roleNameProblem(name, admin.user)
  if (problem) throw new InputError(problem)
  if (read('preview-database').trim()) {
    throw new InputError('Give either `role` or `preview-database`, not both: a preview hands out its own least-privilege role (the owner of its database).')
  }
  if ((read('mode').trim() || 'expose') !== 'expose') throw new InputError('Input `role` is for `mode: expose` only: a teardown makes no role.')
  const level = oneOf(read, 'privileges', PRIVILEGE_LEVELS, 'read')
  const loginTtl = ttl ? parseLoginTtl(ttl) : undefined
  if (typeof loginTtl === 'object') throw new InputError(loginTtl.problem)
  return { credentialsKey, ciRole: { name, privileges: level, ...(loginTtl !== undefined ? { loginTtlSeconds: loginTtl } : {}) } }
}

// The URL may be exported only under a name that looks like a connection string's (…URL, …DSN), so it can never be
// one that changes how later steps run (PATH, HOME, BASH_ENV, LD_PRELOAD, NODE_OPTIONS, ...), and not in a namespace
// the runner, the Actions services or flyctl read (GitHub itself refuses GITHUB_* and RUNNER_*).
const EXPORT_ENV_SUFFIX = /(URL|DSN)$/i
export const LIBPQ_ENV = 'libpq'
const EXPORT_ENV_RESERVED = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|FLY_)/i

function readExportEnv(raw: string): string | undefined {
  const name = raw.trim()
  if (!name) return undefined
  // Not a name: libpq's own variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE), which every
  // libpq tool reads, so `psql` and `pg_dump` need no arguments.
  if (name === LIBPQ_ENV) return name
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new InputError(
      `Input \`export-env\` must be an environment variable name (letters, digits and _, not starting with a digit), like DATABASE_URL, or \`libpq\`, not "${name}".`
    )
  }
  if (!EXPORT_ENV_SUFFIX.test(name) || EXPORT_ENV_RESERVED.test(name)) {
    throw new InputError(
      `Input \`export-env\` cannot be "${name}": the name must end in URL or DSN (like DATABASE_URL or TEST_DATABASE_URL) and not start with GITHUB_, RUNNER_, ACTIONS_, INPUT_, STATE_ or FLY_, so the URL cannot change how the job's later steps run; or \`libpq\` for PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE.`
    )
  }
  return name
}

/** The host as pg takes it: a name, an IPv4 address, or a bare IPv6 address (brackets, as in a URL, are dropped). */
function readHost(value: string): string {
  const bracketed = value.startsWith('[') && value.endsWith(']')
  const bare = bracketed ? value.slice(1, -1) : value
  if (/[[\]]/.test(bare)) {
    throw new InputError(`Input \`host\` has unbalanced brackets: "${value}". Write an IPv6 address as 2001:db8::1 or [2001:db8::1].`)
  }
  // A zone (fe80::1%eth0) names a local interface: never a public host, and no URL can carry it.
  const ipv6 = net.isIPv6(bare) && !bare.includes('%')
  if (!ipv6 && (bracketed || !/^[A-Za-z0-9.-]+$/.test(bare))) throw new InputError(`Input \`host\` is not a hostname: "${value}".`)
  return bare
}

/**
 * The input when given (the log says so when it differs from database-url's own); else database-url's own when it
 * is one the action writes; else require. no-verify gets a warning: only node-postgres understands it.
 */
function readSslmode(read: InputReader, fromUrl: string | undefined, notices: InputNotice[]): string {
  const given = read('sslmode').trim()
  // Repeated only when it is a known mode: any other text of the URL stays out of the log.
  const urlMode = fromUrl !== undefined && KNOWN_SSL_MODES.includes(fromUrl) ? `the sslmode=${fromUrl}` : 'the sslmode'
  let sslmode = 'require'
  if (given) {
    sslmode = oneOf(read, 'sslmode', SSL_MODES, 'require')
    if (fromUrl !== undefined && fromUrl !== sslmode) {
      notices.push({ level: 'info', message: `The output URL says sslmode=${sslmode} (the \`sslmode\` input), not ${urlMode} database-url gives.` })
    }
  } else if (fromUrl !== undefined && SSL_MODES.includes(fromUrl)) {
    sslmode = fromUrl
  } else if (fromUrl !== undefined) {
    notices.push({
      level: 'info',
      message: `The output URL says sslmode=require, not ${urlMode} database-url gives: the public connection is always encrypted. Set the \`sslmode\` input to choose another.`
    })
  }
  if (sslmode === 'no-verify') {
    notices.push({
      level: 'warning',
      message:
        'sslmode=no-verify is understood by node-postgres only: psql and other libpq clients refuse the URL ("invalid sslmode value"). For them use `sslmode: require` (encrypted, certificate not checked); node-postgres reads require as verify-full.'
    })
  }
  return sslmode
}

// Preview names: lowercase letters, digits, `_` and `-`, starting with a letter, at most 63 bytes (Postgres's limit).
const PREVIEW_NAME = /^[a-z][a-z0-9_-]{0,62}$/
// Names a preview must never take: the cluster's own databases and roles (postgres-flex's repmgr and flypgadmin).
const RESERVED_NAMES = ['postgres', 'template0', 'template1', 'repmgr', 'flypgadmin', 'public']

function readPreview(read: InputReader, admin: Credentials): Pick<Inputs, 'mode' | 'previewDatabase' | 'previewTemplate' | 'releaseIps'> {
  const mode = oneOf(read, 'mode', ['expose', 'teardown', 'prune'], 'expose')
  const previewDatabase = read('preview-database').trim() || undefined
  const previewTemplate = read('preview-template').trim() || undefined
  const releaseIps = readBoolean(read, 'release-ips', false)
  if (previewDatabase) {
    if (!PREVIEW_NAME.test(previewDatabase)) {
      throw new InputError(
        `Input \`preview-database\` must be a name of lowercase letters, digits, \`_\` and \`-\`, starting with a letter and at most 63 characters (like pr-123), not "${previewDatabase}".`
      )
    }
    if (RESERVED_NAMES.includes(previewDatabase) || previewDatabase.startsWith('pg_')) {
      throw new InputError(`Input \`preview-database\` cannot be "${previewDatabase}": that name belongs to the cluster itself. Use a name like pr-123.`)
    }
    if (previewDatabase === admin.user || previewDatabase === admin.database) {
      throw new InputError(
        `Input \`preview-database\` cannot be "${previewDatabase}": that is the admin ${previewDatabase === admin.user ? 'user' : 'database'} the action connects with. Use a name like pr-123.`
      )
    }
  }
  if (previewTemplate) {
    if (!PREVIEW_NAME.test(previewTemplate) || previewTemplate.startsWith('pg_')) {
      throw new InputError(
        `Input \`preview-template\` must name a database of lowercase letters, digits, \`_\` and \`-\`, starting with a letter (like seed), not "${previewTemplate}".`
      )
    }
    if (!previewDatabase) throw new InputError('Input `preview-template` needs `preview-database`: it is the database a new preview database is copied from.')
    if (previewTemplate === previewDatabase) throw new InputError(`Input \`preview-template\` cannot be the preview database itself ("${previewTemplate}").`)
  }
  if (mode === 'teardown' && !previewDatabase && !releaseIps) {
    throw new InputError('`mode: teardown` has nothing to do: set `preview-database` (the database and role to drop), `release-ips: true`, or both.')
  }
  if (mode === 'expose' && releaseIps) {
    throw new InputError('Input `release-ips` is for `mode: teardown` only: exposing a cluster never releases its IPs.')
  }
  return { mode, previewDatabase, previewTemplate, releaseIps }
}

/** `mode: prune`: `preview-max-age` (required) and `preview-keep`; both refused with another mode, as is a preview to make. */
function readPrune(read: InputReader): Pick<Inputs, 'prune'> {
  const mode = read('mode').trim() || 'expose'
  const maxAge = read('preview-max-age').trim()
  const keepRaw = read('preview-keep')
  if (mode !== 'prune') {
    const given = [maxAge && '`preview-max-age`', keepRaw.trim() && '`preview-keep`'].filter(Boolean)
    if (given.length > 0)
      throw new InputError(
        `Input ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} for \`mode: prune\` only: set \`mode: prune\` to remove old previews, or remove ${given.length > 1 ? 'them' : 'it'}.`
      )
    return {}
  }
  if (!maxAge) {
    throw new InputError(
      '`mode: prune` needs `preview-max-age`: how long since a preview was last used before it is dropped, like 14d (`0d`: every marked preview not in `preview-keep`).'
    )
  }
  const maxAgeMs = parseMaxAge(maxAge)
  if (typeof maxAgeMs === 'object') throw new InputError(maxAgeMs.problem)
  const keep = parseKeepList(keepRaw)
  // A name no preview can have would keep nothing: the preview it meant would be dropped.
  const invalid = keep.filter(name => !PREVIEW_NAME.test(name))
  if (invalid.length > 0) {
    throw new InputError(
      `Input \`preview-keep\` has ${invalid.map(name => `"${name}"`).join(', ')}, not ${invalid.length > 1 ? 'preview names' : 'a preview name'} (lowercase letters, digits, \`_\` and \`-\`, starting with a letter): separate names with commas or new lines. Nothing was changed.`
    )
  }
  const refused = (name: string, why: string) => new InputError(`Input \`${name}\` is not for \`mode: prune\`: ${why}`)
  if (read('preview-database').trim()) {
    throw refused('preview-database', 'it finds previews by their mark. Name the ones to keep in `preview-keep`, or drop one with `mode: teardown`.')
  }
  if (read('preview-template').trim()) throw refused('preview-template', 'it creates nothing.')
  if (readBoolean(read, 'release-ips', false)) {
    throw refused('release-ips', 'it never releases IPs (the previews it keeps connect through them); `mode: teardown` with `release-ips` does.')
  }
  return { prune: { maxAgeMs, maxAge, keep } }
}

function readConnection(read: InputReader, app: string): { internalUrl: URL; credentials: Credentials; urlSslmode?: string } {
  const databaseUrl = read('database-url').trim()
  const password = read('password')
  if (databaseUrl) {
    if (password) {
      throw new InputError('Give either `database-url` or `password`, not both: the password would be ambiguous.')
    }
    const { url, credentials, sslmode } = parseGivenUrl(databaseUrl)
    const internalApp = url.hostname.match(/^([a-z0-9-]+)\.(flycast|internal)$/)?.[1]
    if (internalApp && internalApp !== app) {
      throw new InputError(`database-url points at app "${internalApp}" but input \`app\` is "${app}": pass the connection string of the same cluster.`)
    }
    return { internalUrl: url, credentials, urlSslmode: sslmode }
  }
  if (!password) {
    throw new InputError('No database credentials: set `database-url` (the string `fly pg create` printed) or `password` (with `username` and `database`).')
  }
  const credentials = {
    user: read('username').trim() || 'postgres',
    password,
    database: read('database').trim() || 'postgres'
  }
  return { internalUrl: urlFromCredentials(credentials), credentials }
}

function parseGivenUrl(raw: string): ReturnType<typeof parseDatabaseUrl> {
  try {
    return parseDatabaseUrl(raw)
  } catch (error) {
    throw error instanceof DatabaseUrlError ? new InputError(error.message) : error
  }
}

function readFlyctlVersion(raw: string, route: FlyctlRoute): string {
  const value = raw.trim() || 'latest'
  if (value === 'latest') return value
  const match = value.match(FLYCTL_VERSION)
  if (!match) {
    throw new InputError(`Input \`flyctl-version\` must be \`latest\` or a version like 0.4.87, not "${value}".`)
  }
  // Refused here, before any download or flyctl call (a cached copy of the version is just as old).
  const tooOld = flyctlTooOld(match[1], route)
  if (tooOld) throw new InputError(tooOld)
  return match[1]
}

// ---- route: tunnel (issue 22): `route`, `local-port`, `cluster`, and what the other inputs mean on the tunnel ----

export type Route = FlyctlRoute

// An MPG cluster ID as `fly mpg list` shows it (lowercase letters and digits): it goes into flyctl's argv.
const MPG_CLUSTER_ID = /^[a-z0-9]{1,64}$/

/**
 * The route, the local port and the MPG cluster. MPG (input `cluster`, or a database-url on `*.<id>.flympg.net`,
 * the hosts Fly's MPG docs give) has no public access at all: the public route is refused before any call.
 */
function readRoute(read: InputReader, notices: InputNotice[]): Pick<Inputs, 'route' | 'localPort' | 'mpgCluster'> {
  const route = oneOf(read, 'route', ['public', 'tunnel'], 'public')
  const cluster = read('cluster').trim()
  if (cluster && !MPG_CLUSTER_ID.test(cluster)) {
    throw new InputError(
      `Input \`cluster\` must be a Managed Postgres cluster ID (lowercase letters and digits, as \`fly mpg list --org <org>\` shows it), not "${cluster}".`
    )
  }
  const fromUrl = mpgClusterOfUrl(read('database-url'))
  if (cluster && fromUrl && cluster !== fromUrl) {
    throw new InputError(`Input \`cluster\` is "${cluster}" but database-url names cluster "${fromUrl}": pass the connection string of the same cluster.`)
  }
  const mpgCluster = cluster || fromUrl || undefined
  if (mpgCluster && route === 'public') {
    throw new InputError(
      `Fly Managed Postgres (${cluster ? 'input `cluster`' : 'database-url on .flympg.net'}) has no public access: set \`route: tunnel\` to reach cluster ${mpgCluster} through \`fly mpg proxy\` on the runner. Nothing was changed.`
    )
  }
  const rawPort = read('local-port').trim()
  if (rawPort && route === 'public') throw new InputError('Input `local-port` is for `route: tunnel` (the runner port the tunnel listens on).')
  if (mpgCluster && read('app').trim()) {
    notices.push({ level: 'info', message: `Input \`app\` is not used with a Managed Postgres cluster: the tunnel goes to cluster ${mpgCluster}.` })
  }
  return { route, localPort: rawPort ? readPortInput('local-port', rawPort) : 0, mpgCluster }
}

/** The cluster ID of a database-url on `<direct|pgbouncer>.<id>.flympg.net`; '' when the host is not MPG's. */
function mpgClusterOfUrl(raw: string): string {
  let host: string
  try {
    host = new URL(raw.trim()).hostname.toLowerCase()
  } catch {
    return '' // readConnection says what is wrong with it
  }
  if (!host.endsWith('.flympg.net')) return ''
  const id = host.split('.').at(-3) ?? ''
  if (!MPG_CLUSTER_ID.test(id)) {
    throw new InputError(`database-url's host ${host} names no Managed Postgres cluster ID (like direct.<id>.flympg.net): set the \`cluster\` input.`)
  }
  return id
}

/** Public-route inputs that ask for something the tunnel would not do: refused, with what to use instead. */
const REFUSED_ON_TUNNEL: ReadonlyArray<[name: string, unset: string, why: string]> = [
  ['host', '', 'the tunnel URL names the proxy on the runner, 127.0.0.1'],
  ['port', '5432', 'use `local-port` for the runner port the tunnel listens on'],
  ['sslmode', '', 'the tunnel chooses it (disable for postgres-flex, which has no server TLS; require for Managed Postgres)'],
  ['mode', 'expose', 'a teardown runs on the public route'],
  ['release-ips', 'false', 'the tunnel allocates no IP'],
  ['preview-database', '', 'preview databases are made on the public route'],
  ['preview-template', '', 'preview databases are made on the public route']
]

/** Settings of the public route's changes (none of which the tunnel makes): ignored, and the log says so. */
const IGNORED_ON_TUNNEL: ReadonlyArray<[name: string, unset: string]> = [
  ['ipv4', 'dedicated'],
  ['ipv6', 'true'],
  ['config', ''],
  ['deploy', 'auto'],
  ['method', 'deploy'],
  ['image', 'major'],
  ['tls', 'verify-full'],
  ['deploy-timeout', '900'],
  ['ephemeral', 'false'],
  ['strict', 'false']
]

/** An input set to other than its action.yml default (the runner passes defaults as if given). */
const isSet = (read: InputReader, name: string, unset: string) => ![unset, ''].includes(read(name).trim().toLowerCase())

function checkTunnelInputs(read: InputReader, notices: InputNotice[]): void {
  for (const [name, unset, why] of REFUSED_ON_TUNNEL) {
    if (isSet(read, name, unset)) throw new InputError(`Input \`${name}\` does not apply to \`route: tunnel\`: ${why}. Remove it, or use \`route: public\`.`)
  }
  const ignored = IGNORED_ON_TUNNEL.filter(([name, unset]) => isSet(read, name, unset)).map(([name]) => `\`${name}\``)
  if (ignored.length > 0) {
    notices.push({
      level: 'info',
      message: `Ignored on \`route: tunnel\`: ${ignored.join(', ')} (nothing public is allocated, deployed or judged; the tunnel always closes when the job ends).`
    })
  }
}

function readPortInput(name: string, value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new InputError(`Input \`${name}\` must be a TCP port from 1 to 65535, not "${value}".`)
  return port
}

// ---- end of route: tunnel

function readPort(raw: string): number {
  const value = raw.trim() || '5432'
  const port = Number(value)
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new InputError(`Input \`port\` must be a TCP port from 1 to 65535, not "${value}".`)
  }
  return port
}

function readVerifyTimeout(raw: string): number {
  const value = raw.trim() || '300'
  const seconds = Number(value)
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) {
    throw new InputError(`Input \`verify-timeout\` must be a whole number of seconds from 1 to 3600, not "${value}".`)
  }
  return seconds
}

// A GitHub job runs at most 6 hours: a deploy bounded by more than that is not bounded by us.
const MAX_DEPLOY_TIMEOUT = 21_600

function readDeployTimeout(raw: string): number {
  const value = raw.trim() || '900'
  const seconds = Number(value)
  if (!/^\d+$/.test(value) || seconds < 1 || seconds > MAX_DEPLOY_TIMEOUT) {
    throw new InputError(
      `Input \`deploy-timeout\` must be a whole number of seconds from 1 to ${MAX_DEPLOY_TIMEOUT} (6 hours), not "${value}". The default, 900, gives a rolling restart of a 3-machine cluster 15 minutes.`
    )
  }
  return seconds
}

function readConfigPath(raw: string, workspace: string): string | undefined {
  const value = raw.trim()
  if (!value) return undefined
  const root = path.resolve(workspace)
  const resolved = path.resolve(root, value)
  if (!isInside(root, resolved)) {
    throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}".`)
  }
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
    throw new InputError(`Input \`config\` names "${value}", but there is no such file in the workspace.`)
  }
  // A link inside the workspace may lead out of it: judge where it really points.
  const real = fs.realpathSync(resolved)
  if (!isInside(fs.realpathSync(root), real)) {
    throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}": it links to ${real}.`)
  }
  return resolved
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep)
}

function oneOf<T extends string>(read: InputReader, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(name).trim() || fallback
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(`Input \`${name}\` must be one of ${allowed.join(', ')}, not "${value}".`)
  }
  return value as T
}

function readBoolean(read: InputReader, name: string, fallback: boolean): boolean {
  const raw = read(name).trim()
  const value = raw.toLowerCase()
  if (!value) return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw new InputError(`Input \`${name}\` must be true or false, not "${raw}".`)
}

/**
 * Reads the inputs from the runner and masks every secret among them before anything can print it:
 * the raw secret inputs first (so even a validation error cannot leak them), then each derived form.
 * `refuseUnknown` (the main step): an INPUT_ variable no declared input explains is refused first. The post step
 * leaves it off: it only releases what the main step allocated, whatever the environment became since.
 */
export function readInputs(
  getInput: InputReader,
  setSecret: (secret: string) => void,
  env: NodeJS.ProcessEnv,
  options: { refuseUnknown?: boolean } = {}
): Inputs {
  for (const name of ['fly-api-token', 'password', 'database-url']) {
    const raw = getInput(name)
    if (raw) setSecret(raw)
  }
  // The key of the derived passwords (issue 21): masked before anything can print it, like the secrets above.
  const credentialsKey = getInput('credentials-key')
  if (credentialsKey) setSecret(credentialsKey)
  if (env.FLY_ACCESS_TOKEN) setSecret(env.FLY_ACCESS_TOKEN)
  if (env.FLY_API_TOKEN) setSecret(env.FLY_API_TOKEN)
  // A misspelt input (`dryrun`) would be ignored and the run would change things: only names are read, never a value.
  const unknown = options.refuseUnknown ? unknownInputsMessage(unknownInputs(Object.keys(env))) : undefined
  if (unknown) throw new InputError(unknown)
  const inputs = parseInputs(getInput, env)
  for (const secret of secretsOf(inputs)) setSecret(secret)
  return inputs
}

/** Everything in the inputs that must never reach a log line, in every spelling. */
export function secretsOf(inputs: Inputs): string[] {
  const { password } = inputs.credentials
  return [
    inputs.token,
    ...passwordForms(password, inputs.internalUrl.password),
    inputs.internalUrl.href,
    externalUrl(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode),
    ...(inputs.credentialsKey ? passwordForms(inputs.credentialsKey) : [])
  ]
}
