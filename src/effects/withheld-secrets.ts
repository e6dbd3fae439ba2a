// Why a run may have no Fly token at all: GitHub gives no secrets to a workflow run for a pull request from a fork,
// and only Dependabot secrets to a run Dependabot started (GitHub Docs, "Using secrets in GitHub Actions" and
// "Automating Dependabot with GitHub Actions"). The "No Fly token" error says so on those runs.
import * as fs from 'node:fs'

/** What of the event payload (GITHUB_EVENT_PATH) tells a fork's pull request. */
interface PullRequestEvent {
  pull_request?: { head?: { repo?: { full_name?: string; fork?: boolean } | null }; base?: { repo?: { full_name?: string } } }
}

// The events that run in the base repository with the fork's code, and so get no secrets (pull_request_target does).
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_review', 'pull_request_review_comment']

/** Why this run got no secrets, with what to do; undefined when nothing says it is withheld. */
export function withheldSecretsHint(eventName: string | undefined, actor: string | undefined, event: PullRequestEvent | undefined): string | undefined {
  if (actor === 'dependabot[bot]') {
    return "This run was started by Dependabot, and GitHub gives Dependabot's runs only Dependabot secrets, not the repository's Actions secrets: skip the step for it (`if: github.actor != 'dependabot[bot]'`), or add the token under Settings > Secrets and variables > Dependabot."
  }
  if (!PULL_REQUEST_EVENTS.includes(eventName ?? '')) return undefined
  const pr = event?.pull_request
  if (!pr) return undefined
  const head = pr.head?.repo
  const base = pr.base?.repo?.full_name
  // A deleted fork leaves head.repo null; a pull request inside a repository that is itself a fork is no fork's.
  const fromFork = head === null || (head?.full_name && base ? head.full_name !== base : head?.fork === true)
  if (!fromFork) return undefined
  return `This run is for a pull request from a fork${head?.full_name ? ` (${head.full_name})` : ''}, and GitHub gives such runs no secrets: skip the step for forks (\`if: github.event.pull_request.head.repo.full_name == github.repository\`).`
}

/** The "No Fly token" error, with why GitHub withheld the secret when the run's event says so. */
export function noTokenMessage(env: NodeJS.ProcessEnv): string {
  const message = 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).'
  const hint = withheldSecretsHint(env.GITHUB_EVENT_NAME, env.GITHUB_ACTOR, readEvent(env.GITHUB_EVENT_PATH))
  return hint ? `${message} ${hint}` : message
}

function readEvent(file: string | undefined): PullRequestEvent | undefined {
  if (!file) return undefined
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PullRequestEvent
  } catch {
    // No payload to read (a local run, a runner that wrote none): no hint, the plain message.
    return undefined
  }
}
