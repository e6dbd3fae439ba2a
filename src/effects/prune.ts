// `mode: prune`: drop the marked previews not used for `preview-max-age` and not named in `preview-keep` (issue 23).
// Reads the cluster like a teardown and never deploys or allocates; only a database carrying the fly-pg-expose mark is
// looked at, and each drop goes through dropPreview (the same lock, checks and session ending as a teardown).
import * as core from '@actions/core'
import type { Flyctl } from './flyctl.js'
import type { Inputs } from './inputs.js'
import type { MainStep } from './main-step.js'
import { readCluster } from './read-cluster.js'
import { verifyTls } from './verify.js'
import { dropPreview, findPreviews, PreviewLockHeldError } from './preview-sql.js'
import { hasPublicIp, noPublicIpMessage } from './teardown.js'
import { appendSummary, summaryEnabled } from './report-writer.js'
import { errorMessage } from '../pure/text.js'
import { adoptionNote } from '../pure/preview-mark.js'
import {
  judgePrune,
  planPrune,
  pruneOutputs,
  prunePartwayMessage,
  pruneRow,
  pruneSummary,
  remainingNames,
  type PruneReport,
  type PruneRules,
  type PruneVerdict
} from '../pure/prune.js'

/** `mode: prune`: read the cluster, find the marked previews, drop those due (or, with `dry-run`, only say so). */
export async function prune(step: MainStep, fly: Flyctl, inputs: Inputs, flyctlVersion: string): Promise<void> {
  const given = inputs.prune
  if (!given) throw new Error('`mode: prune` needs `preview-max-age`.')
  const rules: PruneRules = { ...given, adminDatabase: inputs.credentials.database, adminUser: inputs.credentials.user }
  const state = await step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
  // The drops go through the public address; without one the TLS check would only wait out verify-timeout.
  if (!hasPublicIp(state)) {
    throw new Error(
      noPublicIpMessage(
        inputs.app,
        'the prune cannot reach Postgres to look for old previews',
        `Find them from inside Fly (\`fly pg connect -a ${inputs.app}\`, then SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database; and DROP DATABASE "<name>" WITH (FORCE); DROP ROLE "<name>"; for each)`
      )
    )
  }
  await step.stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () => verifyTls(inputs))
  const found = await step.stage('Find previews', () => findPreviews(inputs))
  const report = step.trackPrune({ maxAge: rules.maxAge, verdicts: planPrune(found, rules, new Date()), outcomes: {} })
  await step.stage('Plan prune', async () => {
    if (report.verdicts.length === 0) core.info('no marked preview on the cluster')
    for (const verdict of report.verdicts) core.info(`"${verdict.name}": ${verdict.drop ? 'drop' : 'keep'} (${verdict.reason})`)
  })
  try {
    if (inputs.dryRun) core.info('dry-run: nothing was changed.')
    else {
      await step.stage('Prune', () => dropDue(inputs, rules, report))
      if (remainingNames(report).length > 0) throw new Error(prunePartwayMessage(report, 'The prune could not drop every preview due'))
    }
  } catch (error) {
    setOutputs(report, flyctlVersion)
    if (summaryEnabled()) await appendSummary(pruneSummary(inputs.app, report, false, errorMessage(error))).catch(() => undefined)
    throw error
  }
  setOutputs(report, flyctlVersion)
  if (summaryEnabled()) await appendSummary(pruneSummary(inputs.app, report, inputs.dryRun))
}

/** Set after a failure too: a later step (`if: always()`) sees what was dropped. */
function setOutputs(report: PruneReport, flyctlVersion: string): void {
  for (const [name, value] of Object.entries(pruneOutputs(report, flyctlVersion))) core.setOutput(name, value)
}

/**
 * Drops each preview due, one at a time, each under its own lock, taken without waiting: a preview another run is
 * creating or reusing now is left for the next prune. Under the lock the mark is read again, so one used since the
 * list was read stays. A failed drop is recorded and the next preview tried; the caller fails the run after.
 */
async function dropDue(inputs: Inputs, rules: PruneRules, report: PruneReport): Promise<void> {
  for (const verdict of report.verdicts.filter(v => v.drop)) {
    const { name } = verdict
    try {
      const result = await dropPreview(inputs, name, { lockWaitSeconds: 0, stillDue: found => stillDue(verdict, found, rules) })
      report.outcomes[name] =
        result.skipped !== undefined
          ? { kind: 'skipped', reason: result.skipped }
          : result.droppedDatabase || result.droppedRole
            ? { kind: 'dropped', terminatedSessions: result.terminatedSessions }
            : { kind: 'gone' }
      if (result.adopted) core.info(adoptionNote(name, 'drop'))
    } catch (error) {
      report.outcomes[name] =
        error instanceof PreviewLockHeldError
          ? { kind: 'skipped', reason: 'another run holds its lock (it is creating, reusing or dropping it now): left for the next prune' }
          : { kind: 'failed', message: errorMessage(error) }
    }
    const { result, why } = pruneRow(verdict, report.outcomes[name], false)
    const line = `"${name}": ${result} (${why})`
    if (result === 'failed') core.warning(line)
    else core.info(line)
  }
}

/** Under the preview's lock: a reason to leave it after all (its mark gone or refreshed since the list), else undefined. */
function stillDue(verdict: PruneVerdict, found: { roleComment?: string | null; databaseComment?: string | null }, rules: PruneRules): string | undefined {
  // Gone already (another prune or a teardown): the drop finds nothing to do, which is fine.
  if (found.roleComment === undefined && found.databaseComment === undefined) return undefined
  const again = judgePrune({ name: verdict.name, roleComment: found.roleComment ?? null, databaseComment: found.databaseComment }, rules, new Date())
  if (!again) return 'its mark was removed since the list was read: left alone'
  return again.drop ? undefined : `used since the list was read: ${again.reason}`
}
