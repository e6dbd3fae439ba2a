// @ts-check
// The simulator's side of FLYSIM_STATE: locked read-modify-write, and the cost and checks of an API call.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { lockReleased, lockTaken } from './cancel.js'
import { apiError, CliError, gql, QUERIES } from './errors.js'

/** @typedef {import('./types.js').App} App */
/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').World} World */

export const STATE_PATH = process.env.FLYSIM_STATE

/** @returns {World} */
export function readStateFile() {
  if (!STATE_PATH) throw new CliError('flyctl simulator: FLYSIM_STATE is not set')
  return JSON.parse(readFileSync(STATE_PATH, 'utf8'))
}

/**
 * Runs `fn` on the state under the lock (a directory beside the state file), then writes the state back.
 * @template R
 * @param {(state: World) => R | Promise<R>} fn
 * @returns {Promise<R>}
 */
export async function withStateLock(fn) {
  const lockDir = `${STATE_PATH}.lock`
  const deadline = Date.now() + 15000
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EEXIST') throw e
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 10000) rmSync(lockDir, { recursive: true, force: true }) // holder died
      } catch {
        // lock vanished meanwhile: retry
      }
      if (Date.now() > deadline) throw new CliError('flyctl simulator: timed out waiting for the state lock')
      await sleep(2 + Math.random() * 6)
    }
  }
  lockTaken()
  try {
    const state = readStateFile()
    const result = await fn(state)
    const tmp = `${STATE_PATH}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(state, null, 2))
    renameSync(tmp, /** @type {string} */ (STATE_PATH)) // set: readStateFile throws otherwise
    return result
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
    lockReleased()
  }
}

/**
 * Applies `fn(app, state)` to the app under the lock and marks this call as a write.
 * @template R
 * @param {Ctx} ctx
 * @param {(app: App, state: World) => R} fn
 * @returns {Promise<R>}
 */
export async function mutateApp(ctx, fn) {
  return withStateLock(state => {
    const app = state.apps?.[ctx.appName]
    if (!app) throw apiError(gql(QUERIES.appCompact), 'notfound', ctx.appName)
    const result = fn(app, state)
    ctx.wrote = true
    return result
  })
}

/**
 * Sleeps for a delay the state asks for, when it is positive.
 * @param {number | undefined} ms
 */
export async function pause(ms) {
  if (ms && ms > 0) await sleep(ms)
}

/**
 * A test's gate, not a flyctl behaviour: waits while the world's `holds[name]` is set, so a test can look at what a
 * command holds mid-way (its leases) without racing a delay; the test clears the hold once it has looked.
 * @param {string} name
 */
export async function waitWhileHeld(name) {
  while (readStateFile().holds?.[name]) await sleep(20)
}

/** @param {Ctx} ctx */
export async function chargeApiCall(ctx) {
  ctx.apiCalls += 1
  await pause(ctx.state.apiDelayMs)
}

/**
 * The first API call of a command: checks the token and that the app exists.
 * @param {Ctx} ctx
 * @param {import('./errors.js').Api} api
 */
export async function fetchApp(ctx, api) {
  await chargeApiCall(ctx)
  if (ctx.token !== ctx.state.token) throw apiError(api, 'auth', ctx.appName)
  const app = ctx.state.apps?.[ctx.appName]
  if (!app) throw apiError(api, 'notfound', ctx.appName)
  return app
}

/** @param {App} app */
export function isPostgresApp(app) {
  if (app.role) return app.role === 'postgres_cluster'
  return (app.machines ?? []).some(m => m.config?.metadata?.['fly-managed-postgres'] === 'true')
}
