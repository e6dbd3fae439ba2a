// @ts-check
// App config model (appconfig.Config): fly.toml normalized to Go field order, process groups, validation.
import { normalizeDuration } from './durations.js'
import { inGoOrder, isPlainObject } from './helpers.js'
import { green, red } from './output.js'

/** @typedef {import('./types.js').AppConfig} AppConfig */
/** @typedef {import('./types.js').ConfigService} ConfigService */
/** @typedef {import('./types.js').Json} Json */

/** @type {(v: Json) => Json[] | undefined} */
const asArray = v => (v === undefined || v === null ? undefined : Array.isArray(v) ? v : [v])
/** @param {unknown} v */
const omitEmpty = v =>
  v === undefined ||
  v === null ||
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (isPlainObject(v) && Object.keys(v).length === 0)
/**
 * Drops values go-toml/encoding/json omit for `omitempty` fields (all fields not listed in `keep`).
 * @template {object} T
 * @param {T} obj
 * @param {string[]} [keep]
 * @returns {Partial<T>}
 */
export function compact(obj, keep = []) {
  /** @type {Record<string, unknown>} */
  const res = {}
  for (const [k, v] of Object.entries(obj)) {
    if (keep.includes(k) ? v === undefined || v === null : omitEmpty(v)) continue
    res[k] = v
  }
  return /** @type {Partial<T>} */ (res)
}
/** @type {(m: Json) => Record<string, string> | undefined} */
const stringMap = m =>
  isPlainObject(m) ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : undefined
/** @type {(v: Json) => number | undefined} */
const toInt = v => (v === undefined || v === null || v === '' ? undefined : Number(v))

/**
 * @param {Json} c a check from fly.toml or a machine
 * @returns {import('./types.js').ConfigCheck}
 */
export function normalizeCheck(c) {
  return compact(
    inGoOrder(
      {
        port: toInt(c.port),
        type: c.type,
        interval: normalizeDuration(c.interval),
        timeout: normalizeDuration(c.timeout),
        grace_period: normalizeDuration(c.grace_period),
        method: c.method,
        path: c.path,
        protocol: c.protocol,
        tls_skip_verify: c.tls_skip_verify,
        tls_server_name: c.tls_server_name,
        headers: stringMap(c.headers),
        processes: c.processes
      },
      []
    )
  )
}
/** @param {Json} ports */
function normalizePorts(ports) {
  return (asArray(ports) ?? []).map(p =>
    compact(
      inGoOrder({ ...p, port: toInt(p.port), start_port: toInt(p.start_port), end_port: toInt(p.end_port) }, [
        'port',
        'start_port',
        'end_port',
        'handlers',
        'force_https',
        'tls_options',
        'http_options',
        'proxy_proto_options'
      ])
    )
  )
}
/**
 * @param {Json} s a `[[services]]` entry
 * @returns {ConfigService}
 */
export function normalizeService(s) {
  const svc = {
    protocol: s.protocol ?? '',
    internal_port: toInt(s.internal_port) ?? 0,
    auto_stop_machines: s.auto_stop_machines,
    auto_start_machines: s.auto_start_machines,
    min_machines_running: toInt(s.min_machines_running),
    processes: s.processes,
    ports: s.ports === undefined ? undefined : normalizePorts(s.ports),
    concurrency: s.concurrency ? compact(inGoOrder(s.concurrency, ['type', 'hard_limit', 'soft_limit'])) : undefined,
    tcp_checks: asArray(s.tcp_checks)?.map(normalizeCheck),
    http_checks: asArray(s.http_checks)?.map(normalizeCheck),
    machine_checks: asArray(s.machine_checks)
  }
  // appconfig/service.go: protocol, internal_port, auto_*_machines, ports and concurrency have no omitempty.
  return /** @type {ConfigService} */ (compact(svc, ['protocol', 'internal_port', 'auto_stop_machines', 'auto_start_machines', 'ports', 'concurrency']))
}

/**
 * fly.toml (already parsed) -> appconfig.Config with Go field order; `unmarshalError` like v2UnmarshalError.
 * @param {Json} raw
 * @param {string | undefined} path
 * @returns {AppConfig}
 */
