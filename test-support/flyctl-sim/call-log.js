// @ts-check
// The call log (FLYSIM_LOG) and its start log (FLYSIM_LOG.started).
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

const LOG_PATH = process.env.FLYSIM_LOG

/**
 * A start line per process (the call log line is written at the end: a SIGKILLed call writes none).
 * @param {string[]} argv
 */
export function logStart(argv) {
  if (!LOG_PATH) return
  mkdirSync(dirname(resolve(LOG_PATH)), { recursive: true })
  appendFileSync(`${LOG_PATH}.started`, `${JSON.stringify({ pid: process.pid, argv, start: Date.now() })}\n`)
}

/** @param {Record<string, unknown>} entry one call-log line (test-support/README.md "Call log") */
export function logCall(entry) {
  if (!LOG_PATH) return
  mkdirSync(dirname(resolve(LOG_PATH)), { recursive: true })
  appendFileSync(LOG_PATH, `${JSON.stringify(entry)}\n`)
}
