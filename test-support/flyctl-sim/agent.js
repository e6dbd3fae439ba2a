// @ts-check
// The flyctl agent: `agent run` (the daemon), `agent stop`, and how `proxy` starts and uses it.
// flyctl agent/start.go (StartDaemon: `<flyctl> agent run <logfile>`, its own process group, stdio not wired, ≤5 s
// for the socket, logs in <configdir>/agent-logs), agent/agent.go (PathToSocket: <configdir>/fly-agent.sock),
// agent/client.go (Dial: ENOENT is "agent not running"; Kill), internal/command/agent/{stop.go,agent.go} (`failed
// dialing agent: ...`; stop prints nothing), agent/server/server.go (no idle timeout; `kill` closes the listener).
// The wire protocol between the simulated proxy and agent (one command line, then raw bytes) is the simulator's own.
import { spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { CliError } from './errors.js'
import { readStateFile } from './store.js'
import { VERSION } from './version.js'
import { configDir } from './wireguard.js'

/** @typedef {import('./types.js').Ctx} Ctx */

export const socketPath = (dir = configDir()) => join(dir, 'fly-agent.sock')

/**
 * Sends one command line on the agent socket and resolves with the first line of the answer and the socket.
 * @param {string} command
 * @returns {Promise<{ line: string, socket: net.Socket, rest: Buffer }>}
 */
export function agentRequest(command) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath())
    let buffered = Buffer.alloc(0)
    const onData = (/** @type {Buffer} */ chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      const newline = buffered.indexOf(10)
      if (newline < 0) return
      socket.off('data', onData)
      socket.pause()
      resolve({ line: buffered.subarray(0, newline).toString(), socket, rest: buffered.subarray(newline + 1) })
    }
    socket.on('data', onData)
    socket.once('error', reject)
    socket.once('close', () => reject(new Error('agent closed the connection')))
    socket.once('connect', () => socket.write(`${command}\n`))
  })
}

/** Dial + ping; the error texts of agent.Dial. */
async function ping() {
  try {
    const { line, socket } = await agentRequest('ping')
    socket.destroy()
    if (!line.startsWith('ok ')) throw new Error(`invalid server response: "${line}"`)
    return JSON.parse(line.slice(3))
  } catch (caught) {
    const e = /** @type {NodeJS.ErrnoException} */ (caught)
    if (e.code === 'ENOENT') throw new CliError('agent not running')
    if (e.code === 'ECONNREFUSED') throw new CliError(`dial unix ${socketPath()}: connect: connection refused`)
    throw new CliError(e.message)
  }
}

/**
 * agent.Establish: ping the agent, and start the daemon when none answers (waiting ≤5 s for its socket).
 * @param {Ctx} _ctx
 */
export async function ensureAgent(_ctx) {
  try {
    return await ping()
  } catch {
    // not running: start it
  }
  const logDir = join(configDir(), 'agent-logs')
  mkdirSync(logDir, { recursive: true, mode: 0o700 })
  const logFile = join(mkdtempSync(join(logDir, 'agent-')), 'agent.log')
  const flyctl = fileURLToPath(new URL('./flyctl.js', import.meta.url))
  // As StartDaemon: the parent's env plus FLY_NO_UPDATE_CHECK, its own process group, stdio not wired.
  const child = spawn(process.execPath, [flyctl, 'agent', 'run', logFile], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, FLY_NO_UPDATE_CHECK: '1' }
  })
  child.unref()
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    await sleep(50)
    try {
      return await ping()
    } catch {
      // not up yet
    }
  }
  throw new CliError('agent: failed to start')
}

/**
 * `agent stop` (runStop): dial, send kill; nothing printed on success.
 * @param {Ctx} _ctx
 */
export async function runAgentStop(_ctx) {
  try {
    await ping()
  } catch (e) {
    throw new CliError(`failed dialing agent: ${/** @type {Error} */ (e).message}`)
  }
  const { socket } = await agentRequest('kill').catch(e => {
    throw new CliError(`failed stopping agent: ${e.message}`)
  })
  socket.destroy()
}

/**
 * `agent run <logfile>`: the daemon. Answers ping, kill and connect (to the address the world's `privateNetwork`
 * maps flyctl's remote address to) until killed.
 * @param {Ctx} ctx
 */
export async function runAgentRun(ctx) {
  const logFile = ctx.args[0]
  /** @param {string} message */
  const log = message => {
    if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`)
  }
  const path = socketPath()
  rmSync(path, { force: true })
  /** @type {Set<net.Socket>} */
  const sockets = new Set()
  /** @type {() => void} */
  let stop = () => {}
  const stopped = new Promise(resolve => (stop = () => resolve(undefined)))
  const server = net.createServer(client => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => client.destroy())
    let buffered = Buffer.alloc(0)
    const onData = (/** @type {Buffer} */ chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      const newline = buffered.indexOf(10)
      if (newline < 0) return
      client.off('data', onData)
      client.pause()
      const [verb, ...args] = buffered.subarray(0, newline).toString().split(' ')
      const rest = buffered.subarray(newline + 1)
      if (verb === 'ping') {
        client.end(`ok ${JSON.stringify({ PID: process.pid, Version: VERSION, Background: true })}\n`)
      } else if (verb === 'kill') {
        log('received kill')
        client.end('ok\n')
        server.close()
        for (const s of sockets) s.destroy()
        rmSync(path, { force: true })
        stop()
      } else if (verb === 'connect') {
        const target = readStateFile().privateNetwork?.[args[0]]
        if (!target) {
          log(`connect ${args[0]}: no route`)
          client.end(`err dial tcp ${args[0]}: connect: connection refused\n`)
          return
        }
        const upstream = net.connect({ host: target.host ?? '127.0.0.1', port: target.port })
        sockets.add(upstream)
        upstream.on('close', () => {
          sockets.delete(upstream)
          client.destroy()
        })
        upstream.on('error', () => upstream.destroy())
        client.on('close', () => upstream.destroy())
        upstream.once('connect', () => {
          client.write('ok\n')
          if (rest.length) upstream.write(rest)
          client.pipe(upstream)
          upstream.pipe(client)
          client.resume()
        })
      } else {
        client.end(`err unknown command ${verb}\n`)
      }
    }
    client.on('data', onData)
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => resolve(undefined))
  })
  log(`agent started (pid ${process.pid})`)
  await stopped
}
