// `ephemeral: true`: the public IPs this run allocated are released by the post step when the job ends, whether it
// passed, failed or was cancelled. The main step records them (core.saveState) as soon as each exists.
import * as core from '@actions/core'
import { readInputs } from './inputs.js'
import { installFlyctl, releaseSources } from './install.js'
import { createFlyctl } from './flyctl.js'
import { errorMessage } from '../pure/errors.js'
import type { PublicIps } from './ips.js'
import { appendSummary } from './report-writer.js'
import { heading, list, textHtml } from '../pure/summary-html.js'

/** The saved state's names (the runner hands them to the post step as STATE_<name>). */
export const STATE = { isPost: 'isPost', ephemeral: 'ephemeral' } as const

interface EphemeralState {
  app: string
  addresses: string[]
}

/** Marks the main step, so the same bundle knows it runs as the post step next time. */
export function markMainStep(): void {
  core.saveState(STATE.isPost, 'true')
}

export function isPostStep(): boolean {
  return core.getState(STATE.isPost) === 'true'
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

/** The post step: release what the main step recorded. Never fails the job; says what to release by hand. */
export async function releaseEphemeral(): Promise<void> {
  const saved = core.getState(STATE.ephemeral)
  if (!saved) return core.info('fly-pg-expose: nothing to release (not an ephemeral run, or it allocated no address).')
  const { app, addresses } = JSON.parse(saved) as EphemeralState
  if (addresses.length === 0) return core.info(`fly-pg-expose: this run allocated no public address on ${app}: nothing to release.`)
  const byHand = (address: string) => `\`fly ips release ${address} -a ${app}\``
  const released: string[] = []
  const failed: string[] = []
  let cleanup = (): void => undefined
  try {
    const inputs = readInputs(name => core.getInput(name), core.setSecret, process.env)
    const flyctl = await installFlyctl(inputs.flyctlVersion, releaseSources(process.env))
    const fly = createFlyctl(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP)
    cleanup = fly.cleanup
    for (const address of addresses) {
      try {
        await fly.run(['ips', 'release', address, '-a', app])
        released.push(address)
      } catch (error) {
        failed.push(address)
        core.warning(`Could not release ${address} from ${app} (${errorMessage(error)}): release it by hand with ${byHand(address)}.`)
      }
    }
  } catch (error) {
    for (const address of addresses.filter(a => !released.includes(a) && !failed.includes(a))) failed.push(address)
    core.warning(`Could not release this run's addresses (${errorMessage(error)}): release them by hand with ${failed.map(byHand).join(', ')}.`)
  } finally {
    cleanup()
  }
  if (released.length > 0) core.info(`Released ${released.join(', ')} from ${app}: the database is no longer public on them.`)
  if (process.env.GITHUB_STEP_SUMMARY) {
    const lines = [
      ...released.map(address => `${address}: released`),
      ...failed.map(address => `${address}: NOT released, run ${byHand(address)}`),
      'A pg_tls service this run added stays on the machines (removing it would restart them again).'
    ]
    await appendSummary(heading(`fly-pg-expose: ephemeral addresses of ${app}`, 3) + list(lines.map(textHtml)))
  }
}
