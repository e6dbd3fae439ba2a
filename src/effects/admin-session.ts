// The admin's sessions for the SQL the action runs itself (preview databases, CI roles): names resolved in pg_catalog
// only, every statement and lock wait bounded, and a close that cannot hang. Shared by preview-sql.ts and ci-role.ts.
import type pg from 'pg'
import { errorMessage } from '../pure/text.js'
import { closeWithin, loadPg } from './pg-loader.js'
import type { TlsMode } from './inputs.js'
import type { Credentials } from '../pure/url.js'

/** How the admin reaches the cluster: the public host and port the TLS check just verified. */
export interface AdminConnection {
  host: string
  port: number
  credentials: Credentials
  tls: TlsMode
  /** Bounds the wait for another run's lock on the same preview or role (and each statement's wait for a lock). */
  verifyTimeoutSeconds?: number
}

const CONNECT_MS = 15_000

/**
 * Every admin session resolves names in pg_catalog only (pg_temp last: it holds no functions, and tables only of this
 * session): a role that can create in a schema of the admin database must not get its function or operator run as
 * the admin (CVE-2018-1058). Every call is schema-qualified besides.
 */
const ADMIN_SEARCH_PATH = 'pg_catalog,pg_temp'
/** The longest one statement may run: a template copy is a file copy, minutes for a large seed. */
const STATEMENT_MS = 10 * 60_000
/** The client gives up a little after the server would have. */
const QUERY_MS = STATEMENT_MS + 30_000
/** How long a run waits for another run's lock on the same preview when no `verify-timeout` is given (its default). */
const DEFAULT_LOCK_WAIT_S = 300
const LOCK_POLL_MS = 250

export const codeOf = (error: unknown): string => String((error as { code?: unknown })?.code ?? '')
export const lockWaitSeconds = (admin: AdminConnection) => admin.verifyTimeoutSeconds ?? DEFAULT_LOCK_WAIT_S

/** Why a session could not be opened or used; each module wraps it in its own error class. */
export type ErrorFactory = (message: string) => Error

/** Opens a session as `credentials` (the admin's, unless others are given) with the pinned search_path and bounds. */
async function connect(
  admin: AdminConnection,
  database: string,
  purpose: string,
  makeError: ErrorFactory,
  credentials: { user: string; password: string } = admin.credentials
): Promise<pg.Client> {
  const { Client } = await loadPg()
  const client = new Client({
    host: admin.host,
    port: admin.port,
    user: credentials.user,
    password: credentials.password,
    database,
    connectionTimeoutMillis: CONNECT_MS,
    // Set at login, so they hold from the first statement and a database's or role's own settings cannot change them.
    options: `-c search_path=${ADMIN_SEARCH_PATH} -c statement_timeout=${STATEMENT_MS} -c lock_timeout=${lockWaitSeconds(admin) * 1000}`,
    query_timeout: QUERY_MS,
    ssl: { rejectUnauthorized: admin.tls === 'verify-full' }
  })
  client.on('error', () => {
    // A late socket error after we are done must not crash the process.
  })
  try {
    await client.connect()
  } catch (error) {
    throw Object.assign(makeError(`Could not connect to ${admin.host}:${admin.port} as "${credentials.user}" to ${purpose}: ${errorMessage(error)}.`), {
      code: codeOf(error)
    })
  }
  return client
}

/** Runs `work` in an admin session to `database` (the admin's own by default), closed within a bound after. */
export async function withAdminSession<T>(
  admin: AdminConnection,
  purpose: string,
  makeError: ErrorFactory,
  work: (client: pg.Client) => Promise<T>,
  database = admin.credentials.database
): Promise<T> {
  const client = await connect(admin, database, purpose, makeError)
  try {
    return await work(client)
  } finally {
    await closeWithin(client)
  }
}

/**
 * Whether `user` can log in to `database` with `password` now (the same host, port and TLS as the admin): a rerun
 * that can changes no password. Any refusal (wrong password, expired VALID UNTIL, no CONNECT) reads as false.
 */
export async function canLogIn(admin: AdminConnection, user: string, password: string, database: string): Promise<boolean> {
  try {
    const client = await connect(admin, database, 'check a login', message => new Error(message), { user, password })
    await closeWithin(client)
    return true
  } catch {
    return false
  }
}

/**
 * Two runs for one preview or role (a push while the last one runs) take turns; runs for other names never wait. The
 * lock is the session's: it ends with the connection, even when the run dies. Polled, so a lock held by a stuck run
 * fails this one within the budget (`held` says so).
 */
export async function takeAdvisoryLock(client: pg.Client, key: string, seconds: number, held: () => Error): Promise<void> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1::text, 0::bigint)) as locked',
      [key]
    )
    if (rows[0]?.locked) return
    const left = deadline - Date.now()
    if (left <= 0) throw held()
    await new Promise(resolve => setTimeout(resolve, Math.min(LOCK_POLL_MS, left)))
  }
}

/** A failed statement as a message: what was being done, Postgres's words and SQLSTATE, and what to undo. */
export function failureMessage(what: string, error: unknown, undo?: string): string {
  const code = codeOf(error)
  return `Failed ${what}: ${errorMessage(error)}${code ? ` (SQLSTATE ${code})` : ''}.${undo ? ` ${undo}` : ''}`
}
