// Proves the database answers over TLS at the public host, the way a user's client will connect.
import type * as tls from 'node:tls'
import type pg from 'pg'
import { errorMessage } from '../pure/text.js'
import { closeWithin, loadPg } from './pg-loader.js'
import { retryWithBackoff, type Backoff } from '../pure/retry.js'
import type { TlsMode } from './inputs.js'
import type { Credentials } from '../pure/url.js'
import type { ConnectionFacts, VerifiedConnection } from '../pure/connection.js'

export interface VerifyRequest {
  /** The Fly app, named in the commands a failure suggests. */
  app: string
  host: string
  port: number
  credentials: Credentials
  tls: TlsMode
  verifyTimeoutSeconds: number
}

export type { ConnectionFacts, VerifiedConnection } from '../pure/connection.js'

export class VerifyError extends Error {
  override name = 'VerifyError'
}

type Timing = Pick<Backoff, 'sleep' | 'now' | 'onRetry'> & { timeoutMs?: number }

// Errors that mean "not up yet": the proxy or the machines are still starting, or DNS has not caught up.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P03'])
const TRANSIENT_MESSAGES =
  /Connection terminated|socket disconnected before secure TLS|timeout expired|Query read timeout|ECONNRESET|the database system is (starting|shutting) up/i
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/
/** Backoff capped at 1 s, so a server that comes up is noticed within a second; no attempt starts with under 0.5 s left. */
export const VERIFY_BACKOFF = { initialDelayMs: 100, maxDelayMs: 1000, minAttemptMs: 500 }
/** One attempt (connect, TLS, login, version query) at most this long, within what is left of `verify-timeout`. */
export const VERIFY_ATTEMPT_MS = 10_000

/** The early attempt: its connection, or why it failed (abandoned attempts fail too, and are never consulted). */
export type EarlyOutcome = { connection: VerifiedConnection } | { error: unknown }

export interface EarlyCheck {
  result: Promise<EarlyOutcome>
  /** Stops the attempt at once (its socket is destroyed): the plan changes something, so it would prove nothing. */
  abandon(): void
}

/**
 * One quiet attempt, started together with the cluster reads from the inputs alone. When the plan changes nothing
 * it is the check's first attempt (see verifyAfterEarlyCheck), so a repeat run costs one round of reads; otherwise
 * it is abandoned. It never retries and never logs, so a first run sees no difference.
 */
export function startEarlyCheck(request: VerifyRequest): EarlyCheck {
  const abort = new AbortController()
  const result = connectOnce(request, Math.min(VERIFY_ATTEMPT_MS, request.verifyTimeoutSeconds * 1000), abort.signal).then(
    connection => ({ connection: { ...connection, attempts: 1 } }),
    (error: unknown) => ({ error })
  )
  return { result, abandon: () => abort.abort() }
}

/** The check of a run that changed nothing: the early attempt was attempt 1; retry within what is left of `verify-timeout`. */
export async function verifyAfterEarlyCheck(early: EarlyCheck, request: VerifyRequest, timing: Timing = {}): Promise<VerifiedConnection> {
  const now = timing.now ?? Date.now
  // The budget starts now, as a check after the reads would: the attempt's time beside the reads costs nothing.
  const calledAt = now()
  const outcome = await early.result
  if ('connection' in outcome) return outcome.connection
  const leftMs = request.verifyTimeoutSeconds * 1000 - (now() - calledAt)
  if (!isTransient(outcome.error) || leftMs < VERIFY_BACKOFF.minAttemptMs) throw new VerifyError(explain(outcome.error, request))
  timing.onRetry?.(outcome.error, 1, 0)
  const later = await verifyTls(request, { ...timing, timeoutMs: leftMs, onRetry: (error, attempt, delay) => timing.onRetry?.(error, attempt + 1, delay) })
  return { ...later, attempts: later.attempts + 1 }
}

export async function verifyTls(request: VerifyRequest, timing: Timing = {}): Promise<VerifiedConnection> {
  try {
    const { value, attempts } = await retryWithBackoff(remainingMs => connectOnce(request, remainingMs), isTransient, {
      ...VERIFY_BACKOFF,
      ...timing,
      timeoutMs: timing.timeoutMs ?? request.verifyTimeoutSeconds * 1000
    })
    return { ...value, attempts }
  } catch (error) {
    throw new VerifyError(explain(error, request))
  }
}

