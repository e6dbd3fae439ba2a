import { describe, expect, it } from '@jest/globals'
import { EOL } from 'node:os'
import { describeTeardownInterruption, teardownOutputs, teardownSummary, type TeardownReport } from '../src/effects/teardown.js'
import type { FlyIp } from '../src/pure/fly-types.js'

const release = [
  { Address: '1.2.3.4', Type: 'v4' },
  { Address: '2a09::1', Type: 'v6' }
] as FlyIp[]
const teardown = (extra: Partial<TeardownReport>): TeardownReport => ({ plan: { previewDatabase: 'pr-7', release, reachable: true }, released: [], ...extra })
const dropped = { droppedDatabase: true, droppedRole: false, terminatedSessions: 1, adopted: false }

describe('the outputs of a teardown', () => {
  it('names the preview and the released addresses; changed once anything was dropped or released', () => {
    expect(teardownOutputs(teardown({ dropped, released: ['1.2.3.4', '2a09::1'] }), '0.4.87', false)).toEqual({
      'database-name': 'pr-7',
      username: 'pr-7',
      created: 'false',
      'released-ips': '1.2.3.4 2a09::1',
      changed: 'true',
      deployed: 'false',
      'flyctl-version': '0.4.87'
    })
    expect(teardownOutputs(teardown({ dropped: { ...dropped, droppedDatabase: false } }), '0.4.87', false).changed).toBe('false')
    expect(teardownOutputs(teardown({}), '0.4.87', true)).toMatchObject({ changed: 'false', 'released-ips': '' })
  })
})

describe('the job summary of a teardown', () => {
  it('a failed release: the failure escaped, each row as far as it got', () => {
    expect(teardownSummary('my-db', teardown({ dropped, released: ['1.2.3.4'] }), false, 'release <2a09::1> failed')).toBe(
      [
        '<h2>fly-pg-expose: teardown failed for my-db</h2>',
        '<p>❌ release &lt;2a09::1&gt; failed</p>',
        '<table><tr><th>What</th><th>Result</th></tr><tr><td>Database pr-7</td><td>dropped</td></tr><tr><td>Role pr-7</td><td>already gone</td></tr>' +
          '<tr><td>IP 1.2.3.4 (v4)</td><td>released</td></tr><tr><td>IP 2a09::1 (v6)</td><td>kept</td></tr></table>',
        ''
      ].join(EOL)
    )
  })

  it('a dry run: what would be dropped and released', () => {
    const html = teardownSummary('my-db', teardown({}), true)
    expect(html.startsWith(`<h2>fly-pg-expose: teardown dry run for my-db</h2>${EOL}<table>`)).toBe(true)
    expect(html).toContain('<tr><td>Role pr-7</td><td>would be dropped</td></tr><tr><td>IP 1.2.3.4 (v4)</td><td>would be released</td></tr>')
  })

  it('stopped before the drop: not dropped', () => {
    expect(teardownSummary('my-db', teardown({ plan: { previewDatabase: 'pr-7', release: [], reachable: false } }), false, 'no public IP')).toContain(
      '<tr><td>Database pr-7</td><td>not dropped</td></tr><tr><td>Role pr-7</td><td>not dropped</td></tr></table>'
    )
  })
})

describe('what a cancelled teardown says', () => {
  const head = 'flyctl was stopped and no flyctl is left running.'

  it('while reading: nothing changed', () => {
    expect(describeTeardownInterruption('SIGINT', 'Read my-db', 'my-db', teardown({}))).toBe(
      `Stopped by SIGINT during "Read my-db" of a teardown: ${head} Nothing had been changed.`
    )
  })

  it('during the drop: the database and role may be dropped in part, and the addresses not yet released', () => {
    expect(describeTeardownInterruption('SIGTERM', 'Tear down', 'my-db', teardown({}))).toBe(
      `Stopped by SIGTERM during "Tear down" of a teardown: ${head} Database and role "pr-7" may be dropped in part: rerun the teardown (a missing one is fine). ` +
        'Other public IPs may still be allocated: see `fly ips list -a my-db` and rerun the teardown.'
    )
  })
})
