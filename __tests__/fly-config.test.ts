import { describe, expect, it } from '@jest/globals'
import { parse } from 'smol-toml'
import { ConfigError, patchFlyToml, type PatchRequest } from '../src/fly-config.js'

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

const request: PatchRequest = { app: 'my-db', port: 5432, machineMountPaths: ['/data'], restartPolicy: 'always', source: 'The saved config' }

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
    const inline = `${saved}services = []\n`.replace('services = []\n', '').replace('app = "my-db"', 'app = "my-db"\nservices = [ { protocol = "tcp", internal_port = 8080 } ]')
    const { text } = patchFlyToml(inline, request)
    const parsed = parse(text) as { services: unknown[]; env: unknown }
    expect(parsed.services).toHaveLength(2)
    expect(parsed.env).toEqual({ PRIMARY_REGION: 'ord' })
  })

  it('uses the machines\' restart policy', () => {
    const { text } = patchFlyToml(saved, { ...request, restartPolicy: 'on-failure' })
    expect((parse(text) as { restart: unknown }).restart).toEqual([{ policy: 'on-failure' }])
  })

  it.each([
    ['malformed TOML', 'app = "my-db"\n[[services]\n', request, 'The saved config is not valid TOML: '],
    ['no mounts', saved.replace(/\[\[mounts\]\][^[]*/, ''), request, 'The saved config has no [[mounts]] for /data: deploying it would detach the database volume.'],
    ['another mount path', saved, { ...request, machineMountPaths: ['/pgdata'] }, 'The saved config has no [[mounts]] for /pgdata'],
    ['[processes]', `${saved}\n[processes]\n  app = "start"\n`, request, 'The saved config has a [processes] section'],
    ['another app', saved.replace('"my-db"', '"other-db"'), request, 'The saved config is for app "other-db", not "my-db"']
  ])('refuses %s', (_name, text, req, message) => {
    expect(() => patchFlyToml(text, req)).toThrow(ConfigError)
    expect(() => patchFlyToml(text, req)).toThrow(message)
  })
})
