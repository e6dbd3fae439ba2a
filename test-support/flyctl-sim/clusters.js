// @ts-check
// Fixture builders: app states as `fly pg create` leaves them, for the flyctl simulator.
// Shapes follow superfly/flyctl flypg/launcher.go (getPostgresConfig, LaunchMachinesPostgres)
// and the JSON tags of superfly/fly-go machine_types.go / types.go (IPAddress).
import { createHash } from 'node:crypto'

const CREATED_AT = '2026-07-14T09:21:37Z'

/** @typedef {ReturnType<typeof imageRef>} ImageRefFixture */

/**
 * @typedef {object} ClusterOptions
 * @property {string} [app] app name (seeds machine, volume and IP ids)
 * @property {number} [machines] number of machines (default 2)
 * @property {number} [major] Postgres major (default 16 -> image tag 16.11)
 * @property {string} [pgVersion] exact fly.pg-version / tag, overrides `major`
 * @property {string} [region] region and PRIMARY_REGION (default iad)
 * @property {object[]} [ips] `ips list --json` entries (default: one Flycast private_v6)
 * @property {string} [processGroup] set metadata.fly_process_group (fly pg create sets none; fly deploy sets it)
 * @property {object} [machineOpts] options for every pgMachine (e.g. `restart`, `platformV2`)
 */

/**
 * Deterministic hex string derived from a seed (so fixtures are stable across runs).
 * @param {string} seed
 * @param {number} length
 */
function hexFrom(seed, length) {
  return createHash('sha256').update(String(seed)).digest('hex').slice(0, length)
}

/**
 * Deterministic lowercase base36 string, like Fly's `vol_...` / `ip_...` suffixes.
 * @param {string} seed
 * @param {number} length
 */
function base36From(seed, length) {
  const digest = createHash('sha256').update(String(seed)).digest()
  let out = ''
  for (let i = 0; out.length < length; i++) out += (digest[i % digest.length] % 36).toString(36)
  return out
}

/**
 * Deterministic ULID-looking id (machine instance ids are ULIDs).
 * @param {string} seed
 */
function ulidFrom(seed) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  const digest = createHash('sha256').update(String(seed)).digest()
  let out = '01K0'
  for (let i = 0; out.length < 26; i++) out += alphabet[digest[i] % 32]
  return out
}

const NAME_WORDS = [
  ['round', 'lively', 'silent', 'bitter', 'old', 'divine', 'summer', 'falling', 'patient', 'morning'],
  ['water', 'sun', 'snow', 'frost', 'river', 'leaf', 'dust', 'meadow', 'field', 'thunder']
]

/** @param {string} seed */
function machineName(seed) {
  const h = parseInt(hexFrom(seed, 8), 16)
  return `${NAME_WORDS[0][h % 10]}-${NAME_WORDS[1][Math.floor(h / 10) % 10]}-${1000 + (h % 9000)}`
}

/**
 * `{registry, repository, tag, digest, labels}` for a Fly Postgres image.
 * @param {{ repository?: string, pgVersion?: string, flyVersion?: string, manager?: string | null }} [opts]
 */
export function imageRef({ repository = 'flyio/postgres-flex', pgVersion = '16.11', flyVersion = 'v0.0.62', manager = 'repmgr' } = {}) {
  // Labels from fly-apps/postgres-flex Dockerfile: fly.app_role, fly.version, fly.pg-version, fly.pg-manager.
  // Legacy stolon images (flyio/postgres) carry no fly.pg-manager label.
  /** @type {Record<string, string>} */
  const labels = { 'fly.app_role': 'postgres_cluster' }
  if (manager) labels['fly.pg-manager'] = manager
  labels['fly.pg-version'] = pgVersion
  labels['fly.version'] = flyVersion
  return {
    registry: 'registry-1.docker.io',
    repository,
    tag: pgVersion,
    digest: `sha256:${hexFrom(`${repository}:${pgVersion}`, 64)}`,
    labels
  }
}

/**
 * The two pg_tls TCP services `fly pg create` gives flex machines (5432 HAProxy, 5433 Postgres).
 * @param {{ autostart?: boolean }} [opts]
 */
export function pgTlsServices({ autostart = false } = {}) {
  return [5432, 5433].map(port => ({
    protocol: 'tcp',
    internal_port: port,
    autostart,
    ports: [{ port, handlers: ['pg_tls'] }],
    concurrency: { type: 'connections', hard_limit: 1000, soft_limit: 1000 },
    force_instance_key: null
  }))
}

/**
 * One machine as `flyctl machines list --json` prints it (Go field order of fly-go's Machine).
 * @param {string} app
 * @param {number} index 0 is the primary
 * @param {{ id?: string, region?: string, primaryRegion?: string, ref?: ImageRefFixture, services?: object[], role?: string, processGroup?: string, state?: string, guest?: object, flyctlVersion?: string, platformV2?: boolean, restart?: object }} [opts]
 *   platformV2: false gives the metadata of a cluster made before March 2023 (no fly_platform_version);
 *   restart: the machine's restart policy (default `always`, as `fly pg create` sets it).
 */
