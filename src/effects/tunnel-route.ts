// `route: tunnel`: the main step opens flyctl's WireGuard proxy on the runner (effects/tunnel.ts), proves it with a
// login, and outputs a URL on 127.0.0.1; nothing public changes. The post step closes it: the proxy, the agent and
// this run's WireGuard peer, whatever became of the main step (the main step saves what that needs as it appears).
import * as path from 'node:path'
import * as core from '@actions/core'
import { closeTunnel, CONFIG_DIR_PREFIX, openTunnel, TunnelError, type SavedTunnel } from './tunnel.js'
import { EXACT_VERSION, STATE } from './ephemeral.js'
import { installFlyctl, flyctlSources, type InstalledFlyctl } from './install.js'
import type { Inputs } from './inputs.js'
import type { MainStep } from './main-step.js'
import { appendSummary, exportConnection, summaryEnabled } from './report-writer.js'
import { errorMessage } from '../pure/text.js'
import { compareFlyctlVersions, flyctlMinimum } from '../pure/flyctl-minimum.js'
import { jdbcUrl } from '../pure/client-forms.js'
import { heading, list, textHtml } from '../pure/summary-html.js'
import { targetName, tunnelOutputs, tunnelPlan, tunnelSummary, type TunnelRunReport } from '../pure/tunnel-report.js'
import type { TunnelTarget } from '../pure/tunnel.js'

/** The main step of `route: tunnel`, after flyctl is installed: plan, open, outputs, summary. */
export async function openTunnelRoute(step: MainStep, flyctl: InstalledFlyctl, inputs: Inputs): Promise<void> {
  // A pinned version was judged with the inputs; this is the one `latest` resolved to.
  const minimum = flyctlMinimum('tunnel')
  if (compareFlyctlVersions(flyctl.version, minimum.since) < 0) {
    throw new Error(
      `flyctl ${flyctl.version} is too old for \`route: tunnel\`: ${minimum.what} needs flyctl ${minimum.since} or newer. Pin \`flyctl-version\` to ${minimum.since} or later. Nothing was changed.`
    )
  }
  const target: TunnelTarget = inputs.mpgCluster ? { kind: 'mpg', cluster: inputs.mpgCluster } : { kind: 'app', app: inputs.app }
  const report: TunnelRunReport = { target, flyctlVersion: flyctl.version, localPort: inputs.localPort, dryRun: inputs.dryRun }
  await step.stage('Plan', async () => {
    for (const line of tunnelPlan(target, inputs.localPort)) core.info(line)
    for (const notice of inputs.notices) (notice.level === 'warning' ? core.warning : core.info)(notice.message)
  })
  if (inputs.dryRun) {
    core.info('dry-run: no tunnel was opened, nothing was changed.')
    return publishTunnel(report)
  }

  const runnerTemp = process.env.RUNNER_TEMP
  if (!runnerTemp) throw new Error('RUNNER_TEMP is not set: `route: tunnel` runs on a GitHub Actions runner (its private flyctl config lives there).')
  step.noteForCancel(
    'A tunnel this run started (flyctl proxy, its agent, a WireGuard peer) is closed by the post step when the job ends; nothing public was changed.'
  )
  let tunnel
  try {
    tunnel = await step.stage(`Open a tunnel to ${targetName(target)}`, () =>
      openTunnel({
        flyctlBin: flyctl.binPath,
        token: inputs.token,
        runnerTemp,
        ...(target.kind === 'app' ? { app: target.app } : { mpgCluster: target.cluster }),
        localPort: inputs.localPort,
        credentials: inputs.credentials,
        timeoutMs: inputs.verifyTimeoutSeconds * 1000,
        // Saved as each part appears (directory, proxy, peer): the post step closes it even after a cancel.
        onSaved: saved => core.saveState(STATE.tunnel, JSON.stringify(saved))
      })
    )
  } catch (error) {
    const message =
      error instanceof TunnelError && error.cleanupWarnings.length === 0
        ? `${error.message} Nothing on Fly was changed for the database; the tunnel was closed and no WireGuard peer of this run is left.`
        : `${errorMessage(error)} Nothing on Fly was changed for the database.`
    if (summaryEnabled()) await appendSummary(tunnelSummary({ ...report, failure: message })).catch(() => undefined)
    throw new Error(message)
  }

  // The password's forms were masked with the inputs; the URL and its JDBC form as a whole too.
  core.setSecret(tunnel.url)
  const endpoint = { host: tunnel.host, port: tunnel.port, sslmode: tunnel.sslmode, ...inputs.credentials }
  core.setSecret(jdbcUrl(endpoint))
  const { org, peerName } = tunnel.saved
  report.opened = { url: tunnel.url, endpoint, serverVersion: tunnel.serverVersion, ...(org && peerName ? { peer: { org, name: peerName } } : {}) }
  core.info(`public: nothing (no public address). ${targetName(target)} is reachable from this job only, at ${tunnel.host}:${tunnel.port}.`)
  exportConnection(inputs.exportEnv, endpoint, tunnel.url)
  await publishTunnel(report)
}

