// The outputs for other clients, end to end on the bundle: `jdbc-url` reads back under pgjdbc's rules to the verified
// user and password, and `export-env: libpq` lets a later step's psql connect with no arguments. No form of the
// password shows anywhere.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { connectAsSuperuser, expectNoLeaks, useWorld } from './support/action-world.js'
import { parseJdbc } from './support/pgjdbc.js'
import { findPsql } from './support/psql.js'
import { exposedFlexCluster } from '../test-support/flyctl-sim/clusters.js'

const world = useWorld()
const execute = promisify(execFile)
// Every character that means something in a URL or a form, and a space.
const PASSWORD = 'Ci p@ss:w/rd?#&%+ 2026-Zq9'
const USER = 'ci_client_forms'

describe('outputs for other clients', () => {
  it('jdbc-url decodes under pgjdbc rules to the verified user, password and database; export-env: libpq serves psql with no arguments', async () => {
    const admin = await connectAsSuperuser(world())
    await admin.query(`create role ${USER} login password ${admin.escapeLiteral(PASSWORD)}`)
    await admin.end()
    const app = 'client-forms-db'
    const scenario = await world().scenario({ app, cluster: exposedFlexCluster({ app }) })
    const databaseUrl = `postgres://${USER}:${encodeURIComponent(PASSWORD)}@${app}.flycast:5432/postgres`
    const run = await scenario.run({ 'database-url': databaseUrl, 'export-env': 'libpq' })
    expect(run.exitCode).toBe(0)

    const jdbc = parseJdbc(run.outputs['jdbc-url'])
    expect(jdbc).toEqual({ host: scenario.host, port: 5432, database: 'postgres', properties: { sslmode: 'require', user: USER, password: PASSWORD } })
    expect(run.exported).toEqual({
      PGHOST: scenario.host,
      PGPORT: '5432',
      PGDATABASE: 'postgres',
      PGUSER: USER,
      PGPASSWORD: PASSWORD,
      PGSSLMODE: 'require'
    })
    // The password in every spelling, the JDBC URL and the URL are masked; none shows in the log or the summary.
    // (@actions/core escapes `%` in a command's data as `%25`.)
    expect(run.stdout).toContain(`::add-mask::${new URLSearchParams({ v: PASSWORD }).toString().slice(2).replace(/%/g, '%25')}`)
    expectNoLeaks(world(), scenario, run, { password: PASSWORD, extraSecrets: [PASSWORD, databaseUrl, run.outputs['jdbc-url'], run.outputs['database-url']] })

    const psql = findPsql()
    if (!psql) return void process.stdout.write('psql is not installed: the libpq variables were checked by value only\n')
    // A later step: only the exported variables (and the CA the runner would trust), no argument names the server.
    const env = { PATH: process.env.PATH ?? '', PGSSLROOTCERT: world().certs.caPath, PGCONNECT_TIMEOUT: '10', ...run.exported }
    const { stdout } = await execute(psql, ['-X', '-tA', '-c', 'select current_user'], { env, timeout: 30_000 })
    expect(stdout.trim()).toBe(USER)
  })
})
