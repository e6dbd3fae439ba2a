// The TLS check against servers that accept a connection and then never answer: each attempt is stopped within
// `verify-timeout`, every socket is closed, and the message says what was last seen. Real sockets on loopback.
import { afterEach, describe, expect, it } from '@jest/globals'
import * as net from 'node:net'
import * as tls from 'node:tls'
import { issueServerCertificate, makeCertificateAuthority } from '../test-support/postgres-tls.js'
import { startEarlyCheck, verifyAfterEarlyCheck, verifyTls, type VerifyRequest } from '../src/effects/verify.js'

type Silent = { server: net.Server; port: number; accepted: number; open: Set<net.Socket>; tlsDone?: number }
const servers: net.Server[] = []

/** A TCP server that accepts and never answers; `handshake` first answers the SSLRequest and completes TLS. */
async function silentServer(handshake?: { key: string; cert: string }): Promise<Silent> {
  const open = new Set<net.Socket>()
  const silent = { accepted: 0, open } as Silent
  silent.server = net.createServer(socket => {
    silent.accepted += 1
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => undefined)
    // Read (and ignore) what the client sends, so its close is seen here.
    if (!handshake) return void socket.resume()
    socket.once('data', () => {
      // Postgres answers an SSLRequest with 'S', then the TLS handshake; after it, silence.
      socket.write('S')
      const secure = new tls.TLSSocket(socket, { isServer: true, key: handshake.key, cert: handshake.cert })
      secure.on('error', () => undefined)
      // The TLS socket now owns the connection: its close is the connection's.
      secure.on('close', () => open.delete(socket))
      secure.resume()
      secure.on('secure', () => (silent.tlsDone = (silent.tlsDone ?? 0) + 1))
    })
  })
  servers.push(silent.server)
  await new Promise<void>(resolve => silent.server.listen(0, '127.0.0.1', resolve))
  silent.port = (silent.server.address() as net.AddressInfo).port
  return silent
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    await new Promise(resolve => server.close(resolve))
  }
})

const request = (port: number): VerifyRequest => ({
  app: 'silent-db',
  host: '127.0.0.1',
  port,
  credentials: { user: 'postgres', password: 'secret', database: 'postgres' },
  tls: 'require',
  verifyTimeoutSeconds: 2
})

async function settle(): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 200))
}

describe('a server that accepts and never answers', () => {
  it('a silent TCP server: every attempt times out, the check gives up at verify-timeout, no socket left open', async () => {
    const silent = await silentServer()
    const retries: string[] = []
    const failure = await verifyTls(request(silent.port), { onRetry: error => retries.push(String((error as Error).message)) }).catch((error: Error) => error)
    expect((failure as Error).message).toBe(
      `Could not open a TLS connection to Postgres at 127.0.0.1:${silent.port} within 2s (last error: timeout expired). Check \`fly status -a silent-db\` and \`fly ips list -a silent-db\`, or raise \`verify-timeout\`.`
    )
    // The attempts were bounded, not one endless wait: each one the server saw ended in `timeout expired`.
    expect(silent.accepted).toBe(retries.length + 1)
    expect(retries.every(message => message === 'timeout expired')).toBe(true)
    await settle()
    expect(silent.open.size).toBe(0)
  })

  it('a server that completes TLS and then never answers the login: bounded the same way', async () => {
    const ca = makeCertificateAuthority('silent CA')
    const { certPem, keyPem } = issueServerCertificate(ca, ['127.0.0.1'])
    const silent = await silentServer({ key: keyPem, cert: certPem })
    const failure = await verifyTls(request(silent.port)).catch((error: Error) => error)
    expect((failure as Error).message).toMatch(/within 2s \(last error: timeout expired\)/)
    expect((silent as Silent & { tlsDone?: number }).tlsDone).toBeGreaterThanOrEqual(1)
    await settle()
    expect(silent.open.size).toBe(0)
  })
})

describe('the attempt made beside the reads', () => {
  it('abandoned (the plan changes something): its socket is closed at once, and it settles as a failure nobody reads', async () => {
    const silent = await silentServer()
    const early = startEarlyCheck({ ...request(silent.port), verifyTimeoutSeconds: 30 })
    while (silent.accepted === 0) await new Promise(resolve => setTimeout(resolve, 10))
    const abandonedAt = Date.now()
    early.abandon()
    const outcome = await early.result
    expect('error' in outcome).toBe(true)
    expect(Date.now() - abandonedAt).toBeLessThan(1_000)
    await settle()
    expect(silent.open.size).toBe(0)
  })

  it('still pending when the plan changed nothing: waited for, then retried within verify-timeout counted from then', async () => {
    const silent = await silentServer()
    const early = startEarlyCheck(request(silent.port))
    const attempts: number[] = []
    const failure = await verifyAfterEarlyCheck(early, request(silent.port), { onRetry: (_error, attempt) => attempts.push(attempt) }).catch(
      (error: Error) => error
    )
    expect((failure as Error).message).toMatch(/within 2s \(last error: timeout expired\)/)
    // The early attempt used the whole 2 s: nothing was left for another, and it is not reported as a retry.
    expect(attempts).toEqual([])
    expect(silent.accepted).toBe(1)
    await settle()
    expect(silent.open.size).toBe(0)
  })
})
