// scripts/release-notes.mjs, the release workflow's gate: a tag is released only when package.json says its version
// and CHANGELOG.md has a section for it, whose text becomes the release notes.
import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { changelogSection, releaseNotes } from '../scripts/release-notes.mjs'
import { repoRoot } from '../test-support/run-action.js'

const changelog = `# Changelog

## Unreleased

- Something not released yet.

## [1.2.0] - 2026-09-01

### Added
- \`method: machines\`.

### Fixed
- A retry.

## v1.1.0

## 1.0.0
- First version.
`

describe('changelogSection', () => {
  it('reads one version up to the next version heading, whatever the heading style', () => {
    expect(changelogSection(changelog, '1.2.0')).toBe('### Added\n- `method: machines`.\n\n### Fixed\n- A retry.')
    expect(changelogSection(changelog, '1.0.0')).toBe('- First version.')
    expect(changelogSection(changelog.replaceAll('\n', '\r\n'), '1.0.0')).toBe('- First version.')
    expect(changelogSection(changelog, '1.1.0')).toBe('')
  })

  it('finds no section for a version only a prefix of another, or with the dots as wildcards', () => {
    expect(changelogSection(changelog, '1.2')).toBeUndefined()
    expect(changelogSection('## 1.0.10\n- x\n', '1.0.1')).toBeUndefined()
    expect(changelogSection('## 1x2y0\n- x\n', '1.2.0')).toBeUndefined()
  })
})

describe('releaseNotes', () => {
  const release =
    (tag: string, packageVersion = '1.2.0') =>
    () =>
      releaseNotes(tag, { packageVersion, changelog })

  it("returns the version's section for its tag", () => {
    expect(release('v1.2.0')()).toBe(changelogSection(changelog, '1.2.0'))
  })

  it('refuses a tag that is not a plain vX.Y.Z', () => {
    for (const tag of ['1.2.0', 'v1.2', 'v1.2.0-rc.1', 'v1.2.0\necho injected', '']) {
      expect(release(tag)).toThrow(`"${tag}" is not a release tag: expected vX.Y.Z, like v1.2.3.`)
    }
  })

  it("refuses a tag that is not package.json's version", () => {
    expect(release('v1.0.0')).toThrow("v1.0.0 is not package.json's version (1.2.0): run `npm version 1.0.0 --no-git-tag-version` and commit first.")
  })

  it('refuses a version without a section, or with an empty one', () => {
    expect(release('v1.3.0', '1.3.0')).toThrow('CHANGELOG.md has no "## 1.3.0" section: rename "## Unreleased" to it (or add one) and commit first.')
    expect(release('v1.1.0', '1.1.0')).toThrow('CHANGELOG.md\'s "## 1.1.0" section is empty: list the changes in it first.')
  })
})

describe('node scripts/release-notes.mjs <tag>', () => {
  const run = (tag: string) => promisify(execFile)(process.execPath, [path.join('scripts', 'release-notes.mjs'), tag], { cwd: repoRoot, encoding: 'utf8' })
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))

  // Keeps the repository releasable: a version bump without its CHANGELOG.md section fails here, before any tag.
  it("prints this repository's section for package.json's version", async () => {
    const { stdout } = await run(`v${version}`)
    expect(stdout.trim()).not.toBe('')
    expect(fs.readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8')).toContain(`## ${version}\n\n${stdout.trim()}\n`)
  })

  it('fails with the reason on stderr and nothing on stdout', async () => {
    const failure = await run('v999.0.0').catch(error => error)
    expect(failure).toMatchObject({ code: 1, stdout: '' })
    expect(failure.stderr).toBe(
      `release-notes: v999.0.0 is not package.json's version (${version}): run \`npm version 999.0.0 --no-git-tag-version\` and commit first.\n`
    )
  })
})
