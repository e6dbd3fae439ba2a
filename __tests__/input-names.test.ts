// Inputs the action does not declare (issue 28): the runner passes them all the same (INPUT_<KEY>) and only warns, so
// the action refuses them, naming the input a typo most likely meant. The names come from src/pure/input-names.ts,
// which docs.test.ts ties to action.yml.
import { describe, expect, it } from '@jest/globals'
import { closestInput, INPUT_NAMES, inputVariable, unknownInputs, unknownInputsMessage } from '../src/pure/input-names.js'
import { InputError, readInputs } from '../src/effects/inputs.js'

describe('unknownInputs', () => {
  it('the runner spells an input INPUT_<KEY>: spaces become _, then upper case (actions/runner, @actions/core getInput)', () => {
    expect(inputVariable('dry-run')).toBe('INPUT_DRY-RUN')
    expect(inputVariable('my input')).toBe('INPUT_MY_INPUT')
  })

  it('every declared input is known, whatever case the workflow wrote it in; other variables are not inputs', () => {
    const env = [...INPUT_NAMES.map(inputVariable), 'INPUT_DRY-RUN', 'PATH', 'STATE_isPost', 'GITHUB_ACTION', 'FLY_API_TOKEN']
    expect(unknownInputs(env)).toEqual([])
    expect(unknownInputs(['INPUT_DRYRUN', 'INPUT_DRY_RUN', 'INPUT_APP'])).toEqual(['dryrun', 'dry_run'])
  })
})

describe('closestInput', () => {
  it.each([
    ['dryrun', 'dry-run'],
    ['dry_run', 'dry-run'],
    ['dry run', 'dry-run'],
    ['databse-url', 'database-url'],
    ['database_url', 'database-url'],
    ['fly_api_token', 'fly-api-token'],
    ['exportenv', 'export-env'],
    ['stict', 'strict'],
    ['release_ip', 'release-ips'],
    ['apps', 'app'],
    ['token', undefined],
    ['something-else-entirely', undefined]
  ])('%s -> %s', (typo, meant) => expect(closestInput(typo)).toBe(meant))
})

describe('readInputs refuses unknown inputs in the main step, before reading any other', () => {
  const values: Record<string, string> = { app: 'my-db', 'database-url': 'postgres://postgres:pw-0123456789abcdef@my-db.flycast:5432/postgres' }
  const reader = (name: string) => values[name] ?? ''
  const env = { FLY_API_TOKEN: 'fo1_env', INPUT_APP: 'my-db', INPUT_DRYRUN: 'true' }

  it('names the input, the variable and the closest known name; never a value', () => {
    const read = () => readInputs(reader, () => undefined, env, { refuseUnknown: true })
    expect(read).toThrow(InputError)
    expect(read).toThrow(
      'fly-pg-expose has no input `dryrun` (INPUT_DRYRUN): did you mean `dry-run`? Nothing was changed: the run would have ignored it and done what you did not ask. Fix the name under `with:` (or remove an `env:` entry that sets this variable).'
    )
  })

  it('lists the inputs when a name is like none of them', () => {
    const message = unknownInputsMessage(['token', 'dryrun'])
    expect(message).toContain('`token` (INPUT_TOKEN); `dryrun` (INPUT_DRYRUN): did you mean `dry-run`?')
    expect(message).toContain(
      ' (or remove an `env:` entry that sets these variables). The inputs are `app`, `route`, `local-port`, `cluster`, `fly-api-token`,'
    )
  })

  it('the post step does not refuse: it only releases what the main step allocated', () => {
    expect(readInputs(reader, () => undefined, env).app).toBe('my-db')
  })
})
