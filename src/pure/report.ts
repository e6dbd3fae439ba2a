// What the user sees: the plan in the log, the outputs, and the job summary, as plain values (report-writer.ts sets
// and writes them). Never a secret.
import { OUTPUTS, type Outputs } from './outputs.js'
import { escapeHtml, failureParagraph, heading, list, paragraph, resultTable, textHtml } from './summary-html.js'
import { isNoop, type ExposurePlan, type MemberPlan } from './plan.js'
import { pgTlsPortFlag } from './pg-tls-service.js'
import type { PublicIps } from './addresses.js'
import type { ServiceOutcome } from './pg-tls-service.js'
import { describeExposure, type PublicExposure } from './exposure.js'
import type { VerifiedConnection } from './connection.js'
import { redactedUrl } from './url.js'
import { jdbcUrl, type VerifiedEndpoint } from './client-forms.js'
import type { PreviewOutcome } from './preview-mark.js'
import type { CiRoleOutcome } from './ci-role.js'

export interface RunReport {
  app: string
  host: string
  port: number
  flyctlVersion: string
  plan: ExposurePlan
  dryRun: boolean
  ips?: PublicIps
  /** True once members were restarted with the service (by `fly deploy` or every `fly machine update`). */
  deployed: boolean
  /** Members `fly machine update` has changed so far (`method: machines`). */
  updatedMembers: string[]
  /** The machines a deploy was started on (set before flyctl runs, so a deploy that never finished is known). */
  deployStartedOn?: string[]
  /** What is public after the run (set once it is verified). */
  exposure?: PublicExposure
  /** What makes the exposure weak (credentials, hashing, TLS): warnings, or with `strict` the failure. */
  weakPoints?: string[]
  /** `ephemeral`: the addresses the post step releases when the job ends. */
  ephemeral?: string[]
  /** Whether this run added the pg_tls service, or found it added by a concurrent run right before its change. */
  serviceOutcome?: ServiceOutcome
  configChanges: string[]
  connection?: VerifiedConnection
  databaseUrl?: string
  /** What the output URL names (host, port, user, password, database, sslmode): its other forms are built from it. */
  endpoint?: VerifiedEndpoint
  /** The preview database and role this run created or reused (`preview-database`). */
  preview?: PreviewOutcome
  /** The preview this run started to create or reuse (set before the first SQL, so a cancel can name it). */
  previewStarted?: string
  /** The CI role this run created or updated (`role`). */
  ciRole?: CiRoleOutcome
  /** The CI role this run started to prepare (set before the first SQL, so a cancel can name it). */
  ciRoleStarted?: string
  /** Set when the run failed after planning: the summary then says so, and what had changed by then. */
  failure?: string
}

/** The plan as log lines, one change per line. */
export function describePlan(plan: ExposurePlan, port: number): string[] {
  const lines: string[] = []
  const { allocate, existing, deploy } = plan
  lines.push(allocate.ipv4 ? `allocate a ${allocate.ipv4} IPv4` : `IPv4: ${existing.ipv4 ? `keep ${existing.ipv4} (${existing.ipv4Type})` : 'none requested'}`)
  lines.push(allocate.ipv6 ? 'allocate an IPv6' : `IPv6: ${existing.ipv6 ? `keep ${existing.ipv6}` : 'none requested'}`)
  if (!deploy.needed) lines.push(`no deploy, no restart: ${deploy.reason}`)
  else if (plan.method === 'deploy') {
    lines.push(`deploy ${plan.image.deployRef} with a pg_tls service ${port} -> 5432 (${deploy.reason}): a rolling restart of every member`)
  } else {
    const count = plan.members.filter(member => member.restarted).length
    lines.push(
      `fly machine update --port ${pgTlsPortFlag(port)} on ${count} member(s), one at a time, replicas first and the primary last (${deploy.reason}): each restarts once and keeps its image`
    )
  }
  for (const member of plan.members) lines.push(`  member ${member.id} (${member.role ?? 'role unknown'}): ${memberChange(member)}`)
  for (const other of plan.others) lines.push(`  leave alone: ${other.kind} machine ${other.id} (not a Postgres member)`)
  if (isNoop(plan)) lines.push('nothing to change')
  return lines
}

function memberChange(member: MemberPlan): string {
  if (!member.restarted) return `${member.before}, not restarted`
  return member.after === member.before ? `${member.before}, restarts with the same image` : `${member.before} -> ${member.after}`
}

