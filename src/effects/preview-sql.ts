// Preview environments: one database and one login role of the same name per pull request, on a shared cluster.
// Modelled on `fly pg attach` (flyctl internal/command/postgres/attach.go): a database and a user for a consumer.
// Unlike attach, the role is no superuser: it owns its database and nothing else, and its password is derived
// (src/pure/credentials.ts), so every run hands out the same URL. The password travels only as a SCRAM verifier;
// every identifier goes through escapeIdentifier. Both carry a mark (src/pure/preview-mark.ts): nothing without it
// is reused or dropped. Every statement is bounded (admin-session.ts). A rerun that finds all in place writes nothing.
import type pg from 'pg'
import { errorMessage } from '../pure/text.js'
import { scramVerifier } from '../pure/credentials.js'
import { canLogIn, codeOf, failureMessage, lockWaitSeconds, takeAdvisoryLock, withAdminSession, type AdminConnection } from './admin-session.js'
import {
  judgePreview,
  judgeTemplate,
  lockHeldMessage,
  markNeedsRefresh,
  previewMark,
  readPreviewMark,
  type ExistingDatabase,
  type ExistingRole,
  type PreviewVerb
} from '../pure/preview-mark.js'
import type { FoundPreview } from '../pure/prune.js'

export type { AdminConnection } from './admin-session.js'

export interface PreviewResult {
  /** True when this run created the database (false: it existed and is reused). */
  created: boolean
  /** True when this run created the role (false: it existed and is reused). */
  roleCreated: boolean
  /** True when the role's password was set (created, or a role whose login with the derived password failed). */
  passwordSet: boolean
  /** True when the preview had no mark but the shape an earlier release made: it was adopted and marked. */
  adopted: boolean
}

export interface TeardownResult {
  droppedDatabase: boolean
  droppedRole: boolean
  terminatedSessions: number
  /** True when the preview had no mark but the shape an earlier release made. */
  adopted: boolean
  /** Why nothing was dropped after all (`DropOptions.stillDue` said so under the lock). */
  skipped?: string
}

export interface DropOptions {
  /** How long to wait for another run's lock on the preview: 0 tries once (a prune skips a preview in use). */
  lockWaitSeconds?: number
  /** Asked under the lock with the mark read then: a reason to leave the preview after all (undefined: drop it). */
  stillDue?: (found: { roleComment?: string | null; databaseComment?: string | null }) => string | undefined
}

export class PreviewError extends Error {
  override name = 'PreviewError'
}

/** Another run holds the preview's lock (creating, reusing or dropping it). */
export class PreviewLockHeldError extends PreviewError {
  override name = 'PreviewLockHeldError'
}

// SQLSTATEs: object_in_use, invalid_catalog_name (no such database), dependent_objects_still_exist.
const OBJECT_IN_USE = '55006'
const NO_SUCH_DATABASE = '3D000'
const DEPENDENT_OBJECTS = '2BP01'

const previewError = (message: string) => new PreviewError(message)

function withClient<T>(admin: AdminConnection, work: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  return withAdminSession(admin, 'manage preview databases', previewError, work, database)
}

/** Runs for one preview take turns; the key is the one earlier releases used, so a run of each takes turns too. */
function takePreviewLock(client: pg.Client, name: string, seconds: number, action: string): Promise<void> {
  return takeAdvisoryLock(client, `fly-pg-expose:${name}`, seconds, () => new PreviewLockHeldError(lockHeldMessage(name, seconds, action)))
}

