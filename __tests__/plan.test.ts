import { describe, expect, it } from '@jest/globals'
import { isNoop, majorOf, planExposure, PlanError, type PlanInputs } from '../src/pure/plan.js'
import type { FlyIp, FlyMachine } from '../src/pure/fly-types.js'

const defaults: PlanInputs = { app: 'my-db', ipv4: 'dedicated', ipv6: true, port: 5432, deploy: 'auto', method: 'deploy', image: 'major' }

function machine(
  id: string,
  options: { repository?: string; tag?: string; label?: string; services?: boolean; role?: string; digest?: string; flexVersion?: string } = {}
): FlyMachine {
  const { repository = 'flyio/postgres-flex', tag = '16.11', label = '16.11', services = true, role, digest = `sha256:${tag}`, flexVersion } = options
  const labels: Record<string, string> = label ? { 'fly.pg-version': label } : {}
  if (flexVersion) labels['fly.version'] = flexVersion
  return {
    id,
    state: 'started',
    checks: role ? [{ name: 'role', status: 'passing', output: role }] : [],
    image_ref: { registry: 'registry-1.docker.io', repository, tag, digest, labels },
    config: {
      services: services
        ? [
            { protocol: 'tcp', internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] },
            { protocol: 'tcp', internal_port: 5433, ports: [{ port: 5433, handlers: ['pg_tls'] }] }
          ]
        : [],
      mounts: [{ path: '/data', name: 'pg_data' }],
      metadata: { fly_platform_version: 'v2' },
      restart: { policy: 'always' }
    }
  }
}

const ip = (Type: string, Address: string): FlyIp => ({ ID: 'ip_1', Address, Type, Region: 'global', CreatedAt: '2026-01-01T00:00:00Z' })
const flycast = ip('private_v6', 'fdaa:0:1::3')

