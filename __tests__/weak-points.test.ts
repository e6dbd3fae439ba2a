// The judgements behind the exposure warnings, from facts alone.
import { describe, expect, it } from '@jest/globals'
import { randomInt } from 'node:crypto'
import {
  connectionWarnings,
  handsOutAdmin,
  inputWeakPoints,
  MIN_PASSWORD_BITS,
  passwordBits,
  passwordWeakness,
  sslmodeWarning
} from '../src/pure/weak-points.js'
import { describeExposure, publicExposure } from '../src/pure/exposure.js'
import { planExposure } from '../src/pure/plan.js'
import { exposedFlexCluster, flexClusterWithoutService, modernFlexCluster } from '../test-support/flyctl-sim/clusters.js'
import type { ClusterState } from '../src/pure/fly-types.js'

const scram = { superuser: false, passwordEncryption: 'scram-sha-256', authentication: 'scram' as const }

/** A password made the way `fly pg create` makes one: flyctl helpers.RandString(15), letters and digits from crypto/rand. */
function flyctlRandString(length: number): string {
  const charset = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  let out = ''
  for (let i = 0; i < length; i++) out += charset[randomInt(charset.length)]
  return out
}

const COMMON = 'is a common password, among the first an attacker tries'
const GUESSABLE =
  'is easy to guess (under 64 bits estimated: too short, too few kinds of characters, or runs like "aaa" and "123"; 15 random letters and digits, as `fly pg create` makes, give about 89)'

describe('passwordWeakness: what an attacker faces', () => {
  it.each([
    ['password1', COMMON],
    ['Postgres', COMMON],
    ['postgres', COMMON],
    ['P@ssw0rd123!', COMMON],
    ['Postgres2024', COMMON],
    ['aaaaaaaaaaaaaaaa', GUESSABLE],
    ['1234567890123456', GUESSABLE],
    ['abcdefghijklmnopqrstuvwxyz', GUESSABLE],
    ['Zz9Zz9', GUESSABLE],
    ['x7Kq2vLm9', GUESSABLE],
    ['x7#Kq2!vLm9', undefined],
    ['a-long-enough-passphrase-42', undefined]
  ])('%s', (password, weakness) => expect(passwordWeakness(password)).toBe(weakness))

  // Issue 28: `fly pg create` makes the operator password with helpers.RandString(15), about 89 bits; it used to be
  // called weak for being shorter than 16 characters.
  it('a password made as `fly pg create` makes one (15 random letters and digits) is not weak, every time', () => {
    for (let i = 0; i < 2000; i++) {
      const password = flyctlRandString(15)
      expect([password, passwordWeakness(password)]).toEqual([password, undefined])
    }
    expect(passwordBits('aB3dE6gH9jK2mN5')).toBeCloseTo(15 * Math.log2(62), 5)
  })

  it('runs of three or more count about a bit each; two alike in a row count in full', () => {
    expect(passwordBits('aab')).toBeCloseTo(3 * Math.log2(26), 5)
    expect(passwordBits('aaa')).toBeCloseTo(2 * Math.log2(26) + 1, 5)
    expect(passwordBits('cba')).toBeCloseTo(2 * Math.log2(26) + 1, 5)
    expect(passwordBits('aaaaaaaaaaaaaaaa')).toBeLessThan(MIN_PASSWORD_BITS)
  })
})

// Review #13: prefer lets a libpq client fall back to plaintext; every other mode the action writes encrypts.
describe('sslmodeWarning', () => {
  it('prefer: a weak point', () => {
    expect(sslmodeWarning('prefer')).toBe(
      'The URL says sslmode=prefer, which lets psql and other libpq clients fall back to an unencrypted connection when TLS fails: whoever sits on the network can force that and read the password. Use `sslmode: require` or `verify-full`.'
    )
  })
  it.each(['require', 'verify-ca', 'verify-full', 'no-verify'])('%s: nothing to say', sslmode => expect(sslmodeWarning(sslmode)).toBeUndefined())
})