export function normalizeConfig(raw, path) {
  const cfg = {
    app: raw.app,
    primary_region: raw.primary_region,
    kill_signal: raw.kill_signal,
    kill_timeout: normalizeDuration(raw.kill_timeout, 1000),
    swap_size_mb: toInt(raw.swap_size_mb),
    console_command: raw.console_command,
    experimental: raw.experimental,
    build: raw.build
      ? inGoOrder(raw.build, [
          'builder',
          'args',
          'buildpacks',
          'image',
          'settings',
          'builtin',
          'dockerfile',
          'ignorefile',
          'build-target',
          'compose',
          'compression',
          'compression_level'
        ])
      : undefined,
    deploy: raw.deploy
      ? compact(
          inGoOrder({ ...raw.deploy, wait_timeout: normalizeDuration(raw.deploy.wait_timeout, 1000) }, [
            'strategy',
            'max_unavailable',
            'wait_timeout',
            'release_command',
            'release_command_timeout',
            'release_command_vm',
            'seed_command'
          ])
        )
      : undefined,
    env: stringMap(raw.env),
    processes: stringMap(raw.processes),
    mounts: asArray(raw.mounts ?? raw.mount)?.map(m =>
      compact(
        inGoOrder(m, [
          'source',
          'destination',
          'initial_size',
          'snapshot_retention',
          'scheduled_snapshots',
          'auto_extend_size_threshold',
          'auto_extend_size_increment',
          'auto_extend_size_limit',
          'processes'
        ])
      )
    ),
    http_service: raw.http_service
      ? compact(
          {
            ...inGoOrder(raw.http_service, [
              'internal_port',
              'force_https',
              'auto_stop_machines',
              'auto_start_machines',
              'min_machines_running',
              'processes',
              'concurrency',
              'tls_options',
              'http_options',
              'checks',
              'machine_checks'
            ]),
            checks: asArray(raw.http_service.checks)?.map(normalizeCheck)
          },
          ['auto_stop_machines', 'auto_start_machines']
        )
      : undefined,
    services: asArray(raw.services)?.map(normalizeService),
    checks: isPlainObject(raw.checks)
      ? Object.fromEntries(
          Object.keys(raw.checks)
            .sort()
            .map(k => [k, normalizeCheck(raw.checks[k])])
        )
      : undefined,
    files: raw.files,
    host_dedication_id: raw.host_dedication_id,
    machine_config: raw.machine_config,
    container: raw.container,
    machine_checks: raw.machine_checks,
    restart: Array.isArray(raw.restart) ? raw.restart.map((/** @type {Json} */ r) => compact(inGoOrder(r, ['policy', 'retries', 'processes']))) : undefined,
    vm: asArray(raw.vm ?? raw.compute ?? raw.computes),
    statics: asArray(raw.statics),
    metrics: asArray(raw.metrics ?? raw.metric)?.map((/** @type {Json} */ m) => compact(inGoOrder(m, ['port', 'path', 'https', 'processes'])))
  }
  const config = /** @type {AppConfig} */ (compact(cfg))
  // appconfig/patches.go mapToConfig round-trips through encoding/json: a `[restart]` table cannot fill []Restart.
  if (raw.restart !== undefined && !Array.isArray(raw.restart)) {
    Object.defineProperty(config, 'unmarshalError', { value: `json: cannot unmarshal object into Go struct field Config.restart of type []appconfig.Restart` })
  }
  Object.defineProperty(config, 'path', { value: path, writable: true })
  return config
}

/**
 * A normalized copy with `patch` applied, keeping the hidden path / unmarshalError.
 * @param {AppConfig} cfg
 * @param {Partial<AppConfig>} [patch]
 */
export function cloneConfig(cfg, patch = {}) {
  const copy = normalizeConfig({ ...JSON.parse(JSON.stringify(cfg)), ...patch }, cfg.path)
  if (cfg.unmarshalError) Object.defineProperty(copy, 'unmarshalError', { value: cfg.unmarshalError })
  return copy
}

// appconfig/processgroups.go
/** @param {AppConfig} cfg */
export function processNames(cfg) {
  const names = Object.keys(cfg.processes ?? {}).sort()
  return names.length ? names : ['app']
}
/** @param {AppConfig} cfg */
export function defaultProcessName(cfg) {
  const names = processNames(cfg)
  return names.includes('app') ? 'app' : names[0]
}
/** @type {(entry: { processes?: string[] } | undefined, group: string) => boolean} */
const inGroup = (entry, group) => !entry?.processes?.length || entry.processes.includes(group)

/**
 * Config.Flatten(group): only the sections that apply to `group`.
 * @param {AppConfig} cfg
 * @param {string} group
 */
export function flatten(cfg, group) {
  const checks = Object.entries(cfg.checks ?? {}).filter(([, c]) => inGroup(c, group))
  return {
    ...cfg,
    services: (cfg.services ?? []).filter(s => inGroup(s, group)),
    http_service: cfg.http_service && inGroup(cfg.http_service, group) ? cfg.http_service : undefined,
    checks: checks.length ? Object.fromEntries(checks) : undefined,
    mounts: (cfg.mounts ?? []).filter(m => inGroup(m, group)),
    metrics: (cfg.metrics ?? []).filter(m => inGroup(m, group)),
    restart: (cfg.restart ?? []).filter(r => inGroup(r, group)),
    vm: (cfg.vm ?? []).filter(v => inGroup(v, group))
  }
}

/**
 * The `[http_service]` as a service, then the `[[services]]`.
 * @param {AppConfig} cfg
 * @returns {ConfigService[]}
 */
export function allServices(cfg) {
  /** @type {ConfigService[]} */
  const services = []
  if (cfg.http_service?.internal_port) {
    const h = cfg.http_service
    // appconfig/service.go HTTPService.ToService: ports 80 (http) and 443 (http, tls).
    services.push({
      protocol: 'tcp',
      internal_port: h.internal_port,
      auto_stop_machines: h.auto_stop_machines,
      auto_start_machines: h.auto_start_machines,
      min_machines_running: h.min_machines_running,
      concurrency: h.concurrency,
      http_checks: h.checks,
      ports: [
        compact({ port: 80, handlers: ['http'], force_https: h.force_https, http_options: h.http_options }),
        compact({ port: 443, handlers: ['http', 'tls'], http_options: h.http_options, tls_options: h.tls_options })
      ]
    })
  }
  return [...services, ...(cfg.services ?? [])]
}

/**
 * appconfig.Validate: the checks flyctl runs before a deploy. Returns { error, info }.
 * @param {AppConfig} cfg
 */
export function validateConfig(cfg) {
  let info = `Validating ${cfg.path ?? '--config path unset--'}\n`
  /** @type {string | null} */
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
    if (!['http', 'tcp'].includes(check.type ?? '')) {
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
    if (!['always', 'never', 'on-failure'].includes(r.policy ?? '')) {
      info += `invalid restart policy: ${r.policy ?? ''}\n`
      error = 'invalid app configuration'
    }
  }
  if (cfg.unmarshalError) error = cfg.unmarshalError
  if (error) return { error: 'App configuration is not valid', info: `${info}\n   ${red('✘')}${error}\n` }
  return { error: null, info: `${info}${green('✓')} Configuration is valid\n` }
}
