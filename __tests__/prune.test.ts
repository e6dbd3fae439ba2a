// `mode: prune`'s decisions (issue 23): the inputs, which marked previews go and why, and what the run reports.
import { describe, expect, it } from '@jest/globals'
import { InputError, parseInputs } from '../src/effects/inputs.js'
import { previewMark } from '../src/pure/preview-mark.js'
import {
  describePruneInterruption,
  formatAge,
  judgePrune,
  keptNames,
  parseKeepList,
  parseMaxAge,
  planPrune,
  pruneOutputs,
  prunePartwayMessage,
  pruneSummary,
  prunedNames,
  remainingNames,
  type FoundPreview,
  type PruneReport,
  type PruneRules
} from '../src/pure/prune.js'

const DAY = 86_400_000
const now = new Date('2025-06-30T12:00:00.000Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY)
const rules = (over: Partial<PruneRules> = {}): PruneRules => ({
  maxAgeMs: 14 * DAY,
  maxAge: '14d',
  keep: [],
  adminDatabase: 'postgres',
  adminUser: 'postgres',
  ...over
})
/** A preview as the action leaves it: role marked at creation, database marked at its last use. */
const preview = (name: string, lastUsedDaysAgo: number, createdDaysAgo = lastUsedDaysAgo): FoundPreview => ({
  name,
  roleComment: previewMark(daysAgo(createdDaysAgo)),
  databaseComment: previewMark(daysAgo(lastUsedDaysAgo))
})

describe('preview-max-age and preview-keep', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['12h', 12 * 3_600_000],
    ['14d', 14 * DAY],
    ['0d', 0],
    ['0m', 0]
  ])('%s is %d ms', (raw, ms) => expect(parseMaxAge(raw)).toBe(ms))

  it.each(['', '14', 'd', '14w', '1.5d', '-1d', '14 d', '14D', '123456d'])('"%s" is refused with the forms it takes', raw => {
    expect(parseMaxAge(raw)).toEqual({
      problem: `Input \`preview-max-age\` must be a whole number of minutes, hours or days, like 90m, 12h or 14d (\`0d\`: every marked preview), not "${raw}".`
    })
  })

  it('keep names are separated by commas or new lines; blanks and repeats go', () => {
    expect(parseKeepList('pr-1,pr-2\npr-3\r\n\n , pr-1,')).toEqual(['pr-1', 'pr-2', 'pr-3'])
    expect(parseKeepList('')).toEqual([])
  })
})

