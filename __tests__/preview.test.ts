// Preview environments end to end: the bundled action creates, reuses, copies and tears down a database and role per
// pull request on the world's real TLS Postgres (one server for this file: every test uses its own names).
import { describe, expect, it } from '@jest/globals'
import * as crypto from 'node:crypto'
import pg from 'pg'
import { errorsOf, expectNoLeaks, useWorld, type ActionRun, type Call, type Scenario } from './support/action-world.js'
import { previewHelpers } from './support/preview-world.js'
import { exposedFlexCluster, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { readStarts } from '../test-support/flyctl-sim/state.js'
import { dropPreview, ensurePreview } from '../src/effects/preview-sql.js'

const generatePassword = () => crypto.randomBytes(24).toString('base64url')

const world = useWorld()
let counter = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`

async function exposedScenario(): Promise<Scenario> {
  const app = unique('preview-db')
  return world().scenario({ app, cluster: exposedFlexCluster({ app }) })
}

const { superuserSession, asAdmin, connectWith, whoAmI, exists } = previewHelpers(world)

const writes = (scenario: Scenario) => (scenario.calls() as Call[]).filter(c => c.write).map(c => c.command)

function expectClean(scenario: Scenario, run: ActionRun): void {
  expectNoLeaks(world(), scenario, run, { extraSecrets: [run.outputs.password, run.outputs['database-url']].filter(Boolean) })
}

describe('preview environments', () => {
  it('creates a database and role, outputs a working URL for them, and a rerun reuses both with the same derived password', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    const first = await scenario.run({ 'preview-database': name })
    expect(errorsOf(first)).toEqual([])
    expect(first.exitCode).toBe(0)
    const { password } = first.outputs
    expect(password).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(first.outputs).toMatchObject({
      'database-url': `postgres://${name}:${password}@${scenario.host}:5432/${name}?sslmode=require`,
      'database-name': name,
      username: name,
      created: 'true',
      // Issue 28: a preview database created is a change, though nothing on Fly changed.
      changed: 'true'
    })
    expect(await whoAmI(first.outputs['database-url'])).toEqual({ user: name, database: name })
    const [role] = await asAdmin<{ rolsuper: boolean; rolcanlogin: boolean; owner: string }>(
      'select rolsuper, rolcanlogin, (select pg_get_userbyid(datdba) from pg_database where datname = $1) as owner from pg_roles where rolname = $1',
      [name]
    )
    expect(role).toEqual({ rolsuper: false, rolcanlogin: true, owner: name })
    expect(first.stdout).toContain(`database "${name}": created; role "${name}": created; logged in as "${name}"`)
    expect(first.summary).toContain(`${name} (created)`)
    expectClean(scenario, first)

    const second = await scenario.run({ 'preview-database': name })
    expect(errorsOf(second)).toEqual([])
    expect(second.outputs.created).toBe('false')
    expect(second.outputs.changed).toBe('false')
    expect(second.outputs.password).toBe(password)
    expect(second.stdout).toContain(`database "${name}": reused; role "${name}": reused, unchanged`)
    // The first run's URL keeps working: a preview app deployed with it stays connected.
    expect(second.outputs['database-url']).toBe(first.outputs['database-url'])
    expect(await whoAmI(first.outputs['database-url'])).toEqual({ user: name, database: name })
    expectClean(scenario, second)
    // Nothing on Fly changed: the cluster was exposed already.
    expect(writes(scenario)).toEqual([])
  })

  it('copies a seeded template and hands its tables to the preview role', async () => {
    const scenario = await exposedScenario()
    const seed = unique('seed')
    const name = unique('pr')
    await asAdmin(`create database "${seed}"`)
    await asAdmin(`revoke connect on database "${seed}" from public`)
    await asAdmin("create table widgets (id serial primary key, label text); insert into widgets (label) values ('seeded')", [], seed)
    const run = await scenario.run({ 'preview-database': name, 'preview-template': seed })
    expect(errorsOf(run)).toEqual([])
    expect(run.outputs.created).toBe('true')
    expect(run.stdout).toContain(`database "${name}": created from "${seed}"`)
    const client = await connectWith(run.outputs['database-url'])
    try {
      expect((await client.query('select label from widgets')).rows).toEqual([{ label: 'seeded' }])
      // Its own tables: a migration can alter them and use their sequence.
      await client.query('alter table widgets add column extra int')
      await client.query("insert into widgets (label) values ('mine')")
    } finally {
      await client.end()
    }
    expectClean(scenario, run)
  })

  it('a template in use says so and what to do', async () => {
    const scenario = await exposedScenario()
    const seed = unique('busy-seed')
    const name = unique('pr')
    await asAdmin(`create database "${seed}"`)
    await asAdmin(`revoke connect on database "${seed}" from public`)
    const holder = await superuserSession(seed)
    try {
      const run = await scenario.run({ 'preview-database': name, 'preview-template': seed })
      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toEqual([
        `Template database "${seed}" is in use: Postgres copies a template only while nobody else is connected to it (source database "${seed}" is being accessed by other users). Close the sessions on "${seed}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${seed}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. Role "${name}" was created; \`mode: teardown\` with the same \`preview-database\` removes it.`
      ])
      expect(await exists(name)).toEqual({ database: false, role: true })
      expectNoLeaks(world(), scenario, run)
    } finally {
      await holder.end()
    }
  })

  it('two pull requests create their previews at the same time, from one template', async () => {
    const scenario = await exposedScenario()
    const seed = unique('seed')
    await asAdmin(`create database "${seed}"`)
    await asAdmin(`revoke connect on database "${seed}" from public`)
    const names = [unique('pr'), unique('pr')]
    const runs = await Promise.all(
      names.map(name => scenario.run({ 'preview-database': name, 'preview-template': seed }, {}, { runnerDir: `${scenario.runnerDir}-${name}` }))
    )
    for (const [index, run] of runs.entries()) {
      expect(errorsOf(run)).toEqual([])
      expect(run.outputs.created).toBe('true')
      expect(await whoAmI(run.outputs['database-url'])).toEqual({ user: names[index], database: names[index] })
      expectClean(scenario, run)
    }
    // One preview's role cannot open the other's database.
    const other = new URL(runs[0].outputs['database-url'])
    other.pathname = `/${names[1]}`
    await expect(whoAmI(other.href)).rejects.toMatchObject({ code: '42501' })
  })

  it('two runs for one preview at once both succeed and hand out the same working URL', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    const runs = await Promise.all([0, 1].map(i => scenario.run({ 'preview-database': name }, {}, { runnerDir: `${scenario.runnerDir}-${i}` })))
    for (const run of runs) expect(errorsOf(run)).toEqual([])
    expect(runs.map(run => run.outputs.created).sort()).toEqual(['false', 'true'])
    expect(runs[0].outputs['database-url']).toBe(runs[1].outputs['database-url'])
    for (const run of runs) expect(await whoAmI(run.outputs['database-url'])).toEqual({ user: name, database: name })
  })

  it('tears down: ends sessions, drops the database and role, never deploys; a second teardown succeeds', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    const created = await scenario.run({ 'preview-database': name })
    expect(errorsOf(created)).toEqual([])
    const session = await connectWith(created.outputs['database-url'])
    session.on('error', () => undefined)

    const teardown = await scenario.run({ mode: 'teardown', 'preview-database': name })
    expect(errorsOf(teardown)).toEqual([])
    expect(teardown.exitCode).toBe(0)
    expect(await exists(name)).toEqual({ database: false, role: false })
    expect(teardown.stdout).toContain(`database "${name}": dropped; role: dropped; sessions ended: 1`)
    expect(teardown.outputs).toMatchObject({ 'database-name': name, changed: 'true', deployed: 'false', 'released-ips': '' })
    expect(teardown.summary).toContain(`Database ${name}`)
    await session.end().catch(() => undefined)

    const again = await scenario.run({ mode: 'teardown', 'preview-database': name })
    expect(errorsOf(again)).toEqual([])
    expect(again.stdout).toContain(`database "${name}": already gone; role: already gone`)
    expect(again.outputs.changed).toBe('false')
    expect(writes(scenario)).toEqual([])
    expectNoLeaks(world(), scenario, teardown)
    expectNoLeaks(world(), scenario, again)
  })

  it("teardown never drops a database that is not the preview role's own", async () => {
    const scenario = await exposedScenario()
    const name = unique('app')
    await asAdmin(`create database "${name}"`)
    const run = await scenario.run({ mode: 'teardown', 'preview-database': name })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `Database "${name}" exists and is owned by "postgres", not by the preview role "${name}": refusing to drop it. Choose another \`preview-database\` name.`
    ])
    expect((await exists(name)).database).toBe(true)
  })

  it('teardown with release-ips releases the public IPs only, keeping the Flycast address', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const before = scenario.state().apps[scenario.app].ips as Array<{ Type: string; Address: string }>
    const run = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true' })
    expect(errorsOf(run)).toEqual([])
    const after = scenario.state().apps[scenario.app].ips as Array<{ Type: string }>
    expect(after.map(ip => ip.Type)).toEqual(['private_v6'])
    const released = before.filter(ip => ip.Type !== 'private_v6').map(ip => ip.Address)
    expect(run.outputs['released-ips'].split(' ').sort()).toEqual(released.sort())
    expect(writes(scenario).sort()).toEqual(['ips release', 'ips release'])
    expect(await exists(name)).toEqual({ database: false, role: false })

    // Again: nothing public is left, and the database is gone: success, no write.
    const again = await scenario.run({ mode: 'teardown', 'release-ips': 'true' })
    expect(errorsOf(again)).toEqual([])
    expect(again.stdout).toContain('no public IPs to release: the cluster is private already')
    expect(writes(scenario)).toHaveLength(2)
  })

  // Issue 28: every preview on the cluster connects through its public IPs, so a per-PR teardown with release-ips
  // cut off all the others without a word.
  it('a teardown with release-ips while other previews exist: a warning listing them, and with strict: true a refusal before any change', async () => {
    const scenario = await exposedScenario()
    const [name, other] = [unique('pr'), unique('pr')]
    for (const preview of [name, other]) expect(errorsOf(await scenario.run({ 'preview-database': preview }))).toEqual([])
    const ipsBefore = JSON.stringify(scenario.state().apps[scenario.app].ips)

    const refused = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true', strict: 'true' })
    expect(refused.exitCode).toBe(1)
    const [message, ...more] = errorsOf(refused)
    expect(more).toEqual([])
    expect(message).toMatch(
      new RegExp(
        `^\`strict: true\`: Releasing the public IPs of "${scenario.app}" cuts off \\d+ other previews on it \\(.*\\b${other}\\b.*\\): their URLs stop working`
      )
    )
    expect(message).not.toMatch(new RegExp(`\\b${name}\\b`))
    expect(message.endsWith('Nothing was changed.')).toBe(true)
    expect(writes(scenario)).toEqual([])
    expect(JSON.stringify(scenario.state().apps[scenario.app].ips)).toBe(ipsBefore)
    expect(await exists(name)).toEqual({ database: true, role: true })

    const warned = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true' })
    expect(errorsOf(warned)).toEqual([])
    const warnings = warned.stdout.split('\n').filter(line => line.startsWith('::warning::'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`Releasing the public IPs of "${scenario.app}" cuts off`)
    expect(warnings[0]).toContain(other)
    expect(await exists(name)).toEqual({ database: false, role: false })
    expect(writes(scenario)).toEqual(['ips release', 'ips release'])
    expectNoLeaks(world(), scenario, refused)
    expectNoLeaks(world(), scenario, warned)
  })

  it('a release that fails says what the teardown had done, and a rerun finishes it', async () => {
    const app = unique('preview-db')
    const scenario = await world().scenario({
      app,
      cluster: exposedFlexCluster({ app }),
      faults: [{ match: 'ips release', times: 1, exitCode: 1, stderr: 'Error: failed to run mutation(...): 502 Bad Gateway' }]
    })
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const run = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true' })
    expect(run.exitCode).toBe(1)
    const [first] = (scenario.state().apps[app].ips as Array<{ Type: string; Address: string }>).filter(ip => ip.Type !== 'private_v6')
    expect(errorsOf(run)).toEqual([
      `\`flyctl ips release ${first.Address} -a ${app}\` failed (exit 1): failed to run mutation(...): 502 Bad Gateway. Already done: database and role "${name}" were dropped. Rerun the teardown to release the rest (see \`fly ips list -a ${app}\`).`
    ])
    expect(await exists(name)).toEqual({ database: false, role: false })
    const again = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true' })
    expect(errorsOf(again)).toEqual([])
    expect((scenario.state().apps[app].ips as Array<{ Type: string }>).map(ip => ip.Type)).toEqual(['private_v6'])
    expectNoLeaks(world(), scenario, run)
  })

  it('a teardown cancelled while releasing says what it had done', async () => {
    const app = unique('preview-db')
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }), faults: [{ match: 'ips release', stall: true }] })
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const releasing = () => (readStarts(scenario.logPath) as Array<{ argv: string[] }>).some(entry => entry.argv.join(' ').startsWith('ips release'))
    const run = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true' }, {}, { signalWhen: releasing })
    expect(run.exitCode).toBe(143)
    expect(errorsOf(run)).toEqual([
      `Stopped by SIGTERM during "Tear down" of a teardown: flyctl was stopped and no flyctl is left running. Database and role "${name}" were dropped. Other public IPs may still be allocated: see \`fly ips list -a ${app}\` and rerun the teardown.`
    ])
    expect(await exists(name)).toEqual({ database: false, role: false })
  })

  it('a role that still owns objects elsewhere: the database is dropped, the message says how to free the role', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const table = `t_${counter}_${process.pid}`
    await asAdmin(`create table ${table} (id int); alter table ${table} owner to "${name}"`)
    try {
      const run = await scenario.run({ mode: 'teardown', 'preview-database': name })
      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toEqual([
        `Database "${name}" was dropped; role "${name}" still owns objects or holds privileges in other databases (role "${name}" cannot be dropped because some objects depend on it). In each of them run \`REASSIGN OWNED BY "${name}" TO postgres; DROP OWNED BY "${name}";\`, then rerun the teardown.`
      ])
      expect(await exists(name)).toEqual({ database: false, role: true })
    } finally {
      await asAdmin(`drop table ${table}`)
    }
    expect(errorsOf(await scenario.run({ mode: 'teardown', 'preview-database': name }))).toEqual([])
    expect(await exists(name)).toEqual({ database: false, role: false })
  })

  it('a teardown of a private cluster fails at once, changing nothing, and says how to drop the preview from inside Fly', async () => {
    const app = unique('private-db')
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const run = await scenario.run({ mode: 'teardown', 'preview-database': 'pr-7' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `App "${app}" has no public IP, so the teardown cannot reach Postgres to drop "pr-7". Nothing was changed. Drop it from inside Fly (\`fly pg connect -a ${app}\`, then DROP DATABASE "pr-7" WITH (FORCE); DROP ROLE "pr-7";), or expose the cluster first.`
    ])
    expect(writes(scenario)).toEqual([])
    expectNoLeaks(world(), scenario, run)
  })

  it('a dry-run teardown says what it would do and changes nothing', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const run = await scenario.run({ mode: 'teardown', 'preview-database': name, 'release-ips': 'true', 'dry-run': 'true' })
    expect(errorsOf(run)).toEqual([])
    expect(run.stdout).toContain(`drop database "${name}" and role "${name}"`)
    expect(run.stdout).toContain('dry-run: nothing was changed.')
    expect(run.outputs.changed).toBe('false')
    expect(await exists(name)).toEqual({ database: true, role: true })
    expect(writes(scenario)).toEqual([])
  })
})

