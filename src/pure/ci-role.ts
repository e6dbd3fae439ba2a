// A least-privilege login role for CI on the URL's database (`role` + `privileges`): the name and TTL checks made
// when the inputs are read, the verdict on the cluster as it is (refusals before any change), and the plan of
// statements that brings the role to its level, containing only what is missing (or beyond the level).
// Decided here; src/effects/ci-role.ts reads the facts and runs the plan.

export const PRIVILEGE_LEVELS = ['read', 'write', 'migrate'] as const
export type PrivilegeLevel = (typeof PRIVILEGE_LEVELS)[number]

/** Postgres cuts longer names to this many bytes (NAMEDATALEN - 1). */
export const MAX_NAME_BYTES = 63
// Names a CI role must never take: the cluster's own roles (postgres-flex's repmgr and flypgadmin) and PUBLIC.
const RESERVED_ROLES = ['postgres', 'repmgr', 'flypgadmin', 'public', 'none', 'current_user', 'session_user', 'current_role']
const ROLE_NAME = /^[a-z_][a-z0-9_-]*$/

/** Why `name` cannot be the CI role (undefined: it can), judged from the inputs alone. */
export function roleNameProblem(name: string, adminUser: string): string | undefined {
  const bytes = new TextEncoder().encode(name).length
  if (bytes > MAX_NAME_BYTES) {
    return `Input \`role\` is ${bytes} bytes long; Postgres keeps at most ${MAX_NAME_BYTES} and would cut it to another name. Use a shorter name, like ci_reader.`
  }
  if (!ROLE_NAME.test(name)) {
    return `Input \`role\` must be a name of lowercase letters, digits, \`_\` and \`-\`, starting with a letter or \`_\` (like ci_reader), not "${name}".`
  }
  if (name.startsWith('pg_') || RESERVED_ROLES.includes(name)) {
    return `Input \`role\` cannot be "${name}": that name belongs to Postgres or the cluster itself. Use a name like ci_reader.`
  }
  if (name === adminUser) {
    return `Input \`role\` cannot be "${name}": that is the admin the action connects as, and the CI role is made by it. Use a name of its own, like ci_reader.`
  }
  return undefined
}

const TTL_UNITS: Record<string, number> = { m: 60, h: 3600, d: 86_400 }
const MIN_TTL_S = 5 * 60
const MAX_TTL_S = 366 * 86_400

/** `90m`, `6h`, `30d` in seconds; a message (string) when it is none of these. */
export function parseLoginTtl(raw: string): number | { problem: string } {
  const match = raw.match(/^(\d{1,6})([mhd])$/)
  const seconds = match ? Number(match[1]) * TTL_UNITS[match[2]] : NaN
  if (!(seconds >= MIN_TTL_S && seconds <= MAX_TTL_S)) {
    return {
      problem: `Input \`login-ttl\` must be a whole number of minutes, hours or days, like 90m, 6h or 30d, from 5m to 366d, not "${raw}".`
    }
  }
  return seconds
}

/**
 * The comment on a CI role: this prefix, then JSON `{"v":1,"database":"<name>"}`. The role is the action's for that
 * database only: its password is derived from the database's name, so a second database would change it.
 */
export const CI_ROLE_MARK_PREFIX = 'fly-pg-expose role '

export function ciRoleMark(database: string): string {
  return CI_ROLE_MARK_PREFIX + JSON.stringify({ v: 1, database })
}

/** The database a CI role's mark names, or undefined when the comment is none of ours. */
export function readCiRoleMark(comment: string | null | undefined): { database: string } | undefined {
  if (!comment?.startsWith(CI_ROLE_MARK_PREFIX)) return undefined
  try {
    const mark: unknown = JSON.parse(comment.slice(CI_ROLE_MARK_PREFIX.length))
    const database = (mark as { database?: unknown } | null)?.database
    return typeof database === 'string' ? { database } : undefined
  } catch {
    return undefined
  }
}

/** The admin the action connects as. */
export interface AdminFacts {
  user: string
  superuser: boolean
  createRole: boolean
}

