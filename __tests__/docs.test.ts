// action.yml is the one source for the inputs and outputs: every one has a description, and the README's tables name
// the same ones with the same defaults (and src/outputs.ts the same outputs), so the documentation can never drift from
// what the runner passes.
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../test-support/run-action.js'
import { OUTPUTS } from '../src/pure/outputs.js'
import { INPUT_NAMES } from '../src/pure/input-names.js'

type Entry = { description?: string; default?: string; required?: boolean }
const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as { inputs: Record<string, Entry>; outputs: Record<string, Entry> }
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

/** The rows of the first table under `## <heading>`: cells split, backticks kept. */
function tableRows(heading: string): string[][] {
  const section = readme.split(new RegExp(`^## ${heading}\\s*$`, 'm'))[1]?.split(/^## /m)[0] ?? ''
  return section
    .split('\n')
    .filter(line => line.startsWith('|'))
    .slice(2) // header and separator
    .map(line =>
      line
        .slice(1, -1)
        .split(' | ')
        .map(cell => cell.trim())
    )
}

/** `a` / `b`, `c` in a first cell: every name in backticks. */
const namesIn = (cell: string) => [...cell.matchAll(/`([a-z0-9-]+)`/g)].map(match => match[1])

describe('action.yml and the README agree', () => {
  it('every input and output in action.yml has a description', () => {
    for (const [name, entry] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect([name, (entry.description ?? '').trim().length > 10]).toEqual([name, true])
    }
  })

  it('the README inputs table names every input once, with its default', () => {
    const rows = tableRows('Inputs')
    const documented = rows.flatMap(([names, defaults]) => {
      const list = namesIn(names)
      const values = defaults.split(' / ')
      return list.map((name, i) => [name, values.length === list.length ? values[i] : defaults] as const)
    })
    expect(documented.map(([name]) => name).sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, shown] of documented) {
      const entry = action.inputs[name]
      const expected = entry.required ? 'required' : entry.default ? `\`${entry.default}\`` : 'empty'
      // A computed default (host: <app>.fly.dev) is shown as what it means, action.yml's is empty.
      if (name === 'host') expect(shown).toBe('`<app>.fly.dev`')
      else expect([name, shown]).toEqual([name, expected])
    }
  })

  it('the README outputs table names every output once', () => {
    const documented = tableRows('Outputs').flatMap(([names]) => namesIn(names))
    expect(documented.sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('the OUTPUTS constants the code sets name exactly the outputs in action.yml', () => {
    expect(Object.values(OUTPUTS).sort()).toEqual(Object.keys(action.outputs).sort())
  })

  // The action refuses any input not in INPUT_NAMES (a typo would be ignored): an input added to action.yml only would be refused.
  it('the INPUT_NAMES the code accepts name exactly the inputs in action.yml, in its order', () => {
    expect([...INPUT_NAMES]).toEqual(Object.keys(action.inputs))
  })
})

// The README opens with a picture of the job summary: scripts/render-summary.mjs renders docs/job-summary.md (kept by
// `npm run demo -- --summary`) and stamps the PNG with the Markdown's SHA-256; the demo test compares that Markdown's
// outline with a fresh summary. Together they notice a picture older than the summary writer.
describe('the README picture of the job summary', () => {
  const docs = path.join(repoRoot, 'docs')

  /** The text of every tEXt chunk of a PNG, by keyword. */
  function pngTexts(png: Buffer): Record<string, string> {
    const texts: Record<string, string> = {}
    for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) {
      const type = png.toString('latin1', at + 4, at + 8)
      if (type !== 'tEXt') continue
      const [keyword, text] = png.toString('latin1', at + 8, at + 8 + png.readUInt32BE(at)).split('\0')
      texts[keyword] = text
    }
    return texts
  }

  it('the README shows docs/job-summary.png, a PNG under 300 KB rendered from docs/job-summary.md as it is now', () => {
    expect(readme).toContain('![Job summary written by the action](docs/job-summary.png)')
    const png = fs.readFileSync(path.join(docs, 'job-summary.png'))
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.length).toBeLessThan(300 * 1024)
    const markdown = fs.readFileSync(path.join(docs, 'job-summary.md'))
    expect(pngTexts(png)['Source-SHA256']).toBe(createHash('sha256').update(markdown).digest('hex'))
  })
})

// Issue 28: the README said `@v1` while package.json said 0.1.0 and a release would have moved `v0`. The first
// version is 1.0.0: every place a user or the release workflow reads a version names the same one.
describe('the version is the same everywhere', () => {
  const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8')
  const version = (JSON.parse(read('package.json')) as { version: string }).version
  const major = `v${version.split('.')[0]}`

  it('the README shows the two set-up commands as they are, and package.json has the scripts they run', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
    const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts as Record<string, string>
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['demo', 'test', 'test:unit']))
  })

  it('package.json and package-lock.json name one version, and CHANGELOG.md has its section', () => {
    const lock = JSON.parse(read('package-lock.json')) as { version: string; packages: Record<string, { version?: string }> }
    expect([lock.version, lock.packages[''].version]).toEqual([version, version])
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${version.replaceAll('.', '\\.')}$`, 'm'))
  })

  it("every `uses:` of the action in the README and the examples pins package.json's major tag", () => {
    const files = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'examples')).map(name => `examples/${name}`)]
    const pins = files.flatMap(file => [...read(file).matchAll(/uses: your-org\/fly-pg-expose@(v[^\s`]+)/g)].map(match => `${file}: ${match[1]}`))
    expect(pins.length).toBeGreaterThan(0)
    expect(pins.filter(pin => !pin.endsWith(`: ${major}`))).toEqual([])
    expect(readme).toContain(`\`@${major}\` follows every compatible release of version ${major.slice(1)}`)
    expect(read('SECURITY.md')).toContain(`the current major version (\`${major}\`)`)
  })

  it("the release workflow moves the released tag's major (v1.0.0 moves v1)", () => {
    const release = read('.github/workflows/release.yml')
    expect(release).toContain('major="${TAG%%.*}"')
    expect(release).toContain(`the major tag (${major})`)
  })
})