describe('which marked previews a prune drops', () => {
  it('drops one last used longer ago than the age, keeps a fresh one, says why with the last use', () => {
    expect(judgePrune(preview('pr-old', 20), rules(), now)).toEqual({
      name: 'pr-old',
      lastUsed: daysAgo(20).toISOString(),
      drop: true,
      reason: 'last used 20 d ago, over `preview-max-age` (14d)'
    })
    expect(judgePrune(preview('pr-new', 0.25, 30), rules(), now)).toEqual({
      name: 'pr-new',
      lastUsed: daysAgo(0.25).toISOString(),
      drop: false,
      reason: 'last used 6 h ago, within `preview-max-age` (14d)'
    })
  })

  it('keeps one named in preview-keep, however old', () => {
    expect(judgePrune(preview('pr-7', 300), rules({ keep: ['pr-7'] }), now)).toMatchObject({ drop: false, reason: 'named in `preview-keep`' })
  })

  it('0d drops every marked preview not kept, even one used a minute ago', () => {
    const zero = rules({ maxAgeMs: 0, maxAge: '0d', keep: ['pr-2'] })
    const verdicts = planPrune([preview('pr-3', 0), preview('pr-1', 0.0007), preview('pr-2', 0)], zero, now)
    expect(verdicts.map(v => [v.name, v.drop])).toEqual([
      ['pr-1', true],
      ['pr-2', false],
      ['pr-3', true]
    ])
    expect(verdicts[0].reason).toBe('`preview-max-age: 0d` prunes every marked preview')
  })

  it('never lists a database without the mark, nor one whose role lacks it (a database owner can write its own comment)', () => {
    const found: FoundPreview[] = [
      { name: 'pr-unmarked', roleComment: 'an app role', databaseComment: null },
      // The role's mark only a superuser can write: a database comment alone proves nothing.
      { name: 'staging', roleComment: 'staging app', databaseComment: previewMark(daysAgo(90)) },
      { name: 'pr-9', roleComment: previewMark(daysAgo(90)), databaseComment: 'renamed by hand' },
      { name: 'ci_reader', roleComment: 'fly-pg-expose role {"v":1,"database":"postgres"}' }
    ]
    expect(planPrune(found, rules({ maxAgeMs: 0, maxAge: '0d' }), now)).toEqual([])
  })

  it("never drops the admin URL's database or user, even marked", () => {
    const verdicts = planPrune([preview('postgres', 90), preview('admin', 90)], rules({ maxAgeMs: 0, maxAge: '0d', adminUser: 'admin' }), now)
    expect(verdicts.map(v => [v.name, v.drop, v.reason])).toEqual([
      ['admin', false, "the admin URL's user: never pruned"],
      ['postgres', false, "the admin URL's database: never pruned"]
    ])
  })

  it("a marked role whose database is gone (a drop that stopped halfway) goes by the role's mark", () => {
    expect(judgePrune({ name: 'pr-half', roleComment: previewMark(daysAgo(30)) }, rules(), now)).toMatchObject({
      drop: true,
      reason: 'last used 30 d ago, over `preview-max-age` (14d) (only its role is left: its database is gone)'
    })
  })

  it('a mark without a readable last use is kept unless the age is 0d', () => {
    const odd: FoundPreview = { name: 'pr-odd', roleComment: previewMark(daysAgo(1)), databaseComment: 'fly-pg-expose preview {"v":1}' }
    expect(judgePrune(odd, rules(), now)).toMatchObject({ drop: false, reason: expect.stringContaining('no readable last use') })
    expect(judgePrune(odd, rules({ maxAgeMs: 0, maxAge: '0d' }), now)?.drop).toBe(true)
  })

  it('ages read in the unit a reader wants', () => {
    expect([formatAge(59_000), formatAge(90 * 60_000), formatAge(3 * 3_600_000), formatAge(3 * DAY)]).toEqual(['0 min', '90 min', '3 h', '3 d'])
  })
})

describe('what a prune reports', () => {
  const report = (): PruneReport => ({
    maxAge: '14d',
    verdicts: planPrune([preview('pr-a', 20), preview('pr-b', 20), preview('pr-c', 20), preview('pr-d', 20), preview('pr-e', 1)], rules(), now),
    outcomes: {
      'pr-a': { kind: 'dropped', terminatedSessions: 2 },
      'pr-b': { kind: 'skipped', reason: 'another run holds its lock' },
      'pr-c': { kind: 'failed', message: 'Failed dropping role "pr-c": no.' }
    }
  })

  it('pruned, kept and remaining', () => {
    expect([prunedNames(report()), keptNames(report()), remainingNames(report())]).toEqual([['pr-a'], ['pr-b', 'pr-e'], ['pr-c', 'pr-d']])
    expect(pruneOutputs(report(), '0.4.87')).toEqual({
      pruned: 'pr-a',
      kept: 'pr-b,pr-e',
      changed: 'true',
      deployed: 'false',
      created: 'false',
      'flyctl-version': '0.4.87'
    })
  })

  it('a failure partway says what was dropped, what remains and why, and that a rerun finishes', () => {
    expect(prunePartwayMessage(report(), 'The prune could not drop every preview due')).toBe(
      'The prune could not drop every preview due. Dropped: pr-a. Still there: pr-c, pr-d. "pr-c": Failed dropping role "pr-c": no. Rerun the prune to finish (what was dropped is not looked for again; a half-dropped preview, its role left, is found by its mark).'
    )
  })

  it('a cancelled prune says what it had dropped and what remains', () => {
    expect(describePruneInterruption('SIGTERM', 'Prune', report())).toBe(
      'Stopped by SIGTERM during "Prune" of a prune: flyctl was stopped and no flyctl is left running. Dropped: pr-a. Still there: pr-c, pr-d (one may be dropped in part): rerun the prune to finish.'
    )
  })

  it('the summary table: name, last use, result, why', () => {
    const html = pruneSummary('my-db', report(), false)
    expect(html).toContain('<tr><th>Preview</th><th>Last use</th><th>Result</th><th>Why</th></tr>')
    expect(html).toContain(
      `<tr><td>pr-a</td><td>${daysAgo(20).toISOString()}</td><td>dropped</td><td>last used 20 d ago, over <code>preview-max-age</code> (14d); 2 session(s) ended</td></tr>`
    )
    expect(html).toContain('<td>pr-b</td>')
    expect(html).toContain('<td>kept</td><td>another run holds its lock</td>')
    expect(html).toContain('<td>not dropped</td>')
    expect(pruneSummary('my-db', report(), true)).toContain('<td>would be dropped</td>')
  })
})

