// The output URL, end to end: it names what the action verified, and clients that read it the way psql (libpq) and
// node-postgres do reach the same database with the same parameters (review #6 b and #13).
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { callsOf, errorsOf, expectNoLeaks, useWorld, type ActionRun, type Scenario } from './support/action-world.js'
import { findPsql } from './support/psql.js'
import { exposedFlexCluster, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'

const world = useWorld()
const run = promisify(execFile)
const QUERY = '?options=-c%20statement_timeout%3D5000&application_name=my%20ci'
const SETTINGS = "select current_setting('statement_timeout') || ' ' || current_setting('application_name') || ' ' || current_user || ' ' || current_database()"

const linesOf = (run: ActionRun, prefix: string) =>
  run.stdout
    .split('\n')
    .filter(line => line.startsWith(prefix))
    .map(line => line.slice(prefix.length))
const writes = (scenario: Scenario) => callsOf(scenario).filter(call => call.write)
const internalUrl = (scenario: Scenario, query: string) =>
  `postgres://postgres:${encodeURIComponent(world().password)}@${scenario.app}.flycast:5432/postgres${query}`

/** What a later step's psql sees through the URL (libpq decodes only %XX; the world's CA is the root it trusts). */
async function throughPsql(psql: string, url: string): Promise<string> {
  const env = { PATH: process.env.PATH ?? '', PGSSLROOTCERT: world().certs.caPath, PGCONNECT_TIMEOUT: '10' }
  const { stdout } = await run(psql, ['-X', '-tA', '-c', SETTINGS, url], { env, timeout: 30_000 })
  return stdout.trim()
}

/** What a later step's node-postgres sees through the URL (a child with the world's CA, as the runner's Node has). */
async function throughNodePostgres(url: string): Promise<string> {
  const script = `import pg from 'pg'
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
await client.connect()
const { rows } = await client.query(${JSON.stringify(`${SETTINGS} as line`)})
await client.end()
process.stdout.write(rows[0].line)`
  const env = { PATH: process.env.PATH ?? '', DATABASE_URL: url, NODE_EXTRA_CA_CERTS: world().certs.caPath }
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: process.cwd(), timeout: 30_000 })
  return stdout
}

describe('the output URL', () => {
  it('keeps the query of database-url as given (only sslmode added), and psql and node-postgres both read it', async () => {
    const app = 'url-query-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const given = internalUrl(scenario, QUERY)
    const result = await scenario.run({ 'database-url': given })
    expect(result.exitCode).toBe(0)
    const url = result.outputs['database-url']
    expect(url).toBe(`postgres://postgres:${encodeURIComponent(world().password)}@${scenario.host}:5432/postgres${QUERY}&sslmode=require`)
    expectNoLeaks(world(), scenario, result, { extraSecrets: [given, url] })

    const expected = '5s my ci postgres postgres'
    expect(await throughNodePostgres(url)).toBe(expected)
    const psql = findPsql()
    if (psql) expect(await throughPsql(psql, url)).toBe(expected)
    else process.stdout.write('psql is not installed: only node-postgres read the output URL\n')
  })

  it("keeps database-url's own sslmode when the input is left empty; a different input wins and the log says so", async () => {
    const app = 'url-sslmode-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const given = internalUrl(scenario, '?sslmode=verify-full')
    const external = (mode: string) => `postgres://postgres:${encodeURIComponent(world().password)}@${scenario.host}:5432/postgres?sslmode=${mode}`

    const kept = await scenario.run({ 'database-url': given })
    expect(kept.exitCode).toBe(0)
    expect(kept.outputs['database-url']).toBe(external('verify-full'))
    // verify-full over the world's CA: the URL works as it says.
    expect(await throughNodePostgres(kept.outputs['database-url'])).toMatch(/^0 .*postgres postgres$/)

    const overridden = await scenario.run({ 'database-url': given, sslmode: 'require' })
    expect(overridden.exitCode).toBe(0)
    expect(overridden.outputs['database-url']).toBe(external('require'))
    expect(linesOf(overridden, '')).toContain('The output URL says sslmode=require (the `sslmode` input), not the sslmode=verify-full database-url gives.')
    for (const r of [kept, overridden]) expectNoLeaks(world(), scenario, r, { extraSecrets: [given, external('verify-full')] })
  })

  it('sslmode: prefer is a weak point: a warning, and with strict: true a failure before any change', async () => {
    const app = 'url-prefer-db'
    const scenario = await world().scenario({ app, cluster: modernFlexCluster({ app }) })
    const prefer =
      'The URL says sslmode=prefer, which lets psql and other libpq clients fall back to an unencrypted connection when TLS fails: whoever sits on the network can force that and read the password. Use `sslmode: require` or `verify-full`.'

    const strict = await scenario.run({ sslmode: 'prefer', strict: 'true' })
    expect(strict.exitCode).toBe(1)
    // The world's URL logs in as `postgres`, a superuser on every postgres-flex cluster: judged with it, before any change.
    expect(errorsOf(strict)).toEqual([expect.stringMatching(/^`strict: true`: The URL logs in as "postgres", a superuser /)])
    expect(errorsOf(strict)[0].endsWith(`${prefer} Nothing was changed.`)).toBe(true)
    expect(writes(scenario)).toEqual([])

    const warned = await scenario.run({ sslmode: 'prefer', 'dry-run': 'true' })
    expect(warned.exitCode).toBe(0)
    expect(linesOf(warned, '::warning::')).toContain(prefer)
    expect(writes(scenario)).toEqual([])
    for (const r of [strict, warned]) expectNoLeaks(world(), scenario, r)
  })
})
