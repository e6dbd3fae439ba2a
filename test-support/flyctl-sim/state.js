// @ts-check
// Helpers for tests driving the flyctl simulator: its state file, its call log, and installing it.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const SIMULATOR_PATH = join(dirname(fileURLToPath(import.meta.url)), 'flyctl.js')

/** Commands that change an app (README: `write` is true for allocations, releases, deploy and machine update). */
export const WRITE_COMMANDS = ['ips allocate-v4', 'ips allocate-v6', 'ips release', 'deploy', 'machines update']

/** @typedef {import('./types.js').Json} Json */

/**
 * @param {string} path
 * @param {unknown} value
 */
function writeJsonAtomically(path, value) {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(tmp, JSON.stringify(value, null, 2))
  renameSync(tmp, path)
}

/**
 * Writes a fresh state file (creating its directory). Returns the path.
 * @param {string} path
 * @param {object} state
 */
export function createState(path, state) {
  mkdirSync(dirname(resolve(path)), { recursive: true })
  writeJsonAtomically(path, state)
  return path
}

/**
 * @param {string} path
 * @returns {Json} the world (test-support/README.md "Simulator state")
 */
export function readState(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}

/**
 * Read-modify-write; `fn` may mutate the state or return a new one. Not locked: use between simulator runs.
 * @param {string} path
 * @param {(state: Json) => Json} fn
 */
export function updateState(path, fn) {
  const state = readState(path)
  const next = fn(state) ?? state
  writeJsonAtomically(path, next)
  return next
}

/**
 * Parsed call-log lines ([] when the log does not exist yet).
 * @param {string} logPath
 * @returns {Json[]}
 */
export function readCalls(logPath) {
  if (!existsSync(logPath)) return []
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => JSON.parse(line))
}

/**
 * The simulator processes started (pid, argv, start), from the start log beside the call log.
 * @param {string} logPath
 */
export function readStarts(logPath) {
  return readCalls(`${logPath}.started`)
}

/**
 * Started simulator processes still running now: a pid that signal 0 reaches and that is not a zombie (Linux).
 * @param {string} logPath
 */
export function runningStarts(logPath) {
  return readStarts(logPath).filter(entry => {
    try {
      process.kill(entry.pid, 0)
    } catch {
      return false
    }
    try {
      const stat = readFileSync(`/proc/${entry.pid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
    } catch {
      return true
    }
  })
}

/**
 * True when the first calls of commands `a` and `b` ran at the same time (their [start, end] intervals overlap).
 * @param {Json[]} calls
 * @param {string} a
 * @param {string} b
 */
export function callsOverlap(calls, a, b) {
  const [x, y] = [calls.find(c => c.command === a), calls.find(c => c.command === b)]
  return Boolean(x && y && x.start < y.end && y.start < x.end)
}

/**
 * Calls that changed an app.
 * @param {Json} call
 */
export function isWrite(call) {
  return call.write === true
}

/**
 * Calls that changed an app.
 * @param {Json[]} calls
 */
export function writeCalls(calls) {
  return calls.filter(isWrite)
}

/** @param {string} version */
function wrapperScript(version) {
  /** @param {string} s */
  const quoted = s => `'${String(s).replace(/'/g, `'\\''`)}'`
  // The absolute node path keeps the wrapper working when a test narrows PATH to its bin dir.
  return `#!/bin/sh\nFLYSIM_VERSION=${quoted(version)} exec ${quoted(process.execPath)} ${quoted(SIMULATOR_PATH)} "$@"\n`
}

/**
 * Writes executable `flyctl` and `fly` wrappers into binDir. Returns binDir.
 * @param {string} binDir
 * @param {{ version?: string }} [opts]
 */
export function installSimulator(binDir, { version = '0.4.87' } = {}) {
  mkdirSync(binDir, { recursive: true })
  for (const name of ['flyctl', 'fly']) {
    const path = join(binDir, name)
    writeFileSync(path, wrapperScript(version))
    chmodSync(path, 0o755)
  }
  return binDir
}

/**
 * Writes a release-style .tar.gz whose only member is the `flyctl` wrapper (like flyctl_<v>_Linux_x86_64.tar.gz).
 * @param {string} destPath
 * @param {{ version?: string }} [opts]
 */
export function writeReleaseTarball(destPath, { version = '0.4.87' } = {}) {
  const staging = mkdtempSync(join(tmpdir(), 'flysim-release-'))
  try {
    const path = join(staging, 'flyctl')
    writeFileSync(path, wrapperScript(version))
    chmodSync(path, 0o755)
    mkdirSync(dirname(resolve(destPath)), { recursive: true })
    execFileSync('tar', ['-czf', resolve(destPath), '-C', staging, 'flyctl'])
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return destPath
}
