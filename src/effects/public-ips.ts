// The allocation stage of an exposing run: allocate the public IPs the plan wants, record each for the post step
// when `ephemeral`, and agree with concurrent runs on the addresses all of them keep. That agreement waits out the
// creation second of fresh addresses, so it runs beside the deploy and the TLS check; the run awaits it last.
import * as core from '@actions/core'
import type { Flyctl } from './flyctl.js'
import type { Inputs } from './inputs.js'
import type { MainStep } from './main-step.js'
import type { ClusterState } from '../pure/fly-types.js'
import type { ExposurePlan } from '../pure/plan.js'
import type { RunReport } from '../pure/report.js'
import { ephemeralNote } from '../pure/report.js'
import { realSleep } from '../pure/retry.js'
import { allocateMissingIps, settleAddresses, type IpNotice } from './ips.js'
import { addressesToRelease, rememberForRelease } from './ephemeral.js'

export interface AllocatedIps {
  /** Waits until every run agrees on the addresses (in a log section of its own when there is a wait). */
  settled(step: MainStep): Promise<void>
}

/** Allocates what the plan wants (in its own stage), then starts agreeing with concurrent runs. */
export async function allocatePublicIps(
  step: MainStep,
  fly: Flyctl,
  inputs: Inputs,
  plan: ExposurePlan,
  state: ClusterState,
  report: RunReport
): Promise<AllocatedIps> {
  if (plan.allocate.ipv4 || plan.allocate.ipv6) {
    // Filled in as each address is allocated, so an interruption can name what was already allocated.
    report.ips = { ...plan.existing, ...(plan.allocate.ipv4 ? { ipv4: undefined } : {}), ...(plan.allocate.ipv6 ? { ipv6: undefined } : {}) }
    const mine: string[] = []
    report.ips = await step.stage('Allocate public IPs', () =>
      allocateMissingIps(fly, inputs.app, plan, undefined, (family, address, surelyOurs) => {
        report.ips = { ...report.ips, [family]: address }
        // Recorded as soon as it exists, so a failed or cancelled run still releases it when ephemeral.
        if (inputs.ephemeral && address && surelyOurs) {
          mine.push(address)
          rememberForRelease(inputs.app, mine)
          // So a failure or a cancel says the post step releases it, not that it stays.
          report.ephemeral = [...mine]
        }
      })
    )
  } else {
    report.ips = plan.existing
  }
  // An address allocated a moment ago (by this run or a concurrent one) is used only once it is sure to stay.
  const waits: number[] = []
  const timedSleep = (ms: number): Promise<void> => (waits.push(performance.now() + ms), realSleep(ms))
  const settling = settleAddresses(fly, inputs.app, plan, report.ips, { ips: state.ips, readAt: state.readAt ?? 0 }, timedSleep).then(settled => {
    report.ips = settled.ips
    if (inputs.ephemeral) {
      // What this run allocated and keeps (never a concurrent run's address, never one there before).
      report.ephemeral = addressesToRelease(report.ips, { ipv4: Boolean(plan.allocate.ipv4), ipv6: plan.allocate.ipv6 })
      rememberForRelease(inputs.app, report.ephemeral)
    }
    return settled.notices
  })
  // A failure reports once the addresses settled (this run's duplicate released), so its undo notes name the kept ones.
  step.waitBeforeFailure(settling)
  return { settled: step => logSettled(step, settling, waits, report) }
}

/** Waits for the public IPs to settle, logging what the wait added beyond the stages it ran beside. */
async function logSettled(step: MainStep, settling: Promise<IpNotice[]>, waits: number[], report: RunReport): Promise<void> {
  const settle = async (): Promise<void> => {
    const awaitedAt = performance.now()
    for (const notice of await settling) (notice.level === 'warning' ? core.warning : core.info)(notice.message)
    // The benchmark reads this line: the part of the wait that no other stage covered.
    const uncovered = Math.max(0, Math.round(Math.max(...waits) - awaitedAt))
    if (waits.length > 0)
      core.info(`[wait] ${uncovered} ms more for the creation second of fresh public IPs to end, so runs allocating at once keep the same ones`)
  }
  // A log section only when there was something to wait for.
  await (waits.length > 0 ? step.stage('Settle public IPs', settle) : settle())
  if (report.ephemeral) core.info(ephemeralNote(report.ephemeral))
}