/** The role and database of the preview's name as they are now (read only). */
async function inspect(client: pg.Client, name: string): Promise<{ role?: ExistingRole; database?: ExistingDatabase }> {
  const roles = await client.query<{
    rolsuper: boolean
    rolcreaterole: boolean
    rolcreatedb: boolean
    rolreplication: boolean
    rolbypassrls: boolean
    rolcanlogin: boolean
    member_of: string[]
    members: string[]
    comment: string | null
  }>(
    `select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls, r.rolcanlogin,
       array(select m.roleid::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m where m.member = r.oid order by 1) as member_of,
       array(select m.member::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m
             where m.roleid = r.oid and m.member <> (select a.oid from pg_catalog.pg_roles a where a.rolname = current_user) order by 1) as members,
       pg_catalog.shobj_description(r.oid, 'pg_authid') as comment
     from pg_catalog.pg_roles r where r.rolname = $1`,
    [name]
  )
  const databases = await client.query<{ owner: string; comment: string | null; public_connect: boolean }>(
    `select pg_catalog.pg_get_userbyid(d.datdba) as owner, pg_catalog.shobj_description(d.oid, 'pg_database') as comment,
       pg_catalog.has_database_privilege('public', d.oid, 'CONNECT') as public_connect
     from pg_catalog.pg_database d where d.datname = $1`,
    [name]
  )
  const r = roles.rows[0]
  const d = databases.rows[0]
  return {
    role: r && {
      superuser: r.rolsuper,
      createRole: r.rolcreaterole,
      createDb: r.rolcreatedb,
      replication: r.rolreplication,
      bypassRls: r.rolbypassrls,
      canLogin: r.rolcanlogin,
      memberOf: r.member_of,
      members: r.members,
      comment: r.comment
    },
    database: d && { owner: d.owner, comment: d.comment, publicConnect: d.public_connect }
  }
}

/** Refuses (before any write) anything this action did not make; says whether the preview exists and was adopted. */
async function checkPreview(
  client: pg.Client,
  name: string,
  verb: PreviewVerb
): Promise<{ roleExists: boolean; databaseExists: boolean; adopted: boolean; roleComment?: string | null; databaseComment?: string | null }> {
  const { role, database } = await inspect(client, name)
  const verdict = judgePreview(name, verb, role, database)
  if (verdict.kind === 'refuse') throw new PreviewError(verdict.message)
  return {
    roleExists: role !== undefined,
    databaseExists: database !== undefined,
    adopted: verdict.kind === 'adopt',
    roleComment: role?.comment,
    databaseComment: database?.comment
  }
}

/** Refuses (before any write) a template that is missing or that preview roles could connect to. */
async function checkTemplate(client: pg.Client, template: string): Promise<void> {
  const found = await client.query<{ public_connect: boolean }>(
    `select d.datallowconn and pg_catalog.has_database_privilege('public', d.oid, 'CONNECT') as public_connect
     from pg_catalog.pg_database d where d.datname = $1`,
    [template]
  )
  const refusal = judgeTemplate(template, found.rows[0] && { publicConnect: found.rows[0].public_connect })
  if (refusal) throw new PreviewError(refusal)
}

/**
 * Creates the preview role and database, or reuses them. A reused role keeps its password when the derived one logs
 * in already; else (a role of the release before, with a random one) it gets the derived one, once. Only a preview
 * this action made is reused (its role and database carry the mark), or one made by the release before the mark,
 * which is adopted and marked. Runs for one preview take turns; the caller masks `password` first. When all is in
 * place nothing is written, except the database's mark once its `lastUsed` is an hour old.
 */
