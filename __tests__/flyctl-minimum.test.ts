// The oldest flyctl the action runs with: how versions compare, which row sets each route's minimum, what is accepted.
// The refusals themselves are rows of support/input-refusals.ts; bad-inputs.test.ts runs one through the bundle.
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { compareFlyctlVersions, FLYCTL_REQUIREMENTS, flyctlTooOld, PUBLIC_FLYCTL_MINIMUM, TUNNEL_FLYCTL_MINIMUM } from '../src/pure/flyctl-minimum.js'
import { parseInputs } from '../src/effects/inputs.js'
import { repoRoot } from '../test-support/run-action.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const base = { app: 'my-db', 'fly-api-token': 'fo1_token', 'database-url': 'postgres://postgres:pw@my-db.flycast:5432/postgres' }

describe('flyctl versions', () => {
  it.each([
    ['0.2.49', '0.2.50'],
    ['0.2.9', '0.2.10'], // by number, not as text
    ['0.1.999', '0.2.0'],
    ['0.4.87', '1.0.0'],
    ['0.2.50-pre-1', '0.2.50'], // a prerelease precedes its release
    ['0.2.50-pre-2', '0.2.50-pre-10'],
    ['0.2.50', '0.2.51-pre-1']
  ])('%s is older than %s', (older, newer) => {
    expect(compareFlyctlVersions(older, newer)).toBeLessThan(0)
    expect(compareFlyctlVersions(newer, older)).toBeGreaterThan(0)
  })

  it('a version equals itself, with or without a leading v', () => {
    expect(compareFlyctlVersions('0.2.50', '0.2.50')).toBe(0)
    expect(compareFlyctlVersions('v0.2.50', '0.2.50')).toBe(0)
  })
})

describe('the minimum', () => {
  it('every row names a release and the flyctl commit that added it', () => {
    for (const row of FLYCTL_REQUIREMENTS) {
      expect([row.what, row.since]).toEqual([row.what, expect.stringMatching(/^\d+\.\d+\.\d+$/)])
      expect([row.what, row.commit]).toEqual([row.what, expect.stringMatching(/^[0-9a-f]{9}$/)])
    }
  })

  it('of the public route is --only-machines on fly deploy (0.2.50); of the tunnel route, --local-port on fly mpg proxy (0.3.230)', () => {
    expect(PUBLIC_FLYCTL_MINIMUM).toMatchObject({ since: '0.2.50', what: '`--only-machines` on `fly deploy`', commit: '28937186d' })
    expect(TUNNEL_FLYCTL_MINIMUM).toMatchObject({ since: '0.3.230', what: '`--local-port` on `fly mpg proxy`', commit: 'bdbb23042' })
    for (const row of FLYCTL_REQUIREMENTS) {
      const minimum = row.route === 'public' ? PUBLIC_FLYCTL_MINIMUM : TUNNEL_FLYCTL_MINIMUM
      expect(compareFlyctlVersions(row.since, minimum.since)).toBeLessThanOrEqual(0)
    }
  })

  it('the tunnel route (not wired yet) refuses what the public route accepts', () => {
    expect(flyctlTooOld('0.3.229', 'public')).toBeUndefined()
    expect(flyctlTooOld('0.3.229', 'tunnel')).toBe(
      'Input `flyctl-version` is 0.3.229, but `--local-port` on `fly mpg proxy` needs flyctl 0.3.230 or newer. Pin 0.3.230 or later, or use `latest`.'
    )
    expect(flyctlTooOld('0.3.230', 'tunnel')).toBeUndefined()
  })

  it.each(['latest', '', '0.2.50', 'v0.2.50', '0.2.51-pre-1', '0.4.87', '1.0.0'])('flyctl-version "%s" is accepted', version => {
    expect(parseInputs(reader({ ...base, 'flyctl-version': version }), {}).flyctlVersion).toBe(version.replace(/^v/, '') || 'latest')
  })

  it('README.md and action.yml name the same minimum as the table', () => {
    for (const file of ['README.md', 'action.yml']) {
      expect([file, fs.readFileSync(path.join(repoRoot, file), 'utf8')]).toEqual([file, expect.stringContaining(`older than ${PUBLIC_FLYCTL_MINIMUM.since}`)])
    }
  })
})
