// Bad inputs and bad cluster states, each run through the bundled action (node dist/index.js) as the runner starts
// it: the user sees exactly one `::error::` line saying what is wrong and what to do, the step fails, nothing on Fly
// changes (no allocation, no deploy), and no secret reaches the log.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { escapeCommandData, findLeaks, maskedFirst } from '../test-support/run-action.js'
import { useWorld, type Call, type Scenario } from './support/action-world.js'
import { ASSET_ARCH, seedToolCacheAsSetupFlyctl } from './support/tool-cache.js'
import { LEAST_PRIVILEGE_ADVICE } from '../src/pure/weak-points.js'
import {
  flexClusterWithoutService,
  imageRef,
  mixedMajorsCluster,
  modernFlexCluster,
  preV2Cluster,
  stolonCluster,
  zeroMachinesCluster
} from '../test-support/flyctl-sim/clusters.js'

type Machine = { id: string; image_ref: { tag: string; digest?: string; labels: Record<string, string> }; config: { services?: unknown[] } }
type Cluster = { machines: Machine[] }

const world = useWorld()

/** What a case can use to compute its inputs and its expected message. */
interface Ctx {
  /** The app the scenario's simulator knows. */
  app: string
  cluster: Cluster
  scenario: Scenario
  /** The run's GITHUB_WORKSPACE. */
  workspace: string
}

interface BadCase {
  name: string
  /** The cluster the simulator holds (default: a modern `fly pg create` cluster). */
  cluster?: (app: string) => Cluster
  /** Files written into the workspace (or, with `../`, beside it) before the run; they must not change. */
  files?: Record<string, string>
  /** Links made in the workspace before the run: name -> target (relative to the link). */
  links?: Record<string, string>
  inputs?: (ctx: Ctx) => Record<string, string>
  env?: Record<string, string | undefined>
  /** The flyctl commands the run makes, sorted: [] when the inputs are refused before flyctl is installed. */
  calls: string[]
  /** The exact message; a list when flyctl's two reads race and either may fail first. */
  message: (ctx: Ctx) => string | string[]
  /** Secrets passed in this case besides the world's (wrong tokens, other URLs and passwords). */
  secrets?: string[]
}

const NO_CALLS: string[] = []
const READS = ['ips list', 'machines list']
const hintToken = (app: string) =>
  `The Fly token was rejected: create one with \`fly tokens create deploy -a ${app}\` and pass it as \`fly-api-token\` (or FLY_API_TOKEN).`
const hintApp = (app: string) => `Check the \`app\` input ("${app}") and that the token belongs to the organization that owns the app.`
const WRONG_TOKEN = 'fo1_Wrong_T0ken_Revoked_9f8e7d6c5b4a'
const OTHER_PASSWORD = 'Other-S3cret-Pass_zq81'

const configFile = (ctx: Ctx, name: string) => `The \`config\` file ${path.join(ctx.workspace, name)}`
const takenPortMessage = (cluster: Cluster, app: string) =>
  `Port 5433 is already served by machines ${cluster.machines.map(m => m.id).join(', ')} of "${app}": TCP to internal port 5433 [pg_tls] (each member's own Postgres, replicas included, not the primary through HAProxy). Adding the pg_tls service there would repoint it to HAProxy and restart the cluster, so nothing was changed. Choose a port the machines do not serve (5432, the documented one, unless it is taken too), or use the existing service as it is: \`fly machines list -a ${app}\` shows each machine's services.`
const withoutService = (app: string) => flexClusterWithoutService({ app }) as unknown as Cluster

// A fly.toml as `fly config save` writes it for a `fly pg create` cluster (without its pg_tls services).
const savedToml = (app: string) => `app = "${app}"
primary_region = "iad"

[env]
  PRIMARY_REGION = "iad"

[[mounts]]
  source = "pg_data"
  destination = "/data"

[metrics]
  port = 9187
  path = "/metrics"
`

