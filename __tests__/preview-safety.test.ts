// The preview path touches only what it made, never runs a preview role's SQL as the admin, and never hangs
// (issue 27): end to end through the bundle, on the world's real TLS Postgres (one server for this file).
import { describe, expect, it } from '@jest/globals'
import { errorsOf, expectNoLeaks, useWorld, type Scenario } from './support/action-world.js'
import { previewHelpers } from './support/preview-world.js'
import { exposedFlexCluster } from '../test-support/flyctl-sim/clusters.js'

const world = useWorld()
let counter = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`
const { sessionAs, superuserSession, asAdmin, connectWith, exists, comments } = previewHelpers(world)

async function exposedScenario(): Promise<Scenario> {
  const app = unique('safety-db')
  return world().scenario({ app, cluster: exposedFlexCluster({ app }) })
}

/** The mark fly-pg-expose leaves on a preview's role and database (SECURITY.md). */
const MARK = /^fly-pg-expose preview \{"v":1,"lastUsed":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"\}$/
const lastUsed = (comment: string | null) => MARK.exec(comment ?? '')?.[1]

const roleFacts = async (name: string) =>
  (await asAdmin<{ rolsuper: boolean; rolcanlogin: boolean }>('select rolsuper, rolcanlogin from pg_roles where rolname = $1', [name]))[0]

describe('admin sessions never resolve to objects outside pg_catalog', () => {
  it('a function a preview role planted in a writable public schema of the admin database never runs as the admin', async () => {
    const scenario = await exposedScenario()
    const attacker = unique('pr-evil')
    const made = await scenario.run({ 'preview-database': attacker })
    expect(errorsOf(made)).toEqual([])
    // A database made by PostgreSQL 14 or older (or a stolon cluster) lets PUBLIC create in schema public.
    await asAdmin('grant create on schema public to public')
    try {
      const session = await connectWith(made.outputs['database-url'], 'postgres')
      try {
        // The exact match for hashtextextended('...' || $1, 0): an integer seed, so it wins over pg_catalog's (bigint).
        await session.query(`create function public.hashtextextended(t text, seed integer) returns bigint language plpgsql as $body$
