// @ts-check
// fly-go machine_types.go: the JSON field order of machines (so `machines list --json` matches flyctl byte for byte)
// and the predicates that pick the machines a command works on.
import { each, eachValue, inGoOrder, sortedObject } from './helpers.js'

/** @typedef {import('./types.js').Machine} Machine */
/** @typedef {import('./types.js').MachineConfig} MachineConfig */

/** @type {(p: unknown) => unknown} */
const orderPort = p => inGoOrder(p, ['port', 'start_port', 'end_port', 'handlers', 'force_https', 'tls_options', 'http_options', 'proxy_proto_options'])
/** @type {(c: unknown) => unknown} */
const orderCheck = c =>
  inGoOrder(c, ['port', 'type', 'kind', 'interval', 'timeout', 'grace_period', 'method', 'path', 'protocol', 'tls_skip_verify', 'tls_server_name', 'headers'])
/** @type {(s: import('./types.js').Json) => unknown} */
const orderService = s =>
  inGoOrder(
    { force_instance_key: null, ...s },
    [
      'protocol',
      'internal_port',
      'autostop',
      'autostart',
      'min_machines_running',
      'ports',
      'checks',
      'concurrency',
      'force_instance_key',
      'force_instance_description'
    ],
    { ports: each(orderPort), checks: each(orderCheck), concurrency: c => inGoOrder(c, ['type', 'hard_limit', 'soft_limit']) }
  )
/** @type {(c: MachineConfig | undefined) => MachineConfig} */
export const orderMachineConfig = c =>
  inGoOrder(
    { init: {}, ...c },
    [
      'env',
      'init',
      'guest',
      'metadata',
      'mounts',
      'services',
      'metrics',
      'checks',
      'statics',
      'image',
      'files',
      'schedule',
      'auto_destroy',
      'restart',
      'dns',
      'processes',
      'standbys',
      'stop_config',
      'containers',
      'volumes',
      'rootfs',
      'cache_drive',
      'spot',
      'size',
      'disable_machine_autostart'
    ],
    {
      env: sortedObject,
      init: i => inGoOrder(i, ['exec', 'entrypoint', 'cmd', 'tty', 'swap_size_mb', 'kernel_args']),
      guest: g => inGoOrder(g, ['cpu_kind', 'cpus', 'memory_mb', 'max_memory_mb', 'gpus', 'gpu_kind', 'host_dedication_id', 'persist_rootfs', 'kernel_args']),
      metadata: sortedObject,
      mounts: each(m => inGoOrder(m, ['encrypted', 'path', 'size_gb', 'volume', 'name', 'extend_threshold_percent', 'add_size_gb', 'size_gb_limit'])),
      services: each(orderService),
      metrics: m => inGoOrder(m, ['port', 'path', 'https']),
      checks: eachValue(orderCheck),
      restart: r => inGoOrder(r, ['policy', 'max_retries'])
    }
  )
/** @type {(m: Machine) => Machine} */
export const orderMachine = m =>
  inGoOrder(
    { cordoned: false, ...m },
    [
      'id',
      'name',
      'state',
      'region',
      'image_ref',
      'instance_id',
      'version',
      'private_ip',
      'created_at',
      'updated_at',
      'config',
      'events',
      'checks',
      'nonce',
      'host_status',
      'cordoned',
      'containers',
      'incomplete_config'
    ],
    {
      image_ref: r => inGoOrder(r, ['registry', 'repository', 'tag', 'digest', 'labels'], { labels: sortedObject }),
      config: orderMachineConfig,
      events: each(e => inGoOrder(e, ['type', 'status', 'request', 'source', 'timestamp'])),
      checks: each(c => inGoOrder(c, ['name', 'status', 'output', 'updated_at']))
    }
  )

// fly-go machine_types.go: IsActive, IsFlyAppsPlatform, IsFlyAppsConsole, IsFlyAppsReleaseCommand.
/** @param {Machine} m */
export const isActive = m => !['destroyed', 'destroying'].includes(m.state ?? '')
/** @param {Machine} m */
const processGroupOf = m => m.config?.metadata?.fly_process_group || m.config?.metadata?.process_group || ''
/** @param {Machine} m */
const isV2 = m => m.config?.metadata?.fly_platform_version === 'v2'
/** @param {Machine} m */
export const isReservedGroup = m => isV2(m) && ['fly_app_console', 'fly_app_release_command'].includes(processGroupOf(m))
/** @param {Machine} m */
export const isFlyAppsMachine = m => isV2(m) && isActive(m) && !isReservedGroup(m)
