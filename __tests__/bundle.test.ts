// What users run is dist/: what it loads when it starts, and what it leaves out (issue 14: load only what the run
// needs). The behaviour of the lazily loaded parts is covered end to end (TLS checks, cold installs).
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ProxyAgent } from '../src/bundle-shims/undici.js'
import { bundle } from '../test-support/run-action.js'

const dist = path.dirname(bundle)
const chunks = fs.readdirSync(dist).filter(name => /^\d+\.index\.js$/.test(name))
const holding = (text: string) => chunks.filter(name => fs.readFileSync(path.join(dist, name), 'utf8').includes(text))

describe('the bundle', () => {
  it('starts by loading dist/index.js alone: pg and the tool cache download path wait for first use', () => {
    // A module hook that names each file node loads (hooks run off the main thread, so it writes to stderr).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-load-'))
    try {
      const hook = path.join(dir, 'hook.mjs')
      const load = `export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context) }`
      fs.writeFileSync(hook, `import { register } from 'node:module'\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(load)}))\n`)
      // No inputs: it loads, then stops at its first input check.
      const started = spawnSync(process.execPath, ['--import', hook, bundle], { encoding: 'utf8', env: { PATH: process.env.PATH } })
      expect(started.stdout).toContain('::error::Input `app` is required')
      const loaded = started.stderr
        .split('\n')
        .filter(line => line.startsWith('LOADED '))
        .map(line => line.slice('LOADED '.length))
      expect(loaded).toEqual([new URL(`file://${bundle}`).href])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    // The chunks it leaves for later are pg's and tool-cache's (whose download path is all a cache hit does not need).
    expect(chunks).toHaveLength(2)
    expect(holding('SCRAM-SERVER-FIRST-MESSAGE')).toHaveLength(1)
    expect(holding('extractTar')).toHaveLength(1)
    expect(holding('SCRAM-SERVER-FIRST-MESSAGE')).not.toEqual(holding('extractTar'))
  })

  it('leaves undici out: its stand-in is all of it, and it fails loudly if anything ever constructs it', () => {
    const main = fs.readFileSync(bundle, 'utf8')
    expect(main).toContain('CONCATENATED MODULE: ./src/bundle-shims/undici.ts')
    expect(main).not.toMatch(/node_modules\/undici\//)
    expect(chunks.filter(name => /node_modules\/undici\//.test(fs.readFileSync(path.join(dist, name), 'utf8')))).toEqual([])
    expect(() => new ProxyAgent()).toThrow('fly-pg-expose does not bundle undici: ProxyAgent is not available (see src/bundle-shims/undici.ts).')
  })
})
