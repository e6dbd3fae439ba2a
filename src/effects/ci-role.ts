// The least-privilege CI role (`role` + `privileges`): read the cluster as it is, refuse before any change what
// src/pure/ci-role.ts refuses, then bring the role to its level in one transaction (only what is missing), and hand
// out its URL. Its password is derived (the same every run) and travels only as a SCRAM verifier; a rerun that can
// log in with it and finds every grant in place writes nothing (a login-ttl renews VALID UNTIL, its one write).
import * as core from '@actions/core'
import type pg from 'pg'
import type { Inputs } from './inputs.js'
import type { CiRoleOutcome, CiRoleResult } from '../pure/ci-role.js'
export type { CiRoleOutcome, CiRoleResult } from '../pure/ci-role.js'
import { canLogIn, failureMessage, lockWaitSeconds, takeAdvisoryLock, withAdminSession, type AdminConnection } from './admin-session.js'
import { derivePassword, scramVerifier } from '../pure/credentials.js'
import { externalUrl, passwordForms } from '../pure/url.js'
import {
  ciRoleMark,
  grantPlan,
  judgeCiRole,
  validUntilChange,
  type AdminFacts,
  type DatabaseFacts,
  type ExistingCiRole,
  type GrantFacts,
  type ObjectKind,
  type PlannedStatement,
  type PrivilegeLevel
} from '../pure/ci-role.js'

export interface CiRoleSpec {
  name: string
  privileges: PrivilegeLevel
  /** Seconds the password stays valid from this run (VALID UNTIL), renewed by every run; none: no expiry. */
  loginTtlSeconds?: number
}

export class CiRoleError extends Error {
  override name = 'CiRoleError'
}

const ciRoleError = (message: string) => new CiRoleError(message)

/** A non-system schema: not pg_catalog, pg_toast, pg_temp_N and the like, nor information_schema. */
const USER_SCHEMA = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'"
/** Tables, partitioned tables, views, materialized views, foreign tables and sequences. */
const RELATION_KINDS = "c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')"

/**
 * Creates or updates role `spec.name` with `password` (derived by the caller, who masks it first) and the grants of
 * its level on the admin's database. Runs for one role take turns; `whileLocked` (the login check) runs before the
 * lock is let go.
 */
export async function ensureCiRole(
  admin: AdminConnection,
  spec: CiRoleSpec,
  password: string,
  whileLocked: () => Promise<unknown> = async () => undefined
): Promise<CiRoleResult> {
  const { name, privileges } = spec
  return withAdminSession(admin, `grant the CI role "${name}"`, ciRoleError, async client => {
    const seconds = lockWaitSeconds(admin)
    await takeAdvisoryLock(
      client,
      `fly-pg-expose role:${name}`,
      seconds,
      () =>
        new CiRoleError(
          `Another run holds the CI role "${name}": its lock stayed taken for ${seconds} s (\`verify-timeout\`), so this run changed nothing. Let that run finish, then rerun.`
        )
    )
    const { adminFacts, database, role } = await inspectRole(client, name)
    const verdict = judgeCiRole(name, privileges, adminFacts, database, role)
    if (verdict.kind === 'refuse') throw new CiRoleError(verdict.message)
    const grants = await inspectGrants(client, name)
    // A login is no write: a role whose derived password works already keeps it.
    const passwordWorks = role !== undefined && (await canLogIn(admin, name, password, database.name))
    // Nothing is written above this line.
    const plan = [
      ...roleStatements(client, spec, database.name, password, role, passwordWorks),
      ...grantPlan(name, privileges, database, grants, role, id => client.escapeIdentifier(id))
    ]
    if (plan.length > 0) await applyAll(client, name, plan)
    await whileLocked()
    return { created: role === undefined, passwordSet: !passwordWorks, takenOver: verdict.kind === 'take over', changes: plan.map(step => step.summary) }
  })
}

/** The role itself: created with nothing beyond LOGIN, its password set when the derived one did not log in, its expiry, its mark. */
function roleStatements(
  client: pg.Client,
  spec: CiRoleSpec,
  database: string,
  password: string,
  role: ExistingCiRole | undefined,
  passwordWorks: boolean
): PlannedStatement[] {
  const name = client.escapeIdentifier(spec.name)
  const validUntil = validUntilChange(spec.loginTtlSeconds, role?.validUntil ?? null, new Date())
  const expiry = validUntil ? ` valid until ${client.escapeLiteral(validUntil)}` : ''
  const verifier = () => `password ${client.escapeLiteral(scramVerifier(password))}`
  const statements: PlannedStatement[] = []
  if (!role) {
    statements.push({
      sql: `create role ${name} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit ${verifier()}${expiry}`,
      summary: `created role "${spec.name}"${validUntil ? `, valid until ${validUntil}` : ''}`
    })
  } else if (!passwordWorks || !role.canLogin || validUntil) {
    const what = [!passwordWorks && 'set its derived password', validUntil && `valid until ${validUntil}`].filter(Boolean).join(', ')
    statements.push({
      sql: `alter role ${name} with login${passwordWorks ? '' : ` ${verifier()}`}${expiry}`,
      summary: `role "${spec.name}": ${what || 'LOGIN'}`
    })
  }
  const mark = ciRoleMark(database)
  if (role?.comment !== mark) statements.push({ sql: `comment on role ${name} is ${client.escapeLiteral(mark)}`, summary: "marked as fly-pg-expose's CI role" })
  return statements
}