describe('planExposure', () => {
  it('a modern cluster needs only IPs', () => {
    const plan = planExposure(defaults, { ips: [flycast], machines: [machine('a'), machine('b')] })
    expect(plan.allocate).toEqual({ ipv4: 'dedicated', ipv6: true })
    expect(plan.deploy.needed).toBe(false)
    expect(plan.machinesWithoutService).toEqual([])
    expect(plan.image.running).toBe('flyio/postgres-flex:16.11')
    expect(isNoop(plan)).toBe(false)
  })

  it('an exposed cluster needs nothing', () => {
    const plan = planExposure(defaults, {
      ips: [flycast, ip('v4', '149.248.1.2'), ip('v6', '2a09:8280:1::1')],
      machines: [machine('a')]
    })
    expect(isNoop(plan)).toBe(true)
    expect(plan.existing).toEqual({ ipv4: '149.248.1.2', ipv4Type: 'v4', ipv6: '2a09:8280:1::1' })
  })

  it('a cluster without the service is deployed with its own repository and major', () => {
    const plan = planExposure(defaults, { ips: [], machines: [machine('a', { services: false }), machine('b', { services: false })] })
    expect(plan.deploy.needed).toBe(true)
    expect(plan.machinesWithoutService).toEqual(['a', 'b'])
    expect(plan.image.deployRef).toBe('flyio/postgres-flex:16')
  })

  it('keeps timescaledb clusters on timescaledb', () => {
    const plan = planExposure(defaults, {
      ips: [],
      machines: [machine('a', { repository: 'flyio/postgres-flex-timescaledb', tag: '15', services: false })]
    })
    expect(plan.image.deployRef).toBe('flyio/postgres-flex-timescaledb:15')
  })

  it('reads the major from the fly.pg-version label when the tag has none', () => {
    expect(majorOf(machine('a', { tag: 'latest', label: '17.2' }))).toBe('17')
    expect(majorOf(machine('a', { tag: 'latest', label: '' }))).toBeUndefined()
  })

  it('wants a dedicated IPv4 even beside a shared one, but never a shared one beside a dedicated', () => {
    const shared = planExposure(defaults, { ips: [ip('shared_v4', '66.241.125.1')], machines: [machine('a')] })
    expect(shared.allocate.ipv4).toBe('dedicated')
    const keep = planExposure({ ...defaults, ipv4: 'shared' }, { ips: [ip('v4', '149.248.1.2')], machines: [machine('a')] })
    expect(keep.allocate.ipv4).toBeNull()
    const fresh = planExposure({ ...defaults, ipv4: 'shared' }, { ips: [], machines: [machine('a')] })
    expect(fresh.allocate.ipv4).toBe('shared')
    expect(fresh.warnings.join()).toMatch(/shared IPv4/)
  })

  it('ignores egress and flycast addresses', () => {
    const plan = planExposure(defaults, { ips: [flycast, ip('egress_v4', '1.2.3.4'), ip('egress_v6', '2a09::9')], machines: [machine('a')] })
    expect(plan.allocate).toEqual({ ipv4: 'dedicated', ipv6: true })
  })

  it('a port the machines do not serve needs a deploy', () => {
    const plan = planExposure({ ...defaults, port: 15432 }, { ips: [], machines: [machine('a')] })
    expect(plan.deploy.needed).toBe(true)
    expect(plan.deploy.reason).toMatch(/port 15432/)
  })

  it("never rewires a port the members serve otherwise (5433: each member's own Postgres), whatever the method", () => {
    for (const method of ['deploy', 'machines'] as const) {
      for (const deploy of ['auto', 'always'] as const) {
        expect(() => planExposure({ ...defaults, port: 5433, method, deploy }, { ips: [flycast], machines: [machine('a'), machine('b')] })).toThrow(
          new PlanError(
            'Port 5433 is already served by machines a, b of "my-db": TCP to internal port 5433 [pg_tls] (each member\'s own Postgres, replicas included, not the primary through HAProxy). Adding the pg_tls service there would repoint it to HAProxy and restart the cluster, so nothing was changed. Choose a port the machines do not serve (5432, the documented one, unless it is taken too), or use the existing service as it is: `fly machines list -a my-db` shows each machine\'s services.'
          )
        )
      }
    }
  })

  it('deploy: always deploys a cluster that has the service', () => {
    const plan = planExposure({ ...defaults, deploy: 'always' }, { ips: [], machines: [machine('a')] })
    expect(plan.deploy).toEqual({ needed: true, reason: '`deploy: always` was requested' })
  })

  it.each([
    ['zero machines', defaults, [], /has no machines/],
    ['stolon', defaults, [machine('a', { repository: 'flyio/postgres', tag: '14.6', label: '', services: false })], /legacy stolon image/],
    [
      'two majors',
      defaults,
      [machine('a', { services: false }), machine('b', { tag: '17.2', label: '17.2', services: false })],
      /different Postgres majors \(16, 17\)/
    ],
    ['custom image', defaults, [machine('a', { repository: 'acme/pg', services: false })], /refusing to replace a custom image/],
    ['no usable tag', defaults, [machine('a', { tag: 'latest', label: '', services: false })], /Cannot tell which Postgres major/],
    ['deploy never', { ...defaults, deploy: 'never' as const }, [machine('a', { services: false })], /`deploy: never` forbids/],
    ['no address at all', { ...defaults, ipv4: 'none' as const, ipv6: false }, [machine('a')], /no public address/]
  ])('refuses %s', (_name, inputs, machines, message) => {
    expect(() => planExposure(inputs, { ips: [], machines })).toThrow(PlanError)
    expect(() => planExposure(inputs, { ips: [], machines })).toThrow(message)
  })

  it('a stolon cluster that already serves pg_tls only needs IPs', () => {
    const plan = planExposure(defaults, { ips: [], machines: [machine('a', { repository: 'flyio/postgres', tag: '14.6' })] })
    expect(plan.deploy.needed).toBe(false)
  })
})

