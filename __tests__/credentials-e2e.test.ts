// Credentials end to end (issue 21), on the bundle and a real Postgres that logs every statement (`log_statement=all`,
// written whole to a file): passwords reach the server only as SCRAM verifiers, a preview keeps its derived password
// (concurrent runs hand out one URL, a rerun writes nothing, a previous release's random password is replaced once),
// and the least-privilege CI role (`role`, `privileges`, `login-ttl`) can do what its level says and no more.
import { afterAll, describe, expect, it } from '@jest/globals'
import * as crypto from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { errorsOf, expectNoLeaks, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { previewHelpers } from './support/preview-world.js'
import { exposedFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import { findLeaks } from '../test-support/run-action.js'
import { scramVerifier } from '../src/pure/credentials.js'

const logFile = path.join(os.tmpdir(), `credentials-e2e-${process.pid}-${crypto.randomBytes(4).toString('hex')}.log`)
const world = useWorld({ postgres: { postgresFlags: ['-c', 'log_statement=all'], logFile } })
afterAll(() => fs.rmSync(logFile, { force: true }))

let counter = 0
const unique = (prefix: string) => `${prefix}_${process.pid}_${++counter}`
const { asAdmin, connectWith, whoAmI } = previewHelpers(world)

/** Every password the action handed out: none may ever appear in the server log. */
const handedOut = new Set<string>()

async function exposedScenario(): Promise<Scenario> {
  const app = `creds-db-${process.pid}-${++counter}`
  return world().scenario({ app, cluster: exposedFlexCluster({ app }) })
}

/** Runs the action; a passing run's password is remembered for the log scan, and nothing secret reaches its log. */
async function run(scenario: Scenario, inputs: Record<string, string>, runner: { runnerDir?: string; adminPassword?: string } = {}): Promise<ActionRun> {
  const result = await scenario.run(inputs, {}, runner)
  if (result.outputs.password) handedOut.add(result.outputs.password)
  const extraSecrets = [result.outputs.password, result.outputs['database-url'], runner.adminPassword ?? ''].filter(Boolean)
  // Inputs refused while they are read: the raw inputs are masked, the password inside database-url never decoded.
  if (result.stdout.includes('::error::Input') || result.stdout.includes('::error::Give either')) {
    expect(findLeaks(result, [...scenario.secrets(), ...extraSecrets])).toEqual([])
  } else expectNoLeaks(world(), scenario, result, { extraSecrets, password: runner.adminPassword })
  return result
}

const logSize = () => fs.statSync(logFile).size
const logSince = (offset: number) => fs.readFileSync(logFile).subarray(offset).toString('utf8')
/** The statements logged since `offset` that change something (log_statement=all logs each as `statement: ...`). */
const writesSince = (offset: number) =>
  logSince(offset)
    .split('\n')
    .filter(line => /LOG: {2}(statement|execute [^:]*): (alter|create|grant|revoke|comment|drop|insert|update|delete|set|reset|do|begin)\b/i.test(line))

/** The URL of `database` as the world's superuser (the admin the action is given). */
const adminUrl = (scenario: Scenario, database: string) => scenario.databaseUrl.replace(/\/postgres$/, `/${database}`)

/** Runs `sql` in a session as `url`'s role (through the scenario's edge), returning the rows or the SQLSTATE. */
async function as(url: string, sql: string): Promise<unknown[] | string> {
  const client = await connectWith(url)
  try {
    return (await client.query(sql)).rows
  } catch (error) {
    return String((error as { code?: string }).code)
  } finally {
    await client.end()
  }
}

describe('preview passwords', () => {
  it('two runs of one preview at once hand out the same URL and both work; a third run writes nothing', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr').replace(/_/g, '-')
    const runs = await Promise.all([0, 1].map(i => run(scenario, { 'preview-database': name }, { runnerDir: `${scenario.runnerDir}-${i}` })))
    for (const each of runs) expect(errorsOf(each)).toEqual([])
    expect(runs[0].outputs['database-url']).toBe(runs[1].outputs['database-url'])
    expect(runs.map(each => each.outputs.created).sort()).toEqual(['false', 'true'])
    for (const each of runs) expect(await whoAmI(each.outputs['database-url'])).toEqual({ user: name, database: name })

    const offset = logSize()
    const third = await run(scenario, { 'preview-database': name })
    expect(errorsOf(third)).toEqual([])
    expect(third.outputs['database-url']).toBe(runs[0].outputs['database-url'])
    expect(third.stdout).toContain(`database "${name}": reused; role "${name}": reused, unchanged`)
    expect(writesSince(offset)).toEqual([])
    // The log did record the run's statements: the scan above saw them.
    expect(logSince(offset)).toContain('pg_try_advisory_lock')
  })

  it("a previous release's preview (random password) gets the derived one in one run: the old URL stops, the new one works", async () => {
    const scenario = await exposedScenario()
    const name = unique('pr').replace(/_/g, '-')
    const first = await run(scenario, { 'preview-database': name })
    expect(errorsOf(first)).toEqual([])
    // What the release before did: a fresh random password (set here as a verifier, so the log holds none).
    const random = crypto.randomBytes(24).toString('base64url')
    await asAdmin(`alter role "${name}" password '${scramVerifier(random)}'`)
    const old = new URL(first.outputs['database-url'])
    old.password = random
    expect(await whoAmI(old.href)).toEqual({ user: name, database: name })

    const offset = logSize()
    const upgraded = await run(scenario, { 'preview-database': name })
    expect(errorsOf(upgraded)).toEqual([])
    expect(upgraded.stdout).toContain(`role "${name}": reused, derived password set`)
    expect(upgraded.outputs['database-url']).toBe(first.outputs['database-url'])
    await expect(whoAmI(old.href)).rejects.toMatchObject({ code: '28P01' })
    expect(await whoAmI(upgraded.outputs['database-url'])).toEqual({ user: name, database: name })
    // The one write: the verifier, never the password.
    expect(writesSince(offset)).toEqual([expect.stringMatching(new RegExp(`statement: alter role "${name}" with login password 'SCRAM-SHA-256\\$4096:`))])
  })
})

/** A database of its own owner (a NOLOGIN role, as an app's owner should be), with a table and a serial column. */
async function appDatabase(): Promise<{ database: string; owner: string }> {
  const database = unique('app')
  const owner = `${database}_owner`
  await asAdmin(`create role ${owner} nologin`)
  await asAdmin(`create database ${database} owner ${owner}`)
  await asAdmin(`set role ${owner}; create table items (id serial primary key, label text); insert into items (label) values ('first')`, [], database)
  return { database, owner }
}

async function ciRun(scenario: Scenario, database: string, role: string, privileges: string, extra: Record<string, string> = {}): Promise<ActionRun> {
  return run(scenario, { 'database-url': adminUrl(scenario, database), role, privileges, ...extra })
}

describe('the CI role', () => {
  it('read: selects everything, now and later (a new table, a new schema), changes nothing; a rerun writes nothing', async () => {
    const scenario = await exposedScenario()
    const { database, owner } = await appDatabase()
    const role = unique('ci_read')
    const first = await ciRun(scenario, database, role, 'read')
    expect(errorsOf(first)).toEqual([])
    const url = first.outputs['database-url']
    expect(first.outputs).toMatchObject({ username: role, 'database-name': database })
    expect(url).toBe(`postgres://${role}:${first.outputs.password}@${scenario.host}:5432/${database}?sslmode=require`)
    // No superuser warning: the URL handed out is the role's.
    expect(first.stdout).not.toContain('a superuser, over the internet')
    expect(await as(url, 'select label from items')).toEqual([{ label: 'first' }])
    expect(await as(url, "insert into items (label) values ('no')")).toBe('42501')
    expect(await as(url, 'create table mine (id int)')).toBe('42501')
    // Created by the owner after the run, in public and in a schema of its own.
    await asAdmin(`set role ${owner}; create table later (id serial, v text); insert into later (v) values ('x')`, [], database)
    await asAdmin(`set role ${owner}; create schema fresh; create table fresh.t (v text); insert into fresh.t values ('y')`, [], database)
    expect(await as(url, 'select v from later')).toEqual([{ v: 'x' }])
    expect(await as(url, 'select v from fresh.t')).toEqual([{ v: 'y' }])
    expect(await as(url, "insert into later (v) values ('no')")).toBe('42501')
    const [attributes] = await asAdmin<Record<string, boolean>>(
      'select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolcanlogin from pg_roles where rolname = $1',
      [role]
    )
    expect(attributes).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true })

    // The grants are reapplied each run: the new schema and table need nothing, default privileges covered them.
    const offset = logSize()
    const again = await ciRun(scenario, database, role, 'read')
    expect(errorsOf(again)).toEqual([])
    expect(again.outputs['database-url']).toBe(url)
    expect(again.stdout).toContain(`role "${role}" (read on "${database}"): unchanged, nothing written`)
    expect(writesSince(offset)).toEqual([])
  })

  it('write: inserts (serial too), updates, deletes, also in a table made later; no DDL; moving back to read revokes', async () => {
    const scenario = await exposedScenario()
    const { database, owner } = await appDatabase()
    const role = unique('ci_write')
    const first = await ciRun(scenario, database, role, 'write')
    expect(errorsOf(first)).toEqual([])
    const url = first.outputs['database-url']
    expect(await as(url, "insert into items (label) values ('second') returning id")).toEqual([{ id: 2 }])
    expect(await as(url, "update items set label = 'changed' where id = 1")).toEqual([])
    expect(await as(url, 'delete from items where id = 2')).toEqual([])
    expect(await as(url, 'create table mine (id int)')).toBe('42501')
    expect(await as(url, 'alter table items add column x int')).toBe('42501')
    await asAdmin(`set role ${owner}; create table later (id serial primary key, v text)`, [], database)
    expect(await as(url, "insert into later (v) values ('new') returning id")).toEqual([{ id: 1 }])

    const read = await ciRun(scenario, database, role, 'read')
    expect(errorsOf(read)).toEqual([])
    expect(read.outputs['database-url']).toBe(url)
    expect(await as(url, "insert into items (label) values ('no')")).toBe('42501')
    expect(await as(url, "insert into later (v) values ('no')")).toBe('42501')
    expect(await as(url, 'select count(*)::int as n from later')).toEqual([{ n: 1 }])
  })

  it("migrate: creates and alters objects that end up the database owner's, never the CI login's", async () => {
    const scenario = await exposedScenario()
    const { database, owner } = await appDatabase()
    const role = unique('ci_migrate')
    const first = await ciRun(scenario, database, role, 'migrate')
    expect(errorsOf(first)).toEqual([])
    const url = first.outputs['database-url']
    expect(await as(url, 'select current_user as acting, session_user as login')).toEqual([{ acting: owner, login: role }])
    expect(await as(url, 'create table migrated (id serial primary key)')).toEqual([])
    expect(await as(url, 'alter table items add column extra int')).toEqual([])
    expect(await as(url, 'create schema feature')).toEqual([])
    const owners = await asAdmin<{ name: string; owner: string }>(
      `select 'migrated' as name, tableowner as owner from pg_tables where tablename = 'migrated'
       union all select 'feature', pg_get_userbyid(nspowner) from pg_namespace where nspname = 'feature' order by 1`,
      [],
      database
    )
    expect(owners).toEqual([
      { name: 'feature', owner },
      { name: 'migrated', owner }
    ])
    const offset = logSize()
    const again = await ciRun(scenario, database, role, 'migrate')
    expect(errorsOf(again)).toEqual([])
    expect(writesSince(offset)).toEqual([])
  })

  it('login-ttl sets VALID UNTIL and every run renews it', async () => {
    const scenario = await exposedScenario()
    const { database } = await appDatabase()
    const role = unique('ci_ttl')
    const validUntil = async () => (await asAdmin<{ at: Date }>('select rolvaliduntil as at from pg_roles where rolname = $1', [role]))[0].at
    const before = Date.now()
    const first = await ciRun(scenario, database, role, 'read', { 'login-ttl': '6h' })
    expect(errorsOf(first)).toEqual([])
    const set = (await validUntil()).getTime()
    expect(set).toBeGreaterThanOrEqual(before + 6 * 3600_000 - 1000)
    expect(set).toBeLessThanOrEqual(Date.now() + 6 * 3600_000 + 1000)
    // Nearly expired: the next run renews it from its own time.
    await asAdmin(`alter role ${role} valid until '${new Date(Date.now() + 120_000).toISOString()}'`)
    const renewing = Date.now()
    const again = await ciRun(scenario, database, role, 'read', { 'login-ttl': '6h' })
    expect(errorsOf(again)).toEqual([])
    expect((await validUntil()).getTime()).toBeGreaterThanOrEqual(renewing + 6 * 3600_000 - 1000)
    expect(await as(again.outputs['database-url'], 'select 1 as one')).toEqual([{ one: 1 }])
    // Without the TTL the password never expires again.
    expect(errorsOf(await ciRun(scenario, database, role, 'read'))).toEqual([])
    expect((await asAdmin<{ at: unknown }>('select rolvaliduntil::text as at from pg_roles where rolname = $1', [role]))[0].at).toBe('infinity')
  })

  it('strict refuses the superuser URL when no role is asked for, and passes with one', async () => {
    const scenario = await exposedScenario()
    const { database } = await appDatabase()
    const refused = await run(scenario, { 'database-url': adminUrl(scenario, database), strict: 'true' })
    expect(errorsOf(refused)[0]).toMatch(/^`strict: true`: The URL logs in as "postgres", a superuser/)
    const passed = await ciRun(scenario, database, unique('ci_strict'), 'read', { strict: 'true' })
    expect(errorsOf(passed)).toEqual([])
  })
})

