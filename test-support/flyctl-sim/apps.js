// @ts-check
// `postgres create`, `apps list` and `apps destroy`: what the live conformance driver (scripts/live.mjs) needs to
// make throwaway clusters and remove them. Read in superfly/flyctl internal/command/postgres/create.go,
// flypg/launcher.go (LaunchMachinesPostgres), internal/prompt/prompt.go, internal/command/apps/list.go and destroy.go.
import { imageRef, ip, LATEST_MINOR, modernFlexCluster } from './clusters.js'
import { apiError, CliError, gql, QUERIES } from './errors.js'
import { nowIso, randomBase36 } from './helpers.js'
import { out, renderJson } from './output.js'
import { chargeApiCall, withStateLock } from './store.js'
import { VERSION } from './version.js'

/** @typedef {import('./types.js').Ctx} Ctx */

// create.go MachineVMSizes: the first entry of a name wins (resolveVMSize), so shared-cpu-1x is 256 MB.
/** @type {Record<string, { cpu_kind: string, cpus: number, memory_mb: number }>} */
const VM_SIZES = {
  'shared-cpu-1x': { cpu_kind: 'shared', cpus: 1, memory_mb: 256 },
  'shared-cpu-2x': { cpu_kind: 'shared', cpus: 2, memory_mb: 4096 },
  'shared-cpu-4x': { cpu_kind: 'shared', cpus: 4, memory_mb: 8192 },
  'shared-cpu-8x': { cpu_kind: 'shared', cpus: 8, memory_mb: 16384 },
  'performance-1x': { cpu_kind: 'performance', cpus: 1, memory_mb: 2048 },
  'performance-2x': { cpu_kind: 'performance', cpus: 2, memory_mb: 4096 },
  'performance-4x': { cpu_kind: 'performance', cpus: 4, memory_mb: 8192 },
  'performance-8x': { cpu_kind: 'performance', cpus: 8, memory_mb: 16384 }
}

/** The session check every API command makes first (the token must be the world's). @param {Ctx} ctx @param {string} query */
async function requireAuth(ctx, query) {
  await chargeApiCall(ctx)
  if (ctx.token !== ctx.state.token) throw apiError(gql(query), 'auth', undefined)
}

/** The organizations the token can see (world `organizations`, default `personal`). @param {Ctx} ctx */
const organizations = ctx => (ctx.state.organizations ? Object.keys(ctx.state.organizations) : ['personal'])

/**
 * `fly pg create`, non-interactive: `--name`, `--org`, `--region` and a custom configuration (`--vm-size`,
 * `--volume-size`, `--initial-cluster-size`) so no prompt is needed; a flex cluster as the launcher makes it (pg_tls
 * services on 5432/5433, a Flycast address), its operator password printed once.
 * @param {Ctx} ctx
 */
