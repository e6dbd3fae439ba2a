// The CI role's decisions (pure): name and TTL checks, the verdict on an existing role, and the grant plan, which
// holds only what is missing or beyond the level. End to end on a real Postgres: credentials-e2e.test.ts.
import { describe, expect, it } from '@jest/globals'
import { ciRoleMark, grantPlan, judgeCiRole, parseLoginTtl, roleNameProblem, validUntilChange, type GrantFacts } from '../src/pure/ci-role.js'
import { markNeedsRefresh as markNeedsRefreshFor } from '../src/pure/preview-mark.js'
import { readInputs } from '../src/effects/inputs.js'

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`
const admin = { user: 'postgres', superuser: true, createRole: false }
const database = { name: 'app', owner: 'app_owner', ownerSuperuser: false, ownerAttributes: [] }
const plainRole = { superuser: false, attributes: [], canLogin: true, memberOf: [], members: [], ownsObjects: false, comment: null, validUntil: null }

describe('inputs', () => {
  it("names: 63 bytes at most, lowercase, not the cluster's, not the admin", () => {
    expect(roleNameProblem('ci_reader', 'postgres')).toBeUndefined()
    expect(roleNameProblem('x'.repeat(64), 'postgres')).toContain('64 bytes long')
    expect(roleNameProblem('CI', 'postgres')).toContain('lowercase letters')
    expect(roleNameProblem('pg_ci', 'postgres')).toContain('belongs to Postgres')
    expect(roleNameProblem('admin', 'admin')).toContain('that is the admin')
  })

  it('login-ttl: minutes, hours or days, 5m to 366d', () => {
    expect(parseLoginTtl('90m')).toBe(5400)
    expect(parseLoginTtl('6h')).toBe(21_600)
    expect(parseLoginTtl('30d')).toBe(2_592_000)
    for (const bad of ['4m', '367d', '6', 'h', '1.5h', '-1h', '6 h']) expect(parseLoginTtl(bad)).toHaveProperty('problem')
  })

  it('credentials-key is masked before anything else is read', () => {
    const masked: string[] = []
    const values: Record<string, string> = {
      app: 'my-db',
      'fly-api-token': 't0ken-abcdefghijklmnop',
      password: 'x'.repeat(20),
      'credentials-key': 'k'.repeat(40),
      role: 'ci_reader'
    }
    const inputs = readInputs(
      name => values[name] ?? '',
      secret => masked.push(secret),
      {}
    )
    expect(masked.slice(0, 3)).toEqual([values['fly-api-token'], values.password, values['credentials-key']])
    expect(inputs.credentialsKey).toBe(values['credentials-key'])
    expect(inputs.ciRole).toEqual({ name: 'ci_reader', privileges: 'read' })
  })
})

describe('judgeCiRole', () => {
  it('creates a new role, keeps its own, takes over a plain one', () => {
    expect(judgeCiRole('ci', 'read', admin, database)).toEqual({ kind: 'create' })
    expect(judgeCiRole('ci', 'read', admin, database, { ...plainRole, comment: ciRoleMark('app') })).toEqual({ kind: 'ours' })
    expect(judgeCiRole('ci', 'read', admin, database, plainRole)).toEqual({ kind: 'take over' })
    // Its own membership in the owner (migrate) is no reason to refuse.
    expect(judgeCiRole('ci', 'read', admin, database, { ...plainRole, comment: ciRoleMark('app'), memberOf: ['app_owner'] })).toEqual({ kind: 'ours' })
  })

  it('refuses what it must not touch', () => {
    const refusal = (...args: Parameters<typeof judgeCiRole>) => {
      const verdict = judgeCiRole(...args)
      return verdict.kind === 'refuse' ? verdict.message : verdict.kind
    }
    expect(refusal('ci', 'read', { ...admin, superuser: false }, database)).toContain('cannot create roles')
    expect(refusal('ci', 'read', { ...admin, superuser: false, createRole: true }, database)).toBe('create')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, superuser: true })).toContain('is a superuser')
    expect(refusal('app_owner', 'read', admin, database, plainRole)).toContain('owns database "app"')
    expect(refusal('ci', 'migrate', admin, { ...database, ownerSuperuser: true })).toContain('which is a superuser')
    expect(refusal('ci', 'migrate', admin, { ...database, ownerAttributes: ['CREATEROLE'] })).toContain('a role with CREATEROLE')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, attributes: ['CREATEDB'] })).toContain('has CREATEDB')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, ownsObjects: true })).toContain('owns objects')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, members: ['x'] })).toContain('has members (x)')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, comment: ciRoleMark('other') })).toContain('CI role for database "other"')
    expect(refusal('ci', 'read', admin, database, { ...plainRole, comment: 'fly-pg-expose preview {"v":1}' })).toContain('is a preview role')
    for (const message of [refusal('ci', 'read', admin, database, { ...plainRole, superuser: true })]) expect(message).toMatch(/Nothing was changed\.$/)
  })
})

describe('grantPlan', () => {
  const nothing: GrantFacts = {
    database: [],
    schemas: [{ name: 'public', held: [] }],
    objects: [{ schema: 'public', kind: 'tables', count: 2, held: {} }],
    owners: ['app_owner'],
    defaults: []
  }

  it('read on a new role: CONNECT, USAGE, SELECT now and, FOR ROLE each owner, later (schemas too)', () => {
    expect(grantPlan('ci', 'read', database, nothing, undefined, ident).map(step => step.sql)).toEqual([
      'grant CONNECT on database "app" to "ci"',
      'grant USAGE on schema "public" to "ci"',
      'grant SELECT on all tables in schema "public" to "ci"',
      'alter default privileges for role "app_owner" grant SELECT on tables to "ci"',
      'alter default privileges for role "app_owner" grant SELECT on sequences to "ci"',
      'alter default privileges for role "app_owner" grant USAGE on schemas to "ci"'
    ])
  })

  it('nothing when everything is in place', () => {
    const done: GrantFacts = {
      database: ['CONNECT'],
      schemas: [{ name: 'public', held: ['USAGE'] }],
      objects: [{ schema: 'public', kind: 'tables', count: 2, held: { SELECT: 2 } }],
      owners: ['app_owner'],
      defaults: [
        { owner: 'app_owner', schema: null, kind: 'tables', held: ['SELECT'] },
        { owner: 'app_owner', schema: null, kind: 'sequences', held: ['SELECT'] },
        { owner: 'app_owner', schema: null, kind: 'schemas', held: ['USAGE'] }
      ]
    }
    expect(grantPlan('ci', 'read', database, done, { ...plainRole, comment: ciRoleMark('app') }, ident)).toEqual([])
  })

  it('only what is missing (one table of two lacks SELECT), and what is beyond the level is revoked', () => {
    const facts: GrantFacts = {
      ...nothing,
      database: ['CONNECT'],
      schemas: [{ name: 'public', held: ['USAGE', 'CREATE'] }],
      objects: [{ schema: 'public', kind: 'tables', count: 2, held: { SELECT: 1, INSERT: 2 } }],
      defaults: [{ owner: 'someone', schema: 'public', kind: 'tables', held: ['SELECT', 'INSERT'] }]
    }
    const sql = grantPlan('ci', 'read', database, facts, { ...plainRole, memberOf: ['app_owner'], roleSetting: 'role=app_owner' }, ident).map(step => step.sql)
    expect(sql).toEqual([
      'revoke CREATE on schema "public" from "ci"',
      'grant SELECT on all tables in schema "public" to "ci"',
      'revoke INSERT on all tables in schema "public" from "ci"',
      'alter default privileges for role "app_owner" grant SELECT on tables to "ci"',
      'alter default privileges for role "app_owner" grant SELECT on sequences to "ci"',
      'alter default privileges for role "app_owner" grant USAGE on schemas to "ci"',
      'alter default privileges for role "someone" in schema "public" revoke INSERT on tables from "ci"',
      'revoke "app_owner" from "ci"',
      'alter role "ci" in database "app" reset role'
    ])
  })

  it('migrate: membership in the owner, and its sessions act as the owner in this database', () => {
    const sql = grantPlan('ci', 'migrate', database, { ...nothing, owners: [] }, plainRole, ident).map(step => step.sql)
    expect(sql.slice(-2)).toEqual(['grant "app_owner" to "ci"', 'alter role "ci" in database "app" set role = "app_owner"'])
  })
})

describe('validUntilChange', () => {
  const now = new Date('2026-01-01T00:00:00.000Z')
  it('renews a TTL every run, clears an expiry when the TTL is dropped, else changes nothing', () => {
    expect(validUntilChange(3600, null, now)).toBe('2026-01-01T01:00:00.000Z')
    expect(validUntilChange(3600, '2026-01-01 00:30:00+00', now)).toBe('2026-01-01T01:00:00.000Z')
    expect(validUntilChange(undefined, '2026-01-01 00:30:00+00', now)).toBe('infinity')
    expect(validUntilChange(undefined, null, now)).toBeUndefined()
    expect(validUntilChange(undefined, 'infinity', now)).toBeUndefined()
  })
})

describe('the preview mark', () => {
  const now = new Date('2026-01-01T12:00:00.000Z')
  it('is written again only when it is none of ours or an hour old', () => {
    expect(markNeedsRefreshFor('fly-pg-expose preview {"v":1,"lastUsed":"2026-01-01T11:30:00.000Z"}', now)).toBe(false)
    expect(markNeedsRefreshFor('fly-pg-expose preview {"v":1,"lastUsed":"2026-01-01T10:59:00.000Z"}', now)).toBe(true)
    expect(markNeedsRefreshFor('fly-pg-expose preview {"v":1}', now)).toBe(true)
    expect(markNeedsRefreshFor(null, now)).toBe(true)
  })
})
