// @ts-check
// Machine leases (fly-go flaps AcquireLease): taken by `deploy` and `machine update`, cleared when the process ends.
import { apiError, CliError, flaps } from './errors.js'
import { randomHex } from './helpers.js'
import { withStateLock } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */

const LEASE_OWNER = 'ci@example.com' // flaps returns the token owner's email as the lease holder
export const MACHINE_LEASE_TTL_MS = 13000 // guess: machine/lease.go's default TTL is not checked; deploy's --lease-timeout is 13 s

/**
 * fly-go flaps AcquireLease: one holder per machine until its TTL ends or it is cleared. A lease still held fails
 * with `failed to get lease on VM <id>: machine ID <id> lease currently held by <owner>, expires at <time>` (the
 * server's text after the colon is a guess). A state value that is a plain string is a lease held for good.
 * The leases are cleared when this process ends (main's finally), as flyctl's deferred releaseLeases does; a killed
 * process leaves them until they expire.
 * @param {Ctx} ctx
 * @param {string[]} ids machine ids
 * @param {number} ttlMs
 */
export async function acquireLeases(ctx, ids, ttlMs) {
  const nonce = randomHex(16)
  await withStateLock(state => {
    const app = state.apps?.[ctx.appName]
    if (!app) throw apiError(flaps(''), 'notfound', ctx.appName)
    app.leases ??= {}
    for (const id of ids) {
      const lease = app.leases[id]
      const expiresAt = typeof lease === 'string' ? Date.now() + 60000 : (lease?.expiresAt ?? 0)
      if (lease && expiresAt > Date.now()) {
        const owner = typeof lease === 'string' ? lease : lease.owner
        throw new CliError(
          `failed to get lease on VM ${id}: machine ID ${id} lease currently held by ${owner}, expires at ${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
        )
      }
    }
    for (const id of ids) app.leases[id] = { owner: LEASE_OWNER, nonce, expiresAt: Date.now() + ttlMs }
  })
  ctx.leases = { nonce, ids }
}

/**
 * Clears the leases this process holds (by nonce), whatever the command's outcome.
 * @param {Ctx} ctx
 */
export async function releaseLeases(ctx) {
  if (!ctx.leases) return
  const { nonce, ids } = ctx.leases
  ctx.leases = undefined
  await withStateLock(state => {
    /** @type {Record<string, import('./types.js').Lease | string>} */
    const leases = state.apps?.[ctx.appName]?.leases ?? {}
    for (const id of ids) if (/** @type {Partial<import('./types.js').Lease> | undefined} */ (leases[id])?.nonce === nonce) delete leases[id]
  })
}
