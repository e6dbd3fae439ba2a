// `mode: teardown`: drop a preview database and its role, and (with `release-ips`) release the public IPs.
// Reads the cluster like an exposing run, but never deploys, never allocates, and never touches another database.
import * as core from '@actions/core'
import { OUTPUTS, type Outputs } from '../pure/outputs.js'
import { failureParagraph, heading, resultTable, textHtml } from '../pure/summary-html.js'
import { asSentence, errorMessage } from '../pure/text.js'
import type { Flyctl } from './flyctl.js'
import type { ClusterState, FlyIp } from '../pure/fly-types.js'
import type { Inputs } from './inputs.js'
import { dropPreview, listPreviews, type TeardownResult } from './preview-sql.js'
import type { MainStep } from './main-step.js'
import { readCluster } from './read-cluster.js'
import { verifyTls } from './verify.js'
import { setTeardownOutputs, summaryEnabled, writeTeardownSummary } from './report-writer.js'
import { adoptionNote } from '../pure/preview-mark.js'

/** Public addresses only: the Flycast `private_v6` (and egress addresses) stay, or the app loses its private reach. */
const PUBLIC_TYPES = ['v4', 'shared_v4', 'v6']

export interface TeardownPlan {
  previewDatabase?: string
  release: FlyIp[]
  /** Whether the app has a public address to connect through. */
  reachable: boolean
}

export interface TeardownReport {
  plan: TeardownPlan
  dropped?: TeardownResult
  released: string[]
}

export function planTeardown(inputs: Inputs, state: ClusterState): TeardownPlan {
  return {
    previewDatabase: inputs.previewDatabase,
    release: inputs.releaseIps ? state.ips.filter(ip => PUBLIC_TYPES.includes(ip.Type)) : [],
    reachable: hasPublicIp(state)
  }
}

/** Whether the app has a public address: a teardown or prune connects to Postgres through it. */
export const hasPublicIp = (state: ClusterState) => state.ips.some(ip => PUBLIC_TYPES.includes(ip.Type))

/** Why a run that must reach Postgres stops on a private cluster (before any change), and how to do it by hand. */
export function noPublicIpMessage(app: string, cannot: string, byHand: string): string {
  return `App "${app}" has no public IP, so ${cannot}. Nothing was changed. ${byHand}, or expose the cluster first.`
}

export function describeTeardown(plan: TeardownPlan, inputs: Inputs): string[] {
  const lines: string[] = []
  if (plan.previewDatabase)
    lines.push(
      `end the sessions of "${plan.previewDatabase}", drop database "${plan.previewDatabase}" and role "${plan.previewDatabase}" if fly-pg-expose made them (a missing one is fine)`
    )
  if (inputs.releaseIps) {
    lines.push(
      plan.release.length > 0
        ? `release public IPs ${plan.release.map(ip => `${ip.Address} (${ip.Type})`).join(', ')}; the private Flycast address stays (other previews, which connect through them, are looked for first${inputs.strict ? ': `strict` refuses if any' : ''})`
        : 'no public IPs to release: the cluster is private already'
    )
  }
  lines.push('no deploy, no restart, no allocation')
  return lines
}

/** Why releasing the public IPs hurts other previews: they connect through those addresses too. */
export function otherPreviewsMessage(app: string, others: string[]): string {
  return `Releasing the public IPs of "${app}" cuts off ${others.length === 1 ? 'another preview' : `${others.length} other previews`} on it (${others.join(', ')}): their URLs stop working until the cluster is exposed again. Set \`release-ips\` only in the teardown of the last preview (or in a cleanup run once no preview is left); \`strict: true\` refuses the release while others exist.`
}

/**
 * Before any change: the other marked previews a release would cut off. A warning, or with `strict` the refusal; a
 * failed look warns too (the release was asked for), and with `strict` refuses.
 */
async function checkOtherPreviews(inputs: Inputs, plan: TeardownPlan): Promise<void> {
  let others: string[]
  try {
    others = (await listPreviews(inputs)).filter(name => name !== plan.previewDatabase)
  } catch (error) {
    const message = `Could not look for other previews before releasing the public IPs: ${asSentence(errorMessage(error))}`
    if (inputs.strict) throw new Error(`\`strict: true\`: ${message} Nothing was changed.`)
    core.warning(`${message} Releasing them anyway: a preview on this cluster loses its connection.`)
    return
  }
  if (others.length === 0) return
  const message = otherPreviewsMessage(inputs.app, others)
  if (inputs.strict) throw new Error(`\`strict: true\`: ${message} Nothing was changed.`)
  core.warning(message)
}

