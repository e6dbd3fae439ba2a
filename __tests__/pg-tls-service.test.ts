import { describe, expect, it } from '@jest/globals'
import { servesPgTlsOn } from '../src/pure/pg-tls-service.js'
import { servesPgTls } from '../src/pure/plan.js'
import { patchFlyToml } from '../src/pure/fly-toml-patch.js'
import type { FlyService } from '../src/pure/fly-types.js'

const pgTls: FlyService = { protocol: 'tcp', internal_port: 5432, ports: [{ port: 5432, handlers: ['pg_tls'] }] }

describe('the pg_tls service check', () => {
  it.each<[string, FlyService, boolean]>([
    ['tcp to 5432 with pg_tls', pgTls, true],
    ['no protocol (tcp is the default)', { ...pgTls, protocol: undefined }, true],
    ['pg_tls among other handlers', { ...pgTls, ports: [{ port: 5432, handlers: ['proxy_proto', 'pg_tls'] }] }, true],
    ['udp', { ...pgTls, protocol: 'udp' }, false],
    ['to 5433 (each member, not HAProxy)', { ...pgTls, internal_port: 5433 }, false],
    ['another external port', { ...pgTls, ports: [{ port: 15432, handlers: ['pg_tls'] }] }, false],
    ['raw TCP (no handler)', { ...pgTls, ports: [{ port: 5432 }] }, false],
    ['no ports', { protocol: 'tcp', internal_port: 5432 }, false]
  ])('%s', (_, service, serves) => {
    expect(servesPgTlsOn(service, 5432)).toBe(serves)
  })

  it('the planner and the fly.toml patcher judge the same service alike', () => {
    const request = {
      app: 'my-db',
      port: 5432,
      machineMounts: [{ source: 'pg_data', destination: '/data' }],
      restart: { policy: 'always' as const },
      source: 'fly.toml'
    }
    const toml = (handlers: string) =>
      `app = "my-db"\nprimary_region = "ord"\n\n[[mounts]]\n  source = "pg_data"\n  destination = "/data"\n\n[[restart]]\n  policy = "always"\n\n` +
      `[[services]]\n  protocol = "tcp"\n  internal_port = 5432\n\n  [[services.ports]]\n    port = 5432\n    handlers = ${handlers}\n`
    for (const [handlers, serves] of [
      ['["pg_tls"]', true],
      ['[]', false]
    ] as const) {
      const machine = { id: 'm1', config: { services: [{ ...pgTls, ports: [{ port: 5432, handlers: JSON.parse(handlers) as string[] }] }] } }
      expect(servesPgTls(machine, 5432)).toBe(serves)
      expect(patchFlyToml(toml(handlers), request).changes).toEqual(
        serves ? [] : expect.arrayContaining(['added [[services]] 5432 -> 5432 with handlers ["pg_tls"]'])
      )
    }
  })
})
