// `mode: prune` decides here: how old is too old (`preview-max-age`), which previews the workflow keeps
// (`preview-keep`), and, for each marked preview found, whether it is dropped and why. Runs nothing.
import { readPreviewMark } from './preview-mark.js'
import { OUTPUTS, type Outputs } from './outputs.js'
import { failureParagraph, heading, paragraph, table, textHtml } from './summary-html.js'

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `preview-max-age`: a whole number and a unit (`90m`, `12h`, `14d`), in ms; `0d` (any unit) means every marked preview. */
export function parseMaxAge(raw: string): number | { problem: string } {
  const match = raw.match(/^(\d{1,5})([mhd])$/)
  if (!match) {
    return {
      problem: `Input \`preview-max-age\` must be a whole number of minutes, hours or days, like 90m, 12h or 14d (\`0d\`: every marked preview), not "${raw}".`
    }
  }
  return Number(match[1]) * UNIT_MS[match[2]]
}

/** `preview-keep`: names separated by commas or new lines (blank entries ignored), each once. */
export function parseKeepList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[,\r\n]+/)
        .map(name => name.trim())
        .filter(Boolean)
    )
  ]
}

export interface PruneRules {
  maxAgeMs: number
  /** The input as written, for messages (`14d`). */
  maxAge: string
  keep: string[]
  /** The admin URL's database and user: never dropped, whatever their comment says. */
  adminDatabase: string
  adminUser: string
}

/** A role with a comment, and the database of its name: what the admin found (undefined: no such database). */
export interface FoundPreview {
  name: string
  roleComment: string | null
  /** Undefined: no database of the name (a teardown or prune that stopped between the two drops left the role). */
  databaseComment?: string | null
}

export interface PruneVerdict {
  name: string
  /** The mark's `lastUsed` (ISO), when it has one. */
  lastUsed?: string
  drop: boolean
  reason: string
}

/** "3 h", "20 d": how long ago, in the unit a reader wants. */
export function formatAge(ms: number): string {
  if (ms >= 2 * UNIT_MS.d) return `${Math.floor(ms / UNIT_MS.d)} d`
  if (ms >= 2 * UNIT_MS.h) return `${Math.floor(ms / UNIT_MS.h)} h`
  return `${Math.max(0, Math.floor(ms / UNIT_MS.m))} min`
}

/**
 * Whether one preview goes. Undefined: it is no preview of ours, and is not even listed. The role's mark proves a
 * preview (only a superuser can write it); the database's, which its owner can write, must be there too and holds
 * `lastUsed` (the role's, written once, counts when only the role is left). The same verdict is asked again under the
 * preview's lock, with the comments read then (a run may have used the preview since).
 */
export function judgePrune(found: FoundPreview, rules: PruneRules, now: Date): PruneVerdict | undefined {
  const roleMark = readPreviewMark(found.roleComment)
  const databaseExists = found.databaseComment !== undefined
  const mark = databaseExists ? readPreviewMark(found.databaseComment) : roleMark
  if (!roleMark || !mark) return undefined
  const { name } = found
  const lastUsed = mark.lastUsed
  const verdict = (drop: boolean, reason: string): PruneVerdict => ({ name, ...(lastUsed !== undefined ? { lastUsed } : {}), drop, reason })
  if (name === rules.adminDatabase || name === rules.adminUser) {
    return verdict(false, `the admin URL's ${name === rules.adminDatabase ? 'database' : 'user'}: never pruned`)
  }
  if (rules.keep.includes(name)) return verdict(false, 'named in `preview-keep`')
  const onlyRole = databaseExists ? '' : ' (only its role is left: its database is gone)'
  if (rules.maxAgeMs === 0) return verdict(true, `\`preview-max-age: ${rules.maxAge}\` prunes every marked preview${onlyRole}`)
  const at = lastUsed === undefined ? NaN : Date.parse(lastUsed)
  if (Number.isNaN(at)) return verdict(false, 'its mark has no readable last use: remove it with `mode: teardown` if it is not needed')
  const age = now.getTime() - at
  if (age <= rules.maxAgeMs) return verdict(false, `last used ${formatAge(age)} ago, within \`preview-max-age\` (${rules.maxAge})`)
  return verdict(true, `last used ${formatAge(age)} ago, over \`preview-max-age\` (${rules.maxAge})${onlyRole}`)
}