// Refusals by the inputs' text alone are unit rows (support/input-refusals.ts, run by inputs.test.ts); this one
// stands for them here: through the bundle, an InputError is one `::error::` line and nothing else happens.
const cases: BadCase[] = [
  {
    name: 'an empty app',
    inputs: () => ({ app: '' }),
    calls: NO_CALLS,
    message: () => 'Input `app` is required: the Fly app name of your Postgres cluster.'
  },
  // ---- token
  {
    name: 'no token: no input, no environment',
    inputs: () => ({ 'fly-api-token': '' }),
    env: { FLY_API_TOKEN: undefined, FLY_ACCESS_TOKEN: undefined },
    calls: NO_CALLS,
    message: () => 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).'
  },
  {
    name: 'a blank FLY_API_TOKEN (whitespace only)',
    inputs: () => ({ 'fly-api-token': '' }),
    env: { FLY_API_TOKEN: '   ', FLY_ACCESS_TOKEN: undefined },
    calls: NO_CALLS,
    message: () => 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).'
  },
  {
    name: 'a token Fly rejects',
    inputs: () => ({ 'fly-api-token': WRONG_TOKEN }),
    calls: READS,
    // Both reads settle before the action reports, and `ips list`'s error (fly-go's GraphQL wrap, query dropped) comes first.
    message: ({ app }) => `\`flyctl ips list -a ${app} --json\` failed (exit 1): Fly API: You must be authenticated to view this. ${hintToken(app)}`,
    secrets: [WRONG_TOKEN]
  },
  {
    name: 'an app Fly does not know',
    inputs: ({ scenario }) => ({ app: 'unknown-db', 'database-url': scenario.databaseUrl.replace(`@${scenario.app}.`, '@unknown-db.') }),
    calls: READS,
    message: () => `\`flyctl ips list -a unknown-db --json\` failed (exit 1): Fly API: Could not find App "unknown-db". ${hintApp('unknown-db')}`
  },
  // ---- connection
  {
    name: 'a database-url that is not a URL',
    inputs: () => ({ 'database-url': `not a url ${OTHER_PASSWORD}` }),
    calls: NO_CALLS,
    message: () => 'database-url is not a valid URL. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE (the string `fly pg create` printed).',
    secrets: [`not a url ${OTHER_PASSWORD}`, OTHER_PASSWORD]
  },
  {
    name: 'a database-url that is not postgres',
    inputs: () => ({ 'database-url': `mysql://root:${OTHER_PASSWORD}@db.example.com:3306/app` }),
    calls: NO_CALLS,
    message: () => 'database-url must start with postgres:// or postgresql://, not mysql://.',
    secrets: [`mysql://root:${OTHER_PASSWORD}@db.example.com:3306/app`, OTHER_PASSWORD]
  },
  {
    name: 'a database-url with a malformed percent-encoding',
    inputs: ({ app }) => ({ 'database-url': `postgres://postgres:Bad%zzSecret-77@${app}.flycast:5432/postgres` }),
    calls: NO_CALLS,
    message: () => 'database-url has a malformed percent-encoding in its password.',
    secrets: ['Bad%zzSecret-77']
  },
  {
    name: 'both database-url and password',
    inputs: () => ({ password: OTHER_PASSWORD }),
    calls: NO_CALLS,
    message: () => 'Give either `database-url` or `password`, not both: the password would be ambiguous.',
    secrets: [OTHER_PASSWORD]
  },
  {
    name: 'a database-url of another app',
    inputs: () => ({ 'database-url': `postgres://postgres:${OTHER_PASSWORD}@other.flycast:5432/postgres` }),
    calls: NO_CALLS,
    message: ({ app }) => `database-url points at app "other" but input \`app\` is "${app}": pass the connection string of the same cluster.`,
    secrets: [`postgres://postgres:${OTHER_PASSWORD}@other.flycast:5432/postgres`, OTHER_PASSWORD]
  },
  {
    name: 'a preview-database that is the admin database',
    inputs: ({ scenario }) => ({ 'database-url': scenario.databaseUrl.replace(/\/postgres$/, '/app_db'), 'preview-database': 'app_db' }),
    calls: NO_CALLS,
    message: () => 'Input `preview-database` cannot be "app_db": that is the admin database the action connects with. Use a name like pr-123.'
  },
  // ---- config (the cluster needs a deploy, so the file is read and checked before any write)
  {
    name: 'a config that does not exist',
    cluster: withoutService,
    inputs: () => ({ config: 'deploy/missing.toml' }),
    calls: NO_CALLS,
    message: () => 'Input `config` names "deploy/missing.toml", but there is no such file in the workspace.'
  },
  {
    name: 'a config outside the workspace',
    cluster: withoutService,
    files: { '../outside.toml': savedToml('outside-app') },
    inputs: () => ({ config: '../outside.toml' }),
    calls: NO_CALLS,
    message: ({ workspace }) => `Input \`config\` must be a file inside the workspace (${workspace}), not "../outside.toml".`
  },
  {
    name: 'a config that links out of the workspace',
    cluster: withoutService,
    files: { '../elsewhere.toml': savedToml('elsewhere-app') },
    links: { 'fly.toml': '../elsewhere.toml' },
    inputs: () => ({ config: 'fly.toml' }),
    calls: NO_CALLS,
    message: ({ workspace }) =>
      `Input \`config\` must be a file inside the workspace (${workspace}), not "fly.toml": it links to ${fs.realpathSync(path.join(workspace, '..', 'elsewhere.toml'))}.`
  },
  {
    name: 'a config that is not valid TOML',
    cluster: withoutService,
    files: { 'fly.toml': 'app = "x"\n[env\n  A = "1"\n' },
    inputs: () => ({ config: 'fly.toml' }),
    calls: READS,
    message: ctx => `${configFile(ctx, 'fly.toml')} is not valid TOML: illegal character in key (line 2, column 5).`
  },
  {
    name: 'a config without [[mounts]]',
    cluster: withoutService,
    files: { 'deploy/db.fly.toml': 'primary_region = "iad"\n\n[env]\n  PRIMARY_REGION = "iad"\n' },
    inputs: () => ({ config: 'deploy/db.fly.toml' }),
    calls: READS,
    message: ctx =>
      `${configFile(ctx, 'deploy/db.fly.toml')} has no [[mounts]] for /data: deploying it would detach the database volume. Add the mount (source = "pg_data", destination = "/data") and rerun.`
  },
  {
    name: 'a config with [processes]',
    cluster: withoutService,
    files: { 'fly.toml': '[processes]\n  app = "start"\n\n[[mounts]]\n  source = "pg_data"\n  destination = "/data"\n' },
    inputs: () => ({ config: 'fly.toml' }),
    calls: READS,
    message: ctx =>
      `${configFile(ctx, 'fly.toml')} has a [processes] section: deploying it would destroy Postgres machines outside those groups. Remove [processes] and rerun.`
  },
  {
    name: 'a config for another app',
    cluster: withoutService,
    files: { 'fly.toml': savedToml('someone-else') },
    inputs: () => ({ config: 'fly.toml' }),
    calls: READS,
    message: ctx => `${configFile(ctx, 'fly.toml')} is for app "someone-else", not "${ctx.app}": refusing to deploy another app's config.`
  },
  {
    name: 'a config without primary_region or PRIMARY_REGION (a deploy would start members without it)',
    cluster: withoutService,
    files: {
      'fly.toml': savedToml('').replace('app = ""\n', '').replace('primary_region = "iad"\n', '').replace('  PRIMARY_REGION = "iad"\n', '  TZ = "UTC"\n')
    },
    inputs: () => ({ config: 'fly.toml' }),
    calls: READS,
    message: ctx =>
      `${configFile(ctx, 'fly.toml')} sets neither primary_region nor [env] PRIMARY_REGION: a deploy would start every member without PRIMARY_REGION, and postgres-flex does not start without it. Add primary_region = "<the cluster's region>" and rerun.`
  },
  {
    name: 'a config mounting another volume at /data',
    cluster: withoutService,
    files: { 'fly.toml': savedToml('').replace('app = ""\n', '').replace('source = "pg_data"', 'source = "pg_data_v2"') },
    inputs: () => ({ config: 'fly.toml' }),
    calls: READS,
    message: ctx =>
      `${configFile(ctx, 'fly.toml')} mounts source = "pg_data_v2", destination = "/data", but the members mount source = "pg_data", destination = "/data": a deploy would move or replace the database volume. Make [[mounts]] match the members and rerun.`
  },
  // ---- cluster states
  {
    name: 'members made before March 2023 (no v2 metadata) with method: deploy',
    cluster: app => preV2Cluster({ app }) as unknown as Cluster,
    calls: READS,
    message: ({ app, cluster }) =>
      `Machines ${cluster.machines.map(m => m.id).join(', ')} of "${app}" lack the metadata \`fly deploy\` needs (fly_platform_version = "v2"; clusters made before March 2023 have none), so a deploy would not update them but create a new member with a new, empty volume. Nothing was changed. Use \`method: machines\`: it adds the service to each member in place with \`fly machine update\`, keeping its image, env, volume and metadata.`
  },
  {
    name: 'image: running when members run different builds',
    cluster: app => {
      const cluster = withoutService(app)
      cluster.machines[1].image_ref = imageRef({ pgVersion: '16.8' }) as Machine['image_ref']
      return cluster
    },
    inputs: () => ({ image: 'running' }),
    calls: READS,
    message: ({ app, cluster }) =>
      `The members of "${app}" run different builds (${cluster.machines.map(m => `flyio/postgres-flex:${m.image_ref.tag}@${m.image_ref.digest}`).join(', ')}), and \`image: running\` with \`method: deploy\` deploys one image to all of them. Use \`method: machines\` (each member keeps its own image) or \`image: major\`.`
  },
  {
    name: 'a legacy stolon cluster',
    cluster: app => stolonCluster({ app }) as unknown as Cluster,
    calls: READS,
    message: ({ app }) =>
      `App "${app}" runs the legacy stolon image (flyio/postgres). Deploying postgres-flex over it would break the cluster, so nothing was changed. Migrate to a postgres-flex cluster (fly pg create, then restore), or add the pg_tls service by hand.`
  },
  {
    name: 'machines on two Postgres majors',
    cluster: app => {
      const cluster = mixedMajorsCluster({ app, majors: [16, 17] }) as unknown as Cluster
      for (const machine of cluster.machines) delete machine.config.services
      return cluster
    },
    calls: READS,
    message: ({ app }) =>
      `The machines of "${app}" run different Postgres majors (16, 17); a deploy would force one major on all of them. Finish the upgrade first (every machine on one major), then rerun.`
  },
  {
    name: 'an app with zero machines',
    cluster: app => zeroMachinesCluster({ app }) as unknown as Cluster,
    calls: READS,
    message: ({ app }) => `App "${app}" has no machines, so there is nothing to expose. Check the app name, or run \`fly machines list -a ${app}\`.`
  },
  {
    name: 'an image with no usable tag',
    cluster: app => {
      const cluster = withoutService(app)
      for (const machine of cluster.machines) {
        machine.image_ref.tag = 'latest'
        delete machine.image_ref.labels['fly.pg-version']
      }
      return cluster
    },
    calls: READS,
    message: ({ app, cluster }) =>
      `Cannot tell which Postgres major machine ${cluster.machines[0].id} runs (image tag "latest", no fly.pg-version label); refusing to guess an image. Run \`fly image show -a ${app}\`.`
  },
  {
    name: 'deploy: never on a cluster without the service',
    cluster: withoutService,
    inputs: () => ({ deploy: 'never' }),
    calls: READS,
    message: ({ cluster }) =>
      `Machines ${cluster.machines.map(m => m.id).join(', ')} have no pg_tls service on port 5432, and \`deploy: never\` forbids adding it. Use \`deploy: auto\` (one rolling restart).`
  },
  {
    // 5433 on a `fly pg create` cluster is pg_tls straight to each member's Postgres, not to HAProxy on 5432: never
    // rewired, whatever `deploy` and `method` say, and the dry run says so too.
    name: "port 5433 of a `fly pg create` cluster (each member's own Postgres)",
    inputs: () => ({ port: '5433' }),
    calls: READS,
    message: ({ cluster, app }) => takenPortMessage(cluster, app)
  },
  {
    name: 'port 5433 of a `fly pg create` cluster, in a dry run with `method: machines`',
    inputs: () => ({ port: '5433', 'dry-run': 'true', method: 'machines' }),
    calls: READS,
    message: ({ cluster, app }) => takenPortMessage(cluster, app)
  },
  // Issue 28: postgres-flex makes `postgres` a superuser on every cluster, so `strict` refuses its URL before the
  // billed IPv4 and the rolling deploy, not after them.
  {
    name: 'strict: true with the admin user postgres on a cluster that needs the service',
    cluster: withoutService,
    inputs: () => ({ strict: 'true' }),
    calls: READS,
    message: () =>
      `\`strict: true\`: The URL logs in as "postgres", a superuser (postgres-flex makes "postgres" one on every cluster), over the internet: whoever gets this URL owns the whole cluster. Prefer a least-privilege role: ${LEAST_PRIVILEGE_ADVICE}. Nothing was changed.`
  },
  {
    name: 'ipv4: none with ipv6: false on a cluster with no public address',
    inputs: () => ({ ipv4: 'none', ipv6: 'false' }),
    calls: READS,
    message: () => 'With `ipv4: none` and `ipv6: false` the app would have no public address: enable at least one.'
  }
]

