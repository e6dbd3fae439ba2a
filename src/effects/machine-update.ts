// `method: machines`: adds the pg_tls service to each member in place with `fly machine update`, one at a time,
// replicas first and the primary last. Each call keeps the member's image, env, mounts, metadata and restart policy
// and returns only once the member is started and its health checks pass (flyctl internal/machine/update.go), so
// the next member restarts only after the previous one is healthy again.
import { asSentence } from '../pure/text.js'
import { FlyctlError, FlyctlInterruptedError, type Flyctl } from './flyctl.js'
import type { ExposurePlan } from '../pure/plan.js'
import { pgTlsPortFlag } from '../pure/pg-tls-service.js'

export class MachineUpdateError extends Error {
  override name = 'MachineUpdateError'
}

export async function updateMembers(
  fly: Flyctl,
  app: string,
  port: number,
  plan: ExposurePlan,
  lacking: string[],
  timeoutSeconds: number,
  onUpdated: (id: string) => void
): Promise<void> {
  // The plan's order (replicas first, the primary last), for the members that still lack the service.
  const order = plan.members.filter(member => member.restarted && lacking.includes(member.id)).map(member => member.id)
  for (const [index, id] of order.entries()) {
    try {
      // --yes: without a terminal flyctl's confirmation prompt fails (internal/machine/config.go ConfirmConfigChanges).
      // --wait-timeout (seconds, per member): flyctl waits for health as long as we would, and never past our deadline.
      await fly.run(['machine', 'update', id, '-a', app, '--port', pgTlsPortFlag(port), '--yes', '--wait-timeout', String(timeoutSeconds)], {
        streamOutput: true,
        timeoutMs: timeoutSeconds * 1000,
        mayHaveChanged: `It may have updated and restarted member ${id}`
      })
    } catch (error) {
      if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError) throw error
      const untouched = order.slice(index + 1)
      // Never repeated: the update may have gone through and restarted the member before the health wait failed.
      throw new MachineUpdateError(
        [
          asSentence(`\`fly machine update\` of member ${id} of "${app}" failed (flyctl exit ${error.exitCode}): ${error.flyMessage}`),
          // flyctl fails after the update itself when the member then does not become healthy.
          `It was not retried; ${id} may already run with the service.`,
          untouched.length > 0 ? `Members ${untouched.join(', ')} were not touched.` : '',
          `Check the member with \`fly machine status ${id} -a ${app}\`; once it is healthy, rerun this action (it updates only members still lacking the service).`
        ]
          .filter(Boolean)
          .join(' ')
      )
    }
    onUpdated(id)
  }
}