/** What this run had already changed on Fly, and how to undo each, for a failure after a write. */
/** What happens to an address an `ephemeral` run allocated, whatever became of the run. */
const RELEASED_BY_POST_STEP = 'the post step releases it when the job ends (`ephemeral: true`).'

export function undoNotes(report: RunReport): string[] {
  const notes: string[] = []
  const { plan, ips, app } = report
  // An address a concurrent run allocated (adopted after converging) is not this run's to undo.
  const ours = (address: string | undefined): address is string => Boolean(address) && !ips?.adopted?.includes(address as string)
  const undo = (address: string) => (report.ephemeral?.includes(address) ? RELEASED_BY_POST_STEP : `to undo: \`fly ips release ${address} -a ${app}\`.`)
  if (ours(ips?.ipv4) && plan.allocate.ipv4) notes.push(`This run allocated the ${plan.allocate.ipv4} IPv4 ${ips.ipv4}; ${undo(ips.ipv4)}`)
  if (ours(ips?.ipv6) && plan.allocate.ipv6) notes.push(`This run allocated the IPv6 ${ips.ipv6}; ${undo(ips.ipv6)}`)
  if (report.updatedMembers.length > 0) {
    notes.push(
      `Members ${report.updatedMembers.join(', ')} already serve pg_tls on port ${report.port} (harmless to keep; to remove it from one: \`fly machine update <id> -a ${app} --port ${report.port}:5432/tcp:- --yes\`, which drops every port of its service on internal port 5432).`
    )
  }
  return notes
}

/** The outputs of an exposing run, by name (the URL only once it is verified). */
export function runOutputs(report: RunReport): Outputs {
  const { plan, ips, connection } = report
  return {
    // The URL was registered with core.setSecret when the inputs were read, before this or any log line.
    ...(report.databaseUrl ? { [OUTPUTS.databaseUrl]: report.databaseUrl } : {}),
    // Masked as a whole and by its form-encoded password before it is set.
    ...(report.databaseUrl && report.endpoint ? { [OUTPUTS.jdbcUrl]: jdbcUrl(report.endpoint) } : {}),
    [OUTPUTS.host]: report.host,
    [OUTPUTS.port]: String(report.port),
    [OUTPUTS.ipv4]: ips?.ipv4 ?? plan.existing.ipv4 ?? '',
    [OUTPUTS.ipv6]: ips?.ipv6 ?? plan.existing.ipv6 ?? '',
    [OUTPUTS.image]: report.deployed && plan.method === 'deploy' ? (plan.image.deployRef ?? plan.image.running) : plan.image.running,
    [OUTPUTS.postgresVersion]: connection?.serverVersion ?? '',
    [OUTPUTS.tlsVersion]: connection?.tlsVersion ?? '',
    [OUTPUTS.deployed]: String(report.deployed),
    // A preview database this run created is a change too (a reused one's fresh password is not counted).
    [OUTPUTS.changed]: String(!report.dryRun && (!isNoop(plan) || report.preview?.created === true)),
    [OUTPUTS.flyctlVersion]: report.flyctlVersion,
    // A preview's or CI role's outputs describe its own role and database, never the admin's (the password was masked when made).
    [OUTPUTS.databaseName]: report.preview?.name ?? report.ciRole?.database ?? '',
    [OUTPUTS.username]: report.preview?.name ?? report.ciRole?.name ?? '',
    [OUTPUTS.password]: report.preview?.password ?? report.ciRole?.password ?? '',
    [OUTPUTS.created]: String(report.preview?.created ?? false)
  }
}

