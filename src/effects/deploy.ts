// Deploys the patched config with the Postgres image the machines already run. Never repeated automatically.
import { asSentence } from '../pure/text.js'
import { FlyctlError, FlyctlInterruptedError, FlyctlTimeoutError, type Flyctl } from './flyctl.js'
import type { PreparedFlyToml } from './fly-toml-file.js'

export class DeployError extends Error {
  override name = 'DeployError'
}

export async function deployConfig(
  fly: Flyctl,
  app: string,
  config: PreparedFlyToml,
  imageRef: string,
  memberIds: string[],
  timeoutSeconds: number
): Promise<void> {
  try {
    await fly.run(
      // --remote-only: never let a local Docker image of the same name be pushed in place of Fly's.
      // --only-machines: a barman (or any other) machine `fly deploy` manages must never get the Postgres config.
      // --wait-timeout: flyctl waits for each machine as long as we would, and never past our deadline.
      [
        'deploy',
        config.dir,
        '--config',
        config.path,
        '-a',
        app,
        '--image',
        imageRef,
        '--remote-only',
        '--strategy',
        'rolling',
        '--only-machines',
        memberIds.join(','),
        '--wait-timeout',
        `${timeoutSeconds}s`
      ],
      { cwd: config.dir, streamOutput: true, timeoutMs: timeoutSeconds * 1000 }
    )
  } catch (error) {
    if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError) throw error
    if (error instanceof FlyctlTimeoutError) {
      throw new DeployError(
        `The deploy of ${imageRef} to "${app}" did not finish within \`deploy-timeout\` (${timeoutSeconds} s) and flyctl was stopped. Some machines may already run the new config and others not, or still be restarting. Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing), with a larger \`deploy-timeout\` if the machines are just slow to start.`
      )
    }
    // A deploy restarts Postgres: repeating it blindly could restart a struggling cluster again.
    throw new DeployError(
      `The deploy of ${imageRef} to "${app}" failed (flyctl exit ${error.exitCode}): ${asSentence(error.flyMessage)} It was not retried. Check the machines with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`
    )
  }
}