export function pgMachine(app, index, opts = {}) {
  const {
    region = 'iad',
    primaryRegion = region,
    ref = imageRef(),
    services = pgTlsServices(),
    role = index === 0 ? 'primary' : 'replica',
    processGroup,
    state = 'started',
    guest = { cpu_kind: 'shared', cpus: 1, memory_mb: 1024 },
    flyctlVersion = '0.3.209',
    platformV2 = true,
    restart = { policy: 'always' }
  } = opts
  const seed = `${app}/${index}`
  const id = opts.id ?? hexFrom(seed, 14)
  const volume = `vol_${base36From(`${seed}/vol`, 16)}`
  // flypg/launcher.go getPostgresConfig: these metadata keys, and no fly_process_group.
  /** @type {Record<string, string>} */
  const metadata = {
    'fly-managed-postgres': 'true',
    fly_flyctl_version: flyctlVersion,
    fly_platform_version: 'v2',
    'managed-by-fly-deploy': 'true'
  }
  if (processGroup) metadata.fly_process_group = processGroup
  // Guess (no public source keeps the 2022 launcher): before March 2023 flypg/launcher.go set neither
  // fly_platform_version nor managed-by-fly-deploy, so `fly deploy` does not manage these machines.
  if (!platformV2) {
    delete metadata.fly_platform_version
    delete metadata['managed-by-fly-deploy']
  }
  /** @param {string} path */
  const check = path => ({ port: 5500, type: 'http', interval: '15s', timeout: '10s', path })
  // Json: fixtures reshape it (console and barman machines).
  /** @type {import('./types.js').Json} */
  const config = {
    env: { PRIMARY_REGION: primaryRegion },
    init: {},
    guest,
    metadata: Object.fromEntries(Object.entries(metadata).sort(([a], [b]) => (a < b ? -1 : 1))),
    mounts: [{ encrypted: true, path: '/data', size_gb: 10, volume, name: 'pg_data' }],
    ...(services.length ? { services } : {}),
    metrics: { port: 9187, path: '/metrics' },
    checks: { pg: check('/flycheck/pg'), role: check('/flycheck/role'), vm: check('/flycheck/vm') },
    image: `${ref.repository}:${ref.tag}@${ref.digest}`,
    restart
  }
  return {
    id,
    name: machineName(seed),
    state,
    region,
    image_ref: ref,
    instance_id: ulidFrom(`${seed}/instance`),
    private_ip: `fdaa:9:${hexFrom(app, 4)}:a7b:${hexFrom(seed, 3)}:${hexFrom(`${seed}/ip`, 4)}:${hexFrom(`${seed}/ip2`, 4)}:2`,
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
    config,
    events: [
      { type: 'start', status: 'started', source: 'flyd', timestamp: 1752484905113 + index * 60000 },
      { type: 'launch', status: 'created', source: 'user', timestamp: 1752484897421 + index * 60000 }
    ],
    checks: [
      {
        name: 'pg',
        status: 'passing',
        output:
          '[✓] connections: 13 used, 3 reserved, 300 max (5.12ms)\n[✓] cluster-locks: No active locks detected (11.34µs)\n[✓] disk-capacity: 11.9% - readonly mode will be enabled at 90.0% (9.08µs)',
        updated_at: '2026-07-14T09:23:02.418Z'
      },
      { name: 'role', status: 'passing', output: role, updated_at: '2026-07-14T09:22:41.077Z' },
      {
        name: 'vm',
        status: 'passing',
        output:
          '[✓] checkDisk: 8.76 GB (89.6%) free space on /data/ (35.21µs)\n[✓] checkLoad: load averages: 0.00 0.01 0.00 (52.67µs)\n[✓] memory: system spent 0s of the last 60s waiting on memory (27.01µs)\n[✓] cpu: system spent 402ms of the last 60s waiting on cpu (17.88µs)\n[✓] io: system spent 0s of the last 60s waiting on io (15.44µs)',
        updated_at: '2026-07-14T09:22:51.653Z'
      }
    ],
    host_status: 'ok',
    cordoned: false
  }
}

/**
 * An `ips list --json` entry (Go field names of fly-go IPAddress).
 * @param {'v4' | 'v6' | 'private_v6' | 'shared_v4' | 'egress_v4' | 'egress_v6'} type
 * @param {{ seed?: string, ID?: string, Address?: string, Type?: string, Region?: string, CreatedAt?: string, ServiceName?: string, Network?: object | null }} [overrides]
 *   `seed` makes the generated address/id deterministic; other keys override fields.
 */
