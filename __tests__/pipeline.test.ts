// The pipeline in process: run() with a stand-in flyctl, the runner's inputs in the environment and its log captured.
// What it decides before any change (refusals, warnings, dry runs) shows here in milliseconds; what it does to a
// cluster and a Postgres is tested end to end on the bundle.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { run } from '../src/main.js'
import { fakeFlyctl, type FakeFlyctl } from './support/fake-flyctl.js'
import { flexClusterWithoutService, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const APP = 'pipe-db'
// A password as `fly pg create` makes one: 15 letters and digits (not weak).
const PASSWORD = 'q7Hk2mW9xT4bN8c'
let log: string[]
let workspace: string
const savedEnv = { ...process.env }

beforeEach(() => {
  log = []
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'))
  for (const key of Object.keys(process.env)) if (/^(INPUT_|STATE_|GITHUB_)/.test(key)) delete process.env[key]
  Object.assign(process.env, { GITHUB_WORKSPACE: workspace, RUNNER_TEMP: workspace })
  jest.spyOn(process.stdout, 'write').mockImplementation(text => (log.push(String(text)), true))
})

afterEach(() => {
  jest.restoreAllMocks()
  process.exitCode = undefined
  process.env = { ...savedEnv }
  fs.rmSync(workspace, { recursive: true, force: true })
})

/** Runs the pipeline with these inputs (over the defaults a user gives) against a stand-in flyctl. */
async function runWith(inputs: Record<string, string>, fly: FakeFlyctl): Promise<{ errors: string[]; warnings: string[]; text: string }> {
  const given = {
    app: APP,
    'fly-api-token': 'fo1_pipeline_token_0123456789',
    'database-url': `postgres://postgres:${PASSWORD}@${APP}.flycast:5432/postgres`,
    host: '127.0.0.1',
    // A port nothing listens on: the quiet early TLS attempt fails at once and is never consulted here.
    port: '9',
    'flyctl-version': '0.4.87',
    ...inputs
  }
  for (const [name, value] of Object.entries(given)) process.env[`INPUT_${name.toUpperCase()}`] = value
  await run({ install: async version => ({ version, binPath: '/nonexistent/flyctl', cacheHit: true }), create: () => fly })
  const text = log.join('')
  const lines = text.split('\n')
  return {
    errors: lines.filter(line => line.startsWith('::error::')).map(line => line.slice('::error::'.length)),
    warnings: lines.filter(line => line.startsWith('::warning::')).map(line => line.slice('::warning::'.length)),
    text
  }
}

describe('the pipeline, in process', () => {
  it('a dry run reads, shows the plan and its warnings, and changes nothing', async () => {
    fs.writeFileSync(path.join(workspace, 'fly.toml'), `app = "${APP}"\n`)
    const fly = fakeFlyctl({ cluster: flexClusterWithoutService({ app: APP }) })
    const { errors, warnings, text } = await runWith({ 'dry-run': 'true', method: 'machines', config: 'fly.toml', port: '5432' }, fly)
    expect(errors).toEqual([])
    expect(warnings).toContain('`config` is not used with `method: machines`: no fly.toml is deployed.')
    expect(text).toContain('dry-run: nothing was changed.')
    expect(fly.runs()).toEqual([])
    expect(fly.calls.map(args => args.slice(0, 2).join(' ')).sort()).toEqual(['ips list', 'machines list'])
  })

  it('strict with the admin user postgres is refused before any change', async () => {
    const fly = fakeFlyctl({ cluster: modernFlexCluster({ app: APP }) })
    const { errors } = await runWith({ strict: 'true' }, fly)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^`strict: true`: The URL logs in as "postgres", a superuser/)
    expect(errors[0]).toContain('Nothing was changed.')
    expect(fly.runs()).toEqual([])
    expect(process.exitCode).toBe(1)
  })

  it('a failure after an allocation says what was changed and how to undo it, once', async () => {
    const fly = fakeFlyctl({
      cluster: flexClusterWithoutService({ app: APP }),
      run: async args => {
        if (args[1] === 'allocate-v6') return { stdout: 'VERSION  IP\nv6  2a09:8280:1::99\n', stderr: '' }
        throw new Error(`\`flyctl ${args.slice(0, 2).join(' ')}\` refused: no capacity`)
      }
    })
    const { errors } = await runWith({ ipv4: 'none', method: 'machines' }, fly)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBe(
      `\`flyctl machine update\` refused: no capacity This run allocated the IPv6 2a09:8280:1::99; to undo: \`fly ips release 2a09:8280:1::99 -a ${APP}\`.`
    )
    expect(fly.runs().map(args => args.slice(0, 2).join(' '))).toContain('ips allocate-v6')
  })
})
