// @ts-check
// `machines list` and `services list`.
import { flaps } from './errors.js'
import { orderMachine } from './machine-types.js'
import { out, renderJson, renderTable } from './output.js'
import { fetchApp, waitWhileHeld } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */

/** @param {import('./types.js').MachineConfig['guest']} g */
function guestSize(g) {
  if (!g) return ''
  const kind = g.cpu_kind === 'performance' ? 'performance' : 'shared'
  return `${kind}-cpu-${g.cpus ?? 1}x:${g.memory_mb}MB`
}

/** @param {Ctx} ctx */
export async function runMachinesList(ctx) {
  await waitWhileHeld('reads')
  const app = await fetchApp(ctx, flaps('failed to list VMs: '))
  const machines = (app.machines ?? []).map(orderMachine)
  if (ctx.flags.json) return renderJson(machines)
  if (!machines.length) {
    if (!ctx.flags.quiet) out(`No machines are available on this app ${ctx.appName}\n`)
    return
  }
  if (ctx.flags.quiet)
    return renderTable(
      machines.map(m => [m.id]),
      []
    )
  // iostreams.CreateLink without a clickable terminal: "text (\u200Burl)".
  out(
    `${machines.length} machines have been retrieved from app ${ctx.appName}.\nView them in the UI here (\u200Bhttps://fly.io/apps/${ctx.appName}/machines/)\n\n`
  )
  const rows = machines.map(m => {
    const checks = m.checks ?? []
    const labels = m.image_ref?.labels ?? {}
    return [
      m.id,
      m.name ?? '',
      m.state ?? '',
      checks.length ? `${checks.filter(c => c.status === 'passing').length}/${checks.length}` : '',
      m.region ?? '',
      checks.find(c => c.name === 'role')?.output ?? '',
      `${m.image_ref?.repository}:${m.image_ref?.tag}${labels['fly.version'] ? ` (${labels['fly.version']})` : ''}`,
      m.private_ip ?? '',
      m.config?.mounts?.[0]?.volume ?? '',
      m.created_at ?? '',
      m.updated_at ?? '',
      m.config?.metadata?.fly_process_group ?? m.config?.metadata?.process_group ?? '',
      guestSize(m.config?.guest)
    ]
  })
  renderTable(
    rows,
    ['ID', 'Name', 'State', 'Checks', 'Region', 'Role', 'Image', 'IP Address', 'Volume', 'Created', 'Last Updated', 'Process Group', 'Size'],
    ctx.appName
  )
}

/**
 * `fly services list`: one row per distinct service across the machines (used by the manual-procedure baseline).
 * @param {Ctx} ctx
 */
export async function runServicesList(ctx) {
  const app = await fetchApp(ctx, flaps('failed to list VMs: '))
  /** @type {Map<string, { service: import('./types.js').MachineService, ports: string, regions: Set<string | undefined>, machines: number }>} */
  const rows = new Map()
  for (const machine of app.machines ?? []) {
    for (const service of machine.config?.services ?? []) {
      const ports = (service.ports ?? []).map(p => `${p.port} => ${service.internal_port}`).join(', ')
      const key = `${service.protocol}|${ports}`
      const row = rows.get(key) ?? { service, ports, regions: new Set(), machines: 0 }
      row.regions.add(machine.region)
      row.machines++
      rows.set(key, row)
    }
  }
  if (ctx.flags.json) return renderJson([...rows.values()].map(r => r.service))
  renderTable(
    [...rows.values()].map(r => [
      (r.service.protocol ?? 'tcp').toUpperCase(),
      r.ports,
      [...new Set((r.service.ports ?? []).flatMap(p => p.handlers ?? []))].map(h => h.toUpperCase()).join(', '),
      String((r.service.ports ?? []).some(p => p.force_https)),
      'app',
      [...r.regions].join(', '),
      String(r.machines)
    ]),
    ['Protocol', 'Ports', 'Handlers', 'Force HTTPS', 'Process Group', 'Regions', 'Machines']
  )
}