describe('preview SQL against the real server', () => {
  const admin = () => ({
    host: world().pg.host,
    port: world().pg.port,
    credentials: { user: 'postgres', password: world().password, database: 'postgres' },
    tls: 'require' as const
  })

  it('a name that tries SQL injection is only ever an identifier (below the input check, as a second guard)', async () => {
    const name = `pr"; drop role postgres; select '1`
    const result = await ensurePreview(admin(), name, generatePassword())
    expect(result).toEqual({ created: true, roleCreated: true, passwordSet: true, adopted: false })
    expect(await exists(name)).toEqual({ database: true, role: true })
    expect((await asAdmin('select 1 from pg_roles where rolname = $1', ['postgres'])).length).toBe(1)
    expect(await dropPreview(admin(), name)).toEqual({ droppedDatabase: true, droppedRole: true, terminatedSessions: 0, adopted: false })
    expect(await exists(name)).toEqual({ database: false, role: false })
  })

  it('a password with quotes reaches Postgres as one literal', async () => {
    const name = unique('quoted')
    const password = `it's "x"; drop role postgres; --`
    await ensurePreview(admin(), name, password)
    const client = new pg.Client({ ...admin(), user: name, password, database: name, ssl: { rejectUnauthorized: false } })
    await client.connect()
    await client.end()
    await dropPreview(admin(), name)
  })

  it('refuses to reuse a superuser role', async () => {
    const name = unique('super')
    await asAdmin(`create role "${name}" superuser login`)
    await expect(ensurePreview(admin(), name, generatePassword())).rejects.toThrow(
      `Role "${name}" is not a preview role: it is a superuser. Refusing to reuse it; nothing was changed. Choose another \`preview-database\` name.`
    )
    await asAdmin(`drop role "${name}"`)
  })
})