describe('members and other machines', () => {
  const bare = (m: FlyMachine): FlyMachine => ({ ...m, config: { ...m.config, services: [] } })
  const notV2 = (m: FlyMachine): FlyMachine => ({ ...m, config: { ...m.config, metadata: { 'fly-managed-postgres': 'true' } } })
  const consoleM: FlyMachine = { id: 'con', state: 'started', config: { metadata: { fly_platform_version: 'v2', fly_process_group: 'fly_app_console' } } }
  const barman: FlyMachine = {
    ...machine('bar', { tag: '17.7', label: '17.7', services: false }),
    config: { env: { IS_BARMAN: 'true' }, mounts: [{ path: '/data', name: 'barman_data' }], metadata: { fly_platform_version: 'v2' } }
  }

  it('console and barman machines neither decide the plan nor get restarted; they are named', () => {
    const plan = planExposure(defaults, { ips: [], machines: [machine('a'), machine('b'), consoleM, barman] })
    expect(plan.deploy.needed).toBe(false) // the barman machine has no service, and does not count
    expect(plan.members.map(m => m.id)).toEqual(['a', 'b'])
    expect(plan.others).toEqual([
      { id: 'con', kind: 'console' },
      { id: 'bar', kind: 'barman' }
    ])
    const deploy = planExposure(defaults, { ips: [], machines: [bare(machine('a')), barman] })
    expect(deploy.image.deployRef).toBe('flyio/postgres-flex:16') // not refused for the barman machine's major 17
  })

  it('refuses `method: deploy` when a member lacks the v2 metadata, and points to `method: machines`', () => {
    const machines = [notV2(bare(machine('a'))), bare(machine('b'))]
    expect(() => planExposure(defaults, { ips: [], machines })).toThrow(
      'Machines a of "my-db" lack the metadata `fly deploy` needs (fly_platform_version = "v2"; clusters made before March 2023 have none), so a deploy would not update them but create a new member with a new, empty volume. Nothing was changed. Use `method: machines`'
    )
    const plan = planExposure({ ...defaults, method: 'machines' }, { ips: [], machines })
    expect(plan.deploy.needed).toBe(true)
    // No deploy needed: no refusal either.
    expect(planExposure(defaults, { ips: [], machines: [notV2(machine('a'))] }).deploy.needed).toBe(false)
  })

  it('`method: machines` updates replicas first and the primary last, keeping every image', () => {
    const machines = [bare(machine('p', { role: 'primary' })), bare(machine('r1', { role: 'replica' })), machine('r2', { role: 'replica' })]
    const plan = planExposure({ ...defaults, method: 'machines' }, { ips: [], machines })
    expect(plan.members.map(m => [m.id, m.role, m.restarted])).toEqual([
      ['r1', 'replica', true],
      ['r2', 'replica', false],
      ['p', 'primary', true]
    ])
    for (const member of plan.members) expect(member.after).toBe(member.before)
    expect(plan.image.deployRef).toBeUndefined()
    expect(plan.warnings).toEqual([])
    const unknown = planExposure({ ...defaults, method: 'machines' }, { ips: [], machines: [bare(machine('x'))] })
    expect(unknown.warnings.join()).toMatch(/No member reports the primary role/)
  })

  it('`image: major` moves every member to the newest build; `image: running` keeps the exact build', () => {
    const machines = [
      bare(machine('a', { tag: '16.8', label: '16.8', flexVersion: 'v0.0.50' })),
      bare(machine('b', { tag: '16.8', label: '16.8', flexVersion: 'v0.0.50' }))
    ]
    const major = planExposure(defaults, { ips: [], machines })
    expect(major.members[0]).toMatchObject({
      before: 'flyio/postgres-flex:16.8 (v0.0.50)',
      after: 'flyio/postgres-flex:16 (the newest 16.x build: minor and flex manager may change)',
      restarted: true
    })
    const running = planExposure({ ...defaults, image: 'running' }, { ips: [], machines })
    expect(running.image.deployRef).toBe('flyio/postgres-flex:16.8@sha256:16.8')
    expect(running.members[0].after).toBe(running.members[0].before)
    const mixed = [machines[0], bare(machine('c', { tag: '16.11' }))]
    expect(() => planExposure({ ...defaults, image: 'running' }, { ips: [], machines: mixed })).toThrow(
      'The members of "my-db" run different builds (flyio/postgres-flex:16.8@sha256:16.8, flyio/postgres-flex:16.11@sha256:16.11), and `image: running` with `method: deploy` deploys one image to all of them. Use `method: machines` (each member keeps its own image) or `image: major`.'
    )
  })

  it('an app with only non-members has nothing to expose', () => {
    expect(() => planExposure(defaults, { ips: [], machines: [consoleM] })).toThrow(
      'App "my-db" has no Postgres members, only console machine con: nothing to expose. Check the app name.'
    )
  })
})
