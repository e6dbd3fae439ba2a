// @ts-check
// Managed Postgres: `mpg list`, `mpg status`, and what `mpg proxy` shares with them.
// flyctl internal/command/mpg/mpg.go (requireMacaroonToken's text; ClusterFromArgOrSelect: by ID only,
// `managed postgres cluster "<id>" not found`), list.go (`--org`, `No managed postgres clusters found in
// organization <o>`, JSON: the v1 ManagedCluster array), status.go and v2/run_status.go (JSON: the whole
// GetClusterResponse, credentials included), internal/uiex/mpg/{types.go,v1/client.go,v2/client.go};
// fly-go tokens/tokens.go Parse (fm1r_, fm1a_, fm2_ are macaroons), types.go Organization (no json tags).
import { CliError } from './errors.js'
import { out, renderJson, renderTable } from './output.js'
import { chargeApiCall } from './store.js'
import { findOrganization, organizationBySlug } from './wireguard.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').MpgCluster} MpgCluster */

/**
 * validateMPGTokenCompatibility: MPG commands need a macaroon token (checked before any API call).
 * @param {Ctx} ctx
 */
export function requireMacaroonToken(ctx) {
  const tokens = String(ctx.token ?? '')
    .replace(/^\s*(Bearer|FlyV1)\s+/i, '')
    .split(',')
  if (!tokens.some(t => /^(fm1r|fm1a|fm2)_/.test(t.trim()))) {
    throw new CliError(`MPG commands require updated tokens but found older-style tokens.

Please upgrade your authentication by running:
  flyctl auth logout
  flyctl auth login
`)
  }
}

/**
 * fly-go Organization as encoding/json renders it (Go field names). Which fields ui-ex fills is a guess.
 * @param {{ slug: string, id: string, name: string }} org
 */
function goOrganization(org) {
  return {
    ID: org.id,
    InternalNumericID: '',
    Name: org.name,
    RemoteBuilderImage: '',
    RemoteBuilderApp: null,
    Slug: org.slug,
    RawSlug: org.slug,
    Type: '',
    PaidPlan: false,
    Billable: false,
    Settings: null,
    AllowedReplaySourceOrgSlugs: null,
    AllowAllCrossNetworkReplays: false,
    WireGuardPeer: null,
    WireGuardPeers: { Nodes: null, Edges: null },
    DelegatedWireGuardTokens: { Nodes: null, Edges: null },
    LoggedCertificates: null
  }
}

/**
 * ClusterFromArgOrSelect with an ID (v2 GetClusterById, then v1): the token is checked, the cluster found by ID.
 * @param {Ctx} ctx
 * @param {string | undefined} id
 */
export async function findMpgCluster(ctx, id) {
  if (!id) throw new CliError('org slug must be specified when not running interactively') // prompt.Org without a TTY
  await chargeApiCall(ctx)
  // ui-ex answers a bad token with something other than 200/404: "Something went wrong" (v2 client), then v1 fails too.
  const cluster = ctx.token === ctx.state.token ? ctx.state.mpgClusters?.[id] : undefined
  if (!cluster) throw new CliError(`managed postgres cluster "${id}" not found`)
  return { id, cluster }
}

/**
 * @param {Ctx} ctx
 * @param {string} id
 * @param {MpgCluster} c
 * @param {boolean} v1 the v1 list shape (mpgd_cluster_id, version) or the v2 one (engine, mpgd_cluster_id)
 */
function clusterJson(ctx, id, c, v1) {
  const org = findOrganization(ctx.state, c.organization) ?? { slug: c.organization, id: '', name: c.organization }
  return {
    id,
    ...(v1 ? { mpgd_cluster_id: `mpgd-${id}`, version: c.version ?? 2 } : {}),
    name: c.name,
    ...(v1 ? {} : { status: c.status ?? 'ready', engine: 'postgres', plan: c.plan ?? 'basic' }),
    region: c.region ?? 'iad',
    ...(v1 ? { status: c.status ?? 'ready', plan: c.plan ?? 'basic' } : {}),
    ...(v1 ? {} : { organization: goOrganization(org), mpgd_cluster_id: `mpgd-${id}` }),
    disk: c.disk ?? 10,
    replicas: c.replicas ?? 0,
    ...(v1 ? { organization: goOrganization(org) } : {}),
    ip_assignments: { direct: c.ip_assignments?.direct ?? '' },
    attached_apps: c.attached_apps ?? []
  }
}

/**
 * `mpg list --org <slug> [--json]`.
 * @param {Ctx} ctx
 */
export async function runMpgList(ctx) {
  requireMacaroonToken(ctx)
  const slug = /** @type {string | undefined} */ (ctx.flags.org)
  if (!slug) throw new CliError('slug argument must be specified when not running interactively')
  const org = await organizationBySlug(ctx, slug)
  await chargeApiCall(ctx) // GetOrganization (raw slug), then ListManagedClusters
  const clusters = Object.entries(ctx.state.mpgClusters ?? {}).filter(([, c]) => c.organization === org.slug)
  if (clusters.length === 0) {
    out(`No managed postgres clusters found in organization ${org.slug}\n`)
    return
  }
  if (ctx.flags.json) {
    renderJson(clusters.map(([id, c]) => clusterJson(ctx, id, c, true)))
    return
  }
  renderTable(
    clusters.map(([id, c]) => [
      id,
      c.name,
      org.slug,
      c.region ?? 'iad',
      c.status ?? 'ready',
      c.plan ?? 'basic',
      (c.attached_apps ?? []).map(a => a.name).join(', ') || '<no attached apps>'
    ]),
    ['ID', 'Name', 'Org', 'Region', 'Status', 'Plan', 'Attached Apps']
  )
}

/**
 * `mpg status <ID> [--json]`: JSON is GetClusterResponse `{ data, credentials }`.
 * @param {Ctx} ctx
 */
export async function runMpgStatus(ctx) {
  requireMacaroonToken(ctx)
  const { id, cluster } = await findMpgCluster(ctx, ctx.args[0])
  await chargeApiCall(ctx)
  const data = clusterJson(ctx, id, cluster, false)
  if (ctx.flags.json) {
    const c = cluster.credentials
    renderJson({
      data,
      credentials: { status: c.status ?? 'ready', user: c.user, password: c.password, dbname: c.dbname, pgbouncer_uri: c.pgbouncer_uri ?? '' }
    })
    return
  }
  // render.VerticalTable: one "Name: value" block under the title (its exact layout is a guess).
  /** @type {[string, string][]} */
  const rows = [
    ['ID', id],
    ['Name', cluster.name],
    ['Organization', cluster.organization],
    ['Region', data.region],
    ['Status', cluster.status ?? 'ready'],
    ['Allocated Disk (GB)', String(data.disk)],
    ['Replicas', String(data.replicas)],
    ['Direct IP', data.ip_assignments.direct]
  ]
  out(`Cluster Status\n${rows.map(([k, v]) => `  ${k.padEnd(20)}= ${v}`).join('\n')}\n\n`)
}