export function ip(type, overrides = {}) {
  const seed = overrides.seed ?? `${type}/${overrides.Address ?? ''}`
  /** @type {Record<string, () => string>} */
  const defaults = {
    v4: () => `149.248.${200 + (parseInt(hexFrom(seed, 2), 16) % 50)}.${1 + (parseInt(hexFrom(`${seed}x`, 2), 16) % 250)}`,
    v6: () => `2a09:8280:1::${(parseInt(hexFrom(seed, 2), 16) % 90) + 10}:${hexFrom(`${seed}v6`, 4)}:0`,
    private_v6: () => `fdaa:9:${hexFrom(seed, 4)}:0:1::${parseInt(hexFrom(`${seed}p`, 1), 16) + 2}`,
    shared_v4: () => `66.241.124.${1 + (parseInt(hexFrom(seed, 2), 16) % 250)}`,
    egress_v4: () => `209.71.${80 + (parseInt(hexFrom(seed, 2), 16) % 20)}.${1 + (parseInt(hexFrom(`${seed}e`, 2), 16) % 250)}`,
    egress_v6: () => `2605:4c40:${hexFrom(seed, 2)}:e::${hexFrom(`${seed}e6`, 3)}`
  }
  if (!defaults[type]) throw new Error(`unknown IP type ${type}`)
  // fly-go GetIPAddresses: the shared v4 is appended as an entry with empty ID/Region and zero time.
  if (type === 'shared_v4') {
    return {
      ID: '',
      Address: defaults[type](),
      Type: 'shared_v4',
      Region: '',
      CreatedAt: '0001-01-01T00:00:00Z',
      ServiceName: '',
      Network: null,
      ...omitSeed(overrides)
    }
  }
  const isEgress = type.startsWith('egress')
  return {
    ID: `ip_${base36From(`${seed}/id`, 16)}`,
    Address: defaults[type](),
    Type: type,
    Region: isEgress ? 'iad' : 'global',
    CreatedAt: CREATED_AT,
    ServiceName: '',
    Network: type === 'private_v6' ? { Name: 'default', Organization: { Slug: 'personal' } } : null,
    ...omitSeed(overrides)
  }
}

/** @param {{ seed?: string }} overrides */
function omitSeed(overrides) {
  const rest = { ...overrides }
  delete rest.seed
  return rest
}

/**
 * @param {string} app
 * @param {{ machines?: number, region?: string, ips?: object[], ref?: ImageRefFixture, services?: object[], processGroup?: string, machineOpts?: object }} opts
 */
function clusterState(app, { machines = 2, region = 'iad', ips, ref, services, processGroup, machineOpts = {} }) {
  return {
    role: 'postgres_cluster', // fly-go AppCompact.IsPostgresApp: role name "postgres_cluster"
    organization: 'personal',
    deployedWithFlyDeploy: false,
    ips: ips ?? [ip('private_v6', { seed: `${app}/flycast` })],
    machines: Array.from({ length: machines }, (_, i) => pgMachine(app, i, { region, ref, services, processGroup, ...machineOpts })),
    deploys: []
  }
}

/**
 * A current `fly pg create` flex cluster: pg_tls services on 5432/5433, only a Flycast address.
 * @param {ClusterOptions} [opts]
 */
export function modernFlexCluster({ app = 'pg-app', machines = 2, major = 16, region = 'iad', ips, pgVersion, processGroup } = {}) {
  return clusterState(app, { machines, region, ips, processGroup, ref: imageRef({ pgVersion: pgVersion ?? defaultMinor(major) }) })
}

/**
 * An older flex cluster (or one whose services were removed): no [[services]] at all.
 * @param {ClusterOptions} [opts]
 */
export function flexClusterWithoutService(opts = {}) {
  const { app = 'pg-app', machines = 2, major = 16, region = 'iad', ips, pgVersion, processGroup, machineOpts } = opts
  return clusterState(app, { machines, region, ips, processGroup, machineOpts, services: [], ref: imageRef({ pgVersion: pgVersion ?? defaultMinor(major) }) })
}

/**
 * A flex cluster made before March 2023: no pg_tls service and no `fly_platform_version = "v2"` metadata, so
 * `fly deploy` manages none of its machines and would create a new member instead.
 * @param {ClusterOptions} [opts]
 */
export function preV2Cluster(opts = {}) {
  return flexClusterWithoutService({ ...opts, machineOpts: { ...opts.machineOpts, platformV2: false, flyctlVersion: '0.0.450' } })
}

/**
 * A `fly console` machine (fly_process_group = fly_app_console): the app's image, no services, no volume, restart
 * `no`. Shape from flyctl internal/appconfig/machines.go ToConsoleMachineConfig and internal/command/console/console.go.
 * @param {string} app
 * @param {{ ref?: ImageRefFixture, region?: string }} [opts]
 */
