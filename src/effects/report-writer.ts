// The effects of reporting: outputs set on the runner and summaries appended to GITHUB_STEP_SUMMARY. What they say is
// decided in report.ts and teardown.ts.
import * as core from '@actions/core'
import type { Outputs } from '../pure/outputs.js'
import { describePlan, runOutputs, runSummary, stoppedSummary, type RunReport } from '../pure/report.js'
import { describeExposure, plannedAddresses, publicExposure } from '../pure/exposure.js'
import type { FlyMachine } from '../pure/fly-types.js'
import { LIBPQ_ENV, type InputNotice } from './inputs.js'
import { libpqEnvironment, type VerifiedEndpoint } from '../pure/client-forms.js'
import { teardownOutputs, teardownSummary, type TeardownReport } from './teardown.js'

function setAll(outputs: Outputs): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/** Appends HTML to the job summary. */
export async function appendSummary(html: string): Promise<void> {
  await core.summary.addRaw(html).write()
}

export function setOutputs(report: RunReport): void {
  setAll(runOutputs(report))
}

export function writeSummary(report: RunReport): Promise<void> {
  return appendSummary(runSummary(report))
}

export function writeStoppedSummary(app: string, message: string): Promise<void> {
  return appendSummary(stoppedSummary(app, message))
}

export function setTeardownOutputs(report: TeardownReport, flyctlVersion: string, dryRun: boolean): void {
  setAll(teardownOutputs(report, flyctlVersion, dryRun))
}

export function writeTeardownSummary(app: string, report: TeardownReport, dryRun: boolean, failure?: string): Promise<void> {
  return appendSummary(teardownSummary(app, report, dryRun, failure))
}

/** The runner gives a summary file to steps (GITHUB_STEP_SUMMARY); elsewhere there is none to write. */
export function summaryEnabled(): boolean {
  return Boolean(process.env.GITHUB_STEP_SUMMARY)
}

/** Sets the outputs and writes the summary of a run that did what it was asked. */
export async function publish(report: RunReport): Promise<void> {
  setOutputs(report)
  if (summaryEnabled()) await writeSummary(report)
}

/** The plan stage's log: what changes, what will be public, and what is known before any change. */
export function logPlan(
  report: RunReport,
  members: FlyMachine[],
  known: { notices: InputNotice[]; warnings: string[]; preview?: { name: string; template?: string }; ciRole?: { name: string; privileges: string } }
): void {
  const { plan, port } = report
  for (const line of describePlan(plan, port)) core.info(line)
  for (const line of describeExposure(publicExposure(members, plan, plannedAddresses(plan), port))) core.info(line)
  for (const notice of known.notices) (notice.level === 'warning' ? core.warning : core.info)(notice.message)
  for (const warning of known.warnings) core.warning(warning)
  const { preview } = known
  if (preview) {
    core.info(
      `preview: create database and role "${preview.name}"${preview.template ? ` from template "${preview.template}"` : ''}, or reuse them (same derived password)`
    )
  }
  if (known.ciRole)
    core.info(`CI role: create or update "${known.ciRole.name}" with ${known.ciRole.privileges} privileges, and output its URL instead of the admin's`)
}

/** `export-env`: the URL under the name given, or libpq's PG* variables, for the job's later steps (masked before). */
export function exportConnection(exportEnv: string | undefined, endpoint: VerifiedEndpoint, url: string): void {
  if (exportEnv === LIBPQ_ENV) {
    for (const [name, value] of Object.entries(libpqEnvironment(endpoint))) core.exportVariable(name, value)
  } else if (exportEnv) core.exportVariable(exportEnv, url)
}
