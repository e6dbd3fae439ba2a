// Tests for the flyctl simulator (test-support/flyctl-sim): it is spawned as a process, like the action does.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import {
  SIMULATOR_PATH,
  createState,
  installSimulator,
  readCalls,
  readState,
  updateState,
  writeCalls,
  writeReleaseTarball
} from '../test-support/flyctl-sim/state.js'
import {
  LATEST_FLEX_VERSION,
  barmanMachine,
  consoleMachine,
  exposedFlexCluster,
  flexClusterWithoutService,
  imageRef,
  ip,
  mixedMajorsCluster,
  modernFlexCluster,
  newWorld,
  preV2Cluster,
  stolonCluster,
  timescaleCluster,
  zeroMachinesCluster
} from '../test-support/flyctl-sim/clusters.js'

const TOKEN = 'fo1_test_token'
const APP = 'my-pg'

interface Result {
  code: number | null
  stdout: string
  stderr: string
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any

let root: string
let statePath: string
let logPath: string
let work: string

function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FLY_') && !k.startsWith('FLYSIM_')) env[k] = v
  Object.assign(env, { FLYSIM_STATE: statePath, FLYSIM_LOG: logPath }, extra)
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return env
}

function fly(args: string[], { env = { FLY_API_TOKEN: TOKEN }, cwd = work }: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SIMULATOR_PATH, ...args], { cwd, env: cleanEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('error', reject)
    child.on('close', code => resolvePromise({ code, stdout, stderr }))
  })
}

