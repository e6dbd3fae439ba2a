// What a `route: tunnel` run tells the user: the plan in the log, the outputs and the job summary (pure; the route
// in effects/tunnel-route.ts sets and writes them). Never a secret.
import { OUTPUTS, type Outputs } from './outputs.js'
import { escapeHtml, failureParagraph, heading, list, paragraph, resultTable, textHtml } from './summary-html.js'
import { describeExposure } from './exposure.js'
import { jdbcUrl, type VerifiedEndpoint } from './client-forms.js'
import { proxyArgs, type TunnelTarget } from './tunnel.js'
import { redactedUrl } from './url.js'

export interface TunnelRunReport {
  target: TunnelTarget
  flyctlVersion: string
  /** The local port asked for (0: flyctl picks a free one). */
  localPort: number
  dryRun: boolean
  /** Set once the tunnel is proven by a login. */
  opened?: {
    url: string
    endpoint: VerifiedEndpoint
    /** `select version()` through the tunnel. */
    serverVersion: string
    peer?: { org: string; name: string }
  }
  /** Set when the run failed after the plan. */
  failure?: string
}

/** The tunnel's target in words: `app pg-app` or `Managed Postgres cluster <id>`. */
export function targetName(target: TunnelTarget): string {
  return target.kind === 'app' ? `app ${target.app}` : `Managed Postgres cluster ${target.cluster}`
}

/** What the route changes: nothing public, on Fly only a WireGuard peer the post step removes. */
export const NOTHING_PUBLIC = 'nothing on Fly changes for the database: no IP, no service, no deploy, no restart'

/** The plan as log lines. */
export function tunnelPlan(target: TunnelTarget, localPort: number): string[] {
  const remote =
    target.kind === 'app'
      ? `${target.app}.internal:5432 (HAProxy on every started member forwards to the primary), sslmode=disable: postgres-flex has no server TLS, the hop is loopback plus WireGuard`
      : "the cluster's direct address, port 5432, sslmode=require (Managed Postgres serves TLS)"
  return [
    `route: tunnel: \`flyctl ${proxyArgs(target, localPort).join(' ')}\` on the runner, detached for the rest of the job (a private FLY_CONFIG_DIR)`,
    `reaches: ${remote}`,
    `listens on: 127.0.0.1:${localPort === 0 ? '<a free port>' : localPort}`,
    NOTHING_PUBLIC,
    "flyctl's agent makes a WireGuard peer for this run; the post step stops the proxy and the agent and removes the peer when the job ends",
    ...describeExposure({ addresses: [], ports: [] })
  ]
}

/** `PostgreSQL 16.11 on x86_64...` -> `16.11`. */
export function shortServerVersion(text: string): string {
  return text.match(/^PostgreSQL (\S+)/)?.[1] ?? text
}

/** The outputs of a tunnel run by name: the URL names the proxy on the runner; nothing public, nothing changed. */
export function tunnelOutputs(report: TunnelRunReport): Outputs {
  const { opened } = report
  return {
    ...(opened ? { [OUTPUTS.databaseUrl]: opened.url, [OUTPUTS.jdbcUrl]: jdbcUrl(opened.endpoint) } : {}),
    [OUTPUTS.host]: opened?.endpoint.host ?? '',
    [OUTPUTS.port]: opened ? String(opened.endpoint.port) : '',
    [OUTPUTS.ipv4]: '',
    [OUTPUTS.ipv6]: '',
    [OUTPUTS.image]: '',
    [OUTPUTS.postgresVersion]: opened ? shortServerVersion(opened.serverVersion) : '',
    [OUTPUTS.tlsVersion]: '',
    [OUTPUTS.deployed]: 'false',
    [OUTPUTS.changed]: 'false',
    [OUTPUTS.flyctlVersion]: report.flyctlVersion,
    [OUTPUTS.databaseName]: '',
    [OUTPUTS.username]: '',
    [OUTPUTS.password]: '',
    [OUTPUTS.created]: 'false'
  }
}

/** The job summary of a tunnel run, as HTML. */
export function tunnelSummary(report: TunnelRunReport): string {
  const { opened, target } = report
  const name = targetName(target)
  const title = report.failure
    ? `fly-pg-expose: tunnel to ${name} failed`
    : report.dryRun
      ? `fly-pg-expose: dry run of a tunnel to ${name}`
      : `fly-pg-expose: ${name} is reachable through a tunnel at ${opened?.endpoint.host}:${opened?.endpoint.port}`
  const rows: Array<[string, string]> = [
    ['Route', `tunnel: \`flyctl ${proxyArgs(target, opened?.endpoint.port ?? report.localPort).join(' ')}\` on the runner`],
    ['Changed on Fly', NOTHING_PUBLIC],
    [
      'WireGuard peer',
      opened?.peer
        ? `${opened.peer.name} in ${opened.peer.org}: removed by the post step when the job ends`
        : report.dryRun
          ? 'none made (dry run)'
          : "this run's peer, if one was made, is removed by the post step when the job ends"
    ],
    [
      'Encryption',
      target.kind === 'app' ? 'WireGuard to Fly; the runner hop is loopback (postgres-flex has no server TLS)' : 'WireGuard to Fly, and TLS to the server'
    ],
    ['Server', opened ? opened.serverVersion : 'not checked'],
    ['flyctl', report.flyctlVersion]
  ]
  return [
    heading(title, 2),
    report.failure ? failureParagraph(report.failure) : '',
    resultTable(rows.map(([what, result]) => [what, textHtml(result)])),
    opened ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(opened.url))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`) : '',
    paragraph('<strong>What is public</strong>') + list(describeExposure({ addresses: [], ports: [] }).map(textHtml))
  ].join('')
}
