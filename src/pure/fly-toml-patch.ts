// Patches a fly.toml so the machines serve Postgres over TLS, keeping every other setting. Pure: text in, text out.
import { isDeepStrictEqual } from 'node:util'
import { parse, stringify, TomlError } from 'smol-toml'
import { POSTGRES_PORT, servesPgTlsOn } from './pg-tls-service.js'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface PatchRequest {
  app: string
  port: number
  /** The members' volume mounts (volume name and path): the config must mount exactly these. */
  machineMounts: MountSpec[]
  /** The members' restart policy in fly.toml's words, written when the config has none (flyctl would reset it). */
  restart: FlyTomlRestart
  /** Where the text came from, for error messages. */
  source: string
}

export interface MountSpec {
  source: string
  destination: string
}

/** fly.toml's `[[restart]]`: `always | never | on-failure` and `retries` (flyctl internal/appconfig/config.go). */
export interface FlyTomlRestart {
  policy: 'always' | 'never' | 'on-failure'
  retries?: number
}

/**
 * A machine's restart policy (`no | always | on-failure` + `max_retries`, fly-go machine_types.go) in fly.toml's
 * vocabulary: flyctl rejects `no`, and dropping `max_retries` would change scale-to-zero clusters.
 */
export function flyTomlRestart(machine: { policy?: string; max_retries?: number } | null | undefined): FlyTomlRestart {
  const policy = machine?.policy === 'no' ? 'never' : machine?.policy === 'on-failure' ? 'on-failure' : 'always'
  return machine?.max_retries ? { policy, retries: machine.max_retries } : { policy }
}

export interface PatchResult {
  text: string
  changes: string[]
}

type Table = Record<string, unknown>
type Service = { protocol?: string; internal_port?: number; ports?: Array<{ port?: number; handlers?: string[] }> }

export function patchFlyToml(original: string, request: PatchRequest): PatchResult {
  const config = parseToml(original, request.source)
  checkSafeToDeploy(config, request)

  // A shallow copy: only `services` and `restart` are replaced (never mutated). A deep clone would turn smol-toml's
  // TomlDate values (local dates and times) into plain Dates, which render back as different TOML values.
  const desired: Table = { ...config }
  const changes: string[] = []
  const services = (desired.services ?? []) as Service[]
  if (!services.some(service => servesPgTlsOn(service, request.port))) {
    desired.services = [...withoutPort(services, request.port, changes), pgTlsService(request.port)]
    changes.push(`added [[services]] ${request.port} -> ${POSTGRES_PORT} with handlers ["pg_tls"]`)
  }
  if (desired.restart === undefined) {
    desired.restart = [{ ...request.restart }]
    changes.push(`added [[restart]] ${restartText(request.restart)} (a deploy would otherwise reset it)`)
  }
  if (changes.length === 0) return { text: original, changes }
  return { text: renderKeepingText(original, desired, request), changes }
}

function parseToml(text: string, source: string): Table {
  try {
    return parse(text) as Table
  } catch (error) {
    if (error instanceof TomlError) {
      // Say where: smol-toml's first line names only the problem, the position is in its code block.
      const reason = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')
      throw new ConfigError(`${source} is not valid TOML: ${reason} (line ${error.line}, column ${error.column}).`)
    }
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new ConfigError(`${source} is not valid TOML: ${detail}`)
  }
}

