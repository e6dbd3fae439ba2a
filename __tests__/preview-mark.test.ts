import { describe, expect, it } from '@jest/globals'
import { judgePreview, judgeTemplate, previewMark, readPreviewMark, type ExistingDatabase, type ExistingRole } from '../src/pure/preview-mark.js'

const mark = previewMark(new Date('2025-06-01T12:00:00.000Z'))
const role = (extra: Partial<ExistingRole> = {}): ExistingRole => ({
  superuser: false,
  createRole: false,
  createDb: false,
  replication: false,
  bypassRls: false,
  canLogin: true,
  memberOf: [],
  members: [],
  comment: mark,
  ...extra
})
const database = (extra: Partial<ExistingDatabase> = {}): ExistingDatabase => ({ owner: 'pr-7', comment: mark, publicConnect: false, ...extra })

describe('the mark on a preview', () => {
  it('is a fixed prefix and JSON with a version and the last use, and reads back', () => {
    expect(mark).toBe('fly-pg-expose preview {"v":1,"lastUsed":"2025-06-01T12:00:00.000Z"}')
    expect(readPreviewMark(mark)).toEqual({ v: 1, lastUsed: '2025-06-01T12:00:00.000Z' })
    expect(readPreviewMark('fly-pg-expose preview {"v":2}')).toEqual({ v: 2 })
  })

  it('anything else is no mark', () => {
    for (const comment of [null, undefined, '', 'staging database', 'fly-pg-expose preview', 'fly-pg-expose preview {oops', 'fly-pg-expose preview {"v":"1"}'])
      expect(readPreviewMark(comment)).toBeUndefined()
  })
})

describe('which existing role and database a preview run may touch', () => {
  it('nothing there: absent; a marked role (with or without its database): ours', () => {
    expect(judgePreview('pr-7', 'reuse')).toEqual({ kind: 'absent' })
    expect(judgePreview('pr-7', 'reuse', role())).toEqual({ kind: 'ours' })
    expect(judgePreview('pr-7', 'drop', role(), database())).toEqual({ kind: 'ours' })
    // A run that stopped between CREATE DATABASE and its COMMENT: the marked role owns it.
    expect(judgePreview('pr-7', 'reuse', role(), database({ comment: null, publicConnect: true }))).toEqual({ kind: 'ours' })
  })

  it("the previous release's shape is adopted; anything else unmarked is refused, saying why", () => {
    const old = { comment: null }
    expect(judgePreview('pr-7', 'reuse', role(old), database(old))).toEqual({ kind: 'adopt' })
    const refusal = (verb: 'reuse' | 'drop', r: ExistingRole, d?: ExistingDatabase) => {
      const verdict = judgePreview('pr-7', verb, r, d)
      return verdict.kind === 'refuse' ? verdict.message : verdict.kind
    }
    expect(refusal('reuse', role(old))).toContain('(it owns no database of its name)')
    expect(refusal('drop', role(old))).toContain('drop it by hand: `DROP ROLE "pr-7";`.')
    expect(refusal('reuse', role({ comment: null, canLogin: false }), database(old))).toContain('(it cannot log in)')
    expect(refusal('reuse', role(old), database({ comment: 'seeded by hand' }))).toContain('(it or its database has a comment)')
    // A preview role can comment on its own database, not on its role: a forged database mark adopts nothing.
    expect(refusal('reuse', role(old), database())).toContain('(it or its database has a comment)')
  })

  it('an elevated role or one with memberships is refused even when marked', () => {
    const verdict = judgePreview('pr-7', 'reuse', role({ createDb: true, bypassRls: true, members: ['app'] }))
    expect(verdict).toEqual({
      kind: 'refuse',
      message:
        'Role "pr-7" is not a preview role: it has CREATEDB and BYPASSRLS, it has members (app). Refusing to reuse it; nothing was changed. Choose another `preview-database` name.'
    })
  })

  it('a database owned by another role is refused first', () => {
    expect(judgePreview('pr-7', 'drop', undefined, database({ owner: 'postgres' }))).toEqual({
      kind: 'refuse',
      message: 'Database "pr-7" exists and is owned by "postgres", not by the preview role "pr-7": refusing to drop it. Choose another `preview-database` name.'
    })
  })
})

describe('which template may be copied', () => {
  it('one that exists and PUBLIC cannot connect to', () => {
    expect(judgeTemplate('seed', { publicConnect: false })).toBeUndefined()
    expect(judgeTemplate('seed', { publicConnect: true })).toContain('REVOKE CONNECT ON DATABASE "seed" FROM PUBLIC')
    expect(judgeTemplate('seed')).toBe('Template database "seed" does not exist: create and seed it first, or check `preview-template`. Nothing was changed.')
  })
})
