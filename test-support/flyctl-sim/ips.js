// @ts-check
// `ips list`, `ips allocate-v4`, `ips allocate-v6`, `ips release` (internal/command/ips).
import { CliError, gql, QUERIES } from './errors.js'
import { byte, nowIso, randomBase36, randomHex } from './helpers.js'
import { out, relativeTime, renderJson, renderTable } from './output.js'
import { chargeApiCall, fetchApp, mutateApp, waitWhileHeld } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').Ip} Ip */
/** @typedef {import('./types.js').World} World */

/** @type {(keyof Ip)[]} */
const IP_FIELDS = ['ID', 'Address', 'Type', 'Region', 'CreatedAt', 'ServiceName', 'Network']
/** @type {(ip: Ip) => Ip} */
const orderIp = ip =>
  /** @type {Ip} */ (Object.fromEntries(IP_FIELDS.map(k => [k, ip[k] ?? (k === 'Network' ? null : k === 'CreatedAt' ? '0001-01-01T00:00:00Z' : '')])))

/**
 * fly-go GetIPAddresses: GraphQL nodes, then the shared v4 appended; ips list then appends egress IPs.
 * @param {import('./types.js').App} app
 */
function ipsInListOrder(app) {
  const ips = app.ips ?? []
  /** @param {Ip} ip */
  const rank = ip => (ip.Type === 'shared_v4' ? 1 : String(ip.Type).startsWith('egress') ? 2 : 0)
  return [...ips].sort((a, b) => rank(a) - rank(b)).map(orderIp)
}

// internal/command/ips/render.go renderListTable
/** @type {Record<string, [string, string]>} */
const IP_TYPE_LABELS = {
  v4: ['v4', 'public ingress (dedicated, $2/mo)'],
  shared_v4: ['v4', 'public ingress (shared)'],
  v6: ['v6', 'public ingress (dedicated)'],
  private_v6: ['v6', 'private ingress'],
  egress_v4: ['v4', 'egress'],
  egress_v6: ['v6', 'egress']
}
/** @param {Ip[]} ips */
function renderIpTable(ips) {
  const rows = ips.map(ip => {
    const [version, type] = IP_TYPE_LABELS[ip.Type] ?? [ip.Type, ip.Address.startsWith('fdaa') ? 'private' : 'public']
    return [version, ip.Address, type, ip.Region, relativeTime(ip.CreatedAt)]
  })
  renderTable(rows, ['Version', 'IP', 'Type', 'Region', 'Created At'])
}

/** @param {Ctx} ctx */
export async function runIpsList(ctx) {
  await waitWhileHeld('reads')
  const app = await fetchApp(ctx, gql(QUERIES.ipAddresses))
  await chargeApiCall(ctx) // GetAppScopedEgressIPAddresses
  const ips = ipsInListOrder(app)
  if (ctx.flags.json) return renderJson(ips)
  renderIpTable(ips)
  out('Learn more about Fly.io public, private, shared and dedicated IP addresses in our docs: https://fly.io/docs/networking/services/\n')
}

/** @param {World} state */
function allAddresses(state) {
  return new Set(Object.values(state.apps ?? {}).flatMap(a => (a.ips ?? []).map(ip => ip.Address)))
}
/**
 * An address no app holds yet.
 * @param {World} state
 * @param {() => string} make
 */
function freshAddress(state, make) {
  const taken = allAddresses(state)
  for (;;) {
    const addr = make()
    if (!taken.has(addr)) return addr
  }
}
const ADDRESS_MAKERS = {
  v4: () => `${byte() % 2 ? '149.248' : '168.220'}.${byte() % 256}.${1 + (byte() % 254)}`,
  shared_v4: () => `66.241.${124 + (byte() % 2)}.${1 + (byte() % 254)}`,
  v6: () => `2a09:8280:1::${((byte() % 0xf0) + 0x10).toString(16)}:${randomHex(4).replace(/^0+/, '') || '0'}:0`,
  private_v6: () => `fdaa:9:${randomHex(4).replace(/^0+/, '')}:0:1::${2 + (byte() % 8)}`
}

