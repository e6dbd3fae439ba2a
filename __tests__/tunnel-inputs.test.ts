// The inputs of `route: tunnel`: route, local-port, cluster (or a database-url on .flympg.net), and what the public
// route's inputs mean there (refused when they ask for something the tunnel would not do, else ignored with a line).
import { describe, expect, it } from '@jest/globals'
import { InputError, parseInputs } from '../src/effects/inputs.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const base = { app: 'my-db', 'fly-api-token': 'fo1_token', 'database-url': 'postgres://postgres:pw@my-db.flycast:5432/postgres' }
const tunnel = { ...base, route: 'tunnel' }
const mpgUrl = (host: string) => `postgres://fly-user:pw@${host}/fly-db?sslmode=require`
const refusal = (values: Record<string, string>): string => {
  try {
    parseInputs(reader(values), {})
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  throw new Error('the inputs were accepted')
}

describe('route', () => {
  it('is public by default; tunnel names the proxy on the runner with sslmode=disable for postgres-flex', () => {
    expect(parseInputs(reader(base), {})).toMatchObject({ route: 'public', localPort: 0, mpgCluster: undefined, host: 'my-db.fly.dev' })
    expect(parseInputs(reader(tunnel), {})).toMatchObject({ route: 'tunnel', localPort: 0, app: 'my-db', host: '127.0.0.1', sslmode: 'disable' })
    expect(parseInputs(reader({ ...tunnel, 'local-port': '15432' }), {}).localPort).toBe(15432)
    expect(refusal({ ...base, route: 'private' })).toBe('Input `route` must be one of public, tunnel, not "private".')
    expect(refusal({ ...tunnel, 'local-port': '70000' })).toBe('Input `local-port` must be a TCP port from 1 to 65535, not "70000".')
    expect(refusal({ ...base, 'local-port': '15432' })).toContain('Input `local-port` is for `route: tunnel`')
  })

  it('Managed Postgres: by `cluster`, or by the cluster ID in a .flympg.net host; `app` is not needed', () => {
    const byId = parseInputs(reader({ route: 'tunnel', cluster: 'x7k2m9q4w1p8', 'fly-api-token': 't', password: 'pw' }), {})
    expect(byId).toMatchObject({ app: '', mpgCluster: 'x7k2m9q4w1p8', sslmode: 'require', host: '127.0.0.1' })
    for (const host of ['direct.x7k2m9q4w1p8.flympg.net', 'pgbouncer.x7k2m9q4w1p8.flympg.net:5432']) {
      const inputs = parseInputs(reader({ ...tunnel, 'database-url': mpgUrl(host) }), {})
      expect(inputs).toMatchObject({ mpgCluster: 'x7k2m9q4w1p8', app: '', credentials: { user: 'fly-user', database: 'fly-db' } })
      expect(inputs.notices.map(notice => notice.message)).toContain(
        'Input `app` is not used with a Managed Postgres cluster: the tunnel goes to cluster x7k2m9q4w1p8.'
      )
    }
    expect(refusal({ ...tunnel, cluster: 'abc', 'database-url': mpgUrl('direct.x7k2m9q4w1p8.flympg.net') })).toContain(
      'Input `cluster` is "abc" but database-url names cluster "x7k2m9q4w1p8"'
    )
    expect(refusal({ ...tunnel, cluster: '--org=evil' })).toContain('Input `cluster` must be a Managed Postgres cluster ID')
  })

  it('route: public with Managed Postgres is refused, pointing at route: tunnel', () => {
    expect(refusal({ ...base, cluster: 'x7k2m9q4w1p8' })).toBe(
      'Fly Managed Postgres (input `cluster`) has no public access: set `route: tunnel` to reach cluster x7k2m9q4w1p8 through `fly mpg proxy` on the runner. Nothing was changed.'
    )
    expect(refusal({ ...base, 'database-url': mpgUrl('direct.x7k2m9q4w1p8.flympg.net') })).toContain(
      'Fly Managed Postgres (database-url on .flympg.net) has no public access: set `route: tunnel`'
    )
  })

  it('a pinned flyctl too old for the tunnel is refused (the public route takes it)', () => {
    expect(parseInputs(reader({ ...base, 'flyctl-version': '0.3.0' }), {}).flyctlVersion).toBe('0.3.0')
    expect(refusal({ ...tunnel, 'flyctl-version': '0.3.0' })).toBe(
      'Input `flyctl-version` is 0.3.0, but `--local-port` on `fly mpg proxy` needs flyctl 0.3.230 or newer. Pin 0.3.230 or later, or use `latest`.'
    )
  })
})

describe('the public route inputs on the tunnel', () => {
  it('refuses those that ask for something the tunnel would not do', () => {
    for (const [name, value] of [
      ['host', 'db.example.com'],
      ['port', '15432'],
      ['sslmode', 'require'],
      ['mode', 'teardown'],
      ['release-ips', 'true'],
      ['preview-database', 'pr-1']
    ]) {
      expect([name, refusal({ ...tunnel, [name]: value })]).toEqual([
        name,
        expect.stringMatching(new RegExp(`^Input \`${name}\` does not apply to \`route: tunnel\`: `))
      ])
    }
    expect(refusal({ ...tunnel, port: '15432' })).toContain('use `local-port`')
  })

  it('ignores the settings of changes the tunnel never makes, with one line; defaults (as the runner passes them) say nothing', () => {
    const defaults = { ipv4: 'dedicated', ipv6: 'true', port: '5432', deploy: 'auto', method: 'deploy', image: 'major', tls: 'verify-full', mode: 'expose' }
    expect(parseInputs(reader({ ...tunnel, ...defaults }), {}).notices).toEqual([])
    const inputs = parseInputs(reader({ ...tunnel, ...defaults, ipv4: 'none', deploy: 'never', ephemeral: 'true' }), {})
    expect(inputs.notices).toEqual([
      {
        level: 'info',
        message:
          'Ignored on `route: tunnel`: `ipv4`, `deploy`, `ephemeral` (nothing public is allocated, deployed or judged; the tunnel always closes when the job ends).'
      }
    ])
  })
})