/** The job summary of a run that got as far as a plan (passed, dry, or failed: `report.failure`), as HTML. */
export function runSummary(report: RunReport): string {
  const { plan, ips, connection } = report
  const title = report.failure
    ? `fly-pg-expose: failed for ${report.app}`
    : report.dryRun
      ? `fly-pg-expose: dry run for ${report.app}`
      : `fly-pg-expose: ${report.app} is reachable at ${report.host}:${report.port}`
  const needsDeploy = plan.deploy.needed
  const how = plan.method === 'deploy' ? 'rolling restart (fly deploy)' : 'fly machine update, one member at a time'
  const rows: Array<[string, string]> = [
    ['IPv4', describeAddress(plan.allocate.ipv4, plan.existing.ipv4, ips?.ipv4, report)],
    ['IPv6', describeAddress(plan.allocate.ipv6 ? 'public' : null, plan.existing.ipv6, ips?.ipv6, report)],
    [
      'pg_tls service',
      `${!needsDeploy ? 'present' : report.deployed ? 'added' : report.serviceOutcome === 'added by another run' ? 'added by a concurrent run' : report.dryRun ? 'would be added' : 'missing'}: ${plan.deploy.reason}`
    ],
    ['Image', report.deployed && plan.method === 'deploy' ? `${plan.image.deployRef} (deployed, was ${plan.image.running})` : plan.image.running],
    [
      'Deploy',
      report.deployed
        ? `yes: ${how}`
        : report.serviceOutcome === 'added by another run'
          ? 'no: a concurrent run added the service, so this run restarted nothing'
          : report.deployStartedOn
            ? `started on ${report.deployStartedOn.join(', ')} and did not finish: some machines may run the new config, check \`fly status -a ${report.app}\``
            : !needsDeploy
              ? 'no: no restart'
              : report.dryRun
                ? `would run: ${how}`
                : partly(report, how)
    ],
    ...plan.members.map((member): [string, string] => [`Member ${member.id} (${member.role ?? 'role unknown'})`, memberResult(member, report)]),
    ...plan.others.map((other): [string, string] => [`Other machine ${other.id}`, `${other.kind} machine: left alone`]),
    ['TLS', connection ? `${connection.tlsVersion}, verified after ${connection.attempts} attempt(s)` : 'not checked'],
    ['Server', connection ? connection.serverVersionText : 'not checked'],
    ['flyctl', report.flyctlVersion],
    ...(report.preview ? [['Preview database', `${report.preview.name} (${report.preview.created ? 'created' : 'reused'})`] as [string, string]] : []),
    ...(report.ciRole
      ? [
          [
            'CI role',
            `${report.ciRole.name}: ${report.ciRole.privileges} on ${report.ciRole.database} (${report.ciRole.result.created ? 'created' : report.ciRole.result.changes.length > 0 ? 'updated' : 'unchanged'})`
          ] as [string, string]
        ]
      : [])
  ]
  return [
    heading(title, 2),
    report.failure ? failureParagraph(report.failure) : '',
    resultTable(rows.map(([what, result]) => [what, textHtml(result)])),
    report.configChanges.length > 0 ? list(report.configChanges.map(textHtml)) : '',
    report.databaseUrl
      ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(report.databaseUrl))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`)
      : '',
    ...plan.warnings.map(warning => paragraph(`⚠️ ${textHtml(warning)}`)),
    report.exposure ? paragraph('<strong>What is public</strong>') + list(describeExposure(report.exposure).map(textHtml)) : '',
    ...(report.weakPoints ?? []).map(weakPoint => paragraph(`⚠️ ${textHtml(weakPoint)}`)),
    report.ephemeral ? paragraph(`⏳ ${textHtml(ephemeralNote(report.ephemeral))}`) : ''
  ].join('')
}

function partly(report: RunReport, how: string): string {
  const planned = report.plan.members.filter(member => member.restarted).length
  return report.updatedMembers.length > 0 ? `stopped after ${report.updatedMembers.length} of ${planned} members: ${how}` : 'not done'
}

/** A member's image before and after, and whether it was restarted (a dry run or a failure stops short). */
function memberResult(member: MemberPlan, report: RunReport): string {
  if (!member.restarted) return `${member.before} (not restarted)`
  const change = member.after === member.before ? `${member.before} (same image)` : `${member.before} → ${member.after}`
  if ((report.deployed && report.plan.method === 'deploy') || report.updatedMembers.includes(member.id)) return `${change}: restarted`
  if (report.serviceOutcome === 'added by another run') return `${member.before}: service added by a concurrent run`
  return `${change}: ${report.dryRun ? 'would restart' : 'not restarted, the run stopped before'}`
}

/** The summary of a run stopped before it had a plan: where it stopped, and that nothing was changed. */
export function stoppedSummary(app: string, message: string): string {
  return heading(`fly-pg-expose: stopped for ${app}`, 2) + failureParagraph(message)
}

/** An address row from what was planned and what actually happened (a dry run or a failure stops short). */
function describeAddress(toAllocate: string | null, existing: string | undefined, allocated: string | undefined, report: RunReport): string {
  if (!toAllocate) return existing ? `${existing} (already there)` : 'none'
  if (report.dryRun) return `would be allocated (${toAllocate})`
  if (!report.ips) return 'not allocated: the run stopped before'
  if (allocated && report.ips.adopted?.includes(allocated)) {
    const ours = (report.ips.released ?? []).find(address => address.includes('.') === allocated.includes('.'))
    return ours
      ? `${allocated} (allocated by a concurrent run; this run's ${ours} was released)`
      : `${allocated} (allocated by a concurrent run; releasing this run's duplicate failed: see the warning)`
  }
  if (!allocated && report.failure) return `unknown: the ${toAllocate} allocation did not finish; see \`fly ips list -a ${report.app}\``
  return `${allocated ?? '(see fly ips list)'} allocated (${toAllocate})`
}