export function consoleMachine(app, { ref = imageRef(), region = 'iad' } = {}) {
  const machine = pgMachine(app, 90, { ref, region, services: [], processGroup: 'fly_app_console', role: 'console' })
  machine.config.mounts = []
  delete machine.config.checks
  machine.config.restart = { policy: 'no' }
  machine.config.auto_destroy = true
  machine.checks = []
  return machine
}

/**
 * A barman machine as `fly pg barman create` makes it (flyctl internal/command/postgres/barman.go): env IS_BARMAN,
 * volume barman_data, no services, metadata fly-barman, the newest postgres-flex image.
 * @param {string} app
 * @param {{ ref?: ImageRefFixture, region?: string }} [opts]
 */
export function barmanMachine(app, { ref = imageRef({ pgVersion: LATEST_MINOR[17] }), region = 'iad' } = {}) {
  const machine = pgMachine(app, 91, { ref, region, services: [], role: 'barman' })
  machine.config.env = { IS_BARMAN: 'true', PRIMARY_REGION: region }
  machine.config.metadata = { ...machine.config.metadata, 'fly-barman': 'true' }
  machine.config.mounts = [{ ...machine.config.mounts[0], name: 'barman_data' }]
  return machine
}

/**
 * A modern cluster that already has a dedicated IPv4 and a public IPv6.
 * @param {ClusterOptions} [opts]
 */
export function exposedFlexCluster(opts = {}) {
  const app = opts.app ?? 'pg-app'
  return modernFlexCluster({
    ...opts,
    ips: opts.ips ?? [ip('private_v6', { seed: `${app}/flycast` }), ip('v4', { seed: `${app}/v4` }), ip('v6', { seed: `${app}/v6` })]
  })
}

/**
 * A flex cluster running flyio/postgres-flex-timescaledb.
 * @param {ClusterOptions} [opts]
 */
export function timescaleCluster({ app = 'pg-app', machines = 2, major = 16, region = 'iad', ips, processGroup } = {}) {
  return clusterState(app, {
    machines,
    region,
    ips,
    processGroup,
    ref: imageRef({ repository: 'flyio/postgres-flex-timescaledb', pgVersion: defaultMinor(major) })
  })
}

/**
 * A legacy stolon cluster: flyio/postgres, no pg_tls services, no fly.pg-manager label, no Flycast.
 * @param {ClusterOptions} [opts]
 */
export function stolonCluster({ app = 'pg-app', machines = 2, major = 15, region = 'iad', ips } = {}) {
  return clusterState(app, {
    machines,
    region,
    services: [],
    ips: ips ?? [],
    ref: imageRef({ repository: 'flyio/postgres', pgVersion: String(major), flyVersion: 'v0.0.41', manager: null })
  })
}

/**
 * A flex cluster whose machines run different Postgres majors (e.g. a half-done upgrade).
 * @param {{ app?: string, majors?: number[], region?: string }} [opts]
 */
export function mixedMajorsCluster({ app = 'pg-app', majors = [16, 17], region = 'iad' } = {}) {
  const state = clusterState(app, { machines: 0, region })
  state.machines = majors.map((major, i) => pgMachine(app, i, { region, ref: imageRef({ pgVersion: defaultMinor(major) }) }))
  return state
}

/**
 * An app with no machines (e.g. every machine destroyed).
 * @param {{ app?: string }} [opts]
 */
export function zeroMachinesCluster({ app = 'pg-app' } = {}) {
  return clusterState(app, { machines: 0 })
}

/** Latest minor per major used for fixtures and for `--image flyio/postgres-flex:<major>` deploys. */
export const LATEST_MINOR = { 14: '14.19', 15: '15.14', 16: '16.11', 17: '17.7', 18: '18.4' }
/** The flex manager (label fly.version) of the newest postgres-flex builds: what `:<major>` deploys bring. */
export const LATEST_FLEX_VERSION = 'v0.0.62'

/** @param {number} major */
function defaultMinor(major) {
  return /** @type {Record<number, string>} */ (LATEST_MINOR)[major] ?? `${major}.0`
}

/**
 * A complete simulator state (see test-support/README.md).
 * @param {{ token?: string, apps?: Record<string, object>, apiDelayMs?: number, deployDelayMs?: number, restartMs?: number, faults?: object[], localDockerImages?: string[], remoteImages?: string[], mpgClusters?: Record<string, object>, privateNetwork?: Record<string, { host?: string, port: number }>, organizations?: Record<string, object>, operatorPassword?: string, clusterPostgres?: { host?: string, port: number } }} [opts]
 */
export function newWorld({ token = 'fo1_simulated_token_0123456789abcdef', apps = {}, ...rest } = {}) {
  return { token, apiDelayMs: 0, deployDelayMs: 0, restartMs: 0, faults: [], ...rest, apps }
}
