// The effects of reporting: outputs set on the runner and summaries appended to GITHUB_STEP_SUMMARY. What they say is
// decided in report.ts and teardown.ts.
import * as core from '@actions/core'
import type { Outputs } from '../pure/outputs.js'
import { runOutputs, runSummary, stoppedSummary, type RunReport } from '../pure/report.js'
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