/** The URL's database and its owner role. */
export interface DatabaseFacts {
  name: string
  owner: string
  ownerSuperuser: boolean
  /** CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS as the owner holds them: a member could SET ROLE to use them. */
  ownerAttributes: string[]
}

/** A role of the CI role's name that exists already. */
export interface ExistingCiRole {
  superuser: boolean
  /** CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS as it holds them. */
  attributes: string[]
  canLogin: boolean
  /** Roles it is a member of. */
  memberOf: string[]
  /** Roles that are members of it, the admin aside. */
  members: string[]
  /** It owns a database or any object in any database (pg_shdepend): an application's role, not a CI login. */
  ownsObjects: boolean
  comment: string | null
  /** `rolvaliduntil` as ISO text, or null when the password never expires. */
  validUntil: string | null
  /** Its `role` setting in the URL's database (what migrate sets), if any. */
  roleSetting?: string
}

export type CiRoleVerdict = { kind: 'create' } | { kind: 'ours' } | { kind: 'take over' } | { kind: 'refuse'; message: string }

/** Whether the action may create or update role `name` with `level` on `database` (decided before any write). */
export function judgeCiRole(name: string, level: PrivilegeLevel, admin: AdminFacts, database: DatabaseFacts, role?: ExistingCiRole): CiRoleVerdict {
  const refuse = (message: string): CiRoleVerdict => ({ kind: 'refuse', message: `${message} Nothing was changed.` })
  if (!admin.superuser && !admin.createRole) {
    return refuse(
      `The admin "${admin.user}" cannot create roles (it is neither a superuser nor has CREATEROLE), so it cannot make the CI role "${name}". Pass the URL of an admin that can (\`postgres\` on a Fly cluster), or drop \`role\`.`
    )
  }
  if (name === admin.user) return refuse(`Role "${name}" is the admin the action connects as: the CI role needs a name of its own, like ci_reader.`)
  if (role?.superuser) {
    return refuse(
      `Role "${name}" exists and is a superuser: the action never hands out a superuser as a CI role. Choose another \`role\` name (a new one is created).`
    )
  }
  if (name === database.owner) {
    return refuse(
      `Role "${name}" owns database "${database.name}": it is the application's role, not a CI login. Choose another \`role\` name; \`privileges: migrate\` gives a new role the owner's rights.`
    )
  }
  if (level === 'migrate' && (database.ownerSuperuser || database.ownerAttributes.length > 0)) {
    const what = database.ownerSuperuser ? 'a superuser' : `a role with ${database.ownerAttributes.join(' and ')}`
    return refuse(
      `\`privileges: migrate\` makes "${name}" a member of "${database.owner}", the owner of database "${database.name}", which is ${what}: membership in it would hand over ${database.ownerSuperuser ? 'the whole cluster' : 'those rights'}. Give the database an owner role of its own first (\`CREATE ROLE ${database.name}_owner NOLOGIN; ALTER DATABASE "${database.name}" OWNER TO ${database.name}_owner;\`, then \`ALTER TABLE ... OWNER TO\` it for the tables your migrations change), or use \`privileges: write\`.`
    )
  }
  if (!role) return { kind: 'create' }
  const mark = readCiRoleMark(role.comment)
  if (mark && mark.database !== database.name) {
    return refuse(
      `Role "${name}" is fly-pg-expose's CI role for database "${mark.database}": its password is derived from that database, so handing it out for "${database.name}" would break the URLs already out there. Use another \`role\` name per database.`
    )
  }
  if (!mark && role.comment?.startsWith('fly-pg-expose preview ')) {
    return refuse(`Role "${name}" is a preview role of fly-pg-expose: \`mode: teardown\` removes it. Choose another \`role\` name.`)
  }
  // Ours may be a member of the database's owner (migrate): any other membership someone else granted.
  const memberships = role.memberOf.filter(other => !(mark && other === database.owner))
  const reasons = [
    ...(role.attributes.length > 0 ? [`has ${role.attributes.join(' and ')}`] : []),
    ...(memberships.length > 0 ? [`is a member of ${memberships.join(', ')}`] : []),
    ...(role.members.length > 0 ? [`has members (${role.members.join(', ')})`] : []),
    ...(!mark && role.ownsObjects ? ['owns objects or a database'] : [])
  ]
  if (reasons.length > 0) {
    return refuse(
      `Role "${name}" exists and ${reasons.join(', ')}: the action takes over only a plain login role (no attributes beyond LOGIN, no membership, owning nothing) and never takes rights away from one. Choose another \`role\` name, or ${mark ? 'remove what was added to it' : `drop it first if it is yours to replace (\`DROP OWNED BY "${name}"; DROP ROLE "${name}";\` in each database it has rights in)`}.`
    )
  }
  return mark ? { kind: 'ours' } : { kind: 'take over' }
}

/** What the action grants for each level (tables include views, materialized views, foreign and partitioned tables). */
export const LEVEL_PRIVILEGES: Record<PrivilegeLevel, { database: string[]; schemas: string[]; tables: string[]; sequences: string[] }> = {
  read: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT'], sequences: ['SELECT'] },
  write: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], sequences: ['SELECT', 'USAGE'] },
  migrate: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], sequences: ['SELECT', 'USAGE'] }
}

export type ObjectKind = 'tables' | 'sequences'

/** What the role holds now in the database (explicit grants only: what PUBLIC or a membership gives is not counted). */
export interface GrantFacts {
  /** Privileges the role holds on the database itself. */
  database: string[]
  /** Every non-system schema, with the privileges the role holds on it. */
  schemas: Array<{ name: string; held: string[] }>
  /** Per schema and kind: how many objects there are (the role's own aside), and how many grant each privilege to it. */
  objects: Array<{ schema: string; kind: ObjectKind; count: number; held: Record<string, number> }>
  /** The roles whose future objects the default privileges must cover: the database's owner and every owner of a schema or object there. */
  owners: string[]
  /** The role's default-privilege entries: by whom (for role), where (schema, or null: every schema), on what, and which. */
  defaults: Array<{ owner: string; schema: string | null; kind: ObjectKind | 'schemas'; held: string[] }>
}

export interface PlannedStatement {
  sql: string
  /** The change in words, for the log (never holds a secret). */
  summary: string
}

/** How the effects quote: pg's escapeIdentifier. */
export type QuoteIdentifier = (name: string) => string

/**
 * The grants and revokes that bring the role to `level` on the database: only what is missing, and what the level
 * does not include (a role moved from write to read loses INSERT). Migrate adds membership in the database's owner
 * with `SET role` to it in this database, so what migrations create is owned by the owner, never by the CI login.
 */
export function grantPlan(
  name: string,
  level: PrivilegeLevel,
  database: DatabaseFacts,
  facts: GrantFacts,
  role: ExistingCiRole | undefined,
  ident: QuoteIdentifier
): PlannedStatement[] {
  const want = LEVEL_PRIVILEGES[level]
  const to = ident(name)
  const plan: PlannedStatement[] = []
  const both = (held: string[], wanted: string[]) => ({ missing: wanted.filter(p => !held.includes(p)), extra: held.filter(p => !wanted.includes(p)) })
  const grantRevoke = (held: string[], wanted: string[], on: string, what: string) => {
    const { missing, extra } = both(held, wanted)
    if (missing.length > 0) plan.push({ sql: `grant ${missing.join(', ')} on ${on} to ${to}`, summary: `granted ${missing.join(', ')} on ${what}` })
    if (extra.length > 0) plan.push({ sql: `revoke ${extra.join(', ')} on ${on} from ${to}`, summary: `revoked ${extra.join(', ')} on ${what}` })
  }

  grantRevoke(facts.database, want.database, `database ${ident(database.name)}`, `database "${database.name}"`)
  for (const schema of facts.schemas) grantRevoke(schema.held, want.schemas, `schema ${ident(schema.name)}`, `schema "${schema.name}"`)
  for (const group of facts.objects) {
    const wanted = want[group.kind]
    const missing = wanted.filter(p => (group.held[p] ?? 0) < group.count)
    const extra = Object.keys(group.held).filter(p => !wanted.includes(p) && group.held[p] > 0)
    const on = `all ${group.kind} in schema ${ident(group.schema)}`
    const what = `all ${group.kind} in schema "${group.schema}"`
    if (missing.length > 0) plan.push({ sql: `grant ${missing.join(', ')} on ${on} to ${to}`, summary: `granted ${missing.join(', ')} on ${what}` })
    if (extra.length > 0) plan.push({ sql: `revoke ${extra.join(', ')} on ${on} from ${to}`, summary: `revoked ${extra.join(', ')} on ${what}` })
  }

  // Future objects: a default-privilege entry covers only what its FOR ROLE creates, so one per owner. Global (no
  // IN SCHEMA): it covers every schema, those created later too.
  const defaultKinds: Array<[ObjectKind | 'schemas', string[]]> = [
    ['tables', want.tables],
    ['sequences', want.sequences],
    ['schemas', want.schemas]
  ]
  for (const owner of facts.owners) {
    for (const [kind, wanted] of defaultKinds) {
      const held = facts.defaults.find(entry => entry.owner === owner && entry.schema === null && entry.kind === kind)?.held ?? []
      const missing = wanted.filter(p => !held.includes(p))
      if (missing.length > 0) {
        plan.push({
          sql: `alter default privileges for role ${ident(owner)} grant ${missing.join(', ')} on ${kind} to ${to}`,
          summary: `default privileges: ${missing.join(', ')} on ${kind} "${owner}" creates`
        })
      }
    }
  }
  for (const entry of facts.defaults) {
    const extra = entry.held.filter(p => !(defaultKinds.find(([kind]) => kind === entry.kind)?.[1] ?? []).includes(p))
    if (extra.length === 0) continue
    const where = entry.schema === null ? '' : ` in schema ${ident(entry.schema)}`
    plan.push({
      sql: `alter default privileges for role ${ident(entry.owner)}${where} revoke ${extra.join(', ')} on ${entry.kind} from ${to}`,
      summary: `default privileges: revoked ${extra.join(', ')} on ${entry.kind} "${entry.owner}" creates`
    })
  }

  const owner = ident(database.owner)
  const isMember = role?.memberOf.includes(database.owner) ?? false
  const setting = `role=${database.owner}`
  if (level === 'migrate') {
    if (!isMember) plan.push({ sql: `grant ${owner} to ${to}`, summary: `made a member of "${database.owner}", the database's owner` })
    if (role?.roleSetting !== setting) {
      plan.push({
        sql: `alter role ${to} in database ${ident(database.name)} set role = ${owner}`,
        summary: `sessions in "${database.name}" act as "${database.owner}" (what migrations create is the owner's)`
      })
    }
  } else {
    if (isMember) plan.push({ sql: `revoke ${owner} from ${to}`, summary: `no longer a member of "${database.owner}"` })
    if (role?.roleSetting !== undefined) plan.push({ sql: `alter role ${to} in database ${ident(database.name)} reset role`, summary: 'role setting removed' })
  }
  return plan
}

/**
 * `VALID UNTIL` the role should get now: the new expiry when a TTL is set (renewed every run), 'infinity' when none is
 * set but the role has one, or undefined when nothing changes.
 */
export function validUntilChange(ttlSeconds: number | undefined, current: string | null, now: Date): string | undefined {
  if (ttlSeconds !== undefined) return new Date(now.getTime() + ttlSeconds * 1000).toISOString()
  return current !== null && current !== 'infinity' ? 'infinity' : undefined
}

/** What granting the CI role did (a rerun with everything in place: nothing). */
export interface CiRoleResult {
  created: boolean
  /** The password was set (a new role, or one the derived password could not log in as). */
  passwordSet: boolean
  /** An existing role without the mark was taken over (it had nothing beyond LOGIN). */
  takenOver: boolean
  /** What this run changed, in words (empty: nothing was written). */
  changes: string[]
}

/** The CI role an exposing run handed out: what its outputs describe. */
export interface CiRoleOutcome {
  name: string
  privileges: PrivilegeLevel
  database: string
  password: string
  /** The role's external URL (masked). */
  url: string
  result: CiRoleResult
}