export async function ensurePreview(
  admin: AdminConnection,
  name: string,
  password: string,
  template?: string,
  /** Runs before the lock is let go (a login check), so a concurrent run for the same preview cannot change the password first. */
  whileLocked: () => Promise<unknown> = async () => undefined
): Promise<PreviewResult> {
  return withClient(admin, async client => {
    await takePreviewLock(client, name, lockWaitSeconds(admin), 'create or reuse')
    const { role: existingRole, database: existingDatabase } = await inspect(client, name)
    const verdict = judgePreview(name, 'reuse', existingRole, existingDatabase)
    if (verdict.kind === 'refuse') throw new PreviewError(verdict.message)
    const adopted = verdict.kind === 'adopt'
    const roleExists = existingRole !== undefined
    const databaseExists = existingDatabase !== undefined
    if (!databaseExists && template) await checkTemplate(client, template)
    // A login is no write: a role whose derived password works already keeps it.
    const passwordWorks = roleExists && (await canLogIn(admin, name, password, databaseExists ? name : admin.credentials.database))
    // Nothing is written above this line.
    const now = new Date()
    const role = client.escapeIdentifier(name)
    const mark = client.escapeLiteral(previewMark(now))
    const roleMarked = readPreviewMark(existingRole?.comment) !== undefined
    const roleStatements = [
      ...(!roleExists || !passwordWorks
        ? [`${roleExists ? 'alter' : 'create'} role ${role} with login password ${client.escapeLiteral(scramVerifier(password))}`]
        : []),
      ...(!roleMarked ? [`comment on role ${role} is ${mark}`] : [])
    ]
    // One implicit transaction: a role is never left without its mark.
    if (roleStatements.length > 0) {
      await client.query(roleStatements.join('; ')).catch(error => {
        throw failure(roleExists ? `setting the derived password of role "${name}"` : `creating role "${name}"`, error)
      })
    }
    const roleChange = !roleExists ? `Role "${name}" was created` : !passwordWorks ? `Role "${name}" got its derived password` : `Role "${name}" is unchanged`
    const teardown = '`mode: teardown` with the same `preview-database` removes'
    if (!databaseExists) await createDatabase(client, name, template, `${roleChange}; ${teardown} it.`)
    const done = `${roleChange}${databaseExists ? '' : ` and database "${name}" was created`}; ${teardown} them.`
    if (!databaseExists || markNeedsRefresh(existingDatabase.comment, now)) {
      await client.query(`comment on database ${role} is ${mark}`).catch(error => {
        throw failure(`marking database "${name}"`, error, done)
      })
    }
    // Other preview roles on the cluster must not connect to this one's database.
    if (!databaseExists || existingDatabase.publicConnect) {
      await client.query(`revoke connect on database ${role} from public`).catch(error => {
        throw failure(`revoking PUBLIC's CONNECT on database "${name}"`, error, done)
      })
    }
    if (!databaseExists && template) await handOverObjects(admin, name)
    await whileLocked()
    return { created: !databaseExists, roleCreated: !roleExists, passwordSet: !passwordWorks, adopted }
  })
}

async function createDatabase(client: pg.Client, name: string, template: string | undefined, roleDone: string): Promise<void> {
  const database = client.escapeIdentifier(name)
  // template0 when none is given: nobody can connect to it, so no session can block the copy.
  const from = client.escapeIdentifier(template ?? 'template0')
  try {
    await client.query(`create database ${database} owner ${database} template ${from}`)
  } catch (error) {
    const code = codeOf(error)
    if (template && code === OBJECT_IN_USE) {
      throw new PreviewError(
        `Template database "${template}" is in use: Postgres copies a template only while nobody else is connected to it (${errorMessage(error)}). Close the sessions on "${template}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. ${roleDone}`
      )
    }
    if (template && code === NO_SUCH_DATABASE) {
      throw new PreviewError(`Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. ${roleDone}`)
    }
    throw failure(`creating database "${name}"`, error, roleDone)
  }
}

/**
 * A copy keeps the template's owners: hand the schemas, tables, views, sequences, functions, types and domains of the
 * new database to the preview role, so its migrations can alter them. Runs inside the new database; names go through
 * format('%I') or a reg* type's output.
 */
async function handOverObjects(admin: AdminConnection, name: string): Promise<void> {
  await withClient(
    admin,
    async client => {
      await client.query(`do $$
declare
  target text := ${client.escapeLiteral(name)};
  item record;
begin
  set local search_path = pg_catalog, pg_temp;
  for item in select n.nspname from pg_catalog.pg_namespace n
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
    execute pg_catalog.format('alter schema %I owner to %I', item.nspname, target);
  end loop;
  -- Tables, views, materialized views, foreign tables, and sequences no column owns (those follow their table).
  for item in select n.nspname, c.relname, c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and not (c.relkind = 'S' and exists (select 1 from pg_catalog.pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
    execute pg_catalog.format('alter %s %I.%I owner to %I',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end,
      item.nspname, item.relname, target);
  end loop;
  for item in select p.oid::pg_catalog.regprocedure as signature, p.prokind from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute pg_catalog.format('alter %s %s owner to %I', case item.prokind when 'p' then 'procedure' else 'function' end, item.signature, target);
  end loop;
  -- Enums, domains, ranges, composite and base types: not array types or multiranges (they follow their element or
  -- range), not a table's row type (it follows its table), not an extension's.
  for item in select t.oid::pg_catalog.regtype as type_name, t.typtype from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and t.typtype in ('b', 'c', 'd', 'e', 'r')
        and not exists (select 1 from pg_catalog.pg_type e where e.typarray = t.oid)
        and (t.typrelid = 0 or exists (select 1 from pg_catalog.pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
        and not exists (select 1 from pg_catalog.pg_depend d
          where d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and d.objid = t.oid and d.deptype = 'e') loop
    execute pg_catalog.format('alter %s %s owner to %I', case item.typtype when 'd' then 'domain' else 'type' end, item.type_name, target);
  end loop;
end $$`)
    },
    name
  ).catch(error => {
    throw failure(
      `handing the copied objects of "${name}" to its role`,
      error,
      `Database "${name}" was created from the template; \`mode: teardown\` removes it.`
    )
  })
}

