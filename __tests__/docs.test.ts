// action.yml is the one source for the inputs and outputs: every one has a description, and the README's tables name
// the same ones with the same defaults (and src/outputs.ts the same outputs), so the documentation can never drift from
// what the runner passes.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../test-support/run-action.js'
import { OUTPUTS } from '../src/outputs.js'

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
    .map(line => line.slice(1, -1).split(' | ').map(cell => cell.trim()))
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
})
