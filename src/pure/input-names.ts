// The action's inputs by the names action.yml declares (docs.test.ts checks the two list the same ones), and the
// refusal of any other: the runner passes every `with:` key, declared or not, as INPUT_<KEY> (actions/runner
// Handler.AddInputsToEnvironment: spaces become `_`, then upper case, as @actions/core getInput reads them), and
// only warns about an undeclared one, so `dryrun: true` would otherwise change things a dry run never should.
export const INPUT_NAMES = [
  'app',
  'route',
  'local-port',
  'cluster',
  'fly-api-token',
  'database-url',
  'username',
  'password',
  'database',
  'flyctl-version',
  'ipv4',
  'ipv6',
  'port',
  'host',
  'config',
  'deploy',
  'method',
  'image',
  'tls',
  'sslmode',
  'verify-timeout',
  'deploy-timeout',
  'dry-run',
  'strict',
  'ephemeral',
  'export-env',
  'mode',
  'preview-database',
  'preview-template',
  'release-ips',
  'preview-max-age',
  'preview-keep',
  'credentials-key',
  'role',
  'privileges',
  'login-ttl'
] as const

/** The variable the runner sets for an input (and @actions/core's getInput reads). */
export const inputVariable = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/**
 * The INPUT_ variables of the environment that no declared input explains, as the lower-case names a workflow most
 * likely wrote. Only names are read, never values.
 */
export function unknownInputs(variables: Iterable<string>, known: readonly string[] = INPUT_NAMES): string[] {
  const declared = new Set(known.map(inputVariable))
  return [...variables].filter(variable => variable.startsWith('INPUT_') && !declared.has(variable)).map(variable => variable.slice(6).toLowerCase())
}

/** The declared input a typo most likely meant: the same letters without separators, else the fewest edits (at most a third). */
export function closestInput(name: string, known: readonly string[] = INPUT_NAMES): string | undefined {
  const bare = (text: string) => text.toLowerCase().replace(/[-_ ]/g, '')
  const exact = known.find(candidate => bare(candidate) === bare(name))
  if (exact) return exact
  let best: { name: string; distance: number } | undefined
  for (const candidate of known) {
    const distance = editDistance(bare(name), bare(candidate))
    if (!best || distance < best.distance) best = { name: candidate, distance }
  }
  return best && best.distance <= Math.max(1, Math.floor(bare(name).length / 3)) ? best.name : undefined
}

/** Why the run stops when the workflow passed inputs the action does not have (undefined: it passed none). */
export function unknownInputsMessage(unknown: string[], known: readonly string[] = INPUT_NAMES): string | undefined {
  if (unknown.length === 0) return undefined
  const guesses = unknown.map(name => closestInput(name, known))
  const each = unknown.map((name, i) => `\`${name}\` (${inputVariable(name)})${guesses[i] ? `: did you mean \`${guesses[i]}\`?` : ''}`)
  const list = guesses.every(Boolean) ? '' : ` The inputs are ${known.map(name => `\`${name}\``).join(', ')}.`
  return `fly-pg-expose has no input ${each.join('; ')} Nothing was changed: the run would have ignored it and done what you did not ask. Fix the name under \`with:\` (or remove an \`env:\` entry that sets ${unknown.length === 1 ? 'this variable' : 'these variables'}).${list}`
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]
}
