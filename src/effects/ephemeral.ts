// `ephemeral: true`: the public IPs this run allocated are released by the post step when the job ends, whether it
// passed, failed or was cancelled. The main step records them (core.saveState) as soon as each exists.
import { isIP } from 'node:net'
import * as core from '@actions/core'
import { installFlyctl, flyctlSources } from './install.js'
import { createFlyctl } from './flyctl.js'
import { errorMessage } from '../pure/text.js'
import type { PublicIps } from './ips.js'
import { appendSummary } from './report-writer.js'
import { heading, list, textHtml } from '../pure/summary-html.js'

/** The saved state's names (the runner hands them to the post step as STATE_<name>). */
export const STATE = { ephemeral: 'ephemeral', flyctlVersion: 'flyctlVersion', tunnel: 'tunnel' } as const

interface EphemeralState {
  app: string
  addresses: string[]
}

// An exact version, as the inputs accept it (no `latest`): it names a directory of the tool cache.
export const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/

/**
 * Saves every name the post step reads, empty, as the main step starts: the runner then hands the post step these
 * values, never a STATE_* variable a later step put in the job's environment (GITHUB_ENV). Saved state wins there.
 */
export function claimState(): void {
  for (const name of Object.values(STATE)) core.saveState(name, '')
}

/**
 * The main step's flyctl, for the post step: it releases with that exact binary from the tool cache, so it neither
 * asks the releases endpoint again nor depends on any input but the token.
 */
export function rememberFlyctl(version: string): void {
  core.saveState(STATE.flyctlVersion, version)
}

/**
 * The addresses this run allocated and keeps: never one a concurrent run allocated (adopted), never one it released
 * again, never one found only by listing after a failed call (it may be another run's).
 */
export function addressesToRelease(allocated: PublicIps, planned: { ipv4: boolean; ipv6: boolean }): string[] {
  const notOurs = new Set([...(allocated.adopted ?? []), ...(allocated.released ?? []), ...(allocated.unsure ?? [])])
  return [planned.ipv4 ? allocated.ipv4 : undefined, planned.ipv6 ? allocated.ipv6 : undefined].filter(
    (address): address is string => Boolean(address) && !notOurs.has(address as string)
  )
}

/** Records what the post step must release; called again as each address becomes known (a later call wins). */
export function rememberForRelease(app: string, addresses: string[]): void {
  core.saveState(STATE.ephemeral, JSON.stringify({ app, addresses } satisfies EphemeralState))
}

/**
 * The post step: release what the main step recorded. Never fails the job; says what to release by hand.
 * It reads only the token, `ephemeral` and `app`: an input that changed meaning since the main step (a removed
 * `config` file) cannot stop the release. The state is trusted only as far as the inputs allow: a later step can add
 * STATE_* variables through GITHUB_ENV, so nothing is released unless `ephemeral` is true, and only on `app`.
 */
export async function releaseEphemeralIps(): Promise<void> {
  // Masked before anything can print them.
  const tokens = [core.getInput('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN]
  for (const token of tokens) if (token) core.setSecret(token)
  if (core.getInput('ephemeral').trim().toLowerCase() !== 'true') {
    return core.info('fly-pg-expose: not an ephemeral run (`ephemeral` is not true): nothing to release.')
  }
  const saved = core.getState(STATE.ephemeral)
  if (!saved) return core.info('fly-pg-expose: nothing to release (the main step allocated no address, or did not run).')
  const app = core.getInput('app').trim()
  const recorded = parseState(saved)
  if (!recorded || recorded.app !== app) {
    return core.warning(
      `fly-pg-expose: the saved state does not name this step's app "${app}" with a list of addresses, so nothing was released. Check \`fly ips list -a ${app}\` and release by hand what this job allocated.`
    )
  }
  const { addresses } = recorded
  if (addresses.length === 0) return core.info(`fly-pg-expose: this run allocated no public address on ${app}: nothing to release.`)
  const byHand = (address: string) => `\`fly ips release ${address} -a ${app}\``
  const released: string[] = []
  const gone: string[] = []
  const failed: string[] = []
  let cleanup = (): void => undefined
  try {
    const token = tokens.map(value => value?.trim()).find(Boolean)
    if (!token) throw new Error('no Fly token: the `fly-api-token` input and FLY_API_TOKEN/FLY_ACCESS_TOKEN are empty')
    const version = core.getState(STATE.flyctlVersion)
    if (!EXACT_VERSION.test(version)) throw new Error(`the main step saved no flyctl version (got "${version}")`)
    const flyctl = await installFlyctl(version, flyctlSources(process.env))
    const fly = createFlyctl(flyctl.binPath, token, process.env.RUNNER_TEMP)
    cleanup = fly.cleanup
    for (const address of addresses) {
      try {
        await fly.run(['ips', 'release', address, '-a', app])
        released.push(address)
      } catch (error) {
        // Released already, e.g. by a later `mode: teardown` step with `release-ips`: what this step wanted.
        if (/Could not find IP address/i.test(errorMessage(error))) {
          gone.push(address)
          core.info(`${address} was released already (by another step or run).`)
          continue
        }
        failed.push(address)
        core.warning(`Could not release ${address} from ${app} (${errorMessage(error)}): release it by hand with ${byHand(address)}.`)
      }
    }
  } catch (error) {
    const done = [...released, ...gone, ...failed]
    for (const address of addresses.filter(a => !done.includes(a))) failed.push(address)
    core.warning(`Could not release this run's addresses (${errorMessage(error)}): release them by hand with ${failed.map(byHand).join(', ')}.`)
  } finally {
    cleanup()
  }
  if (released.length > 0) core.info(`Released ${released.join(', ')} from ${app}: the database is no longer public on them.`)
  if (process.env.GITHUB_STEP_SUMMARY) {
    const lines = [
      ...released.map(address => `${address}: released`),
      ...gone.map(address => `${address}: released already`),
      ...failed.map(address => `${address}: NOT released, run ${byHand(address)}`),
      'A pg_tls service this run added stays on the machines (removing it would restart them again).'
    ]
    await appendSummary(heading(`fly-pg-expose: ephemeral addresses of ${app}`, 3) + list(lines.map(textHtml)))
  }
}

/** The recorded state, or undefined when it is not what the main step writes (only IP addresses reach flyctl's argv). */
function parseState(saved: string): EphemeralState | undefined {
  try {
    const { app, addresses } = JSON.parse(saved) as Partial<EphemeralState>
    const valid = typeof app === 'string' && Array.isArray(addresses) && addresses.every(address => typeof address === 'string' && isIP(address) !== 0)
    return valid ? { app, addresses } : undefined
  } catch {
    return undefined
  }
}