function world(apps: Record<string, Json> = { [APP]: modernFlexCluster({ app: APP }) }, extra: Json = {}) {
  createState(statePath, newWorld({ token: TOKEN, apps, ...extra }))
}
const app = (name = APP): Json => readState(statePath).apps[name]
const freshDir = (name: string) => {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}
async function savedConfig(name = APP): Promise<{ dir: string; text: string }> {
  const dir = freshDir(`cfg-${name}-${Math.random().toString(36).slice(2)}`)
  const res = await fly(['config', 'save', '-a', name, '--yes'], { cwd: dir })
  expect(res.code).toBe(0)
  return { dir, text: readFileSync(join(dir, 'fly.toml'), 'utf8') }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flysim-test-'))
  statePath = join(root, 'state.json')
  logPath = join(root, 'calls.jsonl')
  work = freshDir('work')
  world()
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('global behaviour', () => {
  test('version prints like flyctl without a token', async () => {
    const res = await fly(['version'], { env: { FLYSIM_VERSION: '0.4.80' } })
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^flyctl v0\.4\.80 linux\/(amd64|arm64) Commit: [0-9a-f]{40} BuildDate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/)
  })

  test('no token, empty FLY_ACCESS_TOKEN hiding FLY_API_TOKEN, flag precedence', async () => {
    const noToken = await fly(['ips', 'list', '-a', APP, '--json'], { env: {} })
    expect(noToken.code).toBe(1)
    expect(noToken.stderr).toBe("Error: no access token available. Please login with 'flyctl auth login'\n")

    const hidden = await fly(['ips', 'list', '-a', APP], { env: { FLY_ACCESS_TOKEN: '', FLY_API_TOKEN: TOKEN } })
    expect(hidden.code).toBe(1)
    expect(hidden.stderr).toContain('no access token available')

    const viaFlag = await fly(['ips', 'list', '-a', APP, '--access-token', TOKEN], { env: { FLY_API_TOKEN: 'wrong' } })
    expect(viaFlag.code).toBe(0)
    const accessWins = await fly(['ips', 'list', `--app=${APP}`], { env: { FLY_ACCESS_TOKEN: TOKEN, FLY_API_TOKEN: 'wrong' } })
    expect(accessWins.code).toBe(0)

    const wrong = await fly(['ips', 'list', '-a', APP], { env: { FLY_API_TOKEN: 'wrong' } })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/^Error: failed to run query \(\$appName: String!\) \{ app\(name: \$appName\) .*: You must be authenticated to view this\.\n$/)

    expect(readCalls(logPath).map((c: Json) => c.tokenSource)).toEqual([null, null, '--access-token', 'FLY_ACCESS_TOKEN', 'FLY_API_TOKEN'])
  })

  test('unknown app, unknown flags and malformed fly.toml', async () => {
    const ips = await fly(['ips', 'list', '-a', 'nope', '--json'])
    expect(ips.code).toBe(1)
    expect(ips.stderr).toContain('Could not find App "nope"')
    // machines list talks to flaps (REST), not GraphQL: fly-go flaps errors + request id
    const machines = await fly(['machines', 'list', '-a', 'nope', '--json'])
    expect(machines.stderr).toMatch(/^Error: failed to list VMs: app not found \(Request ID: [0-9A-Z]{26}-iad\)\n$/)

    const flag = await fly(['ips', 'list', '-a', APP, '--bogus'])
    expect([flag.code, flag.stderr]).toEqual([1, 'Error: unknown flag: --bogus\n'])

    writeFileSync(join(work, 'fly.toml'), 'app = "my-pg\n')
    const bad = await fly(['ips', 'list', '-a', APP, '--json'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`Error: failed loading app config from ${join(work, 'fly.toml')}: row 1`)

    writeFileSync(join(work, 'fly.toml'), `app = "${APP}"\n`)
    const fromToml = await fly(['ips', 'list', '--json'])
    expect(fromToml.code).toBe(0)
  })
})

describe('ips', () => {
  test('list --json uses Go field names; the shared v4 has empty ID/Region and zero time', async () => {
    world({ [APP]: modernFlexCluster({ app: APP, ips: [ip('shared_v4', { seed: 's' }), ip('private_v6', { seed: 'p' }), ip('v6', { seed: 'v' })] }) })
    const res = await fly(['ips', 'list', '-a', APP, '--json'])
    expect(res.code).toBe(0)
    expect(res.stdout).toMatch(/^\[\n {4}\{\n {8}"ID": /)
    const list = JSON.parse(res.stdout)
    expect(list.map((x: Json) => Object.keys(x))).toEqual(Array(3).fill(['ID', 'Address', 'Type', 'Region', 'CreatedAt', 'ServiceName', 'Network']))
    expect(list.map((x: Json) => x.Type)).toEqual(['private_v6', 'v6', 'shared_v4'])
    expect(list[2]).toMatchObject({ ID: '', Region: '', CreatedAt: '0001-01-01T00:00:00Z', Network: null })

    const table = await fly(['ips', 'list', '-a', APP])
    expect(table.stdout).toContain(' VERSION │ IP ')
    expect(table.stdout).toContain('public ingress (shared)')
  })

  test('dedicated v4 needs --yes without a TTY; allocate-v6 has no --yes', async () => {
    const noYes = await fly(['ips', 'allocate-v4', '-a', APP])
    expect([noYes.code, noYes.stderr]).toEqual([1, 'Error: yes flag must be specified when not running interactively\n'])
    const v6Yes = await fly(['ips', 'allocate-v6', '-a', APP, '--yes'])
    expect([v6Yes.code, v6Yes.stderr]).toEqual([1, 'Error: unknown flag: --yes\n'])
    expect(app().ips).toHaveLength(1)
    expect(writeCalls(readCalls(logPath))).toEqual([])

    const v4 = await fly(['ips', 'allocate-v4', '-a', APP, '--yes'])
    expect(v4.code).toBe(0)
    expect(v4.stdout).toMatch(
      /^ VERSION │ IP +│ TYPE +│ REGION │ CREATED AT \n v4 +│ (149\.248|168\.220)\.\d+\.\d+ +│ public ingress \(dedicated, \$2\/mo\) │ global │ just now +\n\n$/
    )
    const v6 = await fly(['ips', 'allocate-v6', '-a', APP])
    expect(v6.stdout).toMatch(/ v6 +│ 2a09:8280:1::[0-9a-f]+:[0-9a-f]+:0 +│ public ingress \(dedicated\) /)
    const second = await fly(['ips', 'allocate-v4', '-a', APP, '-y'])
    expect(second.code).toBe(0)
    expect(app().ips.filter((x: Json) => x.Type === 'v4')).toHaveLength(2) // billed twice: visible to tests
    expect(writeCalls(readCalls(logPath)).map((c: Json) => c.command)).toEqual(['ips allocate-v4', 'ips allocate-v6', 'ips allocate-v4'])
  })

  test('release removes the named addresses (ips/release.go): one per argument, each checked as an IP first', async () => {
    world({ [APP]: exposedFlexCluster({ app: APP }) })
    const [v4, v6] = ['v4', 'v6'].map(type => app().ips.find((x: Json) => x.Type === type).Address)
    const none = await fly(['ips', 'release', '-a', APP])
    expect([none.code, none.stderr]).toEqual([1, 'Error: requires at least 1 arg(s), only received 0\n'])
    const invalid = await fly(['ips', 'release', 'not-an-ip', '-a', APP])
    expect([invalid.code, invalid.stderr]).toEqual([1, "Error: Invalid IP address: 'not-an-ip'\n"])
    expect(writeCalls(readCalls(logPath))).toEqual([])

    const released = await fly(['ips', 'release', v4, v6, '-a', APP])
    expect([released.code, released.stdout]).toEqual([0, `Released ${v4} from ${APP}\nReleased ${v6} from ${APP}\n`])
    expect(app().ips.map((x: Json) => x.Type)).toEqual(['private_v6'])
    expect(writeCalls(readCalls(logPath)).map((c: Json) => c.command)).toEqual(['ips release'])

    const again = await fly(['ips', 'release', v4, '-a', APP])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^Error: failed to run mutation\(\$input: ReleaseIPAddressInput!\).*: Could not find IP address /)
  })

  test('allocations carry their creation time, so concurrent runs can agree on the oldest', async () => {
    const before = Date.now() - 1000
    expect((await fly(['ips', 'allocate-v4', '-a', APP, '--yes'])).code).toBe(0)
    const v4 = app().ips.find((x: Json) => x.Type === 'v4')
    expect(v4.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(v4.CreatedAt)).toBeGreaterThanOrEqual(before)
    expect(v4.ID).toMatch(/^ip_[0-9a-z]{16}$/)
  })

  test('--shared adds a shared v4 but fails next to a dedicated one', async () => {
    const shared = await fly(['ips', 'allocate-v4', '-a', APP, '--shared'])
    expect(shared.code).toBe(0)
    expect(shared.stdout).toMatch(/ v4 +│ 66\.241\.12[45]\.\d+ +│ shared │ global \n/)
    expect(app().ips.find((x: Json) => x.Type === 'shared_v4')).toMatchObject({ ID: '', Region: '' })

    world({ [APP]: exposedFlexCluster({ app: APP }) })
    const refused = await fly(['ips', 'allocate-v4', '-a', APP, '--shared'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^Error: failed to run mutation\(\$input: AllocateIPAddressInput!\).*dedicated IPv4/)
    expect(app().ips.some((x: Json) => x.Type === 'shared_v4')).toBe(false)
  })

  test('concurrent allocations and reads lose nothing', async () => {
    const results = await Promise.all([
      fly(['ips', 'allocate-v4', '-a', APP, '--yes']),
      fly(['ips', 'allocate-v6', '-a', APP]),
      fly(['ips', 'list', '-a', APP, '--json']),
      fly(['machines', 'list', '-a', APP, '--json']),
      fly(['ips', 'allocate-v6', '-a', APP]),
      fly(['ips', 'allocate-v4', '-a', APP, '--yes'])
    ])
    expect(results.map(r => r.code)).toEqual([0, 0, 0, 0, 0, 0])
    expect(
      app()
        .ips.map((x: Json) => x.Type)
        .sort()
    ).toEqual(['private_v6', 'v4', 'v4', 'v6', 'v6'])
    expect(new Set(app().ips.map((x: Json) => x.Address)).size).toBe(5)
    expect(readCalls(logPath)).toHaveLength(6)
  })
})

describe('machines and images', () => {
  test('machines list --json is the state machines with Go field order', async () => {
    const res = await fly(['machines', 'list', '-a', APP, '--json'])
    expect(res.code).toBe(0)
    const machines = JSON.parse(res.stdout)
    expect(machines).toEqual(app().machines)
    const m = machines[0]
    expect(Object.keys(m).slice(0, 6)).toEqual(['id', 'name', 'state', 'region', 'image_ref', 'instance_id'])
    expect(m.id).toMatch(/^[0-9a-f]{14}$/)
    expect(m.image_ref).toMatchObject({ registry: 'registry-1.docker.io', repository: 'flyio/postgres-flex', tag: '16.11' })
    expect(m.config.services.map((s: Json) => [s.internal_port, s.ports[0].port, s.ports[0].handlers])).toEqual([
      [5432, 5432, ['pg_tls']],
      [5433, 5433, ['pg_tls']]
    ])
    expect(m.config.checks.pg).toEqual({ port: 5500, type: 'http', interval: '15s', timeout: '10s', path: '/flycheck/pg' })
    expect(m.config).toMatchObject({ metrics: { port: 9187, path: '/metrics' }, restart: { policy: 'always' }, mounts: [{ path: '/data', name: 'pg_data' }] })
    expect(m.config.metadata).toMatchObject({ 'fly-managed-postgres': 'true', fly_platform_version: 'v2' })

    const table = await fly(['machines', 'list', '-a', APP])
    expect(table.stdout).toContain('2 machines have been retrieved from app my-pg.')
    world({ [APP]: zeroMachinesCluster() })
    expect((await fly(['machines', 'list', '-a', APP, '--json'])).stdout).toBe('[]\n')
  })

  test('image show --json: string values, Labels as JSON text, null for no machines, major mismatch', async () => {
    const res = await fly(['image', 'show', '-a', APP, '--json'])
    const images = JSON.parse(res.stdout)
    expect(Object.keys(images[0])).toEqual(['Digest', 'Labels', 'MachineID', 'Registry', 'Repository', 'Tag', 'Version'])
    expect(images.every((o: Json) => Object.values(o).every(v => typeof v === 'string'))).toBe(true)
    expect(JSON.parse(images[0].Labels)).toMatchObject({ 'fly.pg-version': '16.11', 'fly.pg-manager': 'repmgr', 'fly.version': 'v0.0.62' })

    world({
      zero: zeroMachinesCluster(),
      mixed: mixedMajorsCluster({ app: 'mixed', majors: [16, 17] }),
      ts: timescaleCluster({ app: 'ts' }),
      old: stolonCluster({ app: 'old' })
    })
    expect((await fly(['image', 'show', '-a', 'zero', '--json'])).stdout).toBe('null\n')
    const mixed = await fly(['image', 'show', '-a', 'mixed', '--json'])
    expect([mixed.code, mixed.stderr]).toEqual([1, 'Error: major version mismatch detected\n'])
    expect(JSON.parse((await fly(['image', 'show', '-a', 'ts', '--json'])).stdout)[0].Repository).toBe('flyio/postgres-flex-timescaledb')
    const stolon = JSON.parse((await fly(['image', 'show', '-a', 'old', '--json'])).stdout)[0]
    expect(stolon.Repository).toBe('flyio/postgres')
    expect(JSON.parse(stolon.Labels)['fly.pg-manager']).toBeUndefined()
  })
})

describe('config save', () => {
  test('rebuilds fly.toml from the machines of a fly pg create cluster', async () => {
    const res = await fly(['config', 'save', '-a', APP], { cwd: work })
    expect([res.code, res.stdout]).toEqual([0, 'Wrote config file fly.toml\n'])
    const text = readFileSync(join(work, 'fly.toml'), 'utf8')
    expect(text).toMatch(
      /^# fly\.toml app configuration file generated for my-pg on \S+Z\n#\n# See https:\/\/fly\.io\/docs\/reference\/configuration\/ for information about how to use this file\.\n#\n\napp = 'my-pg'\nprimary_region = 'iad'\n\n\[env\]\n {2}PRIMARY_REGION = 'iad'\n/
    )
    expect(text).toContain(
      "[[services]]\n  protocol = 'tcp'\n  internal_port = 5432\n  auto_start_machines = false\n\n  [[services.ports]]\n    port = 5432\n    handlers = ['pg_tls']\n\n  [services.concurrency]\n"
    )
    const cfg: Json = parseToml(text)
    expect(cfg.mounts).toEqual([{ source: 'pg_data', destination: '/data' }])
    expect(cfg.services.map((s: Json) => s.ports[0].port)).toEqual([5432, 5433])
    expect(Object.keys(cfg.checks)).toEqual(['pg', 'role', 'vm'])
    expect(cfg.metrics).toEqual([{ port: 9187, path: '/metrics' }])
    for (const absent of ['restart', 'vm', 'kill_signal', 'kill_timeout', 'build', 'processes']) expect(cfg[absent]).toBeUndefined()
    expect(text).not.toContain('postgres-flex')

    const again = await fly(['config', 'save', '-a', APP], { cwd: work })
    expect([again.code, again.stderr]).toEqual([1, 'Error: prompt: non interactive\n'])
    const missing = await fly(['config', 'save', '-a', APP, '-c', join(root, 'nope.toml'), '--yes'])
    expect(missing.stderr).toContain('Error: config file not found at specified path:')
  })

  test('an older cluster has no [[services]]', async () => {
    world({ [APP]: flexClusterWithoutService({ app: APP }) })
    const { text } = await savedConfig()
    expect((parseToml(text) as Json).services).toBeUndefined()
  })
})

describe('deploy', () => {
  const deploy = (dir: string, extra: string[] = []) =>
    fly(['deploy', dir, '-a', APP, '--image', 'flyio/postgres-flex:16', '--remote-only', ...extra], { cwd: root })

  test("a deploy holds a lease on each machine it updates: a second deploy or machine update meanwhile fails with flyctl's text; the leases end with it", async () => {
    world({ [APP]: flexClusterWithoutService({ app: APP }) })
    // The first deploy waits, holding its leases, until the test has made the second calls: no race with a delay.
    updateState(statePath, (state: Json) => ({ ...state, holds: { deploy: true } }))
    const { dir } = await savedConfig()
    const ids = app().machines.map((m: Json) => m.id)
    const first = deploy(dir)
    // Wait until the first deploy holds its leases (it takes them right before updating).
    while (Object.keys(app().leases ?? {}).length < ids.length) await new Promise(r => setTimeout(r, 20))
    expect(Object.keys(app().leases).sort()).toEqual([...ids].sort())
    const [second, update] = await Promise.all([deploy(dir), fly(['machine', 'update', ids[0], '-a', APP, '--port', '5432:5432/tcp:pg_tls', '--yes'])])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(
      /\nError: failed to acquire leases: failed to get lease on VM [0-9a-f]+: machine ID [0-9a-f]+ lease currently held by ci@example\.com, expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/
    )
    expect(update.code).toBe(1)
    expect(update.stderr).toMatch(
      new RegExp(`^Error: failed to obtain lease: failed to get lease on VM ${ids[0]}: machine ID ${ids[0]} lease currently held by ci@example\\.com`)
    )
    updateState(statePath, (state: Json) => ({ ...state, holds: {} }))
    expect((await first).code).toBe(0)
    expect(app().deploys).toHaveLength(1)
    expect(app().leases).toEqual({})
    // Free again: the next deploy takes the leases and goes through.
    expect((await deploy(dir)).code).toBe(0)
    expect(app().deploys).toHaveLength(2)
  })

  test('replaces config from the file; restart policy is lost without [[restart]]', async () => {
    const { dir } = await savedConfig()
    const res = await deploy(dir, ['--strategy', 'rolling', '--wait-timeout', '5m', '--ha=false'])
    expect(res.code).toBe(0)
    expect(res.stderr).toContain('==> Verifying app config\n--> Verified app config\n==> Building image\n')
    expect(res.stdout).toContain("Updating existing machines in 'my-pg' with rolling strategy\n")
    const a = app()
    expect(a.deployedWithFlyDeploy).toBe(true)
    expect(a.deploys).toHaveLength(1)
    expect(a.deploys[0]).toMatchObject({
      image: 'flyio/postgres-flex:16',
      flags: expect.arrayContaining(['--remote-only', '--strategy=rolling', '--ha=false'])
    })
    expect(a.deploys[0].toml).toContain("app = 'my-pg'")
    for (const m of a.machines) {
      expect(m.config.restart.policy).not.toBe('always')
      expect(m.config.mounts[0].volume).toMatch(/^vol_/)
      expect(m.config.metadata.fly_process_group).toBe('app')
      expect(m.image_ref).toMatchObject({ repository: 'flyio/postgres-flex', tag: '16' })
      expect(m.image_ref.labels['fly.pg-version']).toBe('16.11')
    }
  })

  test('[[restart]] keeps policy always, and config save then returns the deployed config', async () => {
    const { dir, text } = await savedConfig()
    writeFileSync(join(dir, 'fly.toml'), `${text}\n[[restart]]\n  policy = "always"\n`)
    expect((await deploy(dir)).code).toBe(0)
    expect(app().machines.map((m: Json) => m.config.restart.policy)).toEqual(['always', 'always'])
    const after = await savedConfig()
    expect((parseToml(after.text) as Json).restart).toEqual([{ policy: 'always' }])
  })

  test('missing [[mounts]] is refused even with --yes, and nothing changes', async () => {
    const { dir, text } = await savedConfig()
    writeFileSync(join(dir, 'fly.toml'), text.replace(/\[\[mounts\]\][^[]*/, ''))
    const before = readState(statePath)
    const res = await deploy(dir, ['--yes'])
    expect(res.code).toBe(1)
    expect(res.stderr).toContain('has a volume mounted but app config does not specify a volume')
    expect(res.stderr).toContain('Error: yes flag must be specified when not running interactively\n')
    expect(readState(statePath)).toEqual(before)
  })

  test("[processes] without the machines' group destroys them without a prompt", async () => {
    world({ [APP]: modernFlexCluster({ app: APP, processGroup: 'app' }) })
    const { dir } = await savedConfig()
    writeFileSync(
      join(dir, 'fly.toml'),
      `app = "${APP}"\nprimary_region = "iad"\n\n[processes]\n  web = "start"\n\n[[services]]\n  protocol = "tcp"\n  internal_port = 5432\n  processes = ["web"]\n  [[services.ports]]\n    port = 5432\n    handlers = ["pg_tls"]\n`
    )
    const oldIds = app().machines.map((m: Json) => m.id)
    const res = await deploy(dir)
    expect(res.code).toBe(0)
    expect(res.stdout).toContain('Process groups have changed. This will:\n * destroy 2 "app" machines\n * create 2 "web" machines\n')
    const now = app()
    expect(now.machines.some((m: Json) => oldIds.includes(m.id))).toBe(false)
    expect(now.machines.every((m: Json) => !m.config.mounts)).toBe(true)
    expect(now.deploys[0].destroyedMachines.sort()).toEqual([...oldIds].sort())
  })

  test('no --image fails (no Dockerfile), unknown images fail, invalid config fails', async () => {
    const { dir, text } = await savedConfig()
    const noImage = await fly(['deploy', dir, '-a', APP, '--remote-only'], { cwd: root })
    expect(noImage.stderr).toContain('Error: failed to fetch an image or build from source: app does not have a Dockerfile or buildpacks configured.')
    const unknown = await deploy(dir, ['--image', 'nginx:latest'])
    expect(unknown.stderr).toContain('could not find image "nginx:latest"')
    writeFileSync(join(dir, 'fly.toml'), `${text}\n[restart]\n  policy = "always"\n`)
    const table = await deploy(dir)
    expect([table.code, table.stderr.trim().split('\n').pop()]).toEqual([1, 'Error: App configuration is not valid'])
    expect(app().deploys).toEqual([])
    expect(writeCalls(readCalls(logPath)).filter((c: Json) => c.command === 'deploy')).toEqual([])
  })
})

describe('what real flyctl does to Postgres apps (flyctl and fly-go source)', () => {
  const deploy = (dir: string, extra: string[] = []) =>
    fly(['deploy', dir, '-a', APP, '--image', 'flyio/postgres-flex:16', '--remote-only', ...extra], { cwd: root })
  const strip = (text: string) => text.replace(/\x1b\[\d+m/g, '') // eslint-disable-line no-control-regex

  test('machines without the v2 metadata are not deployed to: a first deploy creates a new member on a new empty volume', async () => {
    world({ [APP]: preV2Cluster({ app: APP }) })
    const before = app().machines
    const { dir } = await savedConfig()
    const res = await deploy(dir)
    expect(res.code).toBe(0)
    expect(strip(res.stderr)).toContain(
      "[WARNING] Your app doesn't have any Fly Launch machines, so we'll create one now. Learn more at \nhttps://fly.io/docs/launch/\n"
    )
    expect(res.stdout).toContain("Creating a 1 GB volume named 'pg_data' for process group 'app'. Use 'fly vol extend' to increase its size\n")
    expect(res.stdout).toContain('No machines in group app, launching a new machine\n')
    const after = app()
    expect(after.machines).toHaveLength(3)
    expect(after.machines.slice(0, 2)).toEqual(before) // the old members are left as they were, still without the service
    const created = after.machines[2]
    expect(after.volumes).toEqual([expect.objectContaining({ name: 'pg_data', size_gb: 1, empty: true, attached_machine_id: created.id })])
    expect(created.config.mounts).toEqual([{ encrypted: true, path: '/data', size_gb: 1, volume: after.volumes[0].id, name: 'pg_data' }])
    expect(after.deploys[0]).toMatchObject({ firstDeploy: true, createdMachines: [created.id], updatedMachines: [], createdVolumes: [after.volumes[0].id] })
  })

  test('console and release-command machines are never deployed to; --only-machines leaves a barman machine alone', async () => {
    const cluster = flexClusterWithoutService({ app: APP })
    const members = cluster.machines.map((m: Json) => m.id)
    cluster.machines.push(consoleMachine(APP), barmanMachine(APP))
    const [consoleId, barmanId] = cluster.machines.slice(2).map((m: Json) => m.id)
    world({ [APP]: cluster })
    const { dir } = await savedConfig()
    // Without a filter the barman machine joins the default group, and its barman_data volume fails the check.
    const unfiltered = await deploy(dir)
    expect(unfiltered.code).toBe(1)
    expect(unfiltered.stderr).toContain(`Error: machine ${barmanId} [app] can't update the attached volume`)
    expect(app().deploys).toEqual([])
    const filtered = await deploy(dir, ['--only-machines', members.join(',')])
    expect(filtered.code).toBe(0)
    expect(filtered.stderr).toContain('--only-machines filter applied, deploying to 2/3 machines\n')
    const a = app()
    expect(a.deploys[0].updatedMachines.sort()).toEqual([...members].sort())
    expect(a.machines.find((m: Json) => m.id === consoleId)).toEqual(cluster.machines[2])
    expect(a.machines.find((m: Json) => m.id === barmanId)).toEqual(cluster.machines[3])
  })

  test('restart vocabulary: fly.toml takes never/always/on-failure (+ retries), machines report no (+ max_retries)', async () => {
    const { dir, text } = await savedConfig()
    writeFileSync(join(dir, 'fly.toml'), `${text}\n[[restart]]\n  policy = "no"\n`)
    const refused = await deploy(dir)
    expect(refused.code).toBe(1)
    expect(strip(refused.stdout)).toContain('invalid restart policy: no\n')
    writeFileSync(join(dir, 'fly.toml'), `${text}\n[[restart]]\n  policy = "on-failure"\n  retries = 50\n`)
    expect((await deploy(dir)).code).toBe(0)
    expect(app().machines.map((m: Json) => m.config.restart)).toEqual([
      { policy: 'on-failure', max_retries: 50 },
      { policy: 'on-failure', max_retries: 50 }
    ])
    writeFileSync(join(dir, 'fly.toml'), `${text}\n[[restart]]\n  policy = "never"\n`)
    expect((await deploy(dir)).code).toBe(0)
    expect(app().machines.map((m: Json) => m.config.restart.policy)).toEqual(['no', 'no'])
  })

  test('env is reset to [env], plus PRIMARY_REGION only when primary_region is set', async () => {
    const { dir } = await savedConfig()
    writeFileSync(join(dir, 'fly.toml'), `app = "${APP}"\n\n[env]\n  TZ = "UTC"\n\n[[mounts]]\n  source = "pg_data"\n  destination = "/data"\n`)
    expect((await deploy(dir)).code).toBe(0)
    for (const m of app().machines) expect(m.config.env).toEqual({ FLY_PROCESS_GROUP: 'app', TZ: 'UTC' })
  })

  test('`:<major>` is the newest build of that major: a member on 16.8 moves to 16.11 and the newest flex manager', async () => {
    const cluster = flexClusterWithoutService({ app: APP })
    cluster.machines[1].image_ref = imageRef({ pgVersion: '16.8', flyVersion: 'v0.0.50' })
    world({ [APP]: cluster })
    const { dir } = await savedConfig()
    expect((await deploy(dir)).code).toBe(0)
    const refs = app().machines.map((m: Json) => m.image_ref)
    for (const ref of refs)
      expect(ref).toMatchObject({
        tag: '16',
        digest: imageRef({ pgVersion: '16.11' }).digest,
        labels: { 'fly.pg-version': '16.11', 'fly.version': LATEST_FLEX_VERSION }
      })
    // An exact image keeps the build: the same digest, the same labels.
    world({
      [APP]: (() => {
        const c = flexClusterWithoutService({ app: APP })
        c.machines[0].image_ref = imageRef({ pgVersion: '16.8', flyVersion: 'v0.0.50' })
        return c
      })()
    })
    const old = app().machines[0].image_ref
    const exact = await fly(
      ['deploy', dir, '-a', APP, '--image', `flyio/postgres-flex:16.8@${old.digest}`, '--remote-only', '--only-machines', app().machines[0].id],
      { cwd: root }
    )
    expect(exact.code).toBe(0)
    expect(app().machines[0].image_ref).toEqual({ ...old, labels: old.labels })
  })

  test('machine update --port adds the service, keeps everything else, needs --yes, and waits for health', async () => {
    world({ [APP]: preV2Cluster({ app: APP, machineOpts: { restart: { policy: 'on-failure', max_retries: 50 } } }) })
    const [machine] = app().machines
    const args = ['machine', 'update', machine.id, '-a', APP, '--port', '5432:5432/tcp:pg_tls']
    const noYes = await fly(args)
    expect(noYes.code).toBe(1)
    expect(noYes.stderr).toBe('Error: yes flag must be specified when not running interactively\n')
    expect(app().machines[0]).toEqual(machine)

    const res = await fly([...args, '--yes'])
    expect(res.code).toBe(0)
    expect(res.stdout).toBe(
      `Updating machine ${machine.id}\nMachine ${machine.id} updated successfully!\n\nMonitor machine status here:\nhttps://fly.io/apps/${APP}/machines/${machine.id}\n`
    )
    expect(res.stderr).toBe(`  Waiting for ${machine.id} to become healthy (started, 3/3)\n`)
    const updated = app().machines[0]
    expect(updated.config.services).toEqual([{ protocol: 'tcp', internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] }])
    const { services: _s, ...kept } = updated.config
    const { services: _o, ...original } = machine.config
    expect(kept).toEqual(original) // image, env, mounts, metadata, restart policy
    expect(updated.image_ref).toEqual(machine.image_ref)
    expect(updated.instance_id).not.toBe(machine.instance_id)
    expect(app().machineUpdates).toEqual([expect.objectContaining({ id: machine.id, flags: ['--port=5432:5432/tcp:pg_tls', '--yes'] })])
    expect(readCalls(logPath).at(-1)).toMatchObject({ command: 'machines update', kind: 'write', write: true })
  })

  test('machine update: a held lease fails before any change; failing health checks fail after the update', async () => {
    world({ [APP]: preV2Cluster({ app: APP }) }, {})
    const [first, second] = app().machines
    updateState(statePath, (s: Json) => {
      s.apps[APP].leases = { [first.id]: 'someone@example.com' }
      s.unhealthyAfterUpdate = [second.id]
    })
    const leased = await fly(['machine', 'update', first.id, '-a', APP, '--port', '5432:5432/tcp:pg_tls', '--yes'])
    expect(leased.code).toBe(1)
    expect(leased.stderr).toMatch(new RegExp(`^Error: failed to obtain lease: .*lease currently held by someone@example.com`))
    expect(app().machines[0]).toEqual(first)
    const unhealthy = await fly(['machine', 'update', second.id, '-a', APP, '--port', '5432:5432/tcp:pg_tls', '--yes'])
    expect(unhealthy.code).toBe(1)
    expect(unhealthy.stderr).toContain(
      `  Waiting for ${second.id} to become healthy (started, 0/3)\nError: failed to wait for health checks to pass: Waiting for 3 non-passing checks\n`
    )
    expect(app().machines[1].config.services).toHaveLength(1) // the update itself went through
    const missing = await fly(['machine', 'update', 'nope', '-a', APP, '--port', '5432:5432/tcp:pg_tls', '--yes'])
    expect(missing.stderr).toBe(`Error: machine nope was not found in app '${APP}'\n`)
  })

  test('machine update: a machine destroyed between its read and its write fails as the API says, and changes nothing', async () => {
    world({ [APP]: preV2Cluster({ app: APP }) }, {})
    const [machine] = app().machines
    updateState(statePath, (s: Json) => void (s.apiDelayMs = 600))
    const running = fly(['machine', 'update', machine.id, '-a', APP, '--port', '5432:5432/tcp:pg_tls', '--yes'])
    // Its lease is the last write before the update: a concurrent deploy destroys the machine in the update's round trip.
    while (!app().leases?.[machine.id]) await new Promise(resolve => setTimeout(resolve, 20))
    updateState(statePath, (s: Json) => void (s.apps[APP].machines = s.apps[APP].machines.filter((m: Json) => m.id !== machine.id)))
    const res = await running
    expect(res.code).toBe(1)
    expect(res.stderr).toBe(`Error: failed to update VM ${machine.id}: machine not found\n`)
    expect(app().machineUpdates ?? []).toEqual([])
  })
})

describe('faults, delays and the call log', () => {
  test('a fault fails the matching command once without changing the app', async () => {
    updateState(statePath, (s: Json) => {
      s.faults = [{ match: 'ips allocate-v4', times: 1, exitCode: 1, stderr: 'Error: failed to run query(...): 502 Bad Gateway', delayMs: 20 }]
    })
    const failed = await fly(['ips', 'allocate-v4', '-a', APP, '--yes'])
    expect([failed.code, failed.stderr]).toEqual([1, 'Error: failed to run query(...): 502 Bad Gateway\n'])
    expect(app().ips).toHaveLength(1)
    expect(readState(statePath).faults[0].times).toBe(0)
    expect((await fly(['ips', 'allocate-v4', '-a', APP, '--yes'])).code).toBe(0)

    const calls = readCalls(logPath)
    expect(calls).toHaveLength(2)
    expect(calls[0]).toMatchObject({
      argv: ['ips', 'allocate-v4', '-a', APP, '--yes'],
      command: 'ips allocate-v4',
      cwd: work,
      tokenSource: 'FLY_API_TOKEN',
      exitCode: 1,
      write: false
    })
    expect(calls[0].end - calls[0].start).toBeGreaterThanOrEqual(20)
    expect(calls[1]).toMatchObject({ exitCode: 0, write: true })
  })

  test('a stalled call answers nothing until signalled; SIGTERM or SIGINT ends it as flyctl does (exit 127, no output), and `after` keeps what it did', async () => {
    updateState(statePath, (s: Json) => {
      s.faults = [
        { match: 'ips list', times: 1, stall: true },
        { match: 'ips allocate-v6', times: 1, after: true, stall: true }
      ]
    })
    for (const [args, signal] of [
      [['ips', 'list', '-a', APP, '--json'], 'SIGTERM'],
      [['ips', 'allocate-v6', '-a', APP], 'SIGINT']
    ] as const) {
      const child = spawn(process.execPath, [SIMULATOR_PATH, ...args], { cwd: work, env: cleanEnv({ FLY_API_TOKEN: TOKEN }) })
      let output = ''
      child.stdout.on('data', d => (output += d))
      child.stderr.on('data', d => (output += d))
      // Signal once the state shows the call got as far as it will (the fault taken, or the address allocated).
      while (
        readState(statePath).faults.some((f: Json) => f.match === args.slice(0, 2).join(' ') && f.times > 0) ||
        (args[1] === 'allocate-v6' && app().ips.length < 2)
      ) {
        await new Promise(r => setTimeout(r, 20))
      }
      await new Promise(r => setTimeout(r, 100))
      child.kill(signal)
      const code = await new Promise(r => child.on('close', r))
      // No error printed (an `after` call has printed what it did before stalling).
      expect([code, output.includes('Error')]).toEqual([127, false])
      if (args[1] === 'list') expect(output).toBe('')
    }
    const calls = readCalls(logPath)
    expect(calls.map((c: Json) => [c.command, c.exitCode, c.signal, c.write])).toEqual([
      ['ips list', 127, 'SIGTERM', false],
      ['ips allocate-v6', 127, 'SIGINT', true]
    ])
    expect(app().ips.map((i: Json) => i.Type)).toEqual(['private_v6', 'v6'])
    expect(readCalls(`${logPath}.started`).map((s: Json) => s.argv[1])).toEqual(['list', 'allocate-v6'])
  })

  test('apiDelayMs is charged on API calls', async () => {
    updateState(statePath, (s: Json) => {
      s.apiDelayMs = 60
    })
    await fly(['ips', 'list', '-a', APP, '--json'])
    const [call] = readCalls(logPath)
    expect(call.end - call.start).toBeGreaterThanOrEqual(120) // app IPs + egress IPs
  })
})

describe('installing', () => {
  test('installSimulator and writeReleaseTarball give working flyctl wrappers', async () => {
    const bin = installSimulator(join(root, 'bin'), { version: '0.4.81' })
    const out = execFileSync(join(bin, 'fly'), ['version'], { env: cleanEnv({}) }).toString()
    expect(out).toMatch(/^flyctl v0\.4\.81 /)
    const tarball = writeReleaseTarball(join(root, 'flyctl_0.4.81_Linux_x86_64.tar.gz'), { version: '0.4.81' })
    expect(execFileSync('tar', ['-tzf', tarball]).toString()).toBe('flyctl\n')
    const extract = freshDir('extract')
    execFileSync('tar', ['-xzf', tarball, '-C', extract])
    expect(existsSync(join(extract, 'fly'))).toBe(false)
    expect(execFileSync(join(extract, 'flyctl'), ['version'], { env: cleanEnv({}) }).toString()).toMatch(/^flyctl v0\.4\.81 /)
  })
})
