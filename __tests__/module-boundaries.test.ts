// The layout says which modules decide and which act: src/pure/ never reaches files, flyctl, the network or the
// runner (types aside), so its tests need no world; src/effects/ holds every module that does.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'

const src = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'src')
const modulesIn = (dir: string) => fs.readdirSync(path.join(src, dir)).filter(name => name.endsWith('.ts'))
/** Every import that brings in code (an `import type` brings none). */
const valueImports = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/gm)].map(match => match[1] ?? match[2])
const EFFECTFUL = /^(@actions\/|pg$|node:(fs|child_process|net|tls|http|https|dns)$)|\/effects\//

describe('module boundaries', () => {
  it('src/pure imports nothing that touches files, processes, the network or the runner', () => {
    const offending = modulesIn('pure').flatMap(name =>
      valueImports(path.join(src, 'pure', name))
        .filter(spec => EFFECTFUL.test(spec))
        .map(spec => `${name}: ${spec}`)
    )
    expect(offending).toEqual([])
  })

  it('src/pure imports nothing from src/effects, types included: the shapes the decisions use live beside them', () => {
    const allImports = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map(match => match[1])
    const offending = modulesIn('pure').flatMap(name =>
      allImports(path.join(src, 'pure', name))
        .filter(spec => spec.includes('/effects/'))
        .map(spec => `${name}: ${spec}`)
    )
    expect(offending).toEqual([])
  })

  it('src/effects holds only modules that do touch them (directly, through another effect, or through a Flyctl given to them)', () => {
    const acts = (file: string) =>
      valueImports(file).some(spec => EFFECTFUL.test(spec) || spec.startsWith('./')) || /\bfly: Flyctl\b/.test(fs.readFileSync(file, 'utf8'))
    expect(modulesIn('effects').filter(name => !acts(path.join(src, 'effects', name)))).toEqual([])
  })

  it('nothing else sits beside the entry points', () => {
    expect(fs.readdirSync(src).sort()).toEqual(['bundle-shims', 'effects', 'index.ts', 'main.ts', 'post.ts', 'pure'])
  })
})
