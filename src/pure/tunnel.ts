// The tunnel route's decisions: which flyctl command, what its output means, which URL, which environment.
// Facts from flyctl: proxy/connect.go (ready line), internal/command/proxy/proxy.go, internal/command/mpg/proxy.go,
// internal/config/file.go and wg/state.go (config.yml's wire_guard_state, yaml.v3), agent/start.go.
import { withoutGraphqlQuery } from './text.js'
import { childEnv } from './child-env.js'
import type { Credentials } from './url.js'

export type TunnelTarget = { kind: 'app'; app: string } | { kind: 'mpg'; cluster: string }

/** Where flyctl's proxy listens: loopback only (both commands default to it; we say so explicitly). */
export const TUNNEL_HOST = '127.0.0.1'

/** `fly proxy <local>:5432 -a <app>` (remote `<app>.internal`, HAProxy on every member forwards to the primary) or `fly mpg proxy`. */
export function proxyArgs(target: TunnelTarget, localPort: number): string[] {
  if (target.kind === 'app') return ['proxy', `${localPort}:5432`, '-a', target.app, '--bind-addr', TUNNEL_HOST]
  return ['mpg', 'proxy', target.cluster, '--local-port', String(localPort), '--bind-addr', TUNNEL_HOST]
}

export interface ReadyLine {
  port: number
  remote: string
}

/**
 * The proxy's ready line: `Proxying localhost:<port> to remote <addr>` (flyctl 0.3.154 and later) or
 * `Proxying local port <port> to remote <addr>` (before). It is printed after the local listener is bound.
 */
export function parseReadyLine(output: string): ReadyLine | null {
  const match = output.match(/^Proxying (?:localhost:|local port )(\d+) to remote (\S+)\s*$/m)
  if (!match) return null
  const port = Number(match[1])
  return port > 0 && port < 65536 ? { port, remote: match[2] } : null
}

export interface PeerRecord {
  /** The wire_guard_state key: `<org>` or `<org>-<network>`. */
  key: string
  org: string
  name: string
}

/**
 * The WireGuard peers flyctl recorded in config.yml (`wire_guard_state.<key>.{org,name}`; yaml.v3 with any indent).
 * In a private FLY_CONFIG_DIR every one of them was created by this run.
 */
export function peersFromConfigYaml(text: string): PeerRecord[] {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex(line => /^wire_guard_state:\s*$/.test(line))
  if (start < 0) return []
  const peers: PeerRecord[] = []
  let entryIndent = -1
  let fieldIndent = -1
  let current: { key: string; org?: string; name?: string } | undefined
  const flush = () => {
    if (current?.name) peers.push({ key: current.key, org: current.org ?? current.key, name: current.name })
  }
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const indent = line.length - line.trimStart().length
    if (indent === 0) break
    const match = line.trim().match(/^([^:]+):\s*(.*)$/)
    if (!match) continue
    if (entryIndent < 0) entryIndent = indent
    if (indent === entryIndent) {
      flush()
      current = { key: unquote(match[1]) }
      fieldIndent = -1
    } else if (current && indent > entryIndent) {
      if (fieldIndent < 0) fieldIndent = indent
      if (indent !== fieldIndent) continue // the nested `peer:` map
      if (match[1] === 'org') current.org = unquote(match[2])
      if (match[1] === 'name') current.name = unquote(match[2])
    }
  }
  flush()
  return peers
}

function unquote(raw: string): string {
  const value = raw.trim()
  if (value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string
    } catch {
      return value.slice(1, -1)
    }
  }
  if (value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'")
  return value
}

/**
 * postgres-flex has no server TLS (the hop is loopback plus WireGuard, as in `fly pg attach` URLs): `disable`.
 * MPG has "SSL enabled by default on all connections" (Fly's MPG docs), and through 127.0.0.1 no certificate name
 * can match, so `require`: encrypted, the server's identity vouched for by the WireGuard peer, not by the certificate.
 */
export function tunnelSslMode(target: TunnelTarget): 'disable' | 'require' {
  return target.kind === 'app' ? 'disable' : 'require'
}

