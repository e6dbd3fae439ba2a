// Preview environments: one database and one login role of the same name per pull request, on a shared cluster.
// Modelled on `fly pg attach` (flyctl internal/command/postgres/attach.go): a database and a user for a consumer, with
// a random alphanumeric password. Unlike attach, the role is no superuser: it owns its database and nothing else.
// Every identifier goes through escapeIdentifier, every password through escapeLiteral; no statement is ever logged.
import * as crypto from 'node:crypto'
import type pg from 'pg'
import { errorMessage } from '../pure/errors.js'
import { loadPg } from './pg-loader.js'
import type { TlsMode } from './inputs.js'
import type { Credentials } from '../pure/url.js'

/** How the admin reaches the cluster: the public host and port the TLS check just verified. */
export interface AdminConnection {
  host: string
  port: number
  credentials: Credentials
  tls: TlsMode
}

export interface PreviewResult {
  /** True when this run created the database (false: it existed and is reused). */
  created: boolean
  /** True when this run created the role (false: it existed and got a fresh password). */
  roleCreated: boolean
}

export interface TeardownResult {
  droppedDatabase: boolean
  droppedRole: boolean
  terminatedSessions: number
}

export class PreviewError extends Error {
  override name = 'PreviewError'
}

// attach.go uses helpers.RandString(15): letters and digits from crypto/rand. Twice as long here (about 190 bits);
// letters and digits need no escaping in a URL.
const PASSWORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const PASSWORD_LENGTH = 32
const CONNECT_MS = 15_000

export function generatePassword(): string {
  let password = ''
  for (let i = 0; i < PASSWORD_LENGTH; i++) password += PASSWORD_ALPHABET[crypto.randomInt(PASSWORD_ALPHABET.length)]
  return password
}

// SQLSTATEs: duplicate_object (a role), duplicate_database, unique_violation (a concurrent CREATE losing the race on
// the catalog's unique index), object_in_use, invalid_catalog_name (no such database), dependent_objects_still_exist.
const DUPLICATE_OBJECT = '42710'
const DUPLICATE_DATABASE = '42P04'
const UNIQUE_VIOLATION = '23505'
const OBJECT_IN_USE = '55006'
const NO_SUCH_DATABASE = '3D000'
const DEPENDENT_OBJECTS = '2BP01'

const codeOf = (error: unknown): string => String((error as { code?: unknown })?.code ?? '')

async function connect(admin: AdminConnection, database = admin.credentials.database): Promise<pg.Client> {
  const { Client } = await loadPg()
  const client = new Client({
    host: admin.host,
    port: admin.port,
    user: admin.credentials.user,
    password: admin.credentials.password,
    database,
    connectionTimeoutMillis: CONNECT_MS,
    ssl: { rejectUnauthorized: admin.tls === 'verify-full' }
  })
  client.on('error', () => {
    // A late socket error after we are done must not crash the process.
  })
  try {
    await client.connect()
  } catch (error) {
    throw new PreviewError(
      `Could not connect to ${admin.host}:${admin.port} as "${admin.credentials.user}" to manage preview databases: ${errorMessage(error)}.`
    )
  }
  return client
}

