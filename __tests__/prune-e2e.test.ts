// `mode: prune` end to end (issue 23): the bundled action creates previews on the world's real TLS Postgres, then
// prunes them. One server for this file, and a prune looks at every preview on it: each test starts from none.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { errorsOf, expectNoLeaks, useWorld, type ActionRun, type Call, type Scenario } from './support/action-world.js'
import { previewHelpers } from './support/preview-world.js'
import { exposedFlexCluster, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'

const world = useWorld()
let counter = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`
const { asAdmin, connectWith, exists, comments, superuserSession } = previewHelpers(world)
const DAY = 86_400_000

async function exposedScenario(): Promise<Scenario> {
  const app = unique('prune-db')
  return world().scenario({ app, cluster: exposedFlexCluster({ app }) })
}

const writes = (scenario: Scenario) => (scenario.calls() as Call[]).filter(c => c.write).map(c => c.command)

/** Creates a preview through the action, as a pull request's run does. */
async function createPreview(scenario: Scenario, name: string): Promise<ActionRun> {
  const run = await scenario.run({ 'preview-database': name })
  expect(errorsOf(run)).toEqual([])
  return run
}

/**
 * Makes a preview look `days` old: the admin writes the marks a preview last used then would carry (the role's is
 * written at creation, the database's at the last use, so a real old preview has both at least that old). The
 * format is the one the action writes (src/pure/preview-mark.ts), so a prune cannot tell the two apart.
 */
async function makeOld(name: string, days: number): Promise<string> {
  const lastUsed = new Date(Date.now() - days * DAY).toISOString()
  const mark = `fly-pg-expose preview ${JSON.stringify({ v: 1, lastUsed })}`
  await asAdmin(`comment on role "${name}" is '${mark}'`)
  await asAdmin(`comment on database "${name}" is '${mark}'`)
  return lastUsed
}

const prune = (scenario: Scenario, inputs: Record<string, string>) => scenario.run({ mode: 'prune', ...inputs })

/** The summary table's row of one preview: name, last use, result, why. */
const row = (name: string, lastUsed: string, result: string, why: string) => `<tr><td>${name}</td><td>${lastUsed}</td><td>${result}</td><td>${why}</td></tr>`

// Every preview on the server, left by an earlier test, goes first: each test sees only its own.
beforeEach(async () => {
  const marked = await asAdmin<{ name: string }>(
    "select rolname as name from pg_roles where shobj_description(oid, 'pg_authid') like 'fly-pg-expose preview %' and rolname <> 'postgres'"
  )
  for (const { name } of marked) {
    await asAdmin(`drop database if exists "${name}" with (force)`)
    await asAdmin(`drop role "${name}"`)
  }
})

describe('mode: prune', () => {
  it('drops the old marked previews (ending their sessions), keeps fresh and named ones, never touches an unmarked database or the admin one', async () => {
    const scenario = await exposedScenario()
    const [old, fresh, named] = [unique('pr-old'), unique('pr-fresh'), unique('pr-named')]
    const oldRun = await createPreview(scenario, old)
    await createPreview(scenario, fresh)
    await createPreview(scenario, named)
    const oldUsed = await makeOld(old, 30)
    const namedUsed = await makeOld(named, 30)
    const freshUsed = (await comments(fresh)).database?.match(/"lastUsed":"([^"]+)"/)?.[1] ?? ''
    // A database and role of a preview's name, as the release before the mark made them, and as an app would.
    const unmarked = unique('pr-unmarked')
    await asAdmin(`create role "${unmarked}" login`)
    await asAdmin(`create database "${unmarked}" owner "${unmarked}"`)
    await asAdmin(`revoke connect on database "${unmarked}" from public`)
    // The admin URL's database and user, marked old (by a mistake or on purpose): never dropped.
    const adminUsed = await makeOld('postgres', 30)
    // The old preview's app is still connected.
    const session = await connectWith(oldRun.outputs['database-url'])
    const ended = new Promise(resolve => session.on('error', resolve))
    try {
      const run = await prune(scenario, { 'preview-max-age': '14d', 'preview-keep': `${named}\n` })
      expect(errorsOf(run)).toEqual([])
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ pruned: old, kept: [fresh, named, 'postgres'].sort().join(','), changed: 'true', deployed: 'false' })
      expect(await exists(old)).toEqual({ database: false, role: false })
      for (const name of [fresh, named, unmarked, 'postgres']) expect([name, await exists(name)]).toEqual([name, { database: true, role: true }])
      expect(await comments(unmarked)).toEqual({ role: null, database: null })
      await ended
      expect(run.stdout).toContain(`"${old}": dropped (last used 30 d ago, over \`preview-max-age\` (14d); 1 session(s) ended)`)
      expect(run.summary).toContain('<tr><th>Preview</th><th>Last use</th><th>Result</th><th>Why</th></tr>')
      expect(run.summary).toContain(row(old, oldUsed, 'dropped', 'last used 30 d ago, over <code>preview-max-age</code> (14d); 1 session(s) ended'))
      expect(run.summary).toContain(row(fresh, freshUsed, 'kept', 'last used 0 min ago, within <code>preview-max-age</code> (14d)'))
      expect(run.summary).toContain(row(named, namedUsed, 'kept', 'named in <code>preview-keep</code>'))
      expect(run.summary).toContain(row('postgres', adminUsed, 'kept', "the admin URL's database: never pruned"))
      expect(run.summary).not.toContain(unmarked)
      // No deploy, no allocation: nothing on Fly changed.
      expect(writes(scenario)).toEqual([])
      expectNoLeaks(world(), scenario, run)
    } finally {
      await session.end().catch(() => undefined)
      await asAdmin('comment on database postgres is null')
      await asAdmin('comment on role postgres is null')
      await asAdmin(`drop database "${unmarked}"`)
      await asAdmin(`drop role "${unmarked}"`)
    }
  })

  it('a dry run lists what it would drop and keep, with the last use, and changes nothing', async () => {
    const scenario = await exposedScenario()
    const [old, fresh] = [unique('pr-old'), unique('pr-fresh')]
    await createPreview(scenario, old)
    await createPreview(scenario, fresh)
    const oldUsed = await makeOld(old, 20)
    const before = [await comments(old), await comments(fresh)]
    const run = await prune(scenario, { 'preview-max-age': '7d', 'dry-run': 'true' })
    expect(errorsOf(run)).toEqual([])
    expect(run.stdout).toContain(`"${old}": drop (last used 20 d ago, over \`preview-max-age\` (7d))`)
    expect(run.stdout).toContain(`"${fresh}": keep (last used 0 min ago, within \`preview-max-age\` (7d))`)
    expect(run.stdout).toContain('dry-run: nothing was changed.')
    expect(run.summary).toContain(row(old, oldUsed, 'would be dropped', 'last used 20 d ago, over <code>preview-max-age</code> (7d)'))
    expect(run.outputs).toMatchObject({ pruned: '', kept: fresh, changed: 'false' })
    expect([await exists(old), await exists(fresh)]).toEqual([
      { database: true, role: true },
      { database: true, role: true }
    ])
    expect([await comments(old), await comments(fresh)]).toEqual(before)
  })

  it('0d drops every marked preview not kept, however fresh', async () => {
    const scenario = await exposedScenario()
    const [a, b, kept] = [unique('pr-a'), unique('pr-b'), unique('pr-keep')]
    for (const name of [a, b, kept]) await createPreview(scenario, name)
    const run = await prune(scenario, { 'preview-max-age': '0d', 'preview-keep': `pr-none, ${kept}` })
    expect(errorsOf(run)).toEqual([])
    expect(run.outputs).toMatchObject({ pruned: [a, b].join(','), kept })
    expect([await exists(a), await exists(b), await exists(kept)]).toEqual([
      { database: false, role: false },
      { database: false, role: false },
      { database: true, role: true }
    ])
  })

  it('a preview whose lock another run holds is kept with the reason, not dropped under it; the next prune drops it', async () => {
    const scenario = await exposedScenario()
    const [busy, idle] = [unique('pr-busy'), unique('pr-idle')]
    await createPreview(scenario, busy)
    await createPreview(scenario, idle)
    await makeOld(busy, 30)
    await makeOld(idle, 30)
    // What a run creating or reusing the preview holds meanwhile (its session's advisory lock on the name).
    const holder = await superuserSession('postgres')
    await holder.query("select pg_advisory_lock(hashtextextended('fly-pg-expose:' || $1, 0))", [busy])
    try {
      // A prune tries the lock once (a preview run waits up to verify-timeout for it).
      const run = await prune(scenario, { 'preview-max-age': '14d', 'verify-timeout': '60' })
      expect(errorsOf(run)).toEqual([])
      expect(run.outputs).toMatchObject({ pruned: idle, kept: busy })
      const reason = 'another run holds its lock (it is creating, reusing or dropping it now): left for the next prune'
      expect(run.stdout).toContain(`"${busy}": kept (${reason})`)
      expect(run.summary).toContain(`<td>${busy}</td>`)
      expect(run.summary).toContain(`<td>kept</td><td>${reason}</td>`)
      expect(await exists(busy)).toEqual({ database: true, role: true })
    } finally {
      await holder.end()
    }
    const next = await prune(scenario, { 'preview-max-age': '14d' })
    expect(errorsOf(next)).toEqual([])
    expect(next.outputs.pruned).toBe(busy)
    expect(await exists(busy)).toEqual({ database: false, role: false })
  })

  it('a drop refused partway: the others are dropped, the failure names what was dropped and what remains, and a rerun finishes', async () => {
    const scenario = await exposedScenario()
    const [first, stuck, last] = [unique('pr-1'), unique('pr-2'), unique('pr-3')]
    for (const name of [first, stuck, last]) {
      await createPreview(scenario, name)
      await makeOld(name, 30)
    }
    // The role owns a table in the admin database: DROP ROLE is refused after its database was dropped.
    const table = `t_${counter}_${process.pid}`
    await asAdmin(`create table ${table} (id int); alter table ${table} owner to "${stuck}"`)
    let run: ActionRun
    try {
      run = await prune(scenario, { 'preview-max-age': '14d' })
    } finally {
      await asAdmin(`drop table ${table}`)
    }
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `The prune could not drop every preview due. Dropped: ${first}, ${last}. Still there: ${stuck}. "${stuck}": Database "${stuck}" was dropped; role "${stuck}" still owns objects or holds privileges in other databases (role "${stuck}" cannot be dropped because some objects depend on it). In each of them run \`REASSIGN OWNED BY "${stuck}" TO postgres; DROP OWNED BY "${stuck}";\`, then rerun the teardown. Rerun the prune to finish (what was dropped is not looked for again; a half-dropped preview, its role left, is found by its mark).`
    ])
    expect(run.outputs.pruned).toBe(`${first},${last}`)
    expect(run.summary).toContain('prune failed for')
    expect(run.summary).toContain(`<td>${stuck}</td>`)
    expect(run.summary).toContain('<td>failed</td>')
    expect(await exists(stuck)).toEqual({ database: false, role: true })

    // The table is gone: the rerun finds the role alone by its mark and drops it.
    const rerun = await prune(scenario, { 'preview-max-age': '14d' })
    expect(errorsOf(rerun)).toEqual([])
    expect(rerun.outputs).toMatchObject({ pruned: stuck, kept: '' })
    expect(rerun.stdout).toContain(`"${stuck}": dropped (last used 30 d ago, over \`preview-max-age\` (14d) (only its role is left: its database is gone))`)
    expect(await exists(stuck)).toEqual({ database: false, role: false })
    expectNoLeaks(world(), scenario, rerun)
  })

  it('a prune of a private cluster fails at once, changing nothing, and says how to look from inside Fly', async () => {
    const app = unique('private-db')
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const run = await prune(scenario, { 'preview-max-age': '14d' })
    expect(run.exitCode).toBe(1)
    expect(errorsOf(run)).toEqual([
      `App "${app}" has no public IP, so the prune cannot reach Postgres to look for old previews. Nothing was changed. Find them from inside Fly (\`fly pg connect -a ${app}\`, then SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database; and DROP DATABASE "<name>" WITH (FORCE); DROP ROLE "<name>"; for each), or expose the cluster first.`
    ])
    expect(writes(scenario)).toEqual([])
  })
})
