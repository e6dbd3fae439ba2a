// The live conformance driver (scripts/live.mjs) against the flyctl simulator and the test world, as our CI runs it
// (`npm run live -- --simulate`): every scenario passes and leaves no app behind; a failed scenario still has its
// clusters destroyed; the cleanup touches only this run's apps in the configured org; the workflow's no-secret path
// is a notice and green, and a foreign org is refused before anything is installed or created.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { cleanup, liveConfig, makeFly } from '../scripts/live.mjs'
import { modernFlexCluster, newWorld } from '../test-support/flyctl-sim/clusters.js'
import { createState, installSimulator, readState } from '../test-support/flyctl-sim/state.js'
import { repoRoot } from '../test-support/run-action.js'

const exec = promisify(execFile)
const driver = path.join(repoRoot, 'scripts', 'live.mjs')
const scratch: string[] = []
afterAll(() => scratch.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })))
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-driver-'))
  scratch.push(dir)
  return dir
}

/** The driver's environment: nothing of this process's GitHub, Fly or jest settings leaks in. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(GITHUB_|RUNNER_|FLY_|LIVE_|INPUT_)/.test(key) || key === 'NODE_OPTIONS') continue
    env[key] = value
  }
  return { ...env, RUNNER_TEMP: tempDir(), ...extra }
}

async function runDriver(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [driver, ...args], { env: cleanEnv(env), maxBuffer: 64 * 1024 * 1024, timeout: 240_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const rowOf = (stdout: string, scenario: string) => stdout.split('\n').find(line => line.startsWith(`| ${scenario} |`)) ?? `no row for ${scenario}`
const appsLeft = (stdout: string) => JSON.parse(stdout.match(/^simulated apps left: (.*)$/m)?.[1] ?? 'null')

describe('npm run live -- --simulate', () => {
  it('runs every scenario against the simulator and a real TLS Postgres, passes, and destroys every cluster it made', async () => {
    const run = await runDriver(['run', '--simulate'])
    expect([run.code, run.stderr]).toEqual([0, ''])
    for (const scenario of ['modern', 'rerun', 'preview', 'dry-run', 'no-service-deploy', 'no-service-machines', 'ephemeral', 'tunnel']) {
      expect(rowOf(run.stdout, scenario)).toContain('✅ passed')
    }
    expect(rowOf(run.stdout, 'modern')).toContain('deployed=false')
    expect(rowOf(run.stdout, 'rerun')).toContain('2 reads, nothing changed')
    expect(rowOf(run.stdout, 'tunnel')).toContain('through the tunnel on port')
    expect(run.stdout).toMatch(/^flyctl 0\.4\.87, postgres-flex image `flyio\/postgres-flex:\d+\.\d+`$/m)
    expect(run.stdout).toMatch(/^cleanup: destroyed (fpe-live-sim\w+-a1-[a-z-]+(, )?){5}$/m)
    expect(appsLeft(run.stdout)).toEqual([])
    // The generated password is masked before anything prints it, and never shown otherwise.
    const password = run.stdout.match(/^::add-mask::(Pw[0-9a-f]+)$/m)?.[1] ?? 'no mask line'
    expect(run.stdout.split('\n').filter(line => line.includes(password) && !line.startsWith('::add-mask::'))).toEqual([])
  }, 240_000)

  it('a scenario that fails fails the run, and its cluster is destroyed all the same', async () => {
    const run = await runDriver(['run', '--simulate', '--only', 'dry-run'], { LIVE_INJECT_FAILURE: 'dry-run' })
    expect(run.code).toBe(1)
    expect(rowOf(run.stdout, 'dry-run')).toContain('❌ failed')
    expect(rowOf(run.stdout, 'dry-run')).toContain('injected failure')
    expect(run.stdout).toMatch(/^cleanup: destroyed fpe-live-sim\w+-a1-bare-deploy$/m)
    expect(appsLeft(run.stdout)).toEqual([])
  }, 240_000)
})

describe('cleanup', () => {
  it("destroys only this run's apps (prefix and run id) in the configured org, and can keep one", async () => {
    const dir = tempDir()
    const token = 'fo1_cleanup_test_token'
    const apps = {
      'fpe-live-123-a1-modern': 'live-org',
      'fpe-live-123-a2-eph': 'live-org',
      'fpe-live-123-a1-kept': 'live-org',
      'fpe-live-1234-a1-modern': 'live-org', // another run whose id starts the same
      'fpe-live-999-a1-modern': 'live-org', // another run
      'my-production-db': 'live-org',
      'fpe-live-123-a1-elsewhere': 'other-org'
    }
    const state = createState(
      path.join(dir, 'state.json'),
      newWorld({
        token,
        organizations: { 'live-org': {}, 'other-org': {} },
        apps: Object.fromEntries(Object.entries(apps).map(([app, org]) => [app, { ...modernFlexCluster({ app }), organization: org }]))
      })
    )
    const bin = installSimulator(path.join(dir, 'bin'))
    const fly = makeFly({ bin: path.join(bin, 'flyctl'), token, env: { FLYSIM_STATE: state, FLYSIM_LOG: path.join(dir, 'calls.jsonl') } })
    const config = liveConfig({ GITHUB_RUN_ID: '123', FLY_LIVE_ORG: 'live-org' }, { simulate: true })

    const { destroyed, failed } = await cleanup({ fly, config, keep: ['fpe-live-123-a1-kept'] })
    expect(failed).toEqual([])
    expect(destroyed.sort()).toEqual(['fpe-live-123-a1-modern', 'fpe-live-123-a2-eph'])
    expect(Object.keys(readState(state).apps).sort()).toEqual([
      'fpe-live-123-a1-elsewhere',
      'fpe-live-123-a1-kept',
      'fpe-live-1234-a1-modern',
      'fpe-live-999-a1-modern',
      'my-production-db'
    ])
  }, 60_000)
})

describe('the workflow around the driver', () => {
  const workflow = parse(fs.readFileSync(path.join(repoRoot, '.github', 'workflows', 'live.yml'), 'utf8'))
  type Step = { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, string>; env?: Record<string, string> }

  it('without the token secret, the gate step prints a notice, turns the live jobs off and passes', async () => {
    const gate = (workflow.jobs.gate.steps as Step[]).find(step => step.id === 'gate')
    const output = path.join(tempDir(), 'github-output')
    fs.writeFileSync(output, '')
    // As the runner runs the step: its script under bash -e, a missing secret arriving as an empty variable.
    const { stdout } = await exec('bash', ['-e', '-c', gate?.run ?? 'false'], {
      cwd: repoRoot,
      env: cleanEnv({ GITHUB_OUTPUT: output, GITHUB_RUN_ID: '42', FLY_API_TOKEN: '', FLY_LIVE_ORG: '', LIVE_ORG: '' })
    })
    expect(stdout).toMatch(/^::notice title=Live conformance skipped::No FLY_LIVE_API_TOKEN secret/m)
    expect(fs.readFileSync(output, 'utf8')).toBe('enabled=false\n')
    expect(workflow.jobs.live.if).toBe("needs.gate.outputs.enabled == 'true'")
    expect(workflow.jobs['after-post'].if).toBe("always() && needs.gate.outputs.enabled == 'true'")
  })

  it('with the token, the gate turns the live jobs on; a token without the org secret is an error saying what to add', async () => {
    const output = path.join(tempDir(), 'github-output')
    const on = await runDriver(['gate'], { GITHUB_OUTPUT: output, GITHUB_RUN_ID: '42', FLY_API_TOKEN: 'fo1_x', FLY_LIVE_ORG: 'live-org' })
    expect(on.code).toBe(0)
    expect(fs.readFileSync(output, 'utf8')).toBe('enabled=true\n')
    const noOrg = await runDriver(['gate'], { GITHUB_RUN_ID: '42', FLY_API_TOKEN: 'fo1_x' })
    expect(noOrg.code).toBe(1)
    expect(noOrg.stdout).toContain('::error::FLY_LIVE_ORG is not set: add a repository secret FLY_LIVE_ORG')
  })

  it('refuses an org other than the configured one before it installs or creates anything', async () => {
    const temp = tempDir()
    const run = await runDriver(['run'], { RUNNER_TEMP: temp, GITHUB_RUN_ID: '42', FLY_API_TOKEN: 'fo1_x', FLY_LIVE_ORG: 'live-org', LIVE_ORG: 'customer-org' })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('::error::refusing org "customer-org": this workflow may only touch "live-org" (the FLY_LIVE_ORG secret)\n')
    expect(fs.readdirSync(temp)).toEqual([])
  })

  it('every job is bounded; cleanups run always; the ephemeral scenario is the uses: ./ step; run steps only call the driver', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    expect(workflow.permissions).toEqual({})
    for (const [name, job] of Object.entries(workflow.jobs) as [string, { 'timeout-minutes': number; permissions: object; steps: Step[] }][]) {
      expect([name, job['timeout-minutes']]).toEqual([name, expect.any(Number)])
      expect([name, job.permissions]).toEqual([name, { contents: 'read' }])
      for (const step of job.steps)
        if (step.run) expect([name, step.run]).toEqual([name, expect.stringMatching(/^node scripts\/live\.mjs [a-z -]+( "\$LIVE_EPHEMERAL_APP")?$/)])
    }
    const steps = (job: string) => workflow.jobs[job].steps as Step[]
    const cleanups = (job: string) => steps(job).filter(step => step.run?.includes('live.mjs cleanup'))
    expect(cleanups('live').map(step => step.if)).toEqual(['always()'])
    expect(cleanups('after-post').map(step => [step.if, step.run])).toEqual([['always()', 'node scripts/live.mjs cleanup']])
    const ephemeral = steps('live').find(step => step.uses === './')
    expect(ephemeral?.with).toMatchObject({ ephemeral: 'true', app: '${{ env.LIVE_EPHEMERAL_APP }}' })
    expect(workflow.jobs['after-post'].needs).toEqual(['gate', 'live'])
  })

  it('the token and the org reach the steps through env only', () => {
    const text = fs.readFileSync(path.join(repoRoot, '.github', 'workflows', 'live.yml'), 'utf8')
    const secretLines = text.split('\n').filter(line => line.includes('secrets.'))
    expect(secretLines.length).toBeGreaterThan(0)
    for (const line of secretLines)
      expect(line).toMatch(/^\s+(FLY_API_TOKEN: \$\{\{ secrets\.FLY_LIVE_API_TOKEN \}\}|FLY_LIVE_ORG: \$\{\{ secrets\.FLY_LIVE_ORG \}\})$/)
    // ... and every such line sits in an `env:` block.
    const envValues = Object.values(workflow.jobs as Record<string, { env?: Record<string, string>; steps: Step[] }>).flatMap(job => [
      ...Object.values(job.env ?? {}),
      ...job.steps.flatMap(step => Object.values(step.env ?? {}))
    ])
    expect(envValues.filter(value => String(value).includes('secrets.')).length).toBe(secretLines.length)
  })
})