describe('the CI role refuses before any change', () => {
  /** Runs and expects one error, no CREATE/ALTER/GRANT in the server log, and the role as it was. */
  async function refused(scenario: Scenario, inputs: Record<string, string>, adminPassword?: string): Promise<string[]> {
    const offset = logSize()
    const result = await run(scenario, inputs, { adminPassword })
    expect(result.exitCode).toBe(1)
    expect(writesSince(offset)).toEqual([])
    return errorsOf(result)
  }

  it('input refusals: privileges or login-ttl without role, a name over 63 bytes, a reserved name, a bad level or ttl, with a preview, a short key', async () => {
    const scenario = await exposedScenario()
    const long = `ci_${'x'.repeat(61)}`
    const cases: Array<[Record<string, string>, string]> = [
      [{ privileges: 'read' }, 'Input `privileges` needs `role`: the name of the login role the action creates with those privileges (like ci_reader).'],
      [{ 'login-ttl': '6h' }, "Input `login-ttl` needs `role`: it is how long the CI role's password stays valid."],
      [{ role: long }, 'Input `role` is 64 bytes long; Postgres keeps at most 63 and would cut it to another name. Use a shorter name, like ci_reader.'],
      [{ role: 'postgres' }, 'Input `role` cannot be "postgres": that name belongs to Postgres or the cluster itself. Use a name like ci_reader.'],
      [{ role: 'ci_x', privileges: 'owner' }, 'Input `privileges` must be one of read, write, migrate, not "owner".'],
      [
        { role: 'ci_x', 'login-ttl': '2w' },
        'Input `login-ttl` must be a whole number of minutes, hours or days, like 90m, 6h or 30d, from 5m to 366d, not "2w".'
      ],
      [
        { role: 'ci_x', 'preview-database': 'pr-1' },
        'Give either `role` or `preview-database`, not both: a preview hands out its own least-privilege role (the owner of its database).'
      ],
      [
        { 'credentials-key': 'short' },
        'Input `credentials-key` must be at least 32 characters long (it keys every password the action derives): make one with `openssl rand -base64 32` and store it as a secret.'
      ]
    ]
    for (const [inputs, message] of cases) expect([inputs, await refused(scenario, inputs)]).toEqual([inputs, [message]])
  })

  it('an existing superuser, the database owner, a marked role of another database, an unmarked role with a membership', async () => {
    const scenario = await exposedScenario()
    const { database, owner } = await appDatabase()
    const url = adminUrl(scenario, database)
    const superuser = unique('ci_super')
    await asAdmin(`create role ${superuser} superuser nologin`)
    expect(await refused(scenario, { 'database-url': url, role: superuser })).toEqual([
      `Role "${superuser}" exists and is a superuser: the action never hands out a superuser as a CI role. Choose another \`role\` name (a new one is created). Nothing was changed.`
    ])
    expect(await refused(scenario, { 'database-url': url, role: owner })).toEqual([
      `Role "${owner}" owns database "${database}": it is the application's role, not a CI login. Choose another \`role\` name; \`privileges: migrate\` gives a new role the owner's rights. Nothing was changed.`
    ])
    const member = unique('ci_member')
    await asAdmin(`create role ${member} login; grant pg_read_all_data to ${member}`)
    expect(await refused(scenario, { 'database-url': url, role: member })).toEqual([
      `Role "${member}" exists and is a member of pg_read_all_data: the action takes over only a plain login role (no attributes beyond LOGIN, no membership, owning nothing) and never takes rights away from one. Choose another \`role\` name, or drop it first if it is yours to replace (\`DROP OWNED BY "${member}"; DROP ROLE "${member}";\` in each database it has rights in). Nothing was changed.`
    ])
    // A role the action made for another database keeps its URL: refused, not moved.
    const other = await appDatabase()
    const shared = unique('ci_shared')
    expect(errorsOf(await ciRun(scenario, other.database, shared, 'read'))).toEqual([])
    expect(await refused(scenario, { 'database-url': url, role: shared })).toEqual([
      `Role "${shared}" is fly-pg-expose's CI role for database "${other.database}": its password is derived from that database, so handing it out for "${database}" would break the URLs already out there. Use another \`role\` name per database. Nothing was changed.`
    ])
  })

  it('a plain unmarked login role is taken over and marked', async () => {
    const scenario = await exposedScenario()
    const { database } = await appDatabase()
    const role = unique('ci_plain')
    await asAdmin(`create role ${role} login`)
    const result = await ciRun(scenario, database, role, 'read')
    expect(errorsOf(result)).toEqual([])
    expect(result.stdout).toContain(`role "${role}" existed without fly-pg-expose's mark but as a plain login role: taken over and marked`)
    expect(await as(result.outputs['database-url'], 'select count(*)::int as n from items')).toEqual([{ n: 1 }])
  })

  it('migrate on a database a superuser owns, and an admin that cannot create roles', async () => {
    const scenario = await exposedScenario()
    const role = unique('ci_m')
    expect(await refused(scenario, { 'database-url': adminUrl(scenario, 'postgres'), role, privileges: 'migrate' })).toEqual([
      `\`privileges: migrate\` makes "${role}" a member of "postgres", the owner of database "postgres", which is a superuser: membership in it would hand over the whole cluster. Give the database an owner role of its own first (\`CREATE ROLE postgres_owner NOLOGIN; ALTER DATABASE "postgres" OWNER TO postgres_owner;\`, then \`ALTER TABLE ... OWNER TO\` it for the tables your migrations change), or use \`privileges: write\`. Nothing was changed.`
    ])
    const weak = unique('weak_admin')
    const weakPassword = crypto.randomBytes(24).toString('base64url')
    await asAdmin(`create role ${weak} login password '${scramVerifier(weakPassword)}'`)
    const weakUrl = `postgres://${weak}:${weakPassword}@${scenario.app}.flycast:5432/postgres`
    expect(await refused(scenario, { 'database-url': weakUrl, role }, weakPassword)).toEqual([
      `The admin "${weak}" cannot create roles (it is neither a superuser nor has CREATEROLE), so it cannot make the CI role "${role}". Pass the URL of an admin that can (\`postgres\` on a Fly cluster), or drop \`role\`. Nothing was changed.`
    ])
    expect(await asAdmin('select 1 from pg_roles where rolname = $1', [role])).toEqual([])
  })
})

describe('the server log of this file', () => {
  it('never holds a password the action set, raw or URL-encoded, though it logged every statement', () => {
    const log = fs.readFileSync(logFile, 'utf8')
    const found = [...handedOut].flatMap(password => [password, encodeURIComponent(password)]).filter(form => log.includes(form))
    expect(found).toEqual([])
    expect(log).toMatch(/statement: create role .* password 'SCRAM-SHA-256\$4096:/)
    expect(handedOut.size).toBeGreaterThan(5)
  })
})
