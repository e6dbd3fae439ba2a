// `npm run demo` is the first command a new developer runs: it must pass, and what it shows must be consistent.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from '../test-support/run-action.js'

/**
 * What a job summary shows, without what differs between runs: its headings, table headers and bold lines, and the
 * label of every table row, with addresses (the world's loopback host, the allocated IPs) blanked.
 */
function summaryOutline(summary: string): string[] {
  return [...summary.matchAll(/<(h\d|th|strong)>(.*?)<\/\1>|<tr><td>(.*?)<\/td>/g)].map(([, tag, text, rowLabel]) =>
    (tag ? `${tag}: ${text}` : `row: ${rowLabel}`).replace(/\d+(\.\d+){3}/g, '<address>')
  )
}

describe('npm run demo', () => {
  it('exposes a cluster without the service, then changes nothing; the image major is the server major', async () => {
    const summaryDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-summary-'))
    const summaryPath = path.join(summaryDir, 'job-summary.md')
    const { stdout, kept } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'demo.mjs'), '--summary', summaryPath], {
      cwd: repoRoot,
      encoding: 'utf8'
    })
      .then(({ stdout }) => ({ stdout, kept: fs.readFileSync(summaryPath, 'utf8') }))
      .finally(() => fs.rmSync(summaryDir, { recursive: true, force: true }))
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
    // The kept summary is the first run's, and the one docs/job-summary.md (the README's picture) was made from has
    // the same outline: when the summary writer changes, `npm run demo -- --summary` and render-summary redo both.
    expect(stdout).toContain(`----- job summary saved to ${summaryPath} (no secret in it) -----`)
    expect(runs[0]).toContain(kept)
    const documented = summaryOutline(fs.readFileSync(path.join(repoRoot, 'docs', 'job-summary.md'), 'utf8'))
    expect(documented).toContain('row: pg_tls service')
    expect(summaryOutline(kept)).toEqual(documented)
    expect(stdout).toMatch(/^Simulated cluster demo-db: flyio\/postgres-flex:(\d+)\.\d+ \(the embedded server runs PostgreSQL \1\.\d+\)$/m)
  }, 60_000)
})
