import { describe, expect, it } from '@jest/globals'
import { EOL } from 'node:os'
import { describeInterruption, runOutputs, runSummary, stoppedSummary, undoNotes, type RunReport } from '../src/pure/report.js'
import type { ExposurePlan, MemberPlan } from '../src/pure/plan.js'
import type { VerifiedConnection } from '../src/effects/verify.js'

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
    expect(describeInterruption('SIGTERM', 'Read my-db', 'my-db', undefined)).toBe(
      `Stopped by SIGTERM during "Read my-db": ${HEAD} Nothing had been changed on Fly.`
    )
  })

  it('before any allocation started: nothing changed', () => {
    expect(describeInterruption('SIGINT', 'Prepare fly.toml', 'my-db', report({}))).toBe(
      `Stopped by SIGINT during "Prepare fly.toml": ${HEAD} Nothing had been changed on Fly.`
    )
  })

  it('mid-deploy: the IPs allocated before, and the machines the deploy had started on', () => {
    const message = describeInterruption(
      'SIGTERM',
      'Deploy flyio/postgres-flex:16',
      'my-db',
      report({ ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, deployStartedOn: ['m1', 'm2'] })
    )
    expect(message).toBe(
      `Stopped by SIGTERM during "Deploy flyio/postgres-flex:16": ${HEAD} The dedicated IPv4 1.2.3.4 was allocated; it stays, and a rerun keeps it. ` +
        'The IPv6 2a09::1 was allocated; it stays, and a rerun keeps it. ' +
        'The deploy had started on machines m1, m2 and was stopped: some may already run the new config or still be restarting. ' +
        'Check `fly status -a my-db` and `fly machines list -a my-db`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).'
    )
  })

  it("ephemeral: the addresses it allocated are the post step's to release, not left behind", () => {
    const ips = { ipv4: '1.2.3.4', ipv6: '2a09::1' }
    // Only the IPv4 was recorded yet when the job was cancelled: the IPv6 call was still answering.
    const cancelled = report({ ips, ephemeral: ['1.2.3.4'] })
    expect(describeInterruption('SIGTERM', 'Allocate public IPs', 'my-db', cancelled)).toBe(
      `Stopped by SIGTERM during "Allocate public IPs": ${HEAD} The dedicated IPv4 1.2.3.4 was allocated; the post step releases it when the job ends (\`ephemeral: true\`). ` +
        'The IPv6 2a09::1 was allocated; it stays, and a rerun keeps it.'
    )
    expect(undoNotes(cancelled)).toEqual([
      'This run allocated the dedicated IPv4 1.2.3.4; the post step releases it when the job ends (`ephemeral: true`).',
      'This run allocated the IPv6 2a09::1; to undo: `fly ips release 2a09::1 -a my-db`.'
    ])
  })

  it('during the TLS check: the finished deploy is named too', () => {
    const message = describeInterruption(
      'SIGTERM',
      'Verify TLS to my-db.fly.dev:5432',
      'my-db',
      report({ ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, deployStartedOn: ['m1'], deployed: true })
    )
    expect(message).toContain('The deploy of flyio/postgres-flex:16 finished: the machines serve the pg_tls service now.')
    expect(message).not.toContain('was stopped:')
  })
})

