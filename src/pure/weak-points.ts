// What makes an exposed database easy to attack, judged from facts alone (pure): the credentials in the URL and
// what the verified connection showed. Never includes the password itself in a message.
import type { ConnectionFacts } from './connection.js'

/**
 * The least estimated entropy a password needs: guessing it then takes 2^64 tries, out of reach online and costly
 * offline even against a leaked hash. `fly pg create` makes passwords of 15 random letters and digits (flyctl
 * `helpers.RandString(15)`, crypto/rand): about 89 bits, well above.
 */
export const MIN_PASSWORD_BITS = 64

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

/**
 * About how many bits an attacker must guess (pure): each character is worth the size of the alphabets the password
 * draws from (lowercase, uppercase, digits, ASCII symbols, anything else), except one that continues a run of three
 * (`aaa`, `abc`, `321`), which an attacker guesses in about one bit. Meant for random passwords: a word with a few
 * changes is caught by the common-password check, not here.
 */
export function passwordBits(password: string): number {
  const chars = [...password]
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, /[^\x21-\x7e]/]
  const sizes = [26, 26, 10, 32, 100]
  const alphabet = classes.reduce((sum, pattern, i) => sum + (chars.some(char => pattern.test(char)) ? sizes[i] : 0), 0)
  const perChar = Math.log2(Math.max(alphabet, 2))
  const code = (i: number) => chars[i].codePointAt(0) ?? 0
  let bits = 0
  for (let i = 0; i < chars.length; i++) {
    const step = i >= 2 ? code(i) - code(i - 1) : NaN
    const continuesRun = Math.abs(step) <= 1 && code(i - 1) - code(i - 2) === step
    bits += continuesRun ? 1 : perChar
  }
  return bits
}

/** A common password with the usual decorations: case, leetspeak, and digits or symbols around it (`P@ssw0rd123!`). */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase()
  const core = lower
    .replace(/^[^a-z@$]+|[^a-z0-9@$]+$/g, '')
    .replace(/\d+$/, '')
    .replace(/[0134@$5!]/g, char => ({ 0: 'o', 1: 'i', 3: 'e', 4: 'a', '@': 'a', $: 's', 5: 's', '!': 'i' })[char] ?? char)
  return COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(core.replace(/i/g, 'l'))
}

/** Why a password is weak, or undefined when it is not (checked before any change: it needs no connection). */
export function passwordWeakness(password: string): string | undefined {
  if (isCommon(password)) return 'is a common password, among the first an attacker tries'
  const bits = passwordBits(password)
  if (bits < MIN_PASSWORD_BITS) {
    // The estimate itself stays out of the message: a public log would tell an attacker how short the password is.
    return `is easy to guess (under ${MIN_PASSWORD_BITS} bits estimated: too short, too few kinds of characters, or runs like "aaa" and "123"; 15 random letters and digits, as \`fly pg create\` makes, give about 89)`
  }
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

/**
 * The roles every postgres-flex cluster makes superusers: `postgres` (OPERATOR_PASSWORD, the one `fly pg create`
 * prints) and `flypgadmin` (SU_PASSWORD). A URL of either is known to be a superuser's before any connection.
 */
export const FLEX_SUPERUSERS = ['postgres', 'flypgadmin']

/** What the inputs say about the run: the credentials it connects with and what it hands out. */
export interface JudgedInputs {
  credentials: { user: string; password: string }
  sslmode: string
  /** A preview database and role are made and handed out instead of the admin. */
  previewDatabase?: string
  /** A least-privilege role handed out instead of the admin (the `role` input). */
  ciRole?: unknown
}

/**
 * Whether the URL the run outputs is the admin's own (the one place that decides it): not when a preview database
 * or a least-privilege `role` is made and handed out instead.
 */
export function handsOutAdmin(inputs: Pick<JudgedInputs, 'previewDatabase' | 'ciRole'>): boolean {
  return !inputs.previewDatabase && !inputs.ciRole
}

/** The admin's URL is handed out and its user is one postgres-flex always makes a superuser: known before any change. */
export function knownSuperuser(inputs: JudgedInputs): boolean {
  return handsOutAdmin(inputs) && FLEX_SUPERUSERS.includes(inputs.credentials.user)
}

function superuserWarning(user: string, known: boolean): string {
  const what = known ? `a superuser (postgres-flex makes "${user}" one on every cluster)` : 'a superuser'
  return `The URL logs in as "${user}", ${what}, over the internet: whoever gets this URL owns the whole cluster. Prefer a least-privilege role: ${LEAST_PRIVILEGE_ADVICE}.`
}

/** The weak points the inputs alone show (the password, a known superuser handed out, the sslmode): judged before any change. */
export function inputWeakPoints(inputs: JudgedInputs): string[] {
  const { user, password } = inputs.credentials
  return [weakPasswordWarning(user, password), knownSuperuser(inputs) ? superuserWarning(user, true) : undefined, sslmodeWarning(inputs.sslmode)].filter(
    (warning): warning is string => Boolean(warning)
  )
}

/** Warnings from what the verified connection showed. */
export function connectionWarnings(user: string, facts: ConnectionFacts, tlsVersion: string): string[] {
  const warnings: string[] = []
  if (facts.superuser) warnings.push(superuserWarning(user, false))
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
