// @ts-check
// WireGuard peers: the org's peers on the API side (state `organizations.<slug>.wireGuardPeers`), the local
// `wire_guard_state` in $FLY_CONFIG_DIR/config.yml, and `wireguard list` / `wireguard remove`.
// flyctl internal/wireguard/wg.go (generatePeerName, Create, StateForOrg, PruneInvalidPeers),
// internal/config/file.go (yaml.v3, 4-space indent, mode 0600), wg/state.go (WireGuardState),
// internal/command/wireguard/{wireguard.go,others.go,root.go}; fly-go resource_wireguard.go, types.go WireGuardPeer.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CliError } from './errors.js'
import { randomHex, sha256, ulid } from './helpers.js'
import { out, renderJson, renderTable } from './output.js'
import { chargeApiCall, readStateFile, withStateLock } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').World} World */
/** @typedef {import('./types.js').WireGuardPeer} WireGuardPeer */
/** @typedef {{ org: string, name: string, region: string, localpublic: string, localprivate: string, dns: string, peer: { peerip: string, endpointip: string, pubkey: string } }} WireGuardState */

// fly-go GetOrganizationBySlug / GetWireGuardPeers / AddWireGuardPeer / RemoveWireGuardPeer, compacted (client.go).
export const WG_QUERIES = {
  organization: 'query($slug: String!) { organization(slug: $slug) { id internalNumericId slug rawSlug name type billable } }',
  peers: 'query($slug: String!) { organization(slug: $slug) { wireGuardPeers { nodes { id name pubkey region peerip } } } }',
  addPeer: 'mutation($input: AddWireGuardPeerInput!) { addWireGuardPeer(input: $input) { peerip endpointip pubkey } }',
  removePeer: 'mutation($input: RemoveWireGuardPeerInput!) { removeWireGuardPeer(input: $input) { organization { id } } }',
  validatePeers: 'mutation($input: ValidateWireGuardPeersInput!) { validateWireGuardPeers(input: $input) { invalidPeerIps } }'
}

/** flyctl.ConfigDir(): $FLY_CONFIG_DIR, else ~/.fly (helpers/config.go). */
export function configDir() {
  return process.env.FLY_CONFIG_DIR || join(process.env.HOME ?? '', '.fly')
}

/**
 * The organization a slug names: one listed in `organizations`, or one an app or MPG cluster belongs to.
 * @param {World} state
 * @param {string} slug
 */
export function findOrganization(state, slug) {
  const known =
    Boolean(state.organizations?.[slug]) ||
    Object.values(state.apps ?? {}).some(app => (app.organization ?? 'personal') === slug) ||
    Object.values(state.mpgClusters ?? {}).some(cluster => cluster.organization === slug)
  if (!known) return null
  return { slug, id: state.organizations?.[slug]?.id ?? `org_${sha256(slug).slice(0, 12)}`, name: state.organizations?.[slug]?.name ?? slug }
}

/**
 * GetOrganizationBySlug (an API call: checks the token). The not-found text is a guess.
 * @param {Ctx} ctx
 * @param {string} slug
 */
export async function organizationBySlug(ctx, slug) {
  await chargeApiCall(ctx)
  if (ctx.token !== ctx.state.token) throw new CliError(`failed to run ${WG_QUERIES.organization}: You must be authenticated to view this.`)
  const org = findOrganization(ctx.state, slug)
  if (!org) throw new CliError(`failed to run ${WG_QUERIES.organization}: Could not find Organization ${slug}`)
  return org
}

// --- config.yml: yaml.v3 output (map keys sorted, struct fields in Go order, 4-space indent) ---

