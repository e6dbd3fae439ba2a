// Deploys the patched config with the Postgres image the machines already run.
import type { Flyctl } from './flyctl.js'
import type { PreparedConfig } from './config.js'

export async function deployConfig(fly: Flyctl, app: string, config: PreparedConfig, imageRef: string): Promise<void> {
  await fly.run(
    // --remote-only: never let a local Docker image of the same name be pushed in place of Fly's.
    ['deploy', config.dir, '--config', config.path, '-a', app, '--image', imageRef, '--remote-only', '--strategy', 'rolling'],
    { cwd: config.dir, streamOutput: true }
  )
}
