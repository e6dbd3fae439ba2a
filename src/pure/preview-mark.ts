// Which roles and databases the preview path may touch: the mark fly-pg-expose leaves on what it creates, and the
// verdict on a role and database of the preview's name that exist already. Decided before any write.

/**
 * The comment on a preview's role and database: this prefix, then JSON `{"v":1,"lastUsed":"<ISO time>"}`. `v` is the
 * format's version; `lastUsed` is refreshed by a run that uses the preview when it is older than an hour (a later
 * `mode: prune` reads both from the database's comment; an hour is nothing to a prune, and a rerun writes nothing). Only a superuser (or, for the role, a CREATEROLE admin of it) can write the role's comment,
 * so a preview role cannot mark another role as a preview.
 */
export const PREVIEW_MARK_PREFIX = 'fly-pg-expose preview '

export interface PreviewMark {
  v: number
  lastUsed?: string
}

export function previewMark(now: Date): string {
  return PREVIEW_MARK_PREFIX + JSON.stringify({ v: 1, lastUsed: now.toISOString() })
}

/** How stale `lastUsed` may grow before a run that uses the preview writes it again. */
export const MARK_REFRESH_MS = 60 * 60_000

/** Whether a run must (re)write the database's mark: none of ours, no `lastUsed`, or one older than an hour. */
export function markNeedsRefresh(comment: string | null | undefined, now: Date): boolean {
  const lastUsed = readPreviewMark(comment)?.lastUsed
  const at = lastUsed === undefined ? NaN : Date.parse(lastUsed)
  return !(now.getTime() - at < MARK_REFRESH_MS && at <= now.getTime() + MARK_REFRESH_MS)
}

/** The mark in a comment, or undefined when the comment is none of ours. */
export function readPreviewMark(comment: string | null | undefined): PreviewMark | undefined {
  if (!comment?.startsWith(PREVIEW_MARK_PREFIX)) return undefined
  try {
    const mark: unknown = JSON.parse(comment.slice(PREVIEW_MARK_PREFIX.length))
    if (typeof mark !== 'object' || mark === null || typeof (mark as PreviewMark).v !== 'number') return undefined
    const { v, lastUsed } = mark as PreviewMark
    return typeof lastUsed === 'string' ? { v, lastUsed } : { v }
  } catch {
    return undefined
  }
}

/** A role of the preview's name, as pg_roles, pg_auth_members and its comment show it. */
export interface ExistingRole {
  superuser: boolean
  createRole: boolean
  createDb: boolean
  replication: boolean
  bypassRls: boolean
  canLogin: boolean
  /** Roles it is a member of (it would hold their privileges). */
  memberOf: string[]
  /** Roles that are members of it, the admin aside. */
  members: string[]
  comment: string | null
}

/** A database of the preview's name. */
export interface ExistingDatabase {
  owner: string
  comment: string | null
  /** PUBLIC may connect to it. */
  publicConnect: boolean
}

export type PreviewVerdict =
  /** Neither exists. */
  | { kind: 'absent' }
  /** The role carries the mark: this action made it (its database, if any, is the role's own). */
  | { kind: 'ours' }
  /** No mark, but exactly what the release before the mark made: take it over and mark it. */
  | { kind: 'adopt' }
  | { kind: 'refuse'; message: string }

export type PreviewVerb = 'reuse' | 'drop'

/** Whether `verb` may touch the role and database of `name`: only a preview this action made (or an earlier release did). */
export function judgePreview(name: string, verb: PreviewVerb, role?: ExistingRole, database?: ExistingDatabase): PreviewVerdict {
  const refuse = (message: string): PreviewVerdict => ({ kind: 'refuse', message })
  if (database && database.owner !== name) {
    return refuse(
      `Database "${name}" exists and is owned by "${database.owner}", not by the preview role "${name}": refusing to ${verb} it. Choose another \`preview-database\` name.`
    )
  }
  if (!role) return { kind: 'absent' }
  const elevated = [role.createRole && 'CREATEROLE', role.createDb && 'CREATEDB', role.replication && 'REPLICATION', role.bypassRls && 'BYPASSRLS'].filter(
    Boolean
  )
  const privileges = [
    ...(role.superuser ? ['is a superuser'] : []),
    ...(elevated.length > 0 ? [`has ${elevated.join(' and ')}`] : []),
    ...(role.memberOf.length > 0 ? [`is a member of ${role.memberOf.join(', ')}`] : []),
    ...(role.members.length > 0 ? [`has members (${role.members.join(', ')})`] : [])
  ]
  if (privileges.length > 0) {
    const tail = verb === 'reuse' ? 'Choose another `preview-database` name.' : 'If it is yours to remove, drop it by hand.'
    return refuse(`Role "${name}" is not a preview role: it ${privileges.join(', it ')}. Refusing to ${verb} it; nothing was changed. ${tail}`)
  }
  if (readPreviewMark(role.comment)) return { kind: 'ours' }
  // The release before the mark made: a login role owning its database, PUBLIC without CONNECT on it, no comments.
  const unlike = [
    ...(!database ? ['it owns no database of its name'] : database.publicConnect ? ['PUBLIC can connect to its database'] : []),
    ...(!role.canLogin ? ['it cannot log in'] : []),
    ...(role.comment !== null || (database?.comment ?? null) !== null ? ['it or its database has a comment'] : [])
  ]
  if (unlike.length === 0) return { kind: 'adopt' }
  const byHand = `${database ? `DROP DATABASE "${name}" WITH (FORCE); ` : ''}DROP ROLE "${name}";`
  const tail = verb === 'reuse' ? 'Choose another `preview-database` name.' : `If it is a preview you no longer need, drop it by hand: \`${byHand}\`.`
  return refuse(
    `Role "${name}" was not created by fly-pg-expose: it has no fly-pg-expose mark and does not look like a preview of an earlier release (${unlike.join('; ')}). Refusing to ${verb} it; nothing was changed. ${tail}`
  )
}

/** What the log says of an adopted preview. */
export function adoptionNote(name: string, verb: PreviewVerb): string {
  return `preview "${name}" has no fly-pg-expose mark but is shaped exactly as an earlier release made previews: adopted, and ${verb === 'reuse' ? "marked as this action's" : 'dropped'}`
}

/** Why a template cannot be copied (undefined: it can), said before any write. */
export function judgeTemplate(template: string, found?: { publicConnect: boolean }): string | undefined {
  if (!found) return `Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. Nothing was changed.`
  if (found.publicConnect) {
    return `Template database "${template}" lets every role connect (PUBLIC has CONNECT): a preview role could hold a session on it, which blocks every later copy, and read it. Run \`REVOKE CONNECT ON DATABASE "${template}" FROM PUBLIC\` (the admin keeps it), or \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. Nothing was changed.`
  }
  return undefined
}

/** Another run's session holds the preview's advisory lock past the budget. */
export function lockHeldMessage(name: string, seconds: number, action: string): string {
  return `Another run holds preview "${name}": its lock stayed taken for ${seconds} s (\`verify-timeout\`), so this run did not ${action} it; nothing was changed. Let that run finish, then rerun (a workflow \`concurrency\` group per preview keeps runs in turn). If no run is active, a stale session holds the lock: find it as the admin with \`SELECT pid, client_addr, backend_start FROM pg_stat_activity WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')\` and end it with \`SELECT pg_terminate_backend(<pid>)\`.`
}

/** A preview an exposing run created or reused: what its outputs describe. */
export interface PreviewOutcome {
  name: string
  password: string
  created: boolean
  /** The preview's external URL (masked). */
  url: string
}
