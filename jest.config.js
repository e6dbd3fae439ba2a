// ESM jest: ts-jest compiles TypeScript, plain .js test support runs as native ESM.
// Two projects: `unit` (tests that start no process and no world: seconds, `npm run test:unit`) and `world` (the
// bundle, the flyctl simulator, a real Postgres: `npm test` runs both). A test file is a world test when it starts
// any of those, told by what it imports or calls, so a new file lands in the right project by itself.
import * as fs from 'node:fs'
import * as path from 'node:path'

const testsDir = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '__tests__')
const STARTS_A_WORLD = /useWorld|startWorld|startPostgres|startFlyEdge|runAction|live-world|node:child_process|spawnSync|execFile|\bspawn\(/
const files = fs.readdirSync(testsDir).filter(name => name.endsWith('.test.ts'))
const isWorld = name => STARTS_A_WORLD.test(fs.readFileSync(path.join(testsDir, name), 'utf8'))

const project = (displayName, names) => ({
  displayName,
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: names.map(name => `<rootDir>/__tests__/${name}`),
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  }
})

export default {
  projects: [
    project(
      'unit',
      files.filter(name => !isWorld(name))
    ),
    project('world', files.filter(isWorld))
  ],
  maxWorkers: 2,
  // Global, not per project (jest reads it from the top level only).
  testTimeout: 60000
}