async function connectOnce(request: VerifyRequest, remainingMs: number, signal?: AbortSignal): Promise<Omit<VerifiedConnection, 'attempts'>> {
  const { host, port, credentials } = request
  const attemptEnds = Date.now() + Math.min(VERIFY_ATTEMPT_MS, remainingMs)
  const { Client } = await loadPg()
  signal?.throwIfAborted()
  const client = new Client({
    host,
    port,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
    // pg's connect timer runs from the TCP connect to the first ReadyForQuery (TLS handshake and login included).
    connectionTimeoutMillis: attemptEnds - Date.now(),
    // verify-full: the system CAs (plus NODE_EXTRA_CA_CERTS) and the host name; require: encryption only.
    ssl: { rejectUnauthorized: request.tls === 'verify-full' }
  })
  client.on('error', () => {
    // A late socket error after we are done must not crash the process.
  })
  // An abandoned attempt ends at once: its socket goes, and connect() fails.
  const abandon = (): void => void streamOf(client).destroy()
  signal?.addEventListener('abort', abandon, { once: true })
  // The server's login request says how it checks this role: an md5 request means the role's password is stored as md5.
  let authentication: ConnectionFacts['authentication'] = 'other'
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection
  connection.once('authenticationMD5Password', () => (authentication = 'md5'))
  connection.once('authenticationSASL', () => (authentication = 'scram'))
  try {
    await client.connect()
    // The connect timer stops at login: the query gets its own, for what is left of the attempt.
    // (pg reads query_timeout from the query's config; its types leave it out.)
    const query = {
      text:
        "select version() as version, current_setting('server_version') as server_version, " +
        "(select rolsuper from pg_roles where rolname = current_user) as superuser, current_setting('password_encryption') as password_encryption",
      query_timeout: Math.max(attemptEnds - Date.now(), 1)
    } as pg.QueryConfig
    const result = await client.query<{ version: string; server_version: string; superuser: boolean; password_encryption: string }>(query)
    return {
      serverVersion: result.rows[0].server_version,
      serverVersionText: result.rows[0].version,
      tlsVersion: (streamOf(client) as tls.TLSSocket).getProtocol?.() ?? 'unknown',
      facts: { superuser: result.rows[0].superuser === true, passwordEncryption: result.rows[0].password_encryption, authentication }
    }
  } finally {
    signal?.removeEventListener('abort', abandon)
    await closeWithin(client)
  }
}

/** The client's socket (pg keeps it on its connection; its types leave it out). */
function streamOf(client: pg.Client): NodeJS.Socket & { destroy(): void } {
  return (client as unknown as { connection: { stream: NodeJS.Socket & { destroy(): void } } }).connection.stream
}

function codeOf(error: unknown): string {
  return String((error as { code?: unknown })?.code ?? '')
}

export function isTransient(error: unknown): boolean {
  if (TRANSIENT_CODES.has(codeOf(error))) return true
  return error instanceof Error && TRANSIENT_MESSAGES.test(error.message) && !CERTIFICATE_CODES.test(codeOf(error))
}

/** One message per failure a user can meet, naming what to do next. */
export function explain(error: unknown, request: VerifyRequest): string {
  const where = `${request.host}:${request.port}`
  const code = codeOf(error)
  const message = errorMessage(error)
  if (code === '28P01') {
    return `Postgres at ${where} rejected the password for user "${request.credentials.user}" (SQLSTATE 28P01). Check \`database-url\` or \`password\`: the proxy is up and TLS works.`
  }
  if (code === '3D000') {
    return `Postgres at ${where} has no database "${request.credentials.database}" (SQLSTATE 3D000). Check the database in \`database-url\` or the \`database\` input.`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // Node's message lists only the names of the host's kind (none for an IP host): name them all.
    const names = (error as { cert?: { subjectaltname?: string } }).cert?.subjectaltname
    const covers = names ? `it is for ${names}` : message
    return `The TLS certificate at ${where} is not valid for host "${request.host}" (${covers}). Use the host the certificate names, or set \`tls: require\` to accept any certificate: the connection stays encrypted but is no longer protected against impersonation.`
  }
  if (CERTIFICATE_CODES.test(code)) {
    return `The TLS certificate at ${where} is not signed by a trusted CA (${code}). Set \`tls: require\` to skip verification (encrypted, but not protected against impersonation), or add the CA with NODE_EXTRA_CA_CERTS.`
  }
  if (/does not support SSL/i.test(message)) {
    return `The server at ${where} does not speak TLS: the port is not behind Fly's pg_tls handler. Check the \`port\` input and the app's [[services]] (handlers = ["pg_tls"]).`
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `The host ${request.host} did not resolve within ${request.verifyTimeoutSeconds}s. New Fly IPs can take a minute to reach DNS: raise \`verify-timeout\`, or check the \`host\` input.`
  }
  const { app } = request
  if (/Query read timeout/.test(message)) {
    return `Postgres at ${where} accepted the TLS connection and the login but never answered \`select version()\` within ${request.verifyTimeoutSeconds}s: the server may be overloaded or stuck. Check \`fly status -a ${app}\` and \`fly logs -a ${app}\`, or raise \`verify-timeout\`.`
  }
  return `Could not open a TLS connection to Postgres at ${where} within ${request.verifyTimeoutSeconds}s (last error: ${message}${code ? `, ${code}` : ''}). Check \`fly status -a ${app}\` and \`fly ips list -a ${app}\`, or raise \`verify-timeout\`.`
}

/**
 * The run's TLS check. When nothing on Fly changed, the attempt made beside the reads was its first; otherwise (or
 * with no such attempt) a fresh check. Each retry is logged.
 */
export function verifyExposure(request: VerifyRequest, early: EarlyCheck | undefined, log: (line: string) => void): Promise<VerifiedConnection> {
  const timing = { onRetry: (error: unknown, attempt: number, delay: number) => log(`attempt ${attempt}: ${errorMessage(error)}; retrying in ${delay} ms`) }
  return early ? verifyAfterEarlyCheck(early, request, timing) : verifyTls(request, timing)
}
