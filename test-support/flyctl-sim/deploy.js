// @ts-check
// `deploy` (internal/command/deploy): config checks, image, process groups, first-deploy volumes, leases, updates.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { allServices, cloneConfig, defaultProcessName, flatten, processNames, validateConfig } from './app-config.js'
import { configFromRemoteApp } from './config-save.js'
import { formatGoDuration } from './durations.js'
import { CliError, flaps } from './errors.js'
import { parseDurationFlag, recordedFlags } from './flags.js'
import { byte, nowIso, randomBase36, randomHex, sha256, ulid } from './helpers.js'
import { newImageRef, resolveDeployImage } from './images.js'
import { acquireLeases } from './leases.js'
import { machineConfigForGroup } from './machine-config.js'
import { isActive, isFlyAppsMachine, isReservedGroup } from './machine-types.js'
import { errOut, out, yellow } from './output.js'
import { requireAppName } from './session.js'
import { chargeApiCall, fetchApp, isPostgresApp, mutateApp, pause, waitWhileHeld } from './store.js'

/** @typedef {import('./types.js').AppConfig} AppConfig */
/** @typedef {import('./types.js').Machine} Machine */
/** @typedef {import('./types.js').Volume} Volume */

/**
 * A machine a deploy creates for a process group that has none, on the volume made for it if any.
 * @param {string} group
 * @param {AppConfig} cfg
 * @param {import('./machine-config.js').Deployment} deployment
 * @param {string} region
 * @param {Volume} [volume]
 * @returns {Machine}
 */
function newMachine(group, cfg, deployment, region, volume) {
  const id = randomHex(14)
  const config = machineConfigForGroup(cfg, group, { init: {}, guest: { cpu_kind: 'shared', cpus: 1, memory_mb: 256 } }, { ...deployment, machineId: id })
  // The new machine mounts the volume just created for it (deploy_first.go): empty, so a new database.
  if (volume && config.mounts?.length)
    config.mounts = [{ encrypted: true, path: config.mounts[0].path, size_gb: volume.size_gb, volume: volume.id, name: volume.name }]
  return {
    id,
    name: `${['young', 'quiet', 'wild', 'small'][byte() % 4]}-${['bird', 'moon', 'fog', 'pine'][byte() % 4]}-${1000 + ((byte() * 31) % 9000)}`,
    state: 'started',
    region,
    image_ref: newImageRef({ labels: {} }, deployment.image),
    instance_id: ulid(),
    private_ip: `fdaa:9:${randomHex(4)}:a7b:${randomHex(3)}:${randomHex(4)}:${randomHex(4)}:2`,
    created_at: nowIso(),
    updated_at: nowIso(),
    config,
    events: [{ type: 'launch', status: 'created', source: 'user', timestamp: Date.now() }],
    checks: [],
    host_status: 'ok',
    cordoned: false
  }
}

/**
 * deploy.go --only-machines / --exclude-machines (machines.go machineFilteredFromDeployment).
 * @param {import('./types.js').Flags} flags
 * @param {Machine} m
 */
function filteredFromDeployment(flags, m) {
  if (flags['only-machines']?.length && !flags['only-machines'].includes(m.id)) return true
  return Boolean(flags['exclude-machines']?.length && flags['exclude-machines'].includes(m.id))
}

/**
 * deploy_first.go provisionVolumesOnFirstDeploy: DefaultVolumeInitialSizeGB (1) unless initial_size says otherwise.
 * @param {AppConfig} cfg
 * @returns {Volume[]}
 */
function firstDeployVolumes(cfg) {
  return processNames(cfg).flatMap(group =>
    flatten(cfg, group).mounts.map(m => ({
      id: `vol_${randomBase36(16)}`,
      name: m.source,
      group,
      region: cfg.primary_region ?? 'iad',
      size_gb: Number.parseInt(String(m.initial_size ?? '1'), 10) || 1,
      encrypted: true,
      created_at: nowIso()
    }))
  )
}