describe('inputWeakPoints', () => {
  const strong = { user: 'app', password: 'a-long-enough-passphrase-42' }
  it('the password and the sslmode, judged before any change', () => {
    expect(inputWeakPoints({ credentials: strong, sslmode: 'require' })).toEqual([])
    expect(inputWeakPoints({ credentials: strong, sslmode: 'prefer' })).toEqual([sslmodeWarning('prefer')])
    expect(inputWeakPoints({ credentials: { user: 'app', password: 'short' }, sslmode: 'prefer' })).toEqual([
      `The password of role "app" ${GUESSABLE}, and the database is now reachable from the internet: use a long random password (e.g. \`openssl rand -base64 32\`).`,
      sslmodeWarning('prefer')
    ])
  })

  // Issue 28: postgres-flex makes `postgres` (and `flypgadmin`) a superuser on every cluster: known before any change.
  it('the admin URL of a user postgres-flex always makes a superuser, unless a preview or a role is handed out instead', () => {
    const admin = { user: 'postgres', password: strong.password }
    const [warning] = inputWeakPoints({ credentials: admin, sslmode: 'require' })
    expect(warning).toMatch(/^The URL logs in as "postgres", a superuser \(postgres-flex makes "postgres" one on every cluster\), over the internet/)
    expect(inputWeakPoints({ credentials: { ...admin, user: 'flypgadmin' }, sslmode: 'require' })).toHaveLength(1)
    expect(inputWeakPoints({ credentials: admin, sslmode: 'require', previewDatabase: 'pr-1' })).toEqual([])
    expect(inputWeakPoints({ credentials: admin, sslmode: 'require', ciRole: { name: 'app_ci' } })).toEqual([])
    expect(handsOutAdmin({})).toBe(true)
    expect(handsOutAdmin({ ciRole: { name: 'app_ci' } })).toBe(false)
  })
})

describe('connectionWarnings', () => {
  it('a least-privilege role over SCRAM and TLS 1.3: nothing to say', () => {
    expect(connectionWarnings('app', scram, 'TLSv1.3')).toEqual([])
  })
  it('a superuser, an md5 login, md5 hashing for new passwords, TLS 1.1: each said, never the password', () => {
    expect(connectionWarnings('postgres', { ...scram, superuser: true }, 'TLSv1.2')[0]).toMatch(/^The URL logs in as "postgres", a superuser/)
    expect(connectionWarnings('app', { ...scram, authentication: 'md5' }, 'TLSv1.3')).toEqual([
      'On this server role "app"\'s password is stored as md5, a hash weaker than SCRAM-SHA-256: set `password_encryption = scram-sha-256` and set the password again (`\\password app` in psql).'
    ])
    expect(connectionWarnings('app', { ...scram, passwordEncryption: 'md5' }, 'TLSv1.3')[0]).toContain('the server stores new passwords as md5')
    // Node's client refuses anything below TLS 1.2 by default, so a real server cannot show this: judged from the fact.
    expect(connectionWarnings('app', scram, 'TLSv1.1')).toEqual([
      'The connection negotiated TLSv1.1, older than TLS 1.2: check the proxy in front of the database.'
    ])
  })
})

describe('publicExposure', () => {
  // The fixtures are plain JSON as flyctl prints it; the action reads them as its types.
  const state = (cluster: { ips: unknown; machines: unknown }) => ({ ips: cluster.ips, machines: cluster.machines }) as ClusterState
  const plan = (s: ClusterState) => planExposure({ app: 'db', ipv4: 'dedicated', ipv6: true, port: 5432, deploy: 'auto', method: 'deploy', image: 'major' }, s)

  it('a fly pg create cluster: both pg_tls ports become public with the new addresses', () => {
    const s = state(modernFlexCluster({ app: 'db' }))
    expect(describeExposure(publicExposure(s.machines, plan(s), { ipv4: '149.248.1.1', ipv6: '2a09::1' }, 5432))).toEqual([
      'public addresses: 149.248.1.1 (dedicated IPv4, new), 2a09::1 (IPv6, new)',
      'public port 5432 -> 5432 [pg_tls]: HAProxy, which routes to the primary (new)',
      'public port 5433 -> 5433 [pg_tls]: Postgres on each member (replicas included) (new)'
    ])
  })

  it('an exposed cluster: everything was public before', () => {
    const s = state(exposedFlexCluster({ app: 'db' }))
    const p = plan(s)
    const lines = describeExposure(publicExposure(s.machines, p, { ipv4: p.existing.ipv4, ipv6: p.existing.ipv6 }, 5432))
    expect(lines.every(line => line.includes('public before'))).toBe(true)
    expect(lines).toHaveLength(3)
  })

  it('a cluster without the service: only the added pg_tls port', () => {
    const s = state(flexClusterWithoutService({ app: 'db' }))
    expect(describeExposure(publicExposure(s.machines, plan(s), { ipv4: '149.248.1.1' }, 5432))).toEqual([
      'public addresses: 149.248.1.1 (dedicated IPv4, new)',
      'public port 5432 -> 5432 [pg_tls]: HAProxy, which routes to the primary (new)'
    ])
  })
})
