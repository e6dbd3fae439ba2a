// @ts-check
// `config save`, and the config of a remote app (appconfig/from_machine_set.go when not deployed with `fly deploy`).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { compact, normalizeCheck, normalizeConfig, normalizeService } from './app-config.js'
import { CliError, genqConfigRelease } from './errors.js'
import { sortedObject } from './helpers.js'
import { isActive, isReservedGroup } from './machine-types.js'
import { errOut, out } from './output.js'
import { loadConfigText } from './session.js'
import { chargeApiCall, fetchApp } from './store.js'
import { configToToml, encodeTomlTable } from './toml-writer.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').Machine} Machine */

/** @param {string} w */
function quotePosixWord(w) {
  const special = /[!"#$&'()*,;<=>?[\]\\^`{}|~]/.test(w)
  if (special) return `'${w}'`
  return /\s/.test(w) ? `"${w}"` : w
}

/**
 * appconfig/from_machine_set.go: the config most machines share, and a warning for each machine it would change.
 * @param {string} appName
 * @param {Machine[]} machines
 */
function configFromMachines(appName, machines) {
  if (!machines.length) {
    throw new CliError(
      'failed to grab app config from existing machines, error: could not create a fly.toml from any machines :-(\nNo machines configured for this app'
    )
  }
  /** @type {<T>(items: T[], keyOf: (item: T) => string) => T[]} */
  const mostCommon = (items, keyOf) => {
    const counts = new Map()
    for (const item of items) {
      const key = keyOf(item)
      counts.set(key, [...(counts.get(key) ?? []), item])
    }
    return [...counts.values()].sort((a, b) => b.length - a.length)[0]
  }
  /** @param {Machine} m */
  const cmdOf = m => (m.config?.init?.cmd ?? []).map(quotePosixWord).join(' ')
  const cmdMachines = mostCommon(machines, cmdOf)
  const cmd = cmdOf(cmdMachines[0])
  const processes = cmd ? { app: cmd } : undefined
  const serviceMachine = mostCommon(cmdMachines, m => JSON.stringify(m.config?.services ?? null))[0]
  const services = (serviceMachine.config?.services ?? []).map(ms =>
    normalizeService({
      protocol: ms.protocol,
      internal_port: ms.internal_port,
      auto_stop_machines: ms.autostop === true ? 'stop' : ms.autostop === false ? 'off' : ms.autostop,
      auto_start_machines: ms.autostart,
      min_machines_running: ms.min_machines_running,
      ports: ms.ports ?? [],
      concurrency: ms.concurrency,
      tcp_checks: (ms.checks ?? []).filter(c => c.type === 'tcp'),
      http_checks: (ms.checks ?? []).filter(c => c.type === 'http'),
      processes: processes ? ['app'] : []
    })
  )
  const perMachine = machines.map(m => {
    const c = m.config ?? {}
    const env = c.env ?? {}
    const primaryRegion = env.PRIMARY_REGION ?? env.FLY_PRIMARY_REGION
    const mount = c.mounts?.[0]
    return compact({
      app: appName,
      primary_region: primaryRegion,
      env: sortedObject(env),
      processes,
      mounts: mount ? [compact({ source: mount.name, destination: mount.path })] : undefined,
      services,
      checks:
        c.checks && Object.keys(c.checks).length
          ? Object.fromEntries(
              Object.keys(c.checks)
                .sort()
                .map(k => [k, normalizeCheck(c.checks?.[k])])
            )
          : undefined,
      metrics: [compact({ port: c.metrics?.port, path: c.metrics?.path, https: c.metrics?.https })]
    })
  })
  const tomls = perMachine.map(cfg => encodeTomlTable(cfg, [], 0))
  const winner = mostCommon(
    tomls.map((t, i) => ({ t, i })),
    x => x.t
  )[0].i
  const warnings = machines
    .map((m, i) =>
      tomls[i] === tomls[winner]
        ? null
        : `WARNING [fly.toml]: Machine ${m.id} currently has a config that will change with the new fly.toml. This is what will change:\n${lineDiff(tomls[i], tomls[winner])}`
    )
    .filter(Boolean)
  return { config: perMachine[winner], warnings }
}

/**
 * @param {string} from
 * @param {string} to
 */
function lineDiff(from, to) {
  const a = from.split('\n')
  const b = to.split('\n')
  return [...a.filter(l => !b.includes(l)).map(l => `- ${l}`), ...b.filter(l => !a.includes(l)).map(l => `+ ${l}`)].join('\n')
}

/**
 * appconfig.FromRemoteApp: the last release's config when deployed with `fly deploy`, else rebuilt from machines.
 * @param {Ctx} ctx
 */
export async function configFromRemoteApp(ctx) {
  const app = await fetchApp(ctx, genqConfigRelease)
  if (app.deployedWithFlyDeploy && app.releaseConfig) {
    return { config: normalizeConfig({ ...app.releaseConfig, app: ctx.appName }, '--config path unset--'), warnings: [] }
  }
  await chargeApiCall(ctx) // machine.ListActive
  // fly-go ListActive: console and release-command machines do not shape the config.
  const { config, warnings } = configFromMachines(
    ctx.appName,
    (app.machines ?? []).filter(m => isActive(m) && !isReservedGroup(m))
  )
  return { config: normalizeConfig(config, '--config path unset--'), warnings }
}

/** @param {Ctx} ctx */
export async function runConfigSave(ctx) {
  const { config, warnings } = await configFromRemoteApp(ctx)
  if (warnings.length) errOut(`WARNINGS:\n${warnings.join('\n')}`)
  // config/save.go: the target is --config (resolved like ResolveConfigFileFromPath) or the working directory.
  let target = resolve(ctx.flags.config ?? process.cwd())
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'fly.toml')
  if (ctx.flags.json) target = target.replace(/\.[^./]*$/, '') + '.json'
  else if (ctx.flags.yaml) throw new CliError('the flyctl simulator does not write YAML configs')
  if (existsSync(target) && !ctx.flags.yes) {
    // prompt.Confirmf without a terminal returns prompt.ErrNonInteractive unwrapped.
    throw new CliError('prompt: non interactive')
  }
  if (existsSync(target) && target.endsWith('.toml')) {
    const previous = loadConfigText(readFileSync(target, 'utf8'), target)
    if (previous.build) config.build = previous.build // keepPrevSections: [build] is not kept remotely
  }
  mkdirSync(dirname(target), { recursive: true })
  const ordered = normalizeConfig(config, target)
  writeFileSync(target, ctx.flags.json ? `${JSON.stringify(ordered, null, 2)}\n` : configToToml(ordered))
  out(`Wrote config file ${relative(process.cwd(), target)}\n`)
}
