// What makes an exposed database easy to attack, judged from facts alone (pure): the credentials in the URL and
// what the verified connection showed. Never includes the password itself in a message.
import type { ConnectionFacts } from './connection.js'

export const MIN_PASSWORD_LENGTH = 16

/** How to get a least-privilege role today (one place, so the advice can grow with the action). */
export const LEAST_PRIVILEGE_ADVICE =
  "create a role with only the rights the job needs (`fly pg connect -a <app>`, then `CREATE ROLE app_ci LOGIN PASSWORD ...` and GRANTs), and pass that role's URL instead, or set `role` (with `privileges: read`, `write` or `migrate`) or `preview-database` to have the action make one and hand out its URL"

// A small list of passwords attackers try first (the most common entries of public breach lists).
const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  'passw0rd',
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'qwerty',
  'qwerty123',
  'abc123',
  'letmein',
  'welcome',
  'admin',
  'admin123',
  'root',
  'postgres',
  'postgres123',
  'changeme',
  'secret',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'trustno1',
  'football',
  'baseball',
  'superman',
  'sunshine',
  'princess',
  'shadow',
  'michael',
  'default',
  'test',
  'test123',
  'guest',
  'database',
  'fly',
  'flyio'
])

/** Why a password is weak, or undefined when it is not (checked before any change: it needs no connection). */
export function passwordWeakness(password: string): string | undefined {
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'is a common password, among the first an attacker tries'
  if (password.length < MIN_PASSWORD_LENGTH) return `is shorter than ${MIN_PASSWORD_LENGTH} characters`
  return undefined
}

export function weakPasswordWarning(user: string, password: string): string | undefined {
  const weakness = passwordWeakness(password)
  return (
    weakness &&
    `The password of role "${user}" ${weakness}, and the database is now reachable from the internet: use a long random password (e.g. \`openssl rand -base64 32\`).`
  )
}

/** Why the sslmode written into the URL is weak, or undefined (node-postgres reads prefer as verify-full; libpq does not). */
export function sslmodeWarning(sslmode: string): string | undefined {
  if (sslmode !== 'prefer') return undefined
  return 'The URL says sslmode=prefer, which lets psql and other libpq clients fall back to an unencrypted connection when TLS fails: whoever sits on the network can force that and read the password. Use `sslmode: require` or `verify-full`.'
}

/** The weak points the inputs alone show (the password, the sslmode): judged before any change. */
export function inputWeakPoints(credentials: { user: string; password: string }, sslmode: string): string[] {
  return [weakPasswordWarning(credentials.user, credentials.password), sslmodeWarning(sslmode)].filter((warning): warning is string => Boolean(warning))
}

/** Warnings from what the verified connection showed. */
export function connectionWarnings(user: string, facts: ConnectionFacts, tlsVersion: string): string[] {
  const warnings: string[] = []
  if (facts.superuser) {
    warnings.push(
      `The URL logs in as "${user}", a superuser, over the internet: whoever gets this URL owns the whole cluster. Prefer a least-privilege role: ${LEAST_PRIVILEGE_ADVICE}.`
    )
  }
  if (facts.authentication === 'md5' || facts.passwordEncryption === 'md5') {
    const what =
      facts.authentication === 'md5' ? `role "${user}"'s password is stored as md5` : 'the server stores new passwords as md5 (`password_encryption`)'
    warnings.push(
      `On this server ${what}, a hash weaker than SCRAM-SHA-256: set \`password_encryption = scram-sha-256\` and set the password again (\`\\password ${user}\` in psql).`
    )
  }
  if (/^TLSv1(\.[01])?$/.test(tlsVersion) || tlsVersion === 'SSLv3') {
    warnings.push(`The connection negotiated ${tlsVersion}, older than TLS 1.2: check the proxy in front of the database.`)
  }
  return warnings
}