/** Every marked preview found, by name, with its verdict; anything without the mark is left out. */
export function planPrune(found: FoundPreview[], rules: PruneRules, now: Date): PruneVerdict[] {
  return found
    .map(preview => judgePrune(preview, rules, now))
    .filter((verdict): verdict is PruneVerdict => verdict !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** What became of one preview in a prune run. */
export type PruneOutcome =
  | { kind: 'dropped'; terminatedSessions: number }
  /** Nothing left to drop when its turn came (another prune or a teardown dropped it). */
  | { kind: 'gone' }
  /** Left in place at drop time: another run held its lock, or it was used since the list was read. */
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; message: string }

export interface PruneReport {
  maxAge: string
  verdicts: PruneVerdict[]
  /** By name: what happened to each preview the run tried to drop. */
  outcomes: Record<string, PruneOutcome>
}

export const prunedNames = (report: PruneReport) => report.verdicts.filter(v => report.outcomes[v.name]?.kind === 'dropped').map(v => v.name)

/** Previews left in place on purpose: kept by their verdict, or skipped at drop time. */
export const keptNames = (report: PruneReport) => report.verdicts.filter(v => !v.drop || report.outcomes[v.name]?.kind === 'skipped').map(v => v.name)

/** Previews due to be dropped that are still there: failed, or not reached (a failure or a cancel stopped the run). */
export const remainingNames = (report: PruneReport) =>
  report.verdicts.filter(v => v.drop && (report.outcomes[v.name] === undefined || report.outcomes[v.name].kind === 'failed')).map(v => v.name)

/** One row of the summary table and log: the result and why. */
export function pruneRow(verdict: PruneVerdict, outcome: PruneOutcome | undefined, dryRun: boolean): { result: string; why: string } {
  if (dryRun) return { result: verdict.drop ? 'would be dropped' : 'kept', why: verdict.reason }
  if (!verdict.drop) return { result: 'kept', why: verdict.reason }
  if (!outcome) return { result: 'not dropped', why: `${verdict.reason}; the run stopped before it` }
  if (outcome.kind === 'dropped') {
    return { result: 'dropped', why: `${verdict.reason}${outcome.terminatedSessions > 0 ? `; ${outcome.terminatedSessions} session(s) ended` : ''}` }
  }
  if (outcome.kind === 'skipped') return { result: 'kept', why: outcome.reason }
  if (outcome.kind === 'gone') return { result: 'already gone', why: 'another run dropped it first' }
  return { result: 'failed', why: outcome.message }
}

/** The message of a prune that could not drop everything it meant to: what was dropped, what remains, what to do. */
export function prunePartwayMessage(report: PruneReport, what: string): string {
  const dropped = prunedNames(report)
  const remaining = remainingNames(report)
  const failures = remaining.flatMap(name => {
    const outcome = report.outcomes[name]
    return outcome?.kind === 'failed' ? [`"${name}": ${outcome.message}`] : []
  })
  return [
    `${what}.`,
    dropped.length > 0 ? `Dropped: ${dropped.join(', ')}.` : 'Nothing was dropped.',
    remaining.length > 0 ? `Still there: ${remaining.join(', ')}.` : '',
    ...failures,
    'Rerun the prune to finish (what was dropped is not looked for again; a half-dropped preview, its role left, is found by its mark).'
  ]
    .filter(Boolean)
    .join(' ')
}

/** The outputs of a prune: the previews it dropped and those it kept, comma-separated (empty on a dry run: nothing was dropped). */
export function pruneOutputs(report: PruneReport, flyctlVersion: string): Outputs {
  const pruned = prunedNames(report)
  return {
    [OUTPUTS.pruned]: pruned.join(','),
    [OUTPUTS.kept]: keptNames(report).join(','),
    [OUTPUTS.changed]: String(pruned.length > 0),
    [OUTPUTS.deployed]: 'false',
    [OUTPUTS.created]: 'false',
    [OUTPUTS.flyctlVersion]: flyctlVersion
  }
}

/** The job summary of a prune (done, dry, or failed with `failure`): one row per marked preview, as HTML. */
export function pruneSummary(app: string, report: PruneReport, dryRun: boolean, failure?: string): string {
  const title = failure ? `fly-pg-expose: prune failed for ${app}` : dryRun ? `fly-pg-expose: prune dry run for ${app}` : `fly-pg-expose: prune of ${app}`
  const rule = paragraph(
    textHtml(
      `Marked previews last used more than \`${report.maxAge}\` ago are dropped, unless named in \`preview-keep\`; a database without the fly-pg-expose mark is never touched.${dryRun ? ' Dry run: nothing was changed.' : ''}`
    )
  )
  const rows = report.verdicts.map(verdict => {
    const { result, why } = pruneRow(verdict, report.outcomes[verdict.name], dryRun)
    return [textHtml(verdict.name), textHtml(verdict.lastUsed ?? 'unknown'), textHtml(result), textHtml(why)]
  })
  return (
    heading(title, 2) +
    (failure ? failureParagraph(failure) : '') +
    rule +
    (rows.length > 0 ? table(['Preview', 'Last use', 'Result', 'Why'], rows) : paragraph('No marked preview was found.'))
  )
}

/** What a cancelled prune says: where it stopped, what it had dropped, and what remains. */
export function describePruneInterruption(signal: NodeJS.Signals, stage: string, report: PruneReport): string {
  const dropped = prunedNames(report)
  const remaining = remainingNames(report)
  return [
    `Stopped by ${signal} during "${stage}" of a prune: flyctl was stopped and no flyctl is left running.`,
    dropped.length > 0 ? `Dropped: ${dropped.join(', ')}.` : 'Nothing was dropped.',
    remaining.length > 0 ? `Still there: ${remaining.join(', ')} (one may be dropped in part): rerun the prune to finish.` : ''
  ]
    .filter(Boolean)
    .join(' ')
}