begin
  if (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    execute pg_catalog.format('alter role %I superuser', ${session.escapeLiteral(attacker)});
  end if;
  return pg_catalog.hashtextextended(t, seed::bigint);
end $body$`)
      } finally {
        await session.end()
      }
      const other = unique('pr')
      const next = await scenario.run({ 'preview-database': other })
      expect(errorsOf(next)).toEqual([])
      const teardown = await scenario.run({ mode: 'teardown', 'preview-database': other })
      expect(errorsOf(teardown)).toEqual([])
      expect(await roleFacts(attacker)).toEqual({ rolsuper: false, rolcanlogin: true })
    } finally {
      await asAdmin('drop function if exists public.hashtextextended(text, integer)')
      await asAdmin('revoke create on schema public from public')
    }
  })
})

describe('only what the action made is reused or dropped', () => {
  it('a privileged NOLOGIN role of the preview name is refused: no login, no password, nothing dropped', async () => {
    const scenario = await exposedScenario()
    const name = unique('analyst')
    await asAdmin(`create role "${name}" nologin createrole`)
    await asAdmin(`grant pg_read_all_data to "${name}"`)
    try {
      const run = await scenario.run({ 'preview-database': name, strict: 'true' })
      expect(run.exitCode).toBe(1)
      expect(errorsOf(run)).toEqual([
        `Role "${name}" is not a preview role: it has CREATEROLE, it is a member of pg_read_all_data. Refusing to reuse it; nothing was changed. Choose another \`preview-database\` name.`
      ])
      const [after] = await asAdmin<{ rolcanlogin: boolean; rolcreaterole: boolean; nopassword: boolean }>(
        'select rolcanlogin, rolcreaterole, rolpassword is null as nopassword from pg_authid where rolname = $1',
        [name]
      )
      expect(after).toEqual({ rolcanlogin: false, rolcreaterole: true, nopassword: true })
      const teardown = await scenario.run({ mode: 'teardown', 'preview-database': name })
      expect(teardown.exitCode).toBe(1)
      expect(errorsOf(teardown)).toEqual([
        `Role "${name}" is not a preview role: it has CREATEROLE, it is a member of pg_read_all_data. Refusing to drop it; nothing was changed. If it is yours to remove, drop it by hand.`
      ])
      expect((await exists(name)).role).toBe(true)
      expectNoLeaks(world(), scenario, run)
    } finally {
      await asAdmin(`drop database if exists "${name}" with (force)`)
      await asAdmin(`drop role "${name}"`)
    }
  })

  it("an app's own role and database of the preview name: its password keeps working, and teardown leaves its data", async () => {
    const scenario = await exposedScenario()
    const name = unique('staging')
    const appPassword = 'staging-app-password-123'
    await asAdmin(`create user "${name}" password '${appPassword}'`)
    await asAdmin(`create database "${name}" owner "${name}"`)
    const app = await sessionAs(name, appPassword, name)
    await app.query("create table orders (id int primary key, item text); insert into orders values (1, 'kept')")
    await app.end()
    try {
      const run = await scenario.run({ 'preview-database': name })
      expect(run.exitCode).toBe(1)
      const refusal = (verb: string, tail: string) =>
        `Role "${name}" was not created by fly-pg-expose: it has no fly-pg-expose mark and does not look like a preview of an earlier release (PUBLIC can connect to its database). Refusing to ${verb} it; nothing was changed. ${tail}`
      expect(errorsOf(run)).toEqual([refusal('reuse', 'Choose another `preview-database` name.')])
      const teardown = await scenario.run({ mode: 'teardown', 'preview-database': name })
      expect(teardown.exitCode).toBe(1)
      expect(errorsOf(teardown)).toEqual([
        refusal('drop', `If it is a preview you no longer need, drop it by hand: \`DROP DATABASE "${name}" WITH (FORCE); DROP ROLE "${name}";\`.`)
      ])
      // The app's password still works, and its data is there.
      const again = await sessionAs(name, appPassword, name)
      try {
        expect((await again.query('select item from orders')).rows).toEqual([{ item: 'kept' }])
      } finally {
        await again.end()
      }
      expect(await comments(name)).toEqual({ role: null, database: null })
    } finally {
      await asAdmin(`drop database if exists "${name}" with (force)`)
      await asAdmin(`drop role if exists "${name}"`)
    }
  })

  it('a preview made by the previous release (no mark, same shape) is adopted, marked, reused and torn down', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    // What the previous release made: a login role, its database, PUBLIC without CONNECT; no comment.
    await asAdmin(`create role "${name}" with login password 'previous-release-password-1'`)
    await asAdmin(`create database "${name}" owner "${name}"`)
    await asAdmin(`revoke connect on database "${name}" from public`)
    const run = await scenario.run({ 'preview-database': name })
    expect(errorsOf(run)).toEqual([])
    expect(run.outputs.created).toBe('false')
    expect(run.stdout).toContain(
      `preview "${name}" has no fly-pg-expose mark but is shaped exactly as an earlier release made previews: adopted, and marked as this action's`
    )
    const marks = await comments(name)
    expect(lastUsed(marks.role)).toBeDefined()
    expect(lastUsed(marks.database)).toBeDefined()
    const teardown = await scenario.run({ mode: 'teardown', 'preview-database': name })
    expect(errorsOf(teardown)).toEqual([])
    expect(await exists(name)).toEqual({ database: false, role: false })
  })

  it('a marked preview is reused; its last use is written again only once it is an hour old', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr')
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const first = await comments(name)
    expect(first.role).toMatch(MARK)
    expect(first.database).toMatch(MARK)
    const second = await scenario.run({ 'preview-database': name })
    expect(errorsOf(second)).toEqual([])
    expect(second.stdout).toContain(`database "${name}": reused; role "${name}": reused, unchanged`)
    // A rerun within the hour writes nothing, not even the mark.
    expect(await comments(name)).toEqual(first)
    const hoursAgo = new Date(Date.now() - 2 * 3600_000).toISOString()
    await asAdmin(`comment on database "${name}" is 'fly-pg-expose preview {"v":1,"lastUsed":"${hoursAgo}"}'`)
    expect(errorsOf(await scenario.run({ 'preview-database': name }))).toEqual([])
    const later = await comments(name)
    expect(Date.parse(lastUsed(later.database) ?? '')).toBeGreaterThan(Date.parse(lastUsed(first.database) ?? ''))
    // The role's mark says only whose it is: prune reads the database's.
    expect(later.role).toBe(first.role)
  })
})