/** `postgres://<user>:<password>@127.0.0.1:<port>/<db>?sslmode=<mode>`, each part percent-encoded. */
export function tunnelUrl(credentials: Credentials, port: number, sslmode: string): string {
  const { user, password, database } = credentials
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${TUNNEL_HOST}:${port}/${encodeURIComponent(database)}?sslmode=${sslmode}`
}

/** flyctl's last `Error: ...` line in its output (or the last line), without the prefix. */
export function proxyErrorText(output: string): string {
  const lines = output
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
  const errorLine = [...lines].reverse().find(line => line.startsWith('Error:'))
  return withoutGraphqlQuery(errorLine ? errorLine.slice('Error:'.length).trim() : (lines.at(-1) ?? ''))
}

export type ProxyFailureKind = 'app-not-found' | 'cluster-not-found' | 'token' | 'mpg-token' | 'port-taken' | 'cluster-not-ready' | 'tunnel' | 'other'

/** What a proxy failure means, from flyctl's message. Only `tunnel` and `other` are worth another start. */
export function classifyProxyFailure(message: string): ProxyFailureKind {
  if (/MPG commands require updated tokens/i.test(message)) return 'mpg-token'
  if (/Could not find App|app not found/i.test(message)) return 'app-not-found'
  if (/managed postgres cluster .* not found/i.test(message)) return 'cluster-not-found'
  if (/still initializing|error getting cluster (password|IP)/i.test(message)) return 'cluster-not-ready'
  if (/not authorized|unauthorized|You must be authenticated|no access token|forbidden/i.test(message)) return 'token'
  if (/address already in use/i.test(message)) return 'port-taken'
  if (/tunnel unavailable|probing|timed out|deadline exceeded|host was not found in DNS|agent: failed to start|connection reset|EOF|\b5\d\d\b/i.test(message))
    return 'tunnel'
  return 'other'
}

/** The words a user reads for each failure kind: what happened is flyctl's message; this says what to do. */
export function nextStepForProxyFailure(kind: ProxyFailureKind, target: TunnelTarget, localPort?: number): string {
  const name = target.kind === 'app' ? target.app : target.cluster
  switch (kind) {
    case 'app-not-found':
      return `Check the \`app\` input ("${name}") and that the token belongs to the organization that owns it.`
    case 'cluster-not-found':
      return `Check the \`cluster\` input ("${name}"): flyctl finds Managed Postgres clusters by ID only; \`fly mpg list --org <org>\` shows the IDs.`
    case 'cluster-not-ready':
      return 'Wait until `fly mpg status <cluster>` shows the cluster ready, then rerun the job.'
    case 'mpg-token':
      return 'MPG needs a macaroon token (it starts with `FlyV1 fm2_`): create one with `fly tokens create org` and pass it as `fly-api-token`.'
    case 'token':
      return target.kind === 'app'
        ? `The token may not open a WireGuard tunnel: create one that may (\`fly tokens create deploy -a ${name}\` or \`fly tokens create org\`) and pass it as \`fly-api-token\`.`
        : 'The token may not open a WireGuard tunnel: create one that may (`fly tokens create org`) and pass it as `fly-api-token`.'
    case 'port-taken':
      return `Local port ${localPort ?? '(the one asked for)'} is in use on the runner: choose another \`local-port\`, or leave it empty to let the action pick a free one.`
    case 'tunnel':
      return "Check https://status.flyio.net and that the runner can reach Fly's WireGuard gateway (outbound HTTPS, port 443), then rerun the job."
    default:
      return ''
  }
}

/**
 * The environment of every flyctl call of the tunnel: the action's allow-listed child environment (childEnv, as for
 * every flyctl call), our private config dir and exactly one token variable (an empty FLY_ACCESS_TOKEN would hide
 * FLY_API_TOKEN in flyctl). The proxy and its agent run for the whole job, so nothing else.
 */
export function tunnelEnv(base: Record<string, string | undefined>, options: { token: string; configDir: string }): Record<string, string> {
  return {
    ...childEnv(base),
    FLY_CONFIG_DIR: options.configDir,
    FLY_ACCESS_TOKEN: options.token,
    FLY_NO_UPDATE_CHECK: '1',
    CI: 'true',
    NO_COLOR: '1'
  }
}

/** The warning a failed peer removal leaves, with the exact command that finishes the job. */
export function peerRemovalWarning(peer: PeerRecord, reason: string): string {
  return `Could not remove this run's WireGuard peer "${peer.name}" from organization ${peer.org} (${reason}). Remove it yourself: fly wireguard remove ${peer.org} ${peer.name}`
}
