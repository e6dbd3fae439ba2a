// Passwords the action sets, and the only form in which they travel to Postgres.
// A SCRAM-SHA-256 verifier is what Postgres stores; sent in place of the password it is stored as it is, so no server
// log, statistics view or failed statement can ever hold the password (postgres src/common/scram-common.c
// scram_build_secret; libpq's PQencryptPasswordConn sends the same).
import * as crypto from 'node:crypto'

/** Postgres's default `scram_iterations` (and its only value before PostgreSQL 16). */
export const SCRAM_ITERATIONS = 4096
const SALT_BYTES = 16

/**
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for a password of printable ASCII (what the action
 * makes), for which SASLprep changes nothing. Anything else is refused rather than prepared differently from Postgres.
 */
export function scramVerifier(password: string, salt: Buffer = crypto.randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): string {
  if (!/^[\x20-\x7e]+$/.test(password)) throw new Error('scramVerifier: only passwords of printable ASCII characters are supported')
  const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256')
  const hmac = (key: Buffer, text: string): Buffer => crypto.createHmac('sha256', key).update(text).digest()
  const storedKey = crypto.createHash('sha256').update(hmac(salted, 'Client Key')).digest()
  const serverKey = hmac(salted, 'Server Key')
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}

// Letters and digits need no escaping in a URL, a form value or a shell.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
const DERIVED_LENGTH = 32

/**
 * A stable password: HMAC-SHA-256 of the cluster, database and role, keyed by a secret. Every run computes the same
 * one, so a rerun can log in with it and change nothing; a new key rotates it. 32 characters of 62 (about 190 bits),
 * each from its own byte of HMAC output expanded with a counter (a byte is rejected when it would bias the choice).
 */
export function derivePassword(key: string, target: { cluster: string; database: string; role: string }): string {
  const label = ['fly-pg-expose/v1', target.cluster, target.database, target.role].join('\0')
  let password = ''
  for (let block = 0; password.length < DERIVED_LENGTH; block++) {
    const bytes = crypto.createHmac('sha256', key).update(`${label}\0${block}`).digest()
    for (const byte of bytes) {
      // 248 = 4 * 62: bytes at or above it would favour the first characters.
      if (byte < 248 && password.length < DERIVED_LENGTH) password += ALPHABET[byte % ALPHABET.length]
    }
  }
  return password
}
