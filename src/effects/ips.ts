// Allocates the public IPs the plan asks for, both at once; then converges with runs that did the same meanwhile
// (its wait runs while the deploy and the TLS check do).
import * as core from '@actions/core'
import { asSentence, errorMessage } from '../pure/text.js'
import { isTransientFlyError, type Flyctl } from './flyctl.js'
import type { FlyIp } from '../pure/fly-types.js'
import { keeperOf, type ExposurePlan } from '../pure/plan.js'
import { realSleep } from '../pure/retry.js'
import type { PublicIps } from '../pure/addresses.js'

export type { PublicIps } from '../pure/addresses.js'

type IpKind = 'dedicated' | 'shared' | 'v6'

const ALLOCATION_ATTEMPTS = 3
const TYPE_OF: Record<IpKind, string> = { dedicated: 'v4', shared: 'shared_v4', v6: 'v6' }

export class AllocationError extends Error {
  override name = 'AllocationError'
}

/** Told of each address as soon as it is allocated, so a cancelled run can still say what it changed. */
export type OnAllocated = (family: 'ipv4' | 'ipv6', address: string | undefined, surelyOurs: boolean) => void

export async function allocateMissingIps(
  fly: Flyctl,
  app: string,
  plan: ExposurePlan,
  sleep = realSleep,
  onAllocated: OnAllocated = () => undefined
): Promise<PublicIps> {
  const { allocate, existing } = plan
  // Addresses found by listing after a failed call: this run's, or a concurrent run's; never released as ours.
  const unsure = new Set<string>()
  const tell = (family: 'ipv4' | 'ipv6') => (address: string | undefined) => {
    onAllocated(family, address, !unsure.has(address ?? ''))
    return address
  }
  // Wait for both even when one fails: the other's flyctl may still be allocating, and the user must hear about it.
  const [ipv4, ipv6] = await Promise.allSettled([
    allocate.ipv4 ? allocateOnce(fly, app, allocate.ipv4, sleep, unsure).then(tell('ipv4')) : existing.ipv4,
    allocate.ipv6 ? allocateOnce(fly, app, 'v6', sleep, unsure).then(tell('ipv6')) : existing.ipv6
  ])
  if (ipv4.status === 'fulfilled' && ipv6.status === 'fulfilled') return { ipv4: ipv4.value, ipv6: ipv6.value, unsure: [...unsure] }
  // The address that did go through is named by the caller's undo notes (it heard of it through onAllocated).
  const reason: unknown = ipv4.status === 'rejected' ? ipv4.reason : (ipv6 as PromiseRejectedResult).reason
  if (ipv4.status === 'rejected' && ipv6.status === 'rejected') {
    throw new AllocationError(`${asSentence(errorMessage(ipv4.reason))} Allocating the IPv6 failed too: ${errorMessage(ipv6.reason)}`)
  }
  throw reason
}

/** The app's addresses as `ips list` gives them (a read, retried by flyctl.json). */
async function listIps(fly: Flyctl, app: string): Promise<FlyIp[]> {
  return (await fly.json<FlyIp[] | null>(['ips', 'list', '-a', app])) ?? []
}

/** Longer than one second of creation time, plus a margin for the API to commit what it created in it. */
export const SAME_SECOND_MS = 1200

interface Allocated {
  type: 'v4' | 'v6'
  address: string
}

/**
 * An address another run allocated a moment ago may still lose to one allocated in the same second (that run
 * then releases it). Before using such a fresh address, wait for its second to be over and take the keeper then.
 * Only kinds this run does not allocate (those converge after allocating). Costs nothing unless an address is
 * seconds old; the clocks of the runner and Fly's API are assumed to agree within a second.
 */
export async function settleFreshAddresses(
  fly: Flyctl,
  app: string,
  plan: ExposurePlan,
  listed: FlyIp[],
  listedAt: number,
  sleep = realSleep,
  now = Date.now
): Promise<PublicIps> {
  const kept: Array<[keyof PublicIps, string, string | undefined]> = [
    ['ipv4', plan.existing.ipv4Type ?? 'v4', plan.allocate.ipv4 ? undefined : plan.existing.ipv4],
    ['ipv6', 'v6', plan.allocate.ipv6 ? undefined : plan.existing.ipv6]
  ]
  const used = kept.filter(([, , address]) => address)
  const newest = Math.max(0, ...listed.filter(ip => used.some(([, , address]) => address === ip.Address)).map(ip => Date.parse(ip.CreatedAt) || 0))
  // Fresh when it was listed before its second was surely over: then list again (at once if that is past now).
  const settledAt = newest + 1000 + SAME_SECOND_MS
  if (newest === 0 || settledAt <= listedAt) return {}
  const wait = settledAt - now()
  if (wait > 0) await sleep(Math.min(wait, 3000))
  const again = await listIps(fly, app)
  return Object.fromEntries(used.map(([field, type, address]) => [field, keeperOf(again, type)?.Address ?? address]))
}

/**
 * Waits out the creation second of every fresh address, then keeps the one all runs keep: those this run just
 * allocated (it releases its own duplicate) and a concurrent run's seconds-old ones. Both wait at once.
 */