/** Request ids are random: compare messages without them. */
const withoutRequestId = (line: string) => line.replace(/\(Request ID: [0-9A-Z]+-[a-z]+\)/g, '(Request ID: <id>)')

let caseNumber = 0

describe('the bundled action refuses bad inputs and unsafe states', () => {
  it.each(cases)('$name', async badCase => {
    const app = `bad-${++caseNumber}-db`
    const cluster = (badCase.cluster ?? (name => modernFlexCluster({ app: name }) as unknown as Cluster))(app)
    const scenario = await world().scenario({ app, cluster })
    const workspace = path.join(scenario.runnerDir, 'workspace')
    const ctx: Ctx = { app, cluster, scenario, workspace }

    fs.mkdirSync(workspace, { recursive: true })
    const files = Object.entries(badCase.files ?? {}).map(([name, text]) => {
      const file = path.join(workspace, name)
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, text)
      return { file, bytes: fs.readFileSync(file) }
    })
    for (const [name, target] of Object.entries(badCase.links ?? {})) fs.symlinkSync(target, path.join(workspace, name))
    const stateBefore = fs.readFileSync(scenario.statePath)

    const inputs = badCase.inputs?.(ctx) ?? {}
    const run = await scenario.run(inputs, badCase.env)

    // Exactly one error line, with the whole message.
    const errors = run.stdout.split('\n').filter(line => line.startsWith('::error'))
    const expected = [badCase.message(ctx)].flat().map(message => `::error::${escapeCommandData(message)}`)
    expect(errors).toHaveLength(1)
    expect(expected).toContain(withoutRequestId(errors[0]))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toBe('')

    // Nothing on Fly changed: only the expected reads, no call that can write, the simulator's state untouched.
    const calls = scenario.calls() as Call[]
    expect(calls.map(call => call.command).sort()).toEqual(badCase.calls)
    expect(calls.filter(call => call.kind === 'write')).toEqual([])
    expect(fs.readFileSync(scenario.statePath).equals(stateBefore)).toBe(true)
    for (const { file, bytes } of files) expect(fs.readFileSync(file).equals(bytes)).toBe(true)

    // No secret in the log, summary or argv: the world's, and the ones this case passed in.
    const secrets = [...scenario.secrets(), ...(badCase.secrets ?? [])]
    expect(findLeaks(run, secrets)).toEqual([])
    for (const call of calls) for (const secret of secrets) expect(call.argv.join(' ')).not.toContain(secret)
    const secretInputs = [inputs['fly-api-token'] ?? world().token, inputs.password, inputs['database-url'] ?? scenario.databaseUrl]
    expect(
      maskedFirst(
        run.stdout,
        secretInputs.filter((secret): secret is string => Boolean(secret))
      )
    ).toBe(true)
  })

  // Issue 28: the runner passes an undeclared `with:` key as INPUT_<KEY> and only warns; ignored, `dryrun: true` allocated
  // a billed IPv4 and could deploy. Refused before flyctl is installed: no download, no flyctl call.
  it.each(['dryrun', 'dry_run'])('a misspelt dry-run (`%s: true`) is refused with the closest name, before any download or flyctl call', async typo => {
    const app = `typo-${typo.replace('_', '-')}-db`
    const scenario = await world().scenario({ app, cluster: withoutService(app) })
    const stateBefore = fs.readFileSync(scenario.statePath)
    const requestsBefore = world().releases.requests.length
    const run = await scenario.run({ [typo]: 'true' })
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error'))).toEqual([
      `::error::${escapeCommandData(
        `fly-pg-expose has no input \`${typo}\` (INPUT_${typo.toUpperCase()}): did you mean \`dry-run\`? Nothing was changed: the run would have ignored it and done what you did not ask. Fix the name under \`with:\` (or remove an \`env:\` entry that sets this variable).`
      )}`
    ])
    expect(run.exitCode).toBe(1)
    expect(scenario.calls()).toEqual([])
    expect(world().releases.requests.slice(requestsBefore)).toEqual([])
    expect(fs.existsSync(path.join(scenario.runnerDir, 'tool-cache', 'flyctl'))).toBe(false)
    expect(fs.readFileSync(scenario.statePath).equals(stateBefore)).toBe(true)
    expect(findLeaks(run, scenario.secrets())).toEqual([])
  })

  // Issue 28: GitHub gives a fork's pull request no secrets and Dependabot's runs only Dependabot secrets; the error
  // said only "No Fly token".
  const NO_TOKEN = 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).'
  const pullRequest = (head: string, fork: boolean) => ({
    action: 'opened',
    pull_request: { number: 7, head: { repo: { full_name: head, fork } }, base: { repo: { full_name: 'acme/shop' } } }
  })
  it.each([
    {
      name: 'a pull request from a fork',
      event: 'pull_request',
      actor: 'octocat',
      payload: pullRequest('octocat/shop', true),
      hint: 'This run is for a pull request from a fork (octocat/shop), and GitHub gives such runs no secrets: skip the step for forks (`if: github.event.pull_request.head.repo.full_name == github.repository`).'
    },
    {
      name: 'a Dependabot pull request',
      event: 'pull_request',
      actor: 'dependabot[bot]',
      payload: pullRequest('acme/shop', false),
      hint: "This run was started by Dependabot, and GitHub gives Dependabot's runs only Dependabot secrets, not the repository's Actions secrets: skip the step for it (`if: github.actor != 'dependabot[bot]'`), or add the token under Settings > Secrets and variables > Dependabot."
    },
    // A pull request inside a repository that is itself a fork gets its secrets: no hint.
    { name: "a pull request from the repository's own branch", event: 'pull_request', actor: 'octocat', payload: pullRequest('acme/shop', true), hint: '' }
  ])('no token on $name: the error says why', async ({ event, actor, payload, hint }) => {
    const app = `no-token-${++caseNumber}-db`
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const eventPath = path.join(scenario.runnerDir, 'event.json')
    fs.mkdirSync(scenario.runnerDir, { recursive: true })
    fs.writeFileSync(eventPath, JSON.stringify(payload))
    const run = await scenario.run(
      { 'fly-api-token': '' },
      { FLY_API_TOKEN: undefined, FLY_ACCESS_TOKEN: undefined, GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventPath, GITHUB_ACTOR: actor }
    )
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error'))).toEqual([
      `::error::${escapeCommandData(hint ? `${NO_TOKEN} ${hint}` : NO_TOKEN)}`
    ])
    expect(run.exitCode).toBe(1)
    expect(scenario.calls()).toEqual([])
  })

  it('an empty FLY_ACCESS_TOKEN does not hide FLY_API_TOKEN: flyctl gets it as FLY_ACCESS_TOKEN, never in argv', async () => {
    const app = 'token-env-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const run = await scenario.run({ 'fly-api-token': '' }, { FLY_ACCESS_TOKEN: '', FLY_API_TOKEN: world().token })
    expect(run.stdout.split('\n').filter(line => line.startsWith('::error'))).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.outputs['database-url']).toBe(`postgres://postgres:${encodeURIComponent(world().password)}@${scenario.host}:5432/postgres?sslmode=require`)

    const calls = scenario.calls() as Call[]
    expect(calls.map(call => call.command).sort()).toEqual(['ips allocate-v4', 'ips allocate-v6', 'ips list', 'ips list', 'machines list'])
    for (const call of calls) {
      expect(call.tokenSource).toBe('FLY_ACCESS_TOKEN')
      expect(call.argv.join(' ')).not.toContain(world().token)
      expect(call.argv).not.toContain('--access-token')
    }
    expect(findLeaks(run, scenario.secrets())).toEqual([])
    expect(maskedFirst(run.stdout, [world().token])).toBe(true)
  })

  // Issue 24: a pinned flyctl older than the newest flag the action passes is refused up front, cached or not.
  it.each([
    ['not cached', false],
    ['in the tool cache', true]
  ])('a flyctl-version older than 0.2.50 (%s) is refused with no download and no flyctl call', async (_, cached) => {
    const app = `old-flyctl-${cached ? 'cached' : 'fresh'}-db`
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    if (cached) seedToolCacheAsSetupFlyctl(path.join(scenario.runnerDir, 'tool-cache'), '0.2.49', ASSET_ARCH)
    const stateBefore = fs.readFileSync(scenario.statePath)
    const requestsBefore = world().releases.requests.length

    const run = await scenario.run({ 'flyctl-version': 'v0.2.49' })

    expect(run.stdout.split('\n').filter(line => line.startsWith('::error'))).toEqual([
      `::error::${escapeCommandData('Input `flyctl-version` is 0.2.49, but `--only-machines` on `fly deploy` needs flyctl 0.2.50 or newer. Pin 0.2.50 or later, or use `latest`.')}`
    ])
    expect(run.exitCode).toBe(1)
    expect(world().releases.requests.slice(requestsBefore)).toEqual([])
    expect(scenario.calls()).toEqual([])
    expect(fs.readFileSync(scenario.statePath).equals(stateBefore)).toBe(true)
    expect(findLeaks(run, scenario.secrets())).toEqual([])
  })
})
