// Gets the app's fly.toml (saved from Fly, or the user's file), patches it, and writes it where deploy will read it.
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as core from '@actions/core'
import { FlyctlTimeoutError, type Flyctl } from './flyctl.js'
import { errorMessage } from '../pure/text.js'
import type { FlyMachine } from '../pure/fly-types.js'
import { flyTomlRestart, patchFlyToml, type MountSpec, type PatchResult } from '../pure/fly-toml-patch.js'

export interface PreparedFlyToml extends PatchResult {
  /** Directory holding the patched fly.toml; deploy runs from it. */
  dir: string
  path: string
}

export async function prepareFlyToml(
  fly: Flyctl,
  request: { app: string; port: number; configPath?: string },
  members: FlyMachine[]
): Promise<PreparedFlyToml> {
  const { text: original, source } = await readConfig(fly, request)
  const patched = patchFlyToml(original, {
    app: request.app,
    port: request.port,
    machineMounts: mountsOf(members),
    restart: flyTomlRestart(members[0]?.config?.restart),
    source
  })
  // Deploy from a directory of our own: the user's file is never modified in place.
  const dir = fly.makeWorkDir('deploy')
  const file = path.join(dir, 'fly.toml')
  fs.writeFileSync(file, patched.text)
  for (const change of patched.changes) core.info(`fly.toml: ${change}`)
  return { ...patched, dir, path: file }
}

/** The distinct (volume name, path) pairs the members mount. */
function mountsOf(members: FlyMachine[]): MountSpec[] {
  const pairs = members.flatMap(m => (m.config?.mounts ?? []).map(mount => ({ source: mount.name ?? '', destination: mount.path ?? '' })))
  const unique = new Map(pairs.filter(p => p.destination).map(p => [`${p.source}\0${p.destination}`, p]))
  return [...unique.values()]
}

async function readConfig(fly: Flyctl, request: { app: string; configPath?: string }): Promise<{ text: string; source: string }> {
  if (request.configPath) {
    return { text: fs.readFileSync(request.configPath, 'utf8'), source: `The \`config\` file ${request.configPath}` }
  }
  // `config save` writes ./fly.toml: run it in an empty directory of its own. It changes nothing on Fly, so one
  // stopped at its deadline (a half-written file is possible) is run once more in a fresh directory.
  const save = async (): Promise<string> => {
    const dir = fly.makeWorkDir('config')
    await fly.run(['config', 'save', '-a', request.app, '--yes'], {
      cwd: dir,
      mayHaveChanged: 'It only saves the config to a local file: nothing on Fly was changed'
    })
    return dir
  }
  const dir = await save().catch((error: unknown) => {
    if (!(error instanceof FlyctlTimeoutError)) throw error
    core.info(`${errorMessage(error)} Trying once more.`)
    return save()
  })
  return { text: fs.readFileSync(path.join(dir, 'fly.toml'), 'utf8'), source: `The config saved from Fly for "${request.app}"` }
}