/**
 * deploy/machines.go validateVolumeConfig (mounts are checked before anything changes).
 * @param {AppConfig} cfg
 * @param {Map<string, string>} groupsOf process group by machine id
 * @param {Machine[]} machines
 * @param {Volume[]} [newVolumes]
 */
function validateVolumes(cfg, groupsOf, machines, newVolumes = []) {
  for (const group of processNames(cfg)) {
    const flat = flatten(cfg, group)
    const ms = machines.filter(m => groupsOf.get(m.id) === group)
    const src = flat.mounts[0]?.source
    const dst = flat.mounts[0]?.destination
    if (!ms.length) {
      // Unattached volumes are not modelled: only the ones a first deploy just created can be used.
      for (const m of flat.mounts)
        if (!newVolumes.some(v => v.name === m.source))
          throw new CliError(
            `creating a new machine in group '${group}' requires an unattached '${m.source}' volume. Create it with \`fly volume create ${m.source}\``
          )
      continue
    }
    /** @type {Record<string, number>} */
    const needs = {}
    for (const m of ms) {
      const mounts = m.config?.mounts ?? []
      if (!dst && mounts.length) {
        errOut(
          `Warning! machine ${m.id} [${group}] has a volume mounted but app config does not specify a volume.\nThis usually indicates a misconfiguration.\n`
        )
        // prompt.Confirm (not ConfirmYes/--yes aware) without a terminal.
        throw new CliError('yes flag must be specified when not running interactively')
      }
      if (dst && !mounts.length) needs[m.region] = (needs[m.region] ?? 0) + 1
      if (mounts.length && src && mounts[0].name && src !== mounts[0].name) {
        throw new CliError(`machine ${m.id} [${group}] can't update the attached volume ${src} with name '${mounts[0].volume}' by '${mounts[0].name}'`)
      }
    }
    const missing = Object.entries(needs).map(([r, n]) => `${r}=${n}`)
    if (missing.length)
      throw new CliError(
        `Process group '${group}' needs volumes with name '${src}' to fulfill mounts defined in fly.toml; Run \`fly volume create ${src} -r REGION -n COUNT\` for the following regions and counts: ${missing.join(' ')}`
      )
  }
}

/**
 * internal/command/deploy deploy.go + machines.go: the app config (local or remote), the image, process-group changes,
 * then a lease on each machine to update and the updates.
 * @param {import('./types.js').Ctx} ctx
 */