export async function runPgCreate(ctx) {
  const name = String(ctx.flags.name ?? '')
  // prompt.SelectAppNameWithMsg, prompt.Org, prompt.Region: without a terminal each missing value is an error.
  if (!name) throw new CliError('name argument or flag must be specified when not running interactively')
  await requireAuth(ctx, 'query { organizations { nodes { id slug name type paidPlan } } }')
  const org = String(ctx.flags.org ?? '')
  if (!org) throw new CliError('org slug must be specified when not running interactively')
  if (!organizations(ctx).includes(org)) throw new CliError(`organization ${org} not found`)
  const region = String(ctx.flags.region ?? '')
  if (!region) throw new CliError('region code must be specified when not running interactively')
  if (!/^[a-z]{3}$/.test(region)) throw new CliError(`region ${region} not found`)
  // Without --vm-size, --volume-size and --initial-cluster-size, create.go asks "Select configuration:".
  const vmSize = String(ctx.flags['vm-size'] ?? '')
  const volumeSize = Number(ctx.flags['volume-size'] ?? 0)
  const size = Number(ctx.flags['initial-cluster-size'] ?? 0)
  if (!vmSize || !volumeSize || !size) throw new CliError('prompt: non interactive') // guess: the Select prompt's error text
  const guest = VM_SIZES[vmSize]
  if (!guest) throw new CliError(`VM size "${vmSize}" is not valid. For a full list of supported sizes use the command 'flyctl platform vm-sizes'`)

  // GetLatestImageTag("flyio/postgres-flex"): the newest build of the newest major.
  const major = Math.max(...Object.keys(LATEST_MINOR).map(Number))
  const ref = imageRef({ pgVersion: /** @type {Record<number, string>} */ (LATEST_MINOR)[major] })
  const password = ctx.state.operatorPassword ?? randomBase36(15) // setSecrets: 15 characters when not given
  await chargeApiCall(ctx) // createApp
  const cluster = await withStateLock(state => {
    const apps = (state.apps ??= {})
    // Guess: the createApp mutation's wording for a taken name is in no public source.
    if (apps[name]) throw new CliError(`failed to run mutation: Name has already been taken`)
    /** @type {import('./types.js').App} */
    const app = /** @type {any} */ (modernFlexCluster({ app: name, machines: size, region }))
    app.organization = org
    app.ips = [ip('private_v6', { seed: `${name}/flycast/${randomBase36(6)}`, CreatedAt: nowIso() })]
    for (const machine of app.machines ?? []) {
      machine.image_ref = ref
      const config = /** @type {import('./types.js').MachineConfig} */ (machine.config)
      config.image = `${ref.repository}:${ref.tag}@${ref.digest}`
      config.guest = guest
      config.metadata = { ...config.metadata, fly_flyctl_version: VERSION }
      for (const mount of config.mounts ?? []) mount.size_gb = volumeSize
      machine.created_at = machine.updated_at = nowIso()
    }
    apps[name] = app
    // Its members answer on the org's private network: HAProxy on <name>.internal:5432 (flypg/launcher.go).
    if (state.clusterPostgres) (state.privateNetwork ??= {})[`[${name}.internal]:5432`] = state.clusterPostgres
    ctx.wrote = true
    return app
  })
  const image = `${ref.repository}:${ref.tag}@${ref.digest}`
  out(`Creating postgres cluster in organization ${org}\nCreating app...\nSetting secrets on app ${name}...\n`)
  ;(cluster.machines ?? []).forEach((machine, i) => {
    out(`Provisioning ${i + 1} of ${size} machines with image ${image}\nWaiting for machine to start...\nMachine ${machine.id} is started\n`)
  })
  out('==> Monitoring health checks\n\n')
  out(`Postgres cluster ${name} created\n  Username:    postgres\n  Password:    ${password}\n  Hostname:    ${name}.internal\n`)
  out(`  Flycast:     ${cluster.ips?.[0]?.Address}\n  Proxy port:  5432\n  Postgres port:  5433\n`)
  out(`  Connection string: postgres://postgres:${password}@${name}.flycast:5432\n\n`)
  out("Save your credentials in a secure place -- you won't be able to see them again!\n")
}

/**
 * `fly apps list [--org ORG] --json`: fly-go App objects (Go field names; the fields list.go's query asks for).
 * @param {Ctx} ctx
 */
export async function runAppsList(ctx) {
  await requireAuth(ctx, 'query($org: ID, $after: String) { apps(type: "container", first: 200, after: $after, organizationId: $org) { ... } }')
  const org = ctx.flags.org ? String(ctx.flags.org) : ''
  // list.go getOrg -> GetOrganizationBySlug. Guess: the server's wording for an unknown slug.
  if (org && !organizations(ctx).includes(org)) throw new CliError(`error getting organization: Could not find Organization "${org}"`)
  const apps = Object.entries(ctx.state.apps ?? {})
    .filter(([, app]) => !org || (app.organization ?? 'personal') === org)
    .map(([name, app]) => ({
      ID: name,
      Name: name,
      Status: (app.machines ?? []).some(m => m.state === 'started') ? 'deployed' : 'pending',
      Deployed: Boolean(app.deployedWithFlyDeploy),
      Hostname: `${name}.fly.dev`,
      Network: '',
      Organization: { Slug: app.organization ?? 'personal', Name: app.organization ?? 'personal' },
      CurrentRelease: null
    }))
  if (ctx.flags.json) {
    renderJson(apps)
    return
  }
  out(apps.length ? apps.map(a => `${a.Name}\t${a.Organization.Slug}\t${a.Status}\n`).join('') : 'No apps found\n')
}

/**
 * `fly apps destroy APP... --yes`: each app in turn, `Destroyed app <name>`; without --yes and a terminal it fails.
 * @param {Ctx} ctx
 */
export async function runAppsDestroy(ctx) {
  if (ctx.args.length === 0) throw new CliError('no app names provided')
  for (const name of ctx.args) {
    if (!ctx.flags.yes) throw new CliError('yes flag must be specified when not running interactively')
    await requireAuth(ctx, QUERIES.appCompact)
    if (!ctx.state.apps?.[name]) throw apiError(gql(QUERIES.appCompact), 'notfound', name) // client.GetApp
    await chargeApiCall(ctx) // flaps DeleteApp
    await withStateLock(state => {
      delete state.apps?.[name]
      ctx.wrote = true
    })
    out(`Destroyed app ${name}\n`)
  }
}