/** One transaction: the role is never left half made, and a failure changes nothing. */
async function applyAll(client: pg.Client, name: string, plan: PlannedStatement[]): Promise<void> {
  let current = plan[0]
  try {
    await client.query('begin')
    for (const step of plan) {
      current = step
      await client.query(step.sql)
    }
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => undefined)
    throw new CiRoleError(
      failureMessage(
        `to prepare the CI role "${name}" (${current.summary})`,
        error,
        "Nothing was changed: every change of this run was one transaction, rolled back. Check that the admin may grant on the database's objects (a superuser can), then rerun."
      )
    )
  }
}

async function inspectRole(client: pg.Client, name: string): Promise<{ adminFacts: AdminFacts; database: DatabaseFacts; role?: ExistingCiRole }> {
  const admin = await client.query<{ user: string; rolsuper: boolean; rolcreaterole: boolean }>(
    'select r.rolname as user, r.rolsuper, r.rolcreaterole from pg_catalog.pg_roles r where r.rolname = current_user'
  )
  const database = await client.query<{ name: string; owner: string; rolsuper: boolean; attributes: string[] }>(
    `select d.datname as name, o.rolname as owner, o.rolsuper,
       array_remove(array[case when o.rolcreaterole then 'CREATEROLE' end, case when o.rolcreatedb then 'CREATEDB' end,
         case when o.rolreplication then 'REPLICATION' end, case when o.rolbypassrls then 'BYPASSRLS' end], null) as attributes
     from pg_catalog.pg_database d join pg_catalog.pg_roles o on o.oid = d.datdba where d.datname = pg_catalog.current_database()`
  )
  const roles = await client.query<{
    rolsuper: boolean
    attributes: string[]
    rolcanlogin: boolean
    member_of: string[]
    members: string[]
    owns_objects: boolean
    comment: string | null
    valid_until: string | null
    settings: string[] | null
  }>(
    `select r.rolsuper, r.rolcanlogin,
       array_remove(array[case when r.rolcreaterole then 'CREATEROLE' end, case when r.rolcreatedb then 'CREATEDB' end,
         case when r.rolreplication then 'REPLICATION' end, case when r.rolbypassrls then 'BYPASSRLS' end], null) as attributes,
       array(select m.roleid::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m where m.member = r.oid order by 1) as member_of,
       array(select m.member::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m
             where m.roleid = r.oid and m.member <> (select a.oid from pg_catalog.pg_roles a where a.rolname = current_user) order by 1) as members,
       exists(select 1 from pg_catalog.pg_shdepend s where s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass and s.refobjid = r.oid and s.deptype = 'o')
         or exists(select 1 from pg_catalog.pg_database d where d.datdba = r.oid) as owns_objects,
       pg_catalog.shobj_description(r.oid, 'pg_authid') as comment,
       r.rolvaliduntil::pg_catalog.text as valid_until,
       (select s.setconfig from pg_catalog.pg_db_role_setting s join pg_catalog.pg_database d on d.oid = s.setdatabase
         where s.setrole = r.oid and d.datname = pg_catalog.current_database()) as settings
     from pg_catalog.pg_roles r where r.rolname = $1`,
    [name]
  )
  const a = admin.rows[0]
  const d = database.rows[0]
  const r = roles.rows[0]
  // regrole's text output quotes names that need it; the judge compares plain names.
  const plain = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text)
  return {
    adminFacts: { user: a.user, superuser: a.rolsuper, createRole: a.rolcreaterole },
    database: { name: d.name, owner: d.owner, ownerSuperuser: d.rolsuper, ownerAttributes: d.attributes },
    role: r && {
      superuser: r.rolsuper,
      attributes: r.attributes,
      canLogin: r.rolcanlogin,
      memberOf: r.member_of.map(plain),
      members: r.members.map(plain),
      ownsObjects: r.owns_objects,
      comment: r.comment,
      validUntil: r.valid_until,
      roleSetting: r.settings?.find(setting => setting.startsWith('role='))
    }
  }
}