describe('prune inputs', () => {
  const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  const base = { app: 'my-db', 'fly-api-token': 'fo1_token', 'database-url': 'postgres://postgres:pw@my-db.flycast:5432/postgres' }
  const refusal = (values: Record<string, string>) => {
    try {
      parseInputs(reader({ ...base, ...values }), {})
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      return (error as Error).message
    }
    throw new Error('not refused')
  }

  it('reads the age and the names to keep', () => {
    expect(parseInputs(reader({ ...base, mode: 'prune', 'preview-max-age': '14d', 'preview-keep': 'pr-1\npr-2' }), {})).toMatchObject({
      mode: 'prune',
      prune: { maxAgeMs: 14 * DAY, maxAge: '14d', keep: ['pr-1', 'pr-2'] }
    })
    expect(parseInputs(reader(base), {}).prune).toBeUndefined()
  })

  it('refuses a prune without an age, a bad age, a keep name no preview can have, and the inputs it does not use', () => {
    expect(refusal({ mode: 'prune' })).toBe(
      '`mode: prune` needs `preview-max-age`: how long since a preview was last used before it is dropped, like 14d (`0d`: every marked preview not in `preview-keep`).'
    )
    expect(refusal({ mode: 'prune', 'preview-max-age': '2w' })).toContain('Input `preview-max-age` must be a whole number')
    expect(refusal({ mode: 'prune', 'preview-max-age': '1d', 'preview-keep': 'pr-1 pr-2, PR-3' })).toBe(
      'Input `preview-keep` has "pr-1 pr-2", "PR-3", not preview names (lowercase letters, digits, `_` and `-`, starting with a letter): separate names with commas or new lines. Nothing was changed.'
    )
    expect(refusal({ mode: 'prune', 'preview-max-age': '1d', 'preview-database': 'pr-1' })).toContain('Input `preview-database` is not for `mode: prune`')
    expect(refusal({ mode: 'prune', 'preview-max-age': '1d', 'release-ips': 'true' })).toContain('Input `release-ips` is not for `mode: prune`')
    expect(parseInputs(reader({ ...base, mode: 'prune', 'preview-max-age': '1d', 'release-ips': 'false' }), {}).mode).toBe('prune')
  })

  it('refuses the prune inputs with another mode', () => {
    expect(refusal({ 'preview-max-age': '14d' })).toBe(
      'Input `preview-max-age` is for `mode: prune` only: set `mode: prune` to remove old previews, or remove it.'
    )
    expect(refusal({ mode: 'teardown', 'preview-database': 'pr-1', 'preview-max-age': '1d', 'preview-keep': 'pr-2' })).toBe(
      'Input `preview-max-age` and `preview-keep` are for `mode: prune` only: set `mode: prune` to remove old previews, or remove them.'
    )
  })
})