/** What a cancelled run says: where it stopped, and everything it had changed on Fly by then. */
export function describeInterruption(signal: NodeJS.Signals, stage: string, app: string, report: RunReport | undefined): string {
  const changes: string[] = []
  const { ips, plan } = report ?? {}
  if (ips && plan) {
    const wanted: Array<['ipv4' | 'ipv6', string | null]> = [
      ['ipv4', plan.allocate.ipv4 ? `${plan.allocate.ipv4} IPv4` : null],
      ['ipv6', plan.allocate.ipv6 ? 'IPv6' : null]
    ]
    for (const [family, what] of wanted) {
      if (!what) continue
      const address = ips[family]
      changes.push(
        address
          ? `The ${what} ${address} was allocated; ${report?.ephemeral?.includes(address) ? RELEASED_BY_POST_STEP : 'it stays, and a rerun keeps it.'}`
          : `The ${what} allocation was stopped midway and may have gone through: see \`fly ips list -a ${app}\` (a rerun keeps an address already there).`
      )
    }
  }
  if (report?.plan.method === 'machines') {
    if (report.updatedMembers.length > 0) {
      changes.push(
        `Members ${report.updatedMembers.join(', ')} were updated with the pg_tls service (each restarted once); an update under way when the job stopped may have gone through too: see \`fly machines list -a ${app}\` (a rerun updates only members still lacking the service).`
      )
    }
  } else if (report?.deployed) {
    changes.push(`The deploy of ${report.plan.image.deployRef} finished: the machines serve the pg_tls service now.`)
  } else if (report?.deployStartedOn) {
    changes.push(
      `The deploy had started on machines ${report.deployStartedOn.join(', ')} and was stopped: some may already run the new config or still be restarting. Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`
    )
  }
  if (changes.length === 0) changes.push('Nothing had been changed on Fly.')
  // A run cancelled while it made the preview: the role and database may exist, or have a new password.
  if (report?.previewStarted && !report.preview) {
    changes.push(
      `The preview role and database "${report.previewStarted}" may have been created, or the role given its derived password: rerun (it reuses them) or tear them down with \`mode: teardown\`.`
    )
  }
  if (report?.ciRoleStarted && !report.ciRole) {
    changes.push(
      `The CI role "${report.ciRoleStarted}" may have been created or updated (its changes are one transaction: all or none): rerun to finish, or drop it with \`DROP OWNED BY "${report.ciRoleStarted}"; DROP ROLE "${report.ciRoleStarted}";\`.`
    )
  }
  return [`Stopped by ${signal} during "${stage}": flyctl was stopped and no flyctl is left running; temporary files were removed.`, ...changes].join(' ')
}

/** The report of an exposing run as it starts, once the plan is known: nothing changed yet. */
export function newRunReport(
  inputs: { app: string; host: string; port: number; dryRun: boolean },
  plan: ExposurePlan,
  flyctlVersion: string,
  weakPoints: string[]
): RunReport {
  const { app, host, port, dryRun } = inputs
  return { app, host, port, flyctlVersion, plan, dryRun, deployed: false, updatedMembers: [], configChanges: [], weakPoints }
}

/** What an `ephemeral` run leaves when the job ends. */
export function ephemeralNote(addresses: string[]): string {
  const released =
    addresses.length > 0
      ? `${addresses.join(' and ')} (allocated by this run) will be released when the job ends`
      : 'This run allocated no address, so none will be released'
  return `Ephemeral: ${released}; addresses that were there before stay. A pg_tls service added to the machines stays too (removing it would restart them again).`
}
