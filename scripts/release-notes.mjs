// The release workflow's gate and text: `node scripts/release-notes.mjs v1.2.3` (in the repository root) fails unless
// the tag is a plain vX.Y.Z, package.json's version is X.Y.Z and CHANGELOG.md has a non-empty section for X.Y.Z;
// then it prints that section, the GitHub release's notes.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** The text under CHANGELOG.md's `## X.Y.Z` heading (also `## vX.Y.Z`, `## [X.Y.Z] - date`), trimmed; undefined without one. */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/)
  const heading = new RegExp(`^## \\[?v?${version.replaceAll('.', '\\.')}\\]?(?:\\s|$)`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) return undefined
  const next = lines.findIndex((line, i) => i > start && line.startsWith('## '))
  return lines
    .slice(start + 1, next < 0 ? undefined : next)
    .join('\n')
    .trim()
}

/** The notes for `tag`, or an error saying what to fix before that tag can be released. */
export function releaseNotes(tag, { packageVersion, changelog }) {
  const version = /^v(\d+\.\d+\.\d+)$/.exec(tag)?.[1]
  if (!version) throw new Error(`"${tag}" is not a release tag: expected vX.Y.Z, like v1.2.3.`)
  if (packageVersion !== version) {
    throw new Error(`${tag} is not package.json's version (${packageVersion}): run \`npm version ${version} --no-git-tag-version\` and commit first.`)
  }
  const section = changelogSection(changelog, version)
  if (section === undefined) throw new Error(`CHANGELOG.md has no "## ${version}" section: rename "## Unreleased" to it (or add one) and commit first.`)
  if (section === '') throw new Error(`CHANGELOG.md's "## ${version}" section is empty: list the changes in it first.`)
  return section
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
    console.log(releaseNotes(process.argv[2] ?? '', { packageVersion: version, changelog: readFileSync('CHANGELOG.md', 'utf8') }))
  } catch (error) {
    console.error(`release-notes: ${error.message}`)
    process.exit(1)
  }
}