/**
 * Drops the preview database and role: its sessions are ended first. A database or role already gone is fine,
 * so a teardown can run again. Drops only a preview this action made (or the release before the mark did).
 */
export async function dropPreview(admin: AdminConnection, name: string, options: DropOptions = {}): Promise<TeardownResult> {
  return withClient(admin, async client => {
    await takePreviewLock(client, name, options.lockWaitSeconds ?? lockWaitSeconds(admin), 'drop')
    const identifier = client.escapeIdentifier(name)
    const { roleExists, databaseExists, adopted, roleComment, databaseComment } = await checkPreview(client, name, 'drop')
    const skipped = options.stillDue?.({ roleComment, databaseComment })
    if (skipped !== undefined) return { droppedDatabase: false, droppedRole: false, terminatedSessions: 0, adopted: false, skipped }
    // Nothing is written above this line.
    const terminated = await client.query(
      `select pg_catalog.pg_terminate_backend(a.pid) from pg_catalog.pg_stat_activity a
       where (a.datname = $1 or a.usename = $1) and a.pid <> pg_catalog.pg_backend_pid()`,
      [name]
    )
    try {
      // WITH (FORCE) (Postgres 13+) also ends a session that connected after the query above.
      await client.query(`drop database if exists ${identifier} with (force)`)
    } catch (error) {
      throw failure(`dropping database "${name}"`, error)
    }
    try {
      await client.query(`drop role if exists ${identifier}`)
    } catch (error) {
      const dropped = databaseExists ? `Database "${name}" was dropped; ` : ''
      if (codeOf(error) === DEPENDENT_OBJECTS) {
        throw new PreviewError(
          `${dropped}role "${name}" still owns objects or holds privileges in other databases (${errorMessage(error)}). In each of them run \`REASSIGN OWNED BY "${name}" TO postgres; DROP OWNED BY "${name}";\`, then rerun the teardown.`
        )
      }
      throw failure(`dropping role "${name}"`, error, dropped ? `${dropped}rerun the teardown to drop the role.` : undefined)
    }
    return { droppedDatabase: databaseExists, droppedRole: roleExists, terminatedSessions: terminated.rowCount ?? 0, adopted }
  })
}

/** The preview databases on the cluster: those carrying the fly-pg-expose mark, by name (read only). */
export async function listPreviews(admin: AdminConnection): Promise<string[]> {
  return withClient(admin, async client => {
    const { rows } = await client.query<{ name: string; comment: string | null }>(
      `select d.datname as name, pg_catalog.shobj_description(d.oid, 'pg_database') as comment from pg_catalog.pg_database d order by 1`
    )
    return rows.filter(row => readPreviewMark(row.comment)).map(row => row.name)
  })
}

/**
 * What a prune looks at (read only): every role with a comment, with the database of its name and that database's
 * comment when there is one. Which are marked previews is decided in src/pure/prune.ts.
 */
export async function findPreviews(admin: AdminConnection): Promise<FoundPreview[]> {
  return withClient(admin, async client => {
    const { rows } = await client.query<{ name: string; role_comment: string; database_exists: boolean; database_comment: string | null }>(
      `select r.rolname as name, pg_catalog.shobj_description(r.oid, 'pg_authid') as role_comment,
         d.oid is not null as database_exists, pg_catalog.shobj_description(d.oid, 'pg_database') as database_comment
       from pg_catalog.pg_roles r left join pg_catalog.pg_database d on d.datname = r.rolname
       where pg_catalog.shobj_description(r.oid, 'pg_authid') is not null
       order by 1`
    )
    return rows.map(row => ({ name: row.name, roleComment: row.role_comment, ...(row.database_exists ? { databaseComment: row.database_comment } : {}) }))
  })
}

function failure(what: string, error: unknown, undo?: string): PreviewError {
  return new PreviewError(failureMessage(what, error, undo))
}