async function publishTunnel(report: TunnelRunReport): Promise<void> {
  for (const [name, value] of Object.entries(tunnelOutputs(report))) core.setOutput(name, value)
  if (summaryEnabled()) await appendSummary(tunnelSummary(report))
}

// ---- the post step

// What flyctl writes into a peer name and an org slug (internal/wireguard/wg.go): they reach flyctl's argv.
const ORG_SLUG = /^[a-z0-9][a-z0-9-]*$/
const PEER_NAME = /^[A-Za-z0-9-]+$/

/**
 * The tunnel the main step saved, when it is one this job's main step could have made: its config dir directly under
 * RUNNER_TEMP with our prefix. The saved flyctl path is not trusted: the post step installs the saved version itself.
 */
export function parseSavedTunnel(text: string, runnerTemp: string | undefined): Omit<SavedTunnel, 'flyctlBin'> | undefined {
  try {
    const saved = JSON.parse(text) as Partial<SavedTunnel>
    const { configDir, proxyPid, org, peerName } = saved
    if (!runnerTemp || typeof configDir !== 'string' || !path.isAbsolute(configDir)) return undefined
    if (path.dirname(configDir) !== path.resolve(runnerTemp) || !path.basename(configDir).startsWith(CONFIG_DIR_PREFIX)) return undefined
    if (proxyPid !== undefined && !(Number.isInteger(proxyPid) && proxyPid > 1)) return undefined
    const peer = typeof org === 'string' && ORG_SLUG.test(org) && typeof peerName === 'string' && PEER_NAME.test(peerName) ? { org, peerName } : {}
    return { configDir, ...(proxyPid ? { proxyPid } : {}), ...peer }
  } catch {
    return undefined
  }
}

/**
 * The post step of a tunnel run: stops the proxy and the agent and removes this run's WireGuard peer. It reads only
 * the token, the saved tunnel and the saved flyctl version. Never fails the job: what it cannot do is a warning with
 * the exact command to finish it.
 */
export async function releaseTunnel(): Promise<void> {
  const text = core.getState(STATE.tunnel)
  if (!text) return
  const tokens = [core.getInput('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN]
  for (const token of tokens) if (token) core.setSecret(token)
  const saved = parseSavedTunnel(text, process.env.RUNNER_TEMP)
  if (!saved) {
    return core.warning(
      'fly-pg-expose: the saved tunnel state is not one this job made, so nothing was stopped. Check `fly wireguard list <org>` and remove the peers named interactive-<runner host>-... by hand.'
    )
  }
  const token = tokens.map(value => value?.trim()).find(Boolean) ?? ''
  let flyctlBin = ''
  let flyctlMissing: string | undefined
  try {
    const version = core.getState(STATE.flyctlVersion)
    if (!EXACT_VERSION.test(version)) throw new Error(`the main step saved no flyctl version (got "${version}")`)
    flyctlBin = (await installFlyctl(version, flyctlSources(process.env))).binPath
  } catch (error) {
    flyctlMissing = `flyctl could not be installed: ${errorMessage(error)}`
  }
  const { warnings, removedPeers } = await closeTunnel({ ...saved, flyctlBin }, { token, flyctlMissing })
  for (const warning of warnings) core.warning(warning)
  if (warnings.length === 0) core.info('fly-pg-expose: the tunnel is closed: no proxy, no agent and no WireGuard peer of this run is left.')
  if (summaryEnabled()) {
    const lines = [
      ...removedPeers.map(peer => `WireGuard peer ${peer.name} in ${peer.org}: removed`),
      ...warnings,
      ...(warnings.length === 0 ? ['The proxy and the agent were stopped.'] : [])
    ]
    await appendSummary(heading('fly-pg-expose: tunnel closed', 3) + list(lines.map(textHtml))).catch(() => undefined)
  }
}