export async function settleAddresses(
  fly: Flyctl,
  app: string,
  plan: ExposurePlan,
  ips: PublicIps,
  read: { ips: FlyIp[]; readAt: number },
  sleep: (ms: number) => Promise<void> = realSleep
): Promise<{ ips: PublicIps; notices: IpNotice[] }> {
  const [converged, fresh] = await Promise.all([
    convergeWithConcurrentRuns(fly, app, plan, ips, sleep),
    settleFreshAddresses(fly, app, plan, read.ips, read.readAt, sleep)
  ])
  return { ips: { ...converged.ips, ...fresh }, notices: converged.notices }
}

/** A line for the log: the convergence runs beside other stages, so the caller prints them in its own. */
export interface IpNotice {
  level: 'info' | 'warning'
  message: string
}

/**
 * Several jobs exposing one cluster at once each allocate what their read found missing. A dedicated IPv4 is
 * billed, so after allocating, list again: where an older address of the kind exists, release the one this run
 * allocated and use the older. Only addresses this run allocated are ever released. (A shared IPv4 is one per app.)
 */
export async function convergeWithConcurrentRuns(
  fly: Flyctl,
  app: string,
  plan: ExposurePlan,
  ips: PublicIps,
  sleep: (ms: number) => Promise<void> = realSleep
): Promise<{ ips: PublicIps; notices: IpNotice[] }> {
  // Found by listing after a failed call: perhaps a concurrent run's, so never released as ours.
  const ours = (address: string | undefined): address is string => Boolean(address) && !ips.unsure?.includes(address as string)
  const allocated: Allocated[] = []
  if (plan.allocate.ipv4 === 'dedicated' && ours(ips.ipv4)) allocated.push({ type: 'v4', address: ips.ipv4 })
  if (plan.allocate.ipv6 && ours(ips.ipv6)) allocated.push({ type: 'v6', address: ips.ipv6 })
  const notices: IpNotice[] = []
  if (allocated.length === 0) return { ips, notices }
  // Fly's API gives creation times in whole seconds, so an address allocated later in the same second can rank
  // first (by ID). Listing only once that second is over means every run sees all the addresses of its second.
  await sleep(SAME_SECOND_MS)
  const listed = await listIps(fly, app)
  const result: PublicIps = { ...ips, released: [], adopted: [] }
  for (const mine of allocated) {
    const keeper = keeperOf(listed, mine.type)
    if (!keeper || keeper.Address === mine.address) continue
    const field = mine.type === 'v4' ? 'ipv4' : 'ipv6'
    result[field] = keeper.Address
    result.adopted?.push(keeper.Address)
    try {
      await fly.run(['ips', 'release', mine.address, '-a', app])
      result.released?.push(mine.address)
      notices.push({
        level: 'info',
        message: `Another run allocated ${keeper.Address} first: released ${mine.address}, which this run had just allocated, and use ${keeper.Address}.`
      })
    } catch (error) {
      notices.push({
        level: 'warning',
        message: `Another run allocated ${keeper.Address} first, and releasing this run's duplicate ${mine.address} failed (${errorMessage(error)}). Release it with \`fly ips release ${mine.address} -a ${app}\`${mine.type === 'v4' ? ': a dedicated IPv4 is billed while allocated' : ''}.`
      })
    }
  }
  return { ips: result, notices }
}

/**
 * Allocates one IP. A failed call may still have allocated it (a timeout after Fly said yes), so before any
 * retry the IPs are listed again: a dedicated IPv4 is billed, and a second one must never appear by accident.
 */
async function allocateOnce(fly: Flyctl, app: string, kind: IpKind, sleep: (ms: number) => Promise<void>, unsure: Set<string>): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Bounded by the call deadline of `fly` (DEADLINES.callMs unless a test gave it shorter ones).
      const { stdout } = await fly.run(allocateArgs(app, kind), {
        mayHaveChanged: `The ${kind} IP may have been allocated anyway`
      })
      return addressIn(stdout, kind)
    } catch (error) {
      if (!isTransientFlyError(error) || attempt >= ALLOCATION_ATTEMPTS) throw error
      await sleep(500 * attempt)
      const ips = await listIps(fly, app)
      const allocated = ips.find(ip => ip.Type === TYPE_OF[kind])
      if (allocated) {
        core.info(`The ${kind} IP allocation reported an error but went through: ${allocated.Address}`)
        unsure.add(allocated.Address)
        return allocated.Address
      }
      core.info(`Allocating the ${kind} IP failed (${errorMessage(error)}); none was allocated, trying again.`)
    }
  }
}

function allocateArgs(app: string, kind: IpKind): string[] {
  // A dedicated IPv4 is billed, so flyctl asks to confirm: `--yes` answers for a runner with no terminal.
  if (kind === 'dedicated') return ['ips', 'allocate-v4', '-a', app, '--yes']
  if (kind === 'shared') return ['ips', 'allocate-v4', '-a', app, '--shared']
  // allocate-v6 has no --yes flag: passing one is an error.
  return ['ips', 'allocate-v6', '-a', app]
}

/** allocate-* have no --json: read the address from the table they print. */
function addressIn(output: string, kind: IpKind): string | undefined {
  const pattern = kind === 'v6' ? /\b([0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})\b/i : /\b(\d{1,3}(?:\.\d{1,3}){3})\b/
  return output.match(pattern)?.[1]
}
