// @ts-check
// `machine update` (internal/command/machine/update.go).
import { CliError, flaps } from './errors.js'
import { recordedFlags } from './flags.js'
import { nowIso, ulid } from './helpers.js'
import { imageString, newImageRef, resolveDeployImage } from './images.js'
import { acquireLeases, MACHINE_LEASE_TTL_MS } from './leases.js'
import { orderMachineConfig } from './machine-types.js'
import { errOut, out } from './output.js'
import { chargeApiCall, fetchApp, mutateApp, pause } from './store.js'

/** @typedef {import('./types.js').MachineService} MachineService */

/**
 * command_run.go DetermineServices + parsePortFlag: `--port port[:machinePort][/protocol[:handler...]]`.
 * @param {MachineService[] | undefined} services
 * @param {string[]} portFlags
 */
function applyPortFlags(services, portFlags) {
  /** @type {MachineService[]} */
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
    if (internal !== undefined && !/^\d+$/.test(internal))
      throw new CliError(`invalid machine (internal) port: strconv.Atoi: parsing "${internal}": invalid syntax`)
    let svc = result.find(x => x.internal_port === internalPort && x.protocol === protocol)
    if (!svc) {
      svc = { protocol, internal_port: internalPort }
      result.push(svc)
    }
    if (handlers.length === 1 && handlers[0] === '-') {
      svc.ports = [] // a dash handler removes the service's ports
      continue
    }
    const existing = (svc.ports ?? []).find(p => p.port === port)
    if (existing) existing.handlers = handlers
    else (svc.ports ??= []).push({ port, handlers })
  }
  return result.filter(x => (x.ports ?? []).length > 0) // "Remove any service without exposed ports"
}

/**
 * internal/command/machine/update.go runUpdate: lease (internal/machine/lease.go AcquireLease), the config with only
 * the flags' changes (run.go determineMachineConfig keeps image, env, mounts, metadata, restart), a confirmation
 * that needs --yes without a terminal, then internal/machine/update.go Update: wait until settled, then for the
 * health checks (internal/watch/watch.go MachinesChecks).
 * @param {import('./types.js').Ctx} ctx
 */
export async function runMachineUpdate(ctx) {
  const id = ctx.args[0]
  if (!id) throw new CliError('a machine ID must be specified or the --select flag used') // guess: checkSelectConditions wording not checked
  const app = await fetchApp(ctx, flaps(`could not get machine ${id}: failed to get VM ${id}: `))
  const machine = (app.machines ?? []).find(m => m.id === id)
  if (!machine) throw new CliError(`machine ${id} was not found in app '${ctx.appName}'`) // select.go rewriteMachineNotFoundErrors
  if (machine.host_status && machine.host_status !== 'ok') throw new CliError('the machine is on an unreachable host, try again later')
  await chargeApiCall(ctx) // AcquireLease
  try {
    await acquireLeases(ctx, [id], MACHINE_LEASE_TTL_MS)
  } catch (e) {
    throw new CliError(`failed to obtain lease: ${/** @type {Error} */ (e).message}`, { requestId: `${ulid()}-iad` })
  }
  /** @type {import('./types.js').MachineConfig} */
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
  await mutateApp(ctx, live => {
    // Gone since the read (a concurrent deploy destroyed it): flaps answers 404 and fly-go wraps it as
    // "failed to update VM <id>: ..." (flaps_machines.go Update). Guess: the wording after the colon.
    const m = (live.machines ?? []).find(x => x.id === id)
    if (!m) throw new CliError(`failed to update VM ${id}: machine not found`)
    m.config = config
    m.image_ref = imageRef
    m.instance_id = ulid()
    m.updated_at = nowIso()
    ;(live.machineUpdates ??= []).push({ at: Date.now(), id, flags: recordedFlags(ctx.flags) })
  })
  await pause(ctx.state.deployDelayMs)
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