/** Drops first (it needs the public address to connect), then releases. `verify` proves the admin can connect. */
export async function runTeardown(fly: Flyctl, inputs: Inputs, plan: TeardownPlan, verify: () => Promise<unknown>, report: TeardownReport): Promise<void> {
  if (plan.previewDatabase) {
    // The drop goes through the public address; without one the TLS check would only wait out verify-timeout.
    if (!plan.reachable) {
      throw new Error(
        noPublicIpMessage(
          inputs.app,
          `the teardown cannot reach Postgres to drop "${plan.previewDatabase}"`,
          `Drop it from inside Fly (\`fly pg connect -a ${inputs.app}\`, then DROP DATABASE "${plan.previewDatabase}" WITH (FORCE); DROP ROLE "${plan.previewDatabase}";)`
        )
      )
    }
    await verify()
  }
  if (plan.release.length > 0) await checkOtherPreviews(inputs, plan)
  if (plan.previewDatabase) {
    report.dropped = await dropPreview(inputs, plan.previewDatabase)
    const { droppedDatabase, droppedRole, terminatedSessions, adopted } = report.dropped
    if (adopted) core.info(adoptionNote(plan.previewDatabase, 'drop'))
    core.info(
      `database "${plan.previewDatabase}": ${droppedDatabase ? 'dropped' : 'already gone'}; role: ${droppedRole ? 'dropped' : 'already gone'}; sessions ended: ${terminatedSessions}`
    )
  }
  for (const ip of plan.release) {
    try {
      await fly.run(['ips', 'release', ip.Address, '-a', inputs.app])
    } catch (error) {
      if (/Could not find IP address/i.test(errorMessage(error))) {
        core.info(`${ip.Address} was released already (by another run).`)
        continue
      }
      const done = [
        ...(report.dropped ? [`database and role "${plan.previewDatabase}" were dropped`] : []),
        ...(report.released.length > 0 ? [`released ${report.released.join(', ')}`] : [])
      ]
      throw new Error(
        `${asSentence(errorMessage(error))} ${done.length > 0 ? `Already done: ${done.join('; ')}. ` : ''}Rerun the teardown to release the rest (see \`fly ips list -a ${inputs.app}\`).`
      )
    }
    report.released.push(ip.Address)
    core.info(`released ${ip.Address} (${ip.Type})`)
  }
}

/** What a cancelled teardown says: where it stopped and what it had done by then. */
export function describeTeardownInterruption(signal: NodeJS.Signals, stage: string, app: string, report: TeardownReport): string {
  const name = report.plan.previewDatabase
  const done: string[] = []
  if (report.dropped) done.push(`Database and role "${name}" were dropped.`)
  else if (name && stage === 'Tear down') done.push(`Database and role "${name}" may be dropped in part: rerun the teardown (a missing one is fine).`)
  if (report.released.length > 0) done.push(`Released ${report.released.join(', ')}.`)
  if (report.released.length < report.plan.release.length && stage === 'Tear down') {
    done.push(`Other public IPs may still be allocated: see \`fly ips list -a ${app}\` and rerun the teardown.`)
  }
  if (done.length === 0) done.push('Nothing had been changed.')
  return [`Stopped by ${signal} during "${stage}" of a teardown: flyctl was stopped and no flyctl is left running.`, ...done].join(' ')
}

/** The outputs of a teardown, by name: the preview it dropped, the addresses it released. */
export function teardownOutputs(report: TeardownReport, flyctlVersion: string, dryRun: boolean): Outputs {
  const name = report.plan.previewDatabase ?? ''
  return {
    [OUTPUTS.databaseName]: name,
    [OUTPUTS.username]: name,
    [OUTPUTS.created]: 'false',
    [OUTPUTS.releasedIps]: report.released.join(' '),
    [OUTPUTS.changed]: String(!dryRun && (Boolean(report.dropped?.droppedDatabase || report.dropped?.droppedRole) || report.released.length > 0)),
    [OUTPUTS.deployed]: 'false',
    [OUTPUTS.flyctlVersion]: flyctlVersion
  }
}

/** The job summary of a teardown (done, dry, or failed with `failure`), as HTML. */
export function teardownSummary(app: string, report: TeardownReport, dryRun: boolean, failure?: string): string {
  const { plan, dropped } = report
  const title = failure
    ? `fly-pg-expose: teardown failed for ${app}`
    : dryRun
      ? `fly-pg-expose: teardown dry run for ${app}`
      : `fly-pg-expose: teardown of ${app}`
  const rows: Array<[string, string]> = []
  if (plan.previewDatabase) {
    const state = (done: boolean | undefined) => (dryRun ? 'would be dropped' : done === undefined ? 'not dropped' : done ? 'dropped' : 'already gone')
    rows.push([`Database ${plan.previewDatabase}`, state(dropped?.droppedDatabase)], [`Role ${plan.previewDatabase}`, state(dropped?.droppedRole)])
  }
  for (const ip of plan.release)
    rows.push([`IP ${ip.Address} (${ip.Type})`, dryRun ? 'would be released' : report.released.includes(ip.Address) ? 'released' : 'kept'])
  return heading(title, 2) + (failure ? failureParagraph(failure) : '') + resultTable(rows.map(([what, result]) => [textHtml(what), textHtml(result)]))
}

/** `mode: teardown`: read the cluster, then drop the preview and release the public IPs as asked. Never deploys. */
export async function tearDown(step: MainStep, fly: Flyctl, inputs: Inputs, flyctlVersion: string): Promise<void> {
  const state = await step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
  const report = step.trackTeardown({ plan: planTeardown(inputs, state), released: [] })
  await step.stage('Plan teardown', async () => {
    for (const line of describeTeardown(report.plan, inputs)) core.info(line)
  })
  try {
    if (inputs.dryRun) core.info('dry-run: nothing was changed.')
    else await step.stage('Tear down', () => runTeardown(fly, inputs, report.plan, () => verifyTls(inputs), report))
  } catch (error) {
    if (summaryEnabled()) await writeTeardownSummary(inputs.app, report, false, errorMessage(error)).catch(() => undefined)
    throw error
  }
  setTeardownOutputs(report, flyctlVersion, inputs.dryRun)
  if (summaryEnabled()) await writeTeardownSummary(inputs.app, report, inputs.dryRun)
}
