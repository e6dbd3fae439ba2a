import { describe, expect, it } from '@jest/globals'
import { describeInterruption, type RunReport } from '../src/report.js'
import type { ExposurePlan } from '../src/plan.js'

const plan: ExposurePlan = {
  existing: {},
  allocate: { ipv4: 'dedicated', ipv6: true },
  machinesWithoutService: ['m1', 'm2'],
  deploy: { needed: true, reason: 'no pg_tls service' },
  image: { running: 'flyio/postgres-flex:16.11', deployRef: 'flyio/postgres-flex:16', repository: 'flyio/postgres-flex', major: '16' },
  method: 'deploy',
  members: [],
  others: [],
  warnings: []
}
const report = (extra: Partial<RunReport>): RunReport => ({
  app: 'my-db',
  host: 'my-db.fly.dev',
  port: 5432,
  flyctlVersion: '0.4.87',
  plan,
  dryRun: false,
  deployed: false,
  updatedMembers: [],
  configChanges: [],
  ...extra
})
const HEAD = 'flyctl was stopped and no flyctl is left running; temporary files were removed.'

describe('what a cancelled run says', () => {
  it('before the plan: nothing changed', () => {
    expect(describeInterruption('SIGTERM', 'Read my-db', 'my-db', undefined)).toBe(`Stopped by SIGTERM during "Read my-db": ${HEAD} Nothing had been changed on Fly.`)
  })

  it('before any allocation started: nothing changed', () => {
    expect(describeInterruption('SIGINT', 'Prepare fly.toml', 'my-db', report({}))).toBe(`Stopped by SIGINT during "Prepare fly.toml": ${HEAD} Nothing had been changed on Fly.`)
  })

  it('mid-deploy: the IPs allocated before, and the machines the deploy had started on', () => {
    const message = describeInterruption('SIGTERM', 'Deploy flyio/postgres-flex:16', 'my-db', report({ ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, deployStartedOn: ['m1', 'm2'] }))
    expect(message).toBe(
      `Stopped by SIGTERM during "Deploy flyio/postgres-flex:16": ${HEAD} The dedicated IPv4 1.2.3.4 was allocated; it stays, and a rerun keeps it. ` +
        'The IPv6 2a09::1 was allocated; it stays, and a rerun keeps it. ' +
        'The deploy had started on machines m1, m2 and was stopped: some may already run the new config or still be restarting. ' +
        'Check `fly status -a my-db` and `fly machines list -a my-db`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).'
    )
  })

  it('during the TLS check: the finished deploy is named too', () => {
    const message = describeInterruption('SIGTERM', 'Verify TLS to my-db.fly.dev:5432', 'my-db', report({ ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, deployStartedOn: ['m1'], deployed: true }))
    expect(message).toContain('The deploy of flyio/postgres-flex:16 finished: the machines serve the pg_tls service now.')
    expect(message).not.toContain('was stopped:')
  })
})
