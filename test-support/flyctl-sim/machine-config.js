// @ts-check
// The machine config a deploy sends for a process group (appconfig.updateMachineConfig + deploy.launchInputForUpdate).
import { allServices, compact, flatten } from './app-config.js'
import { CliError } from './errors.js'
import { imageString } from './images.js'
import { errOut } from './output.js'
import { VERSION } from './version.js'

/** @typedef {import('./types.js').ConfigService} ConfigService */

/**
 * A `[processes]` command as words (quotes group words and are dropped).
 * @param {string} cmd
 */
function shellSplit(cmd) {
  return (cmd.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map(w => w.replace(/^["']|["']$/g, ''))
}

/**
 * appconfig.Service -> fly-go MachineService.
 * @param {ConfigService} svc
 * @returns {import('./types.js').MachineService}
 */
function toMachineService(svc) {
  const autostop = svc.auto_stop_machines
  return /** @type {import('./types.js').MachineService} */ (
    compact(
      {
        protocol: svc.protocol,
        internal_port: svc.internal_port,
        // fly-go MachineAutostop: the API answers booleans for "off"/"stop".
        autostop: autostop === 'stop' || autostop === true ? true : autostop === 'off' || autostop === false ? false : autostop,
        autostart: svc.auto_start_machines,
        min_machines_running: svc.min_machines_running,
        ports: svc.ports,
        checks: [...(svc.tcp_checks ?? []).map(c => ({ type: 'tcp', ...c })), ...(svc.http_checks ?? []).map(c => ({ type: 'http', ...c }))],
        concurrency: svc.concurrency
      },
      ['autostart', 'autostop']
    )
  )
}

/**
 * What a deploy knows of the release, for every machine's config.
 * @typedef {object} Deployment
 * @property {import('./types.js').Image} image
 * @property {string} releaseId
 * @property {number} releaseVersion
 * @property {boolean} isPostgres
 * @property {string} [machineId] the machine whose config this is
 */

/**
 * appconfig.updateMachineConfig + deploy.launchInputForUpdate: the machine config a deploy sends.
 * @param {import('./types.js').AppConfig} cfg
 * @param {string} group
 * @param {import('./types.js').MachineConfig | undefined} old
 * @param {Deployment} deployment
 * @returns {import('./types.js').MachineConfig}
 */
export function machineConfigForGroup(cfg, group, old, deployment) {
  const flat = flatten(cfg, group)
  const c = structuredClone(old ?? {})
  if (flat.metrics.length) c.metrics = compact({ port: flat.metrics[0].port, path: flat.metrics[0].path, https: flat.metrics[0].https })
  else delete c.metrics
  /** @type {Record<string, unknown>} */
  const init = { ...(c.init ?? {}) }
  const cmd = cfg.processes?.[group] ? shellSplit(cfg.processes[group]) : cfg.experimental?.cmd
  for (const [key, value] of /** @type {[string, unknown][]} */ ([
    ['cmd', cmd],
    ['entrypoint', cfg.experimental?.entrypoint],
    ['exec', cfg.experimental?.exec],
    ['swap_size_mb', cfg.swap_size_mb]
  ])) {
    if (value === undefined) delete init[key]
    else init[key] = value
  }
  c.init = init
  c.metadata = {
    ...(c.metadata ?? {}),
    fly_flyctl_version: VERSION,
    fly_platform_version: 'v2',
    fly_process_group: group,
    fly_release_id: deployment.releaseId,
    fly_release_version: String(deployment.releaseVersion)
  }
  // deploy/machines_launchinput.go setMachineReleaseData
  if (deployment.isPostgres) c.metadata['fly-managed-postgres'] = 'true'
  else delete c.metadata['fly-managed-postgres']
  const services = allServices(flat).map(toMachineService)
  if (services.length) c.services = services
  else delete c.services
  if (flat.checks) {
    /** @type {Record<string, import('./types.js').Json>} */
    const checks = {}
    c.checks = checks
    for (const [name, check] of Object.entries(flat.checks)) {
      const port = check.port ?? flat.http_service?.internal_port
      if (port === undefined)
        throw new CliError(`Check '${name}' for process group '${group}' has no port set and the group has no http_service to take it from`)
      checks[name] = compact({ ...check, processes: undefined, port, method: check.method?.toUpperCase() })
    }
  } else delete c.checks
  c.env = { ...(flat.env ?? {}), FLY_PROCESS_GROUP: group, ...(flat.primary_region ? { PRIMARY_REGION: flat.primary_region } : {}) }
  const fileMount = flat.mounts[0]
  const oldMount = old?.mounts?.[0]
  if (!fileMount) delete c.mounts
  else if (!oldMount) c.mounts = [/** @type {import('./types.js').MachineMount} */ (compact({ path: fileMount.destination, name: fileMount.source }))]
  else if (oldMount.path !== fileMount.destination && (oldMount.name === fileMount.source || !oldMount.name)) {
    errOut(
      `Updating the mount path for volume ${oldMount.volume} on machine ${deployment.machineId} from ${oldMount.path} to ${fileMount.destination} due to fly.toml [mounts] destination value\n`
    )
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
  c.restart = restart
    ? compact({
        policy: /** @type {Record<string, string>} */ ({ always: 'always', 'on-failure': 'on-failure', never: 'no' })[restart.policy ?? ''],
        max_retries: restart.retries
      })
    : { policy: 'on-failure' }
  c.image = imageString(deployment.image)
  return c
}