/** @param {string} path */
function readConfigText(path) {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** Unquotes a yaml.v3 scalar ('x', "x" or plain). @param {string} raw */
function scalar(raw) {
  const value = raw.trim()
  if (value.startsWith('"')) return JSON.parse(value)
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'")
  return value
}

/**
 * The `wire_guard_state` map of config.yml ({} when absent), read from the text flyctl (or this simulator) wrote.
 * @returns {Record<string, WireGuardState>}
 */
export function readWireGuardStates(dir = configDir()) {
  const lines = readConfigText(join(dir, 'config.yml')).split('\n')
  const start = lines.findIndex(line => /^wire_guard_state:\s*$/.test(line))
  /** @type {Record<string, any>} */
  const states = {}
  if (start < 0) return states
  /** @type {Record<string, any> | null} */
  let entry = null
  /** @type {Record<string, any> | null} */
  let peer = null
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break
    const match = line.match(/^( +)([^:]+):\s*(.*)$/)
    if (!match) continue
    const [, indent, key, value] = match
    if (indent.length === 4) {
      entry = states[scalar(key)] = {}
      peer = null
    } else if (indent.length === 8 && entry) {
      if (key === 'peer') peer = entry.peer = {}
      else entry[key] = scalar(value)
    } else if (indent.length === 12 && peer) peer[key] = scalar(value)
  }
  return states
}

/** @param {Record<string, WireGuardState>} states */
function wireGuardStateYaml(states) {
  const keys = Object.keys(states).sort()
  if (keys.length === 0) return 'wire_guard_state: {}\n'
  let text = 'wire_guard_state:\n'
  for (const key of keys) {
    const s = states[key]
    text += `    ${key}:\n`
    for (const field of /** @type {const} */ (['org', 'name', 'region', 'localpublic', 'localprivate', 'dns'])) text += `        ${field}: ${s[field]}\n`
    text += `        peer:\n            peerip: ${s.peer.peerip}\n            endpointip: ${s.peer.endpointip}\n            pubkey: ${s.peer.pubkey}\n`
  }
  return text
}

/**
 * config.SetWireGuardState: rewrites config.yml with the other top-level keys kept (sorted, as yaml.v3 writes a map).
 * @param {Record<string, WireGuardState>} states
 */
export function writeWireGuardStates(states, dir = configDir()) {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, 'config.yml')
  /** @type {Map<string, string>} */
  const blocks = new Map()
  let current = ''
  for (const line of readConfigText(path).split('\n')) {
    if (line === '') continue
    if (!line.startsWith(' ')) current = line.split(':')[0]
    blocks.set(current, `${blocks.get(current) ?? ''}${line}\n`)
  }
  blocks.set('wire_guard_state', wireGuardStateYaml(states))
  const text = [...blocks.keys()]
    .sort()
    .map(key => blocks.get(key))
    .join('')
  writeFileSync(path, text, { mode: 0o600 })
}

// --- peers ---

/** cleanDNSPattern (wg.go): every character outside [a-zA-Z0-9\-] becomes `-`. @param {string} s */
const cleanDns = s => s.replace(/[^a-zA-Z0-9\\-]/g, '-')

/** WireGuard keys are 32 random bytes, base64. */
const wgKey = () => randomBytes(32).toString('base64')

/**
 * Where this run's agent tunnel stands for an org: reuse config.yml's state, or create a peer (StateForOrg).
 * The agent does this in flyctl; the simulator does it in the calling process (nothing a caller sees differs).
 * @param {Ctx} ctx
 * @param {{ slug: string, id: string }} org
 * @returns {Promise<{ state: WireGuardState, created: boolean }>}
 */
export async function establishPeer(ctx, org) {
  const states = readWireGuardStates()
  const saved = states[org.slug]
  const region = process.env.FLY_AGENT_WG_REGION || process.env.FLYCTL_WG_REGION || ''
  if (saved && (region === '' || saved.region === region)) return { state: saved, created: false }
  await chargeApiCall(ctx)
  // generatePeerName: viewer.email is the token's pseudo-email for a macaroon token (its form is a guess).
  const email = ctx.state.viewerEmail ?? 'ci-token@fly.example'
  const name = `interactive-${cleanDns(hostname().split('.')[0])}-${cleanDns(email)}-${ulid()}`
  const number = parseInt(sha256(org.slug).slice(0, 4), 16)
  /** @type {WireGuardPeer} */
  const peer = {
    ID: `wgpeer_${randomHex(10)}`,
    Pubkey: wgKey(),
    Region: region || ctx.state.wireGuardRegion || 'iad',
    Name: name,
    Peerip: `fdaa:0:${number.toString(16)}:a7b:${randomHex(4)}:${randomHex(4)}:${randomHex(4)}:2`
  }
  await withStateLock(state => {
    const entry = (state.organizations ??= {})[org.slug] ?? (state.organizations[org.slug] = { id: org.id })
    ;(entry.wireGuardPeers ??= []).push({ ...peer, createdAt: Date.now() })
  })
  /** @type {WireGuardState} */
  const state = {
    org: org.slug,
    name,
    region: peer.Region,
    localpublic: wgKey(),
    localprivate: wgKey(),
    dns: `fdaa:0:${number.toString(16)}::3`,
    peer: { peerip: peer.Peerip, endpointip: '169.155.48.2', pubkey: peer.Pubkey }
  }
  writeWireGuardStates({ ...states, [org.slug]: state })
  return { state, created: true }
}

