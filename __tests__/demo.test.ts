// `npm run demo` is the first command a new developer runs: it must pass, and what it shows must be consistent.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from '../test-support/run-action.js'

describe('npm run demo', () => {
  it('exposes a cluster without the service, then changes nothing; the image major is the server major', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'demo.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8'
    })
    const runs = stdout.split(/^===== /m).slice(1)
    expect(runs.map(run => run.split('\n')[0].replace(/ in \d+ ms/, ''))).toEqual([
      'first run: node dist/index.js exited 0 =====',
      'second run (idempotent): node dist/index.js exited 0 ====='
    ])
    const output = (run: string, name: string) => run.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1]
    for (const run of runs) {
      const major = output(run, 'postgres-version')?.split('.')[0]
      expect(major).toMatch(/^\d+$/)
      expect(output(run, 'image')).toMatch(new RegExp(`^flyio/postgres-flex:${major}(\\.\\d+)*$`))
    }
    expect(output(runs[0], 'deployed')).toBe('true')
    expect(output(runs[1], 'changed')).toBe('false')
    expect(stdout).toMatch(/^Simulated cluster demo-db: flyio\/postgres-flex:(\d+)\.\d+ \(the embedded server runs PostgreSQL \1\.\d+\)$/m)
  }, 60_000)
})
