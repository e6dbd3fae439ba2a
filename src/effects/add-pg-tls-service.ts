// Adds the pg_tls service (by deploy or member updates) only while the members still lack it: another run against
// the same cluster may have added it, or be adding it right now, and a second restart must never follow.
import * as core from '@actions/core'
import { errorMessage } from '../pure/text.js'
import type { Flyctl } from './flyctl.js'
import type { FlyMachine } from '../pure/fly-types.js'
import { servesPgTls } from '../pure/plan.js'
import { realSleep } from '../pure/retry.js'
import type { ExposurePlan } from '../pure/plan.js'
import type { RunReport } from '../pure/report.js'
import type { Inputs } from './inputs.js'
import type { MainStep } from './main-step.js'
import type { PreparedFlyToml } from './fly-toml-file.js'
import { deployConfig } from './deploy.js'
import { updateMembers } from './machine-update.js'

export type { ServiceOutcome } from '../pure/pg-tls-service.js'
import type { ServiceOutcome } from '../pure/pg-tls-service.js'

export class LeaseHeldError extends Error {
  override name = 'LeaseHeldError'
}

export interface ServiceRequest {
  app: string
  port: number
  memberIds: string[]
  /** How long to wait for the run that holds the members' leases to finish adding the service. */
  waitMs: number
  sleep?: (ms: number) => Promise<void>
}

// fly-go flaps AcquireLease, as flyctl deploy (plan.go) and machine update (machine/lease.go) report it.
const LEASE_HELD = /lease currently held by ([^\s,]+)/

/**
 * Reads the members again right before the change; changes only those still lacking the service. A change that
 * meets a held lease means another run is making it: wait (bounded) and succeed without a restart of our own once
 * the service is there.
 */
export async function addServiceIfStillMissing(fly: Flyctl, request: ServiceRequest, change: (lacking: string[]) => Promise<void>): Promise<ServiceOutcome> {
  const lacking = await membersLacking(fly, request)
  if (lacking.length === 0) {
    core.info(`Another run added the pg_tls service on port ${request.port} meanwhile: nothing to restart.`)
    return 'added by another run'
  }
  try {
    await change(lacking)
    return 'added'
  } catch (error) {
    const holder = errorMessage(error).match(LEASE_HELD)?.[1]
    if (!holder) throw error
    return waitForLeaseHolder(fly, request, holder, error)
  }
}

async function waitForLeaseHolder(fly: Flyctl, request: ServiceRequest, holder: string, cause: unknown): Promise<ServiceOutcome> {
  const { app, port, waitMs } = request
  const sleep = request.sleep ?? realSleep
  const seconds = Math.round(waitMs / 1000)
  core.info(`The members are leased by ${holder}: another run is changing them. Waiting up to ${seconds} s for the pg_tls service on port ${port}.`)
  const deadline = Date.now() + waitMs
  for (let delay = 1000; ; delay = Math.min(delay * 2, 5000)) {
    const lacking = await membersLacking(fly, request)
    if (lacking.length === 0) {
      core.info(`The pg_tls service on port ${port} is there now, added by the run that held the lease: this run restarts nothing.`)
      return 'added by another run'
    }
    if (Date.now() + delay > deadline) {
      throw new LeaseHeldError(
        `Members ${lacking.join(', ')} of "${app}" are leased by ${holder} (another deploy or machine update) and still lack the pg_tls service on port ${port} after waiting ${seconds} s (\`deploy-timeout\`). Check what is changing them with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once that has finished or its lease has expired, rerun this action.${flyctlSaid(cause)}`
      )
    }
    await sleep(delay)
  }
}

/** flyctl's own lease line, quoted after our message. */
function flyctlSaid(cause: unknown): string {
  const line = errorMessage(cause).match(/failed to (?:acquire leases|obtain lease):.*?lease currently held by [^\s,]+(?:, expires at \S+?Z)?/)?.[0]
  return line ? ` flyctl said: ${line}.` : ''
}

async function membersLacking(fly: Flyctl, request: ServiceRequest): Promise<string[]> {
  const machines = (await fly.json<FlyMachine[] | null>(['machines', 'list', '-a', request.app])) ?? []
  return request.memberIds.filter(id => {
    const machine = machines.find(m => m.id === id)
    return machine !== undefined && !servesPgTls(machine, request.port)
  })
}

/**
 * The service stage: a deploy of the prepared fly.toml (`method: deploy`) or one member update at a time
 * (`method: machines`), each only while the members still lack the service; `deploy: always` changes them anyway.
 */
export async function addPgTlsService(
  step: MainStep,
  fly: Flyctl,
  inputs: Inputs,
  plan: ExposurePlan,
  members: FlyMachine[],
  flyToml: PreparedFlyToml | undefined,
  report: RunReport
): Promise<void> {
  if (!plan.deploy.needed) return
  const memberIds = members.map(member => member.id)
  const request = { app: inputs.app, port: inputs.port, memberIds, waitMs: inputs.deployTimeoutSeconds * 1000 }
  const addService = (change: (lacking: string[]) => Promise<void>): Promise<ServiceOutcome> =>
    inputs.deploy === 'always' ? change(memberIds).then(() => 'added') : addServiceIfStillMissing(fly, request, change)
  if (plan.method === 'deploy' && flyToml && plan.image.deployRef) {
    const imageRef = plan.image.deployRef
    report.serviceOutcome = await step.stage(`Deploy ${imageRef}`, () =>
      addService(() => {
        // Set before flyctl runs, so a deploy that never finished is known.
        report.deployStartedOn = memberIds
        return deployConfig(fly, inputs.app, flyToml, imageRef, memberIds, inputs.deployTimeoutSeconds)
      })
    )
    report.deployed = report.serviceOutcome === 'added'
    if (report.deployed) report.configChanges = flyToml.changes
  }
  if (plan.method === 'machines') {
    const updated = report.updatedMembers
    report.serviceOutcome = await step.stage('Update members one at a time', () =>
      addService(lacking => updateMembers(fly, inputs.app, inputs.port, plan, lacking, inputs.deployTimeoutSeconds, id => updated.push(id)))
    )
    report.deployed = updated.length > 0
  }
}