export async function runDeploy(ctx) {
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
      if (String(/** @type {Error} */ (e).message).includes('Could not find App'))
        throw new CliError(`the app name ${ctx.appName} could not be found, did you create the app or misspell it in the fly.toml file or via -a?`)
      throw e
    }
  }
  const envFlags = Object.fromEntries((ctx.flags.env ?? []).map(kv => [kv.split('=')[0], kv.split('=').slice(1).join('=')]))
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
    throw new CliError(
      'failed to fetch an image or build from source: app does not have a Dockerfile or buildpacks configured. See https://fly.io/docs/reference/configuration/#the-build-section'
    )
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
    errOut(
      `Using wait timeout: ${formatGoDuration(waitTimeout)} lease timeout: ${formatGoDuration(leaseTimeout)} delay between lease refreshes: ${formatGoDuration(Math.floor((leaseTimeout - 1000) / 3))}\n`
    )
  }
  const strategy = cfg.deploy?.strategy ?? 'rolling'
  await chargeApiCall(ctx) // ListFlyAppsMachines
  // fly-go flaps ListFlyAppsMachines: only v2, active, non-console, non-release-command machines are deployed to.
  const flyAppsMachines = (app.machines ?? []).filter(isFlyAppsMachine)
  // deploy/machines.go setMachinesForDeployment: none of those, but active machines (fly-go ListActive) -> first deploy.
  const activeMachines = (app.machines ?? []).filter(m => isActive(m) && !isReservedGroup(m))
  const isFirstDeploy = flyAppsMachines.length === 0 && activeMachines.length > 0
  if (isFirstDeploy)
    errOut(`${yellow('[WARNING]')} Your app doesn't have any Fly Launch machines, so we'll create one now. Learn more at \nhttps://fly.io/docs/launch/\n\n`)
  const machines = flyAppsMachines.filter(m => !filteredFromDeployment(ctx.flags, m))
  if (machines.length !== flyAppsMachines.length) {
    const applied = /** @type {const} */ (['only-machines', 'exclude-machines']).filter(f => ctx.flags[f]?.length).map(f => `--${f}`)
    errOut(`${applied.join('/')} filter${applied.length > 1 ? 's' : ''} applied, deploying to ${machines.length}/${flyAppsMachines.length} machines\n`)
  }
  // setMachinesForDeployment: machines without a process group join the config's default group.
  const groupsOf = new Map(machines.map(m => [m.id, m.config?.metadata?.fly_process_group || m.config?.metadata?.process_group || defaultProcessName(cfg)]))
  // deploy_first.go provisionVolumesOnFirstDeploy: one new (empty) volume per mount, before the volume checks.
  const newVolumes = isFirstDeploy ? firstDeployVolumes(cfg) : []
  validateVolumes(cfg, groupsOf, machines, newVolumes)
  /** @param {Machine} m a machine deployed to: it has a group */
  const groupOf = m => /** @type {string} */ (groupsOf.get(m.id))

  // resolveProcessGroupChanges: machines outside the config's groups are destroyed (no prompt).
  const groups = processNames(cfg)
  const toRemove = machines.filter(m => !groups.includes(groupOf(m)))
  const needing = groups.filter(g => !machines.some(m => groupOf(m) === g))
  if (toRemove.length || needing.length) {
    out(isFirstDeploy ? 'This deployment will:\n' : 'Process groups have changed. This will:\n')
    const removedPerGroup = toRemove.reduce((/** @type {Record<string, number>} */ acc, m) => ({ ...acc, [groupOf(m)]: (acc[groupOf(m)] ?? 0) + 1 }), {})
    for (const [g, n] of Object.entries(removedPerGroup)) out(` * destroy ${n} "${g}" machine${n === 1 ? '' : 's'}\n`)
    for (const g of needing) {
      const flat = flatten(cfg, g)
      const ha = ctx.flags.ha !== false
      out(
        ` * create ${!ha || flat.mounts.length ? `1 "${g}" machine` : allServices(flat).length ? `2 "${g}" machines` : `1 "${g}" machine and 1 standby machine for it`}\n`
      )
    }
    out('\n')
  }

  const releaseId = randomBase36(16)
  const releaseVersion = (app.releaseVersion ?? 0) + 1
  const deployment = { image, releaseId, releaseVersion, isPostgres: isPostgresApp(app) }
  const startedAt = Date.now()
  /** @type {Machine[]} */
  const created = []
  for (const volume of newVolumes)
    out(`Creating a ${volume.size_gb} GB volume named '${volume.name}' for process group '${volume.group}'. Use 'fly vol extend' to increase its size\n`)
  for (const g of needing) {
    const flat = flatten(cfg, g)
    const region = cfg.primary_region ?? 'iad'
    created.push(
      newMachine(
        g,
        cfg,
        deployment,
        region,
        newVolumes.find(v => v.group === g)
      )
    )
    if (ctx.flags.ha !== false && !flat.mounts.length) created.push(newMachine(g, cfg, deployment, region))
  }
  const updates = machines
    .filter(m => !toRemove.includes(m))
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map(m => {
      try {
        return {
          id: m.id,
          group: groupOf(m),
          config: machineConfigForGroup(cfg, groupOf(m), m.config, { ...deployment, machineId: m.id }),
          image_ref: newImageRef(m.image_ref, image)
        }
      } catch (e) {
        throw new CliError(`failed to update machine configuration for ${m.id} [${groupOf(m)}]: ${/** @type {Error} */ (e).message}`)
      }
    })
  // createReleaseInBackend, then destroy/create machines.
  await chargeApiCall(ctx)
  await mutateApp(ctx, live => {
    live.deployedWithFlyDeploy = true
    live.releaseConfig = JSON.parse(JSON.stringify(cfg))
    live.releaseVersion = releaseVersion
    live.deployingSince = startedAt
    live.machines = (live.machines ?? []).filter(m => !toRemove.some(r => r.id === m.id))
    live.machines.push(...created)
    if (newVolumes.length)
      (live.volumes ??= []).push(
        ...newVolumes.map(({ group: _group, ...volume }) => ({
          ...volume,
          attached_machine_id: created.find(m => m.config?.mounts?.[0]?.volume === volume.id)?.id ?? null,
          empty: true
        }))
      )
  })
  for (const m of toRemove) out(`machine ${m.id} was found and is currently in ${m.state} state, attempting to destroy...\n`)
  for (const g of needing) out(`No machines in group ${g}, launching a new machine\n`)
  if (created.length > needing.length)
    out('Creating a second machine for high availability and zero downtime deployments.\nTo disable this, set "min_machines_running = 0" in your fly.toml.\n')
  if (needing.length) errOut('Finished launching new machines\n')

  // deploy/plan.go updateMachines: a lease on every machine to update first; one held elsewhere is unrecoverable.
  if (updates.length) {
    await chargeApiCall(ctx) // AcquireLease
    try {
      await acquireLeases(
        ctx,
        updates.map(u => u.id),
        leaseTimeout + (ctx.state.deployDelayMs ?? 0)
      )
    } catch (e) {
      throw new CliError(`failed to acquire leases: ${/** @type {Error} */ (e).message}`)
    }
  }
  if (updates.length) out(`Updating existing machines in '${ctx.appName}' with ${strategy} strategy\n`)
  const total = updates.length
  /** @param {number} i */
  const idx = i => (total > 1 ? ` [${String(i + 1).padStart(String(total).length, '0')}/${total}]` : '')
  for (const [i, u] of updates.entries()) {
    const fmt = `${u.id} [${u.group}]`
    out(
      `>${idx(i)} Updating ${fmt}\n>${idx(i)} Updating ${fmt}\n>${idx(i)} Waiting for ${fmt} to have state: started\n>${idx(i)} Machine ${fmt} has state: started\n`
    )
    const checks = Object.keys(u.config.checks ?? {}).length
    if (checks) out(`>${idx(i)} Waiting for ${fmt} to become healthy: ${checks}/${checks}\n\n`)
    await chargeApiCall(ctx)
  }
  await pause(ctx.state.deployDelayMs)
  await waitWhileHeld('deploy')
  await mutateApp(ctx, live => {
    for (const u of updates) {
      const m = (live.machines ?? []).find(x => x.id === u.id)
      if (!m) continue
      m.config = u.config
      m.image_ref = u.image_ref
      m.instance_id = ulid()
      m.updated_at = nowIso()
    }
    delete live.deployingSince
    ;(live.deploys ??= []).push({
      at: Date.now(),
      image: imageArg ?? `${image.registry}/${image.repository}:${image.tag}`,
      flags: recordedFlags(ctx.flags),
      toml: ctx.configText ?? null,
      startedAt,
      strategy,
      configPath: ctx.configPath ?? null,
      release: releaseVersion,
      destroyedMachines: toRemove.map(m => m.id),
      createdMachines: created.map(m => m.id),
      updatedMachines: updates.map(u => u.id),
      firstDeploy: isFirstDeploy,
      createdVolumes: newVolumes.map(v => v.id)
    })
  })
  for (const [i, u] of updates.entries()) out(`✔${idx(i)} Machine ${u.id} [${u.group}] update succeeded\n`)
  // DeployWithConfig: a "Visit" line only for apps with an HTTP URL (pg_tls services have none).
  if (allServices(cfg).some(s => (s.ports ?? []).some(p => (p.handlers ?? []).includes('http'))))
    out(`\nVisit your newly deployed app at https://${ctx.appName}.fly.dev/\n\n`)
}
