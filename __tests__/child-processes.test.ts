// End to end: what the bundled action hands the processes it starts. On a tool-cache miss the action runs `tar`
// (to unpack the download) and then flyctl for every read and write; each records the environment it was started
// with (/proc/<pid>/environ: what the kernel got, `-` in names included). None may see an input, a runner token or
// any credential but the Fly token, and that only as FLY_ACCESS_TOKEN.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { expectNoLeaks, useWorld } from './support/action-world.js'
import { flexClusterWithoutService } from '../test-support/flyctl-sim/clusters.js'
import { SIMULATOR_PATH } from '../test-support/flyctl-sim/state.js'
import { FLYCTL_VERSION } from '../test-support/fly-world.js'

const world = useWorld()

/** Credentials the runner (or a workflow's `env:`) may put beside the inputs. */
const RUNNER_SECRETS = {
  ACTIONS_RUNTIME_TOKEN: 'runtime-Secr3t-token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-Secr3t-request-token',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example.test/token?secret=oidc-url-Secr3t',
  ACTIONS_CACHE_URL: 'https://cache.example.test/cache-Secr3t/',
  GITHUB_TOKEN: 'ghs_github-Secr3t-token',
  STATE_leftover: 'state-Secr3t-value'
}

/** An executable that copies its own environment into `dumps` as `<label>.<pid>`, then execs `then`. */
function recorder(file: string, label: string, dumps: string, then: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, `#!/bin/sh\ncp /proc/$$/environ '${dumps}/${label}.'$$\n${then}\n`, { mode: 0o755 })
}

/** The recorded environments: label, and the NAME=value entries. */
function recorded(dumps: string): Array<{ label: string; entries: string[] }> {
  return fs.readdirSync(dumps).map(file => ({
    label: file.replace(/\..*/, ''),
    entries: fs.readFileSync(path.join(dumps, file), 'utf8').split('\0').filter(Boolean)
  }))
}

describe('processes the action starts', () => {
  it('tar and every flyctl get an allow-listed environment: no input, no runner token, the Fly token only as FLY_ACCESS_TOKEN', async () => {
    const w = world()
    const app = 'child-env-db'
    const scenario = await w.scenario({ app, cluster: flexClusterWithoutService({ app }) })
    const dumps = fs.mkdtempSync(path.join(w.dir, 'child-env-'))
    // The download's flyctl records, then runs the simulator; a `tar` ahead of the real one on PATH records too.
    const release = path.join(w.dir, 'child-env-release')
    recorder(path.join(release, 'flyctl'), 'flyctl', dumps, `FLYSIM_VERSION=${FLYCTL_VERSION} exec '${process.execPath}' '${SIMULATOR_PATH}' "$@"`)
    const tarball = path.join(w.dir, 'child-env-flyctl.tar.gz')
    execFileSync('tar', ['-czf', tarball, '-C', release, 'flyctl'])
    const realTar = execFileSync('sh', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim()
    const fakeBin = path.join(w.dir, 'child-env-bin')
    recorder(path.join(fakeBin, 'tar'), 'tar', dumps, `exec '${realTar}' "$@"`)
    const serve = w.releases.options.tarballFor
    w.releases.options.tarballFor = () => tarball
    try {
      const run = await scenario.run({}, { ...RUNNER_SECRETS, FLY_API_TOKEN: w.token, PATH: `${fakeBin}:${process.env.PATH}` })
      expect(run.stderr).toBe('')
      expect(run.exitCode).toBe(0)
      expect(run.stdout).toContain(`Downloading flyctl ${FLYCTL_VERSION}`)
      expectNoLeaks(w, scenario, run)
    } finally {
      w.releases.options.tarballFor = serve
    }

    const children = recorded(dumps)
    expect(new Set(children.map(child => child.label))).toEqual(new Set(['tar', 'flyctl']))
    // Reads, allocations and a deploy: each its own flyctl.
    expect(children.filter(child => child.label === 'flyctl').length).toBe(scenario.calls().length)
    const secrets = [...scenario.secrets(), encodeURIComponent(w.password), ...Object.values(RUNNER_SECRETS)]
    for (const { label, entries } of children) {
      const names = entries.map(entry => entry.slice(0, entry.indexOf('=')))
      expect({ label, names: names.filter(name => /^(INPUT_|STATE_|ACTIONS_)|^GITHUB_TOKEN$|^FLY_API_TOKEN$/.test(name)) }).toEqual({ label, names: [] })
      const carrying = (secret: string) => entries.filter(entry => entry.includes(secret)).map(entry => entry.replace(/=.*/s, '=…'))
      expect({ label, carrying: secrets.flatMap(carrying) }).toEqual({
        label,
        // The token, once: flyctl's one credential; tar gets none.
        carrying: label === 'flyctl' ? ['FLY_ACCESS_TOKEN=…'] : []
      })
    }
  }, 60_000)
})