async function withClient<T>(admin: AdminConnection, work: (client: pg.Client) => Promise<T>, database?: string, lockName?: string): Promise<T> {
  const client = await connect(admin, database)
  try {
    // Two runs for one preview (a push while the last one runs) take turns; runs for other previews never wait.
    // The lock is the session's: it ends with the connection, even when the run dies.
    if (lockName) await client.query("select pg_advisory_lock(hashtextextended('fly-pg-expose:' || $1, 0))", [lockName])
    return await work(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Refuses (before any write) to take over a role or database that is not a preview's: a superuser, or a database owned by someone else. */
async function checkOwnership(client: pg.Client, name: string, verb: string): Promise<{ roleExists: boolean; databaseExists: boolean }> {
  const role = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = $1', [name])
  if (role.rows[0]?.rolsuper) {
    throw new PreviewError(`Role "${name}" is a superuser, not a preview role: refusing to ${verb} it. Choose another \`preview-database\` name.`)
  }
  const database = await client.query<{ owner: string }>('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [name])
  const owner = database.rows[0]?.owner
  if (owner !== undefined && owner !== name) {
    throw new PreviewError(
      `Database "${name}" exists and is owned by "${owner}", not by the preview role "${name}": refusing to ${verb} it. Choose another \`preview-database\` name.`
    )
  }
  return { roleExists: role.rows.length > 0, databaseExists: owner !== undefined }
}

/**
 * Creates the preview role and database, or reuses them and sets a fresh password (the old one cannot be read back).
 * Safe when another run creates the same or another preview at the same moment: "already exists" means reuse.
 * The caller masks `password` before calling.
 */
export async function ensurePreview(
  admin: AdminConnection,
  name: string,
  password: string,
  template?: string,
  /** Runs before the lock is let go (a login check), so a concurrent run for the same preview cannot change the password first. */
  whileLocked: () => Promise<unknown> = async () => undefined
): Promise<PreviewResult> {
  let roleCreated = false
  return withClient(
    admin,
    async client => {
      const role = client.escapeIdentifier(name)
      await checkOwnership(client, name, 'reuse')
      try {
        await client.query(`create role ${role} with login password ${client.escapeLiteral(password)}`)
        roleCreated = true
      } catch (error) {
        if (![DUPLICATE_OBJECT, UNIQUE_VIOLATION].includes(codeOf(error))) throw failure(`creating role "${name}"`, error)
        await client.query(`alter role ${role} with login password ${client.escapeLiteral(password)}`).catch(error => {
          throw failure(`setting a new password for role "${name}"`, error)
        })
      }
      const created = await createDatabase(client, name, template, roleCreated)
      // A concurrent run may have created the database first: it must still be the preview's own.
      if (!created) await checkOwnership(client, name, 'reuse')
      // Other preview roles on the cluster must not connect to this one's database.
      await client.query(`revoke connect on database ${role} from public`)
      if (created && template) await handOverObjects(admin, name)
      await whileLocked()
      return { created, roleCreated }
    },
    undefined,
    name
  )
}

async function createDatabase(client: pg.Client, name: string, template: string | undefined, roleCreated: boolean): Promise<boolean> {
  const database = client.escapeIdentifier(name)
  const from = template ? ` template ${client.escapeIdentifier(template)}` : ''
  try {
    await client.query(`create database ${database} owner ${database}${from}`)
    return true
  } catch (error) {
    const code = codeOf(error)
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false
    const undo = `${roleCreated ? `Role "${name}" was created` : `Role "${name}" got a new password`}; \`mode: teardown\` with the same \`preview-database\` removes it.`
    if (template && code === OBJECT_IN_USE) {
      throw new PreviewError(
        `Template database "${template}" is in use: Postgres copies a template only while nobody else is connected to it (${errorMessage(error)}). Close the sessions on "${template}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. ${undo}`
      )
    }
    if (template && code === NO_SUCH_DATABASE) {
      throw new PreviewError(`Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. ${undo}`)
    }
    throw failure(`creating database "${name}"`, error, undo)
  }
}

/**
 * A copy keeps the template's owners: hand the schemas, tables, views, sequences and functions of the new database
 * to the preview role, so its migrations can alter them. Runs inside the new database; names go through format('%I').
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
  for item in select n.nspname from pg_namespace n
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
    execute format('alter schema %I owner to %I', item.nspname, target);
  end loop;
  -- Tables, views, materialized views, foreign tables, and sequences no column owns (those follow their table).
  for item in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
    execute format('alter %s %I.%I owner to %I',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end,
      item.nspname, item.relname, target);
  end loop;
  for item in select p.oid::regprocedure as signature, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute format('alter %s %s owner to %I', case item.prokind when 'p' then 'procedure' else 'function' end, item.signature, target);
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
 * so a teardown can run again. Never touches a database or role that is not the preview's own.
 */
export async function dropPreview(admin: AdminConnection, name: string): Promise<TeardownResult> {
  return withClient(
    admin,
    async client => {
      const identifier = client.escapeIdentifier(name)
      const { roleExists, databaseExists } = await checkOwnership(client, name, 'drop')
      const terminated = await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where (datname = $1 or usename = $1) and pid <> pg_backend_pid()',
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
      return { droppedDatabase: databaseExists, droppedRole: roleExists, terminatedSessions: terminated.rowCount ?? 0 }
    },
    undefined,
    name
  )
}

function failure(what: string, error: unknown, undo?: string): PreviewError {
  const code = codeOf(error)
  return new PreviewError(`Failed ${what}: ${errorMessage(error)}${code ? ` (SQLSTATE ${code})` : ''}.${undo ? ` ${undo}` : ''}`)
}