/** What the role holds in this database now, and whose future objects its default privileges must cover. */
async function inspectGrants(client: pg.Client, name: string): Promise<GrantFacts> {
  const role = '(select r.oid from pg_catalog.pg_roles r where r.rolname = $1)'
  const database = await client.query<{ privilege: string }>(
    `select a.privilege_type as privilege from pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a
     where d.datname = pg_catalog.current_database() and a.grantee = ${role}`,
    [name]
  )
  const schemas = await client.query<{ name: string; held: string[] }>(
    `select n.nspname as name, array(select a.privilege_type from pg_catalog.aclexplode(n.nspacl) a where a.grantee = ${role} order by 1) as held
     from pg_catalog.pg_namespace n where ${USER_SCHEMA} and n.nspowner is distinct from ${role} order by 1`,
    [name]
  )
  const relations = `select n.nspname, case c.relkind when 'S' then 'sequences' else 'tables' end as kind, c.relacl
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where ${USER_SCHEMA} and ${RELATION_KINDS} and c.relowner is distinct from ${role}`
  const counts = await client.query<{ schema: string; kind: ObjectKind; count: number }>(
    `select o.nspname as schema, o.kind, count(*)::int as count from (${relations}) o group by 1, 2 order by 1, 2`,
    [name]
  )
  const held = await client.query<{ schema: string; kind: ObjectKind; privilege: string; count: number }>(
    `select o.nspname as schema, o.kind, a.privilege_type as privilege, count(*)::int as count
     from (${relations}) o cross join lateral pg_catalog.aclexplode(o.relacl) a where a.grantee = ${role} group by 1, 2, 3`,
    [name]
  )
  const owners = await client.query<{ owner: string }>(
    `select distinct r.rolname as owner from pg_catalog.pg_roles r
     where r.oid in (
         select d.datdba from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()
         union select n.nspowner from pg_catalog.pg_namespace n where ${USER_SCHEMA}
         union select c.relowner from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMA} and ${RELATION_KINDS})
       and r.rolname !~ '^pg_' and r.oid is distinct from ${role}
     order by 1`,
    [name]
  )
  const defaults = await client.query<{ owner: string; schema: string | null; kind: string; held: string[] }>(
    `select pg_catalog.pg_get_userbyid(d.defaclrole) as owner, n.nspname as schema,
       case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'n' then 'schemas' end as kind,
       array(select a.privilege_type from pg_catalog.aclexplode(d.defaclacl) a where a.grantee = ${role} order by 1) as held
     from pg_catalog.pg_default_acl d left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
     where d.defaclobjtype in ('r', 'S', 'n')`,
    [name]
  )
  return {
    database: database.rows.map(row => row.privilege),
    schemas: schemas.rows,
    objects: counts.rows.map(row => ({
      ...row,
      held: Object.fromEntries(held.rows.filter(h => h.schema === row.schema && h.kind === row.kind).map(h => [h.privilege, h.count]))
    })),
    owners: owners.rows.map(row => row.owner),
    defaults: defaults.rows
      .filter(row => row.held.length > 0)
      .map(row => ({ owner: row.owner, schema: row.schema, kind: row.kind as ObjectKind | 'schemas', held: row.held }))
  }
}

/** The CI role's password: derived from the app, the database and the role, keyed by `credentials-key` (else the admin password). */
export function ciRolePassword(inputs: Pick<Inputs, 'app' | 'credentials' | 'credentialsKey'>, role: string): string {
  return derivePassword(inputs.credentialsKey ?? inputs.credentials.password, { cluster: inputs.app, database: inputs.credentials.database, role })
}

/** The stage: mask the role's password and URL, make or update the role, prove its URL works (`verify` logs in as it). */
export async function grantCiRole(
  inputs: Inputs,
  spec: CiRoleSpec,
  verify: (credentials: { user: string; password: string; database: string }) => Promise<unknown>
): Promise<CiRoleOutcome> {
  const database = inputs.credentials.database
  const password = ciRolePassword(inputs, spec.name)
  const internal = new URL(inputs.internalUrl.href)
  internal.username = encodeURIComponent(spec.name)
  internal.password = password
  const url = externalUrl(internal, inputs.host, inputs.port, inputs.sslmode)
  // Masked before the password reaches Postgres or any line of the log.
  for (const secret of [...passwordForms(password), url]) core.setSecret(secret)
  const result = await ensureCiRole(inputs, spec, password, () => verify({ user: spec.name, password, database }))
  if (result.takenOver) core.info(`role "${spec.name}" existed without fly-pg-expose's mark but as a plain login role: taken over and marked`)
  for (const change of result.changes) core.info(`  ${change}`)
  core.info(
    `role "${spec.name}" (${spec.privileges} on "${database}"): ${result.changes.length === 0 ? 'unchanged, nothing written' : result.created ? 'created' : 'updated'}; logged in as "${spec.name}"`
  )
  return { name: spec.name, privileges: spec.privileges, database, password, url, result }
}