/**
 * @param {Ctx} ctx
 * @param {'v4' | 'v6' | 'private_v6'} type
 */
async function allocateDedicated(ctx, type) {
  const region = ctx.flags.region || 'global'
  await fetchApp(ctx, gql(QUERIES.allocateIp))
  const ip = await mutateApp(ctx, (app, state) => {
    /** @type {Ip} */
    const entry = {
      ID: `ip_${randomBase36(16)}`,
      Address: freshAddress(state, ADDRESS_MAKERS[type]),
      Type: type,
      Region: region,
      CreatedAt: nowIso(),
      ServiceName: '',
      Network: type === 'private_v6' ? { Name: ctx.flags.network || 'default', Organization: { Slug: app.organization ?? 'personal' } } : null
    }
    ;(app.ips ??= []).push(entry)
    return entry
  })
  renderIpTable([orderIp(ip)])
}

/** @param {Ctx} ctx */
export async function runAllocateV4(ctx) {
  if (ctx.flags.shared) {
    await fetchApp(ctx, gql(QUERIES.allocateShared))
    const { address, added } = await mutateApp(ctx, (app, state) => {
      if ((app.ips ?? []).some(ip => ip.Type === 'v4')) {
        // The API refuses a shared v4 next to a dedicated one (server-side wording is not in public sources).
        throw new CliError(
          `failed to run ${QUERIES.allocateShared}: App already has a dedicated IPv4 address, release it before allocating a shared IPv4 address`
        )
      }
      const existing = (app.ips ?? []).find(ip => ip.Type === 'shared_v4')
      if (existing) return { address: existing.Address, added: false }
      /** @type {Ip} */
      const entry = {
        ID: '',
        Address: freshAddress(state, ADDRESS_MAKERS.shared_v4),
        Type: 'shared_v4',
        Region: '',
        CreatedAt: '0001-01-01T00:00:00Z',
        ServiceName: '',
        Network: null
      }
      ;(app.ips ??= []).push(entry)
      return { address: entry.Address, added: true }
    })
    ctx.wrote = added // an app keeps a single shared v4: allocating it again changes nothing
    // ips/render.go renderSharedTable
    return renderTable([['v4', address, 'shared', 'global']], ['Version', 'IP', 'Type', 'Region'])
  }
  // ips/allocate.go: dedicated v4 confirms the $2/mo charge; without a TTY the prompt fails unless --yes.
  if (!ctx.flags.yes) throw new CliError('yes flag must be specified when not running interactively')
  return allocateDedicated(ctx, 'v4')
}

/** @param {Ctx} ctx */
export async function runAllocateV6(ctx) {
  return allocateDedicated(ctx, ctx.flags.private ? 'private_v6' : 'v6')
}

/**
 * ips/release.go runReleaseIPAddress: each address in turn, stopping at the first error.
 * @param {Ctx} ctx
 */
export async function runIpsRelease(ctx) {
  for (const address of ctx.args) {
    if (!isIpAddress(address)) throw new CliError(`Invalid IP address: '${address}'`)
    await fetchApp(ctx, gql(QUERIES.releaseIp))
    await mutateApp(ctx, app => {
      const index = (app.ips ?? []).findIndex(ip => ip.Address === address && !String(ip.Type).startsWith('egress'))
      // The API's wording for an address the app does not hold is not in public sources: a guess.
      if (index === -1) throw new CliError(`failed to run ${QUERIES.releaseIp}: Could not find IP address ${address} on app ${ctx.appName}`)
      app.ips?.splice(index, 1) // found, so the app has its list
    })
    out(`Released ${address} from ${ctx.appName}\n`)
  }
}

/**
 * net.ParseIP: dotted IPv4 or IPv6 text.
 * @param {string} text
 */
function isIpAddress(text) {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every(part => Number(part) <= 255)
  return /^[0-9a-f:]+$/i.test(text) && text.includes(':') && (text.match(/::/g) ?? []).length <= 1
}
