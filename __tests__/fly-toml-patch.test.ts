import { describe, expect, it } from '@jest/globals'
import { parse } from 'smol-toml'
import { ConfigError, flyTomlRestart, patchFlyToml, type PatchRequest } from '../src/pure/fly-toml-patch.js'

// What `fly config save` writes for a `fly pg create` cluster whose pg_tls services were removed.
const saved = `app = "my-db"
primary_region = "ord"

[env]
  PRIMARY_REGION = "ord"

[[mounts]]
  source = "pg_data"
  destination = "/data"

[metrics]
  port = 9187
  path = "/metrics"

[checks]
  [checks.pg]
    port = 5500
    type = "http"
    interval = "15s"
    timeout = "10s"
    path = "/flycheck/pg"
`

const request: PatchRequest = {
  app: 'my-db',
  port: 5432,
  machineMounts: [{ source: 'pg_data', destination: '/data' }],
  restart: { policy: 'always' },
  source: 'The saved config'
}

describe('patchFlyToml', () => {
  it('appends the pg_tls service and the restart policy, keeping every original line', () => {
    const { text, changes } = patchFlyToml(saved, request)
    expect(text.startsWith(saved)).toBe(true)
    const patched = parse(text) as Record<string, unknown>
    expect(patched.services).toEqual([
      {
        protocol: 'tcp',
        internal_port: 5432,
        ports: [{ port: 5432, handlers: ['pg_tls'] }],
        concurrency: { type: 'connections', hard_limit: 1000, soft_limit: 1000 }
      }
    ])
    expect(patched.restart).toEqual([{ policy: 'always' }])
    const { services: _s, restart: _r, ...rest } = patched
    expect(rest).toEqual(parse(saved))
    expect(changes).toEqual([
      'added [[services]] 5432 -> 5432 with handlers ["pg_tls"]',
      'added [[restart]] policy = "always" (a deploy would otherwise reset it)'
    ])
  })

  it('leaves a config that already serves the port and has a restart policy untouched', () => {
    const complete = patchFlyToml(saved, request).text
    expect(patchFlyToml(complete, request)).toEqual({ text: complete, changes: [] })
  })

  it('keeps other services and adds its own beside them', () => {
    const withReplica = `${saved}\n[[services]]\n  protocol = "tcp"\n  internal_port = 5433\n  [[services.ports]]\n    port = 5433\n    handlers = ["pg_tls"]\n`
    const { text } = patchFlyToml(withReplica, request)
    expect(text.startsWith(withReplica)).toBe(true)
    const services = (parse(text) as { services: Array<{ internal_port: number }> }).services
    expect(services.map(s => s.internal_port)).toEqual([5433, 5432])
  })

  it('moves the port off a service that used it another way', () => {
    const clash = `${saved}\n[[services]]\n  protocol = "tcp"\n  internal_port = 5433\n  [[services.ports]]\n    port = 5432\n    handlers = ["tls"]\n  [[services.ports]]\n    port = 5433\n    handlers = ["pg_tls"]\n`
    const { text, changes } = patchFlyToml(clash, request)
    const services = (parse(text) as { services: Array<{ internal_port: number; ports: Array<{ port: number; handlers: string[] }> }> }).services
    expect(services).toHaveLength(2)
    expect(services[0]).toMatchObject({ internal_port: 5433, ports: [{ port: 5433, handlers: ['pg_tls'] }] })
    expect(services[1]).toMatchObject({ internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] })
    expect(changes[0]).toBe('moved port 5432 off the service on internal port 5433')
  })

  it('re-renders when the original layout cannot be appended to', () => {
    const inline = `${saved}services = []\n`
      .replace('services = []\n', '')
      .replace('app = "my-db"', 'app = "my-db"\nservices = [ { protocol = "tcp", internal_port = 8080 } ]')
    const { text } = patchFlyToml(inline, request)
    const parsed = parse(text) as { services: unknown[]; env: unknown }
    expect(parsed.services).toHaveLength(2)
    expect(parsed.env).toEqual({ PRIMARY_REGION: 'ord' })
  })

  it("uses the machines' restart policy", () => {
    const { text } = patchFlyToml(saved, { ...request, restart: { policy: 'on-failure' } })
    expect((parse(text) as { restart: unknown }).restart).toEqual([{ policy: 'on-failure' }])
  })

  it("writes restart policies in fly.toml's words: no -> never, max_retries -> retries", () => {
    expect(flyTomlRestart({ policy: 'no' })).toEqual({ policy: 'never' })
    expect(flyTomlRestart({ policy: 'on-failure', max_retries: 50 })).toEqual({ policy: 'on-failure', retries: 50 })
    expect(flyTomlRestart({ policy: 'always' })).toEqual({ policy: 'always' })
    expect(flyTomlRestart(null)).toEqual({ policy: 'always' })
    const { text, changes } = patchFlyToml(saved, { ...request, restart: { policy: 'on-failure', retries: 50 } })
    expect((parse(text) as { restart: unknown }).restart).toEqual([{ policy: 'on-failure', retries: 50 }])
    expect(changes).toContain('added [[restart]] policy = "on-failure", retries = 50 (a deploy would otherwise reset it)')
  })

  it('accepts `processes = []`, which flyctl reads as no process groups', () => {
    const { text } = patchFlyToml(`processes = []\n${saved}`, request)
    expect((parse(text) as { processes: unknown }).processes).toEqual([])
  })

  it.each([
    ['malformed TOML', 'app = "my-db"\n[[services]\n', request, 'The saved config is not valid TOML: '],
    [
      'no mounts',
      saved.replace(/\[\[mounts\]\][^[]*/, ''),
      request,
      'The saved config has no [[mounts]] for /data: deploying it would detach the database volume.'
    ],
    [
      'another mount path',
      saved,
      { ...request, machineMounts: [{ source: 'pg_data', destination: '/pgdata' }] },
      'The saved config has no [[mounts]] for /pgdata'
    ],
    ['[processes]', `${saved}\n[processes]\n  app = "start"\n`, request, 'The saved config has a [processes] section'],
    [
      'another volume at /data',
      saved.replace('source = "pg_data"', 'source = "pg_data_new"'),
      request,
      'The saved config mounts source = "pg_data_new", destination = "/data", but the members mount source = "pg_data", destination = "/data": a deploy would move or replace the database volume. Make [[mounts]] match the members and rerun.'
    ],
    [
      'no primary region',
      saved.replace('primary_region = "ord"\n', '').replace('  PRIMARY_REGION = "ord"\n', '  TZ = "UTC"\n'),
      request,
      'The saved config sets neither primary_region nor [env] PRIMARY_REGION: a deploy would start every member without PRIMARY_REGION, and postgres-flex does not start without it. Add primary_region = "<the cluster\'s region>" and rerun.'
    ],
    ['another app', saved.replace('"my-db"', '"other-db"'), request, 'The saved config is for app "other-db", not "my-db"']
  ])('refuses %s', (_name, text, req, message) => {
    expect(() => patchFlyToml(text, req)).toThrow(ConfigError)
    expect(() => patchFlyToml(text, req)).toThrow(message)
  })
})
