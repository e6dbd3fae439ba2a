// What the end-to-end test files share: one loopback Fly world per file, and the checks every run must pass.
import { afterAll, beforeAll, expect } from '@jest/globals'
import pg from 'pg'
import { startWorld } from '../../test-support/fly-world.js'
import { findLeaks, maskedFirst } from '../../test-support/run-action.js'

export type World = Awaited<ReturnType<typeof startWorld>>
export type Scenario = Awaited<ReturnType<World['scenario']>>
export type ActionRun = Awaited<ReturnType<Scenario['run']>>
/** One line of the simulator's call log (test-support/README.md). */
export type Call = {
  command: string
  kind: 'read' | 'write'
  write: boolean
  argv: string[]
  exitCode: number
  fault: boolean
  /** When the flyctl process started (epoch ms); `start` is when it began its work. */
  spawnedAt: number
  start: number
  end: number
  tokenSource: string | null
  stderr: string
}

/** Starts a world before the file's tests and stops it after; call the result to reach it. */
export function useWorld(options?: Parameters<typeof startWorld>[0]): () => World {
  let world: World | undefined
  beforeAll(async () => {
    world = await startWorld(options)
  }, 60_000)
  afterAll(async () => {
    await world?.stop()
  })
  return () => {
    if (!world) throw new Error('the world is not started yet: use it inside a test or a later beforeAll')
    return world
  }
}

export const callsOf = (scenario: Scenario) => scenario.calls() as Call[]

/** The `::error::` lines of a run, unescaped as the runner shows them. */
export function errorsOf(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter(line => line.startsWith('::error::'))
    .map(line => line.slice('::error::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/**
 * No secret in anything the user can read (stdout, stderr, summary; raw and percent-encoded), the token and password
 * masked before any other line, no crash output, and the token reaching flyctl only through its environment.
 */
export function expectNoLeaks(world: World, scenario: Scenario, run: ActionRun, options: { extraSecrets?: string[]; password?: string } = {}): void {
  const { extraSecrets = [], password = world.password } = options
  expect(findLeaks(run, [...scenario.secrets(), ...extraSecrets])).toEqual([])
  expect(maskedFirst(run.stdout, [world.token, password])).toBe(true)
  expect(run.stderr).toBe('')
  for (const call of callsOf(scenario)) {
    expect(call.argv.join(' ')).not.toContain(world.token)
    expect(call.tokenSource).toBe('FLY_ACCESS_TOKEN')
  }
}

/** A session as the world's superuser, straight to a server (the world's, unless another port is given): test set-up. */
export async function connectAsSuperuser(world: World, port = world.pg.port): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: world.password,
    database: 'postgres',
    ssl: { rejectUnauthorized: false }
  })
  await client.connect()
  return client
}