describe('preview roles are kept out of the databases previews are copied from', () => {
  it('a preview role holding a session on template1 does not block a new preview', async () => {
    const scenario = await exposedScenario()
    const first = await scenario.run({ 'preview-database': unique('pr-a') })
    expect(errorsOf(first)).toEqual([])
    const holder = await connectWith(first.outputs['database-url'], 'template1')
    try {
      const second = await scenario.run({ 'preview-database': unique('pr-b') })
      expect(errorsOf(second)).toEqual([])
      expect(second.outputs.created).toBe('true')
    } finally {
      await holder.end()
    }
  })

  it('a template every role can connect to is refused before any write, saying what to do', async () => {
    const scenario = await exposedScenario()
    const seed = unique('open-seed')
    const name = unique('pr')
    await asAdmin(`create database "${seed}"`)
    const run = await scenario.run({ 'preview-database': name, 'preview-template': seed })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `Template database "${seed}" lets every role connect (PUBLIC has CONNECT): a preview role could hold a session on it, which blocks every later copy, and read it. Run \`REVOKE CONNECT ON DATABASE "${seed}" FROM PUBLIC\` (the admin keeps it), or \`ALTER DATABASE "${seed}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. Nothing was changed.`
    ])
    expect(await exists(name)).toEqual({ database: false, role: false })
    await asAdmin(`revoke connect on database "${seed}" from public`)
    const again = await scenario.run({ 'preview-database': name, 'preview-template': seed })
    expect(errorsOf(again)).toEqual([])
    expect(again.outputs.created).toBe('true')
  })
})

describe('every preview statement is bounded', () => {
  it('a held advisory lock fails the run and the teardown within verify-timeout, naming the preview', async () => {
    const scenario = await exposedScenario()
    const name = unique('pr-lock')
    // What a stuck earlier run leaves: its session holds the preview's lock (the previous release's form of the call).
    const holder = await superuserSession('postgres')
    await holder.query("select pg_advisory_lock(hashtextextended('fly-pg-expose:' || $1, 0))", [name])
    try {
      const held = (verb: string) =>
        `Another run holds preview "${name}": its lock stayed taken for 5 s (\`verify-timeout\`), so this run did not ${verb} it; nothing was changed. Let that run finish, then rerun (a workflow \`concurrency\` group per preview keeps runs in turn). If no run is active, a stale session holds the lock: find it as the admin with \`SELECT pid, client_addr, backend_start FROM pg_stat_activity WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')\` and end it with \`SELECT pg_terminate_backend(<pid>)\`.`
      // The guard ends a run that hangs (the defect); a bounded run ends long before it.
      const run = await scenario.run({ 'preview-database': name, 'verify-timeout': '5' }, {}, { signalAfterMs: 40_000 })
      expect(errorsOf(run)).toEqual([held('create or reuse')])
      expect(run.exitCode).toBe(1)
      expect(await exists(name)).toEqual({ database: false, role: false })
      const teardown = await scenario.run({ mode: 'teardown', 'preview-database': name, 'verify-timeout': '5' }, {}, { signalAfterMs: 40_000 })
      expect(errorsOf(teardown)).toEqual([held('drop')])
      expect(teardown.exitCode).toBe(1)
    } finally {
      await holder.end()
    }
  }, 120_000)
})

describe('a template copy hands over its types and domains', () => {
  it('the preview role can alter an enum, a domain and a composite type copied from the template', async () => {
    const scenario = await exposedScenario()
    const seed = unique('typed-seed')
    const name = unique('pr')
    await asAdmin(`create database "${seed}"`)
    await asAdmin(`revoke connect on database "${seed}" from public`)
    await asAdmin(
      "create type mood as enum ('happy', 'sad'); create domain email as text constraint email_has_at check (value like '%@%');" +
        ' create type pair as (a int, b int); create type span as range (subtype = int4);' +
        ' create table people (id int, m mood, e email, p pair, s span)',
      [],
      seed
    )
    const run = await scenario.run({ 'preview-database': name, 'preview-template': seed })
    expect(errorsOf(run)).toEqual([])
    const client = await connectWith(run.outputs['database-url'])
    try {
      await client.query("alter type mood add value 'meh'")
      await client.query('alter domain email drop constraint email_has_at')
      await client.query('alter type pair add attribute c int')
      await client.query('alter type span rename to span2')
      await client.query('alter table people add column n int')
    } finally {
      await client.end()
    }
  })
})