function checkSafeToDeploy(config: Table, request: PatchRequest): void {
  if (config.app !== undefined && config.app !== request.app) {
    throw new ConfigError(`${request.source} is for app "${String(config.app)}", not "${request.app}": refusing to deploy another app's config.`)
  }
  // `processes = []` (as in postgres-flex's own fly.toml) is no process group to flyctl (internal/appconfig/patches.go).
  if (config.processes !== undefined && !isEmpty(config.processes)) {
    throw new ConfigError(
      `${request.source} has a [processes] section: deploying it would destroy Postgres machines outside those groups. Remove [processes] and rerun.`
    )
  }
  const mounts = (config.mounts === undefined ? [] : Array.isArray(config.mounts) ? config.mounts : [config.mounts]) as Table[]
  const destinations = new Set(mounts.map(mount => mount.destination))
  const missing = request.machineMounts.filter(mount => !destinations.has(mount.destination)).map(mount => mount.destination)
  if (mounts.length === 0 || missing.length > 0) {
    throw new ConfigError(
      `${request.source} has no [[mounts]] for ${missing.join(', ') || 'the data volume'}: deploying it would detach the database volume. Add the mount (source = "pg_data", destination = "/data") and rerun.`
    )
  }
  const matches = (mount: Table) => request.machineMounts.some(m => (m.source === '' || m.source === mount.source) && m.destination === mount.destination)
  const differing = mounts.filter(mount => !matches(mount))
  if (differing.length > 0) {
    const wanted = request.machineMounts.map(m => `source = "${m.source}", destination = "${m.destination}"`).join('; ')
    const found = differing.map(m => `source = "${String(m.source)}", destination = "${String(m.destination)}"`).join('; ')
    throw new ConfigError(
      `${request.source} mounts ${found}, but the members mount ${wanted}: a deploy would move or replace the database volume. Make [[mounts]] match the members and rerun.`
    )
  }
  // A deploy sets the env to [env] plus PRIMARY_REGION only from primary_region (internal/appconfig/machines.go),
  // and postgres-flex does not start without PRIMARY_REGION.
  const env = (config.env ?? {}) as Table
  if (!config.primary_region && !env.PRIMARY_REGION) {
    throw new ConfigError(
      `${request.source} sets neither primary_region nor [env] PRIMARY_REGION: a deploy would start every member without PRIMARY_REGION, and postgres-flex does not start without it. Add primary_region = "<the cluster's region>" and rerun.`
    )
  }
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0
}

function restartText(restart: FlyTomlRestart): string {
  return restart.retries ? `policy = "${restart.policy}", retries = ${restart.retries}` : `policy = "${restart.policy}"`
}

/** Frees `port` from any service that uses it some other way, so the pg_tls service can take it. */
function withoutPort(services: Service[], port: number, changes: string[]): Service[] {
  const kept: Service[] = []
  for (const service of services) {
    const ports = (service.ports ?? []).filter(p => p.port !== port)
    if (ports.length === (service.ports ?? []).length) {
      kept.push(service)
      continue
    }
    changes.push(`moved port ${port} off the service on internal port ${service.internal_port ?? '?'}`)
    if (ports.length > 0) kept.push({ ...service, ports })
  }
  return kept
}

function pgTlsService(port: number): Service & Table {
  return {
    protocol: 'tcp',
    internal_port: POSTGRES_PORT,
    ports: [{ port, handlers: ['pg_tls'] }],
    concurrency: { type: 'connections', hard_limit: 1000, soft_limit: 1000 }
  }
}

/**
 * Appends the new tables to the original text, so every other line stays byte for byte; falls back to a full
 * re-render only when appending cannot express the change (e.g. a port moved off an existing service).
 */
function renderKeepingText(original: string, desired: Table, request: PatchRequest): string {
  const originalConfig = parse(original) as Table
  const additions: string[] = []
  const services = (desired.services ?? []) as Service[]
  const originalServices = (originalConfig.services ?? []) as Service[]
  if (sameValue(services.slice(0, originalServices.length), originalServices) && services.length === originalServices.length + 1) {
    additions.push(
      [
        '# Added by fly-pg-expose: Postgres over TLS from outside Fly.',
        '[[services]]',
        '  protocol = "tcp"',
        `  internal_port = ${POSTGRES_PORT}`,
        '',
        '  [[services.ports]]',
        `    port = ${request.port}`,
        '    handlers = ["pg_tls"]',
        '',
        '  [services.concurrency]',
        '    type = "connections"',
        '    hard_limit = 1000',
        '    soft_limit = 1000'
      ].join('\n')
    )
  }
  if (originalConfig.restart === undefined) {
    const retries = request.restart.retries ? [`  retries = ${request.restart.retries}`] : []
    additions.push(['[[restart]]', `  policy = "${request.restart.policy}"`, ...retries].join('\n'))
  }
  // The original stays a byte-exact prefix (trailing blank lines and CRLF included); the additions use its line ending.
  const eol = original.includes('\r\n') ? '\r\n' : '\n'
  const base = original === '' || original.endsWith('\n') ? original : `${original}${eol}`
  const appended = `${base}${eol}${additions.join('\n\n').replace(/\n/g, eol)}${eol}`
  try {
    if (sameValue(parse(appended), desired)) return appended
  } catch {
    // The original's layout (e.g. an inline `services = [...]`) does not allow appending tables.
  }
  return stringify(desired)
}

/** Deep equality of parsed TOML, ignoring prototypes (smol-toml makes null-prototype tables). */
function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)))
}