const members: MemberPlan[] = [
  { id: 'm1', role: 'replica', before: 'flyio/postgres-flex:16.11', after: 'flyio/postgres-flex:16.12', restarted: true },
  { id: 'm2', role: 'primary', before: 'flyio/postgres-flex:16.11', after: 'flyio/postgres-flex:16.12', restarted: true }
]
const connection: VerifiedConnection = {
  serverVersion: '16.11',
  serverVersionText: 'PostgreSQL 16.11 on x86_64',
  tlsVersion: 'TLSv1.3',
  attempts: 2,
  facts: { superuser: true, passwordEncryption: 'scram-sha-256', authentication: 'scram' }
}
const databaseUrl = 'postgres://postgres:s3cret@my-db.fly.dev:5432/postgres?sslmode=require'
const previewUrl = 'postgres://pr-7:pw@my-db.fly.dev:5432/pr-7?sslmode=require'
const allThere: Partial<ExposurePlan> = {
  existing: { ipv4: '1.2.3.4', ipv4Type: 'v4', ipv6: '2a09::1' },
  allocate: { ipv4: null, ipv6: false },
  machinesWithoutService: [],
  deploy: { needed: false, reason: 'every member serves pg_tls on 5432' }
}
const runs = {
  noop: report({ plan: { ...plan, ...allThere }, ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, connection, databaseUrl }),
  deployed: report({
    plan: { ...plan, members, others: [{ id: 'b1', kind: 'barman' }], warnings: ['The app has <3> members & one is odd.'] },
    ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' },
    deployed: true,
    serviceOutcome: 'added',
    configChanges: ['added [[services]] 5432 -> 5432 with handlers ["pg_tls"]'],
    connection,
    databaseUrl,
    exposure: {
      addresses: [{ address: '1.2.3.4', kind: 'dedicated IPv4', before: false }],
      ports: [{ port: 5432, internalPort: 5432, handlers: ['pg_tls'], answers: 'HAProxy, which routes to the primary', publicBefore: false }]
    },
    weakPoints: ['The URL logs in as "postgres", a superuser.']
  }),
  failedAfterWrite: report({
    plan: { ...plan, method: 'machines', members },
    ips: { ipv4: '1.2.3.4' },
    updatedMembers: ['m1'],
    failure: 'fly machine update m2 failed: <boom> & more.'
  }),
  dryRun: report({ dryRun: true, plan: { ...plan, members } }),
  preview: report({
    ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' },
    deployed: true,
    connection,
    databaseUrl: previewUrl,
    preview: { name: 'pr-7', password: 'pw', created: true, url: previewUrl }
  }),
  ephemeral: report({ ips: { ipv4: '1.2.3.4', ipv6: '2a09::1' }, deployed: true, connection, databaseUrl, ephemeral: ['1.2.3.4', '2a09::1'] })
}
/** The summary's table rows, `What` -> `Result`, as the HTML holds them. */
const rowsOf = (html: string) => Object.fromEntries([...html.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map(match => [match[1], match[2]]))
const admin = { 'database-name': '', username: '', password: '', created: 'false' }

describe('the outputs of a run', () => {
  it('nothing to change: the addresses there already, the running image, nothing changed', () => {
    expect(runOutputs(runs.noop)).toEqual({
      'database-url': databaseUrl,
      host: 'my-db.fly.dev',
      port: '5432',
      ipv4: '1.2.3.4',
      ipv6: '2a09::1',
      image: 'flyio/postgres-flex:16.11',
      'postgres-version': '16.11',
      'tls-version': 'TLSv1.3',
      deployed: 'false',
      changed: 'false',
      'flyctl-version': '0.4.87',
      ...admin
    })
  })

  it('deployed: the image deployed, and changed', () => {
    expect(runOutputs(runs.deployed)).toMatchObject({ image: 'flyio/postgres-flex:16', deployed: 'true', changed: 'true', ...admin })
  })

  it('failed after a write: no URL output at all, no versions, but changed', () => {
    const outputs = runOutputs(runs.failedAfterWrite)
    expect(outputs).not.toHaveProperty('database-url')
    expect(outputs).toMatchObject({ ipv4: '1.2.3.4', ipv6: '', 'postgres-version': '', 'tls-version': '', deployed: 'false', changed: 'true' })
  })

  it('a dry run changed nothing and has no URL', () => {
    const outputs = runOutputs(runs.dryRun)
    expect(outputs).not.toHaveProperty('database-url')
    expect(outputs).toMatchObject({ ipv4: '', ipv6: '', changed: 'false', deployed: 'false' })
  })

  it("a preview: the URL and credentials are the preview role's, never the admin's", () => {
    expect(runOutputs(runs.preview)).toMatchObject({ 'database-url': previewUrl, 'database-name': 'pr-7', username: 'pr-7', password: 'pw', created: 'true' })
  })
})

describe('the job summary of a run', () => {
  it('nothing to change: every row, and the URL with its password redacted', () => {
    expect(runSummary(runs.noop)).toBe(
      [
        '<h2>fly-pg-expose: my-db is reachable at my-db.fly.dev:5432</h2>',
        '<table><tr><th>What</th><th>Result</th></tr><tr><td>IPv4</td><td>1.2.3.4 (already there)</td></tr><tr><td>IPv6</td><td>2a09::1 (already there)</td></tr>' +
          '<tr><td>pg_tls service</td><td>present: every member serves pg_tls on 5432</td></tr><tr><td>Image</td><td>flyio/postgres-flex:16.11</td></tr>' +
          '<tr><td>Deploy</td><td>no: no restart</td></tr><tr><td>TLS</td><td>TLSv1.3, verified after 2 attempt(s)</td></tr>' +
          '<tr><td>Server</td><td>PostgreSQL 16.11 on x86_64</td></tr><tr><td>flyctl</td><td>0.4.87</td></tr></table>',
        '<p>DATABASE_URL: <code>postgres://postgres:***@my-db.fly.dev:5432/postgres?sslmode=require</code> (output <code>database-url</code>)</p>',
        ''
      ].join(EOL)
    )
  })

  it('deployed: each member restarted, other machines left alone, config changes, warnings and exposure escaped', () => {
    const html = runSummary(runs.deployed)
    expect(rowsOf(html)).toMatchObject({
      IPv4: '1.2.3.4 allocated (dedicated)',
      'pg_tls service': 'added: no pg_tls service',
      Image: 'flyio/postgres-flex:16 (deployed, was flyio/postgres-flex:16.11)',
      Deploy: 'yes: rolling restart (fly deploy)',
      'Member m1 (replica)': 'flyio/postgres-flex:16.11 → flyio/postgres-flex:16.12: restarted',
      'Other machine b1': 'barman machine: left alone'
    })
    expect(html).toContain(`<ul><li>added [[services]] 5432 -&gt; 5432 with handlers ["pg_tls"]</li></ul>${EOL}`)
    expect(html).toContain(`<p>⚠️ The app has &lt;3&gt; members &amp; one is odd.</p>${EOL}<p><strong>What is public</strong></p>${EOL}`)
    expect(html).toContain('<li>public port 5432 -&gt; 5432 [pg_tls]: HAProxy, which routes to the primary (new)</li>')
    expect(html.endsWith(`<p>⚠️ The URL logs in as "postgres", a superuser.</p>${EOL}`)).toBe(true)
    expect(html).not.toContain('s3cret')
  })

  it('failed after a write: the failure first, then how far the members got; no URL', () => {
    const html = runSummary(runs.failedAfterWrite)
    expect(html.startsWith(`<h2>fly-pg-expose: failed for my-db</h2>${EOL}<p>❌ fly machine update m2 failed: &lt;boom&gt; &amp; more.</p>${EOL}<table>`)).toBe(
      true
    )
    expect(rowsOf(html)).toMatchObject({
      IPv4: '1.2.3.4 allocated (dedicated)',
      // Our messages' code spans become <code>: GitHub shows no markdown inside the summary's HTML.
      IPv6: 'unknown: the public allocation did not finish; see <code>fly ips list -a my-db</code>',
      'pg_tls service': 'missing: no pg_tls service',
      Deploy: 'stopped after 1 of 2 members: fly machine update, one member at a time',
      'Member m1 (replica)': 'flyio/postgres-flex:16.11 → flyio/postgres-flex:16.12: restarted',
      'Member m2 (primary)': 'flyio/postgres-flex:16.11 → flyio/postgres-flex:16.12: not restarted, the run stopped before',
      TLS: 'not checked'
    })
    expect(html).not.toContain('DATABASE_URL')
  })

  it('a dry run says what would happen', () => {
    expect(rowsOf(runSummary(runs.dryRun))).toMatchObject({
      IPv4: 'would be allocated (dedicated)',
      'pg_tls service': 'would be added: no pg_tls service',
      Deploy: 'would run: rolling restart (fly deploy)',
      'Member m2 (primary)': 'flyio/postgres-flex:16.11 → flyio/postgres-flex:16.12: would restart'
    })
  })

  it('a preview: its own row, and the preview URL redacted', () => {
    const html = runSummary(runs.preview)
    expect(rowsOf(html)['Preview database']).toBe('pr-7 (created)')
    expect(html).toContain('<code>postgres://pr-7:***@my-db.fly.dev:5432/pr-7?sslmode=require</code>')
    expect(rowsOf(runSummary({ ...runs.preview, preview: { ...runs.preview.preview!, created: false } }))['Preview database']).toBe('pr-7 (reused)')
  })

  it('ephemeral: the last line names the addresses the post step releases', () => {
    expect(
      runSummary(runs.ephemeral).endsWith(
        `<p>⏳ Ephemeral: 1.2.3.4 and 2a09::1 (allocated by this run) will be released when the job ends; addresses that were there before stay. A pg_tls service added to the machines stays too (removing it would restart them again).</p>${EOL}`
      )
    ).toBe(true)
  })

  it('a run stopped before its plan: the heading and the message, escaped', () => {
    expect(stoppedSummary('my-db', 'Stopped by SIGTERM during "Read <my-db>".')).toBe(
      `<h2>fly-pg-expose: stopped for my-db</h2>${EOL}<p>❌ Stopped by SIGTERM during "Read &lt;my-db&gt;".</p>${EOL}`
    )
  })
})
