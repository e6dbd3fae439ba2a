// What users run is dist/: what it loads when it starts, and what it leaves out (issue 14: load only what the run
// needs). The behaviour of the lazily loaded parts is covered end to end (TLS checks, cold installs).
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { ProxyAgent } from '../src/bundle-shims/undici.js'
import { bundle, postBundle } from '../test-support/run-action.js'

const dist = path.dirname(bundle)
const chunksIn = (dir: string) => fs.readdirSync(dir).filter(name => /^\d+\.index\.js$/.test(name))
const chunks = chunksIn(dist)
const holding = (text: string) => chunks.filter(name => fs.readFileSync(path.join(dist, name), 'utf8').includes(text))

/** Starts an entry with no inputs and lists the files node loads (hooks run off the main thread, so it writes to stderr). */
function startAlone(entry: string): { stdout: string; loaded: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-load-'))
  try {
    const hook = path.join(dir, 'hook.mjs')
    const load = `export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context) }`
    fs.writeFileSync(hook, `import { register } from 'node:module'\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(load)}))\n`)
    const started = spawnSync(process.execPath, ['--import', hook, entry], { encoding: 'utf8', env: { PATH: process.env.PATH } })
    const loaded = started.stderr
      .split('\n')
      .filter(line => line.startsWith('LOADED '))
      .map(line => line.slice('LOADED '.length))
    return { stdout: started.stdout, loaded }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('the bundle', () => {
  it('starts by loading dist/index.js alone: pg and the tool cache download path wait for first use', () => {
    // No inputs: it loads, then stops at its first input check.
    const { stdout, loaded } = startAlone(bundle)
    expect(stdout).toContain('::error::Input `app` is required')
    expect(loaded).toEqual([new URL(`file://${bundle}`).href])
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

  it('the post step has its own entry in its own folder (ncc numbers chunks per build): no pg, and it never runs the main step', () => {
    expect(path.dirname(postBundle)).toBe(path.join(dist, 'post'))
    // Nothing to release (not ephemeral, no state): it loads alone, says so, and reads no input it does not need.
    const { stdout, loaded } = startAlone(postBundle)
    expect(stdout).toBe('fly-pg-expose: not an ephemeral run (`ephemeral` is not true): nothing to release.\n')
    expect(loaded).toEqual([new URL(`file://${postBundle}`).href])
    // Its only chunk is tool-cache's download path, for a tool cache emptied since the main step.
    const postChunks = chunksIn(path.dirname(postBundle))
    expect(postChunks).toHaveLength(1)
    const text = fs.readFileSync(path.join(path.dirname(postBundle), postChunks[0]), 'utf8')
    expect(text).toContain('extractTar')
    expect(fs.readFileSync(postBundle, 'utf8')).not.toContain('SCRAM-SERVER-FIRST-MESSAGE')
    expect(fs.readFileSync(postBundle, 'utf8')).not.toMatch(/node_modules\/undici\//)
  })
})
