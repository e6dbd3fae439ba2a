// The simulator's `postgres create`, `apps list` and `apps destroy` (test-support/flyctl-sim/apps.js), as the live
// conformance driver uses them; each behaviour is named with its flyctl source in test-support/README.md.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { newWorld } from '../test-support/flyctl-sim/clusters.js'
import { createState, installSimulator, readState } from '../test-support/flyctl-sim/state.js'

const exec = promisify(execFile)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-apps-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const token = 'fo1_sim_apps_token'
const statePath = createState(path.join(dir, 'state.json'), newWorld({ token, organizations: { 'live-org': {} }, operatorPassword: 'Pw0123abc' }))
const flyctl = path.join(installSimulator(path.join(dir, 'bin')), 'flyctl')
const cwd = fs.mkdtempSync(path.join(dir, 'cwd-'))

async function fly(...args: string[]) {
  try {
    const { stdout, stderr } = await exec(flyctl, args, { cwd, env: { PATH: process.env.PATH, FLYSIM_STATE: statePath, FLY_API_TOKEN: token } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}
const create = (name: string, ...extra: string[]) =>
  fly(
    'pg',
    'create',
    '--name',
    name,
    '--org',
    'live-org',
    '--region',
    'iad',
    '--vm-size',
    'shared-cpu-1x',
    '--volume-size',
    '1',
    '--initial-cluster-size',
    '2',
    ...extra
  )

describe('postgres create, apps list, apps destroy', () => {
  it('creates a flex cluster non-interactively and prints its connection string', async () => {
    const run = await create('sim-apps-db')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Postgres cluster sim-apps-db created\n  Username:    postgres\n  Password:    Pw0123abc\n')
    expect(run.stdout).toContain('  Connection string: postgres://postgres:Pw0123abc@sim-apps-db.flycast:5432\n')
    const app = readState(statePath).apps['sim-apps-db']
    expect(app.organization).toBe('live-org')
    expect(app.ips.map((ip: { Type: string }) => ip.Type)).toEqual(['private_v6'])
    expect(app.machines).toHaveLength(2)
    for (const machine of app.machines) {
      expect(machine.config.guest).toEqual({ cpu_kind: 'shared', cpus: 1, memory_mb: 256 })
      expect(machine.config.mounts[0].size_gb).toBe(1)
      expect(machine.config.services.map((s: { internal_port: number; ports: { handlers: string[] }[] }) => [s.internal_port, s.ports[0].handlers])).toEqual([
        [5432, ['pg_tls']],
        [5433, ['pg_tls']]
      ])
    }
  })

  it('fails without a terminal where flyctl would prompt, and on an org the token cannot see', async () => {
    expect((await fly('pg', 'create', '--org', 'live-org', '--region', 'iad')).stderr).toBe(
      'Error: name argument or flag must be specified when not running interactively\n'
    )
    expect((await fly('pg', 'create', '--name', 'x', '--region', 'iad')).stderr).toBe('Error: org slug must be specified when not running interactively\n')
    expect((await create('x', '--org', 'someone-else')).stderr).toBe('Error: organization someone-else not found\n')
    expect((await create('x', '--vm-size', 'huge')).stderr).toContain('Error: VM size "huge" is not valid.')
    expect((await create('sim-apps-db')).code).toBe(1) // the name is taken
  })

  it('lists apps of an org as JSON, and destroys them only with --yes', async () => {
    const listed = JSON.parse((await fly('apps', 'list', '--org', 'live-org', '--json')).stdout)
    expect(listed.map((a: { Name: string; Organization: { Slug: string } }) => [a.Name, a.Organization.Slug])).toEqual([['sim-apps-db', 'live-org']])
    expect((await fly('apps', 'destroy', 'sim-apps-db')).stderr).toBe('Error: yes flag must be specified when not running interactively\n')
    const destroyed = await fly('apps', 'destroy', 'sim-apps-db', '--yes')
    expect([destroyed.code, destroyed.stdout]).toEqual([0, 'Destroyed app sim-apps-db\n'])
    expect((await fly('apps', 'destroy', 'sim-apps-db', '--yes')).stderr).toContain('Could not find App "sim-apps-db"')
    expect(JSON.parse((await fly('apps', 'list', '--json')).stdout)).toEqual([])
  })
})