/**
 * PruneInvalidPeers: validateWireGuardPeers, then drop local states whose peer IP the API no longer knows, and write
 * config.yml (always: it creates the file on first use).
 * @param {Ctx} ctx
 */
export async function pruneInvalidPeers(ctx) {
  await chargeApiCall(ctx)
  const known = new Set(Object.values(ctx.state.organizations ?? {}).flatMap(org => (org.wireGuardPeers ?? []).map(p => p.Peerip)))
  const states = readWireGuardStates()
  for (const [key, s] of Object.entries(states)) if (!known.has(s.peer?.peerip)) delete states[key]
  writeWireGuardStates(states)
}

/** @param {World} state @param {string} slug */
const peersOf = (state, slug) => state.organizations?.[slug]?.wireGuardPeers ?? []

/**
 * `wireguard list [org] [--json]` (runWireguardList): GetWireGuardPeers, rendered as fly-go's WireGuardPeer
 * (no json tags: Go field names; GatewayStatus is not queried, so null).
 * @param {Ctx} ctx
 */
export async function runWireguardList(ctx) {
  if (ctx.args.length === 0) throw new CliError('org slug must be specified when not running interactively')
  const org = await organizationBySlug(ctx, ctx.args[0])
  await chargeApiCall(ctx)
  const peers = peersOf(ctx.state, org.slug).map(p => ({ ID: p.ID, Pubkey: p.Pubkey, Region: p.Region, Name: p.Name, Peerip: p.Peerip, GatewayStatus: null }))
  if (ctx.flags.json) {
    renderJson(peers)
    return
  }
  renderTable(
    peers.map(p => [p.Name, p.Region, p.Peerip]),
    ['Name', 'Region', 'Peer IP']
  )
}

/**
 * `wireguard remove [org] [name]` (runWireguardRemove): prints what it removes, removeWireGuardPeer, `Removed peer.`,
 * then PruneInvalidPeers. An unknown peer name's server text is a guess.
 * @param {Ctx} ctx
 */
export async function runWireguardRemove(ctx) {
  if (ctx.args.length === 0) throw new CliError('org slug must be specified when not running interactively')
  const org = await organizationBySlug(ctx, ctx.args[0])
  if (ctx.args.length < 2) throw new CliError('the flyctl simulator does not model choosing a peer at the prompt: pass its name')
  const name = ctx.args[1]
  out(`Removing WireGuard peer "${name}" for organization ${org.slug}\n`)
  await chargeApiCall(ctx)
  const removed = await withStateLock(state => {
    const peers = state.organizations?.[org.slug]?.wireGuardPeers ?? []
    const index = peers.findIndex(p => p.Name === name)
    if (index < 0) return false
    peers.splice(index, 1)
    return true
  })
  if (!removed) throw new CliError(`failed to run ${WG_QUERIES.removePeer}: Could not find WireGuard peer "${name}"`)
  ctx.state = readStateFile()
  out('Removed peer.\n')
  await pruneInvalidPeers(ctx)
}

/** True when config.yml exists in the config dir (flyctl's agent refuses to start without it). */
export function configExists(dir = configDir()) {
  return existsSync(join(dir, 'config.yml'))
}
