// Sorts an app's machines into Postgres members and the machines the action must leave alone. Pure.
import type { FlyMachine } from './fly-types.js'

/** A machine that is not a Postgres member, and why (named in the plan, never changed). */
export interface OtherMachine {
  id: string
  kind: 'console' | 'release command' | 'barman' | 'destroyed'
}

export interface ClassifiedMachines {
  members: FlyMachine[]
  others: OtherMachine[]
}

// fly-go machine_types.go: the reserved process groups `fly deploy` never deploys to.
const CONSOLE_GROUP = 'fly_app_console'
const RELEASE_COMMAND_GROUP = 'fly_app_release_command'

export function classifyMachines(machines: FlyMachine[]): ClassifiedMachines {
  const members: FlyMachine[] = []
  const others: OtherMachine[] = []
  for (const machine of machines) {
    const kind = otherKind(machine)
    if (kind) others.push({ id: machine.id, kind })
    else members.push(machine)
  }
  return { members, others }
}

function otherKind(machine: FlyMachine): OtherMachine['kind'] | undefined {
  if (machine.state === 'destroyed' || machine.state === 'destroying') return 'destroyed'
  const group = processGroupOf(machine)
  if (group === CONSOLE_GROUP) return 'console'
  if (group === RELEASE_COMMAND_GROUP) return 'release command'
  // `fly pg barman create` (flyctl internal/command/postgres/barman.go): env IS_BARMAN, volume barman_data.
  const config = machine.config
  if (config?.env?.IS_BARMAN || config?.metadata?.['fly-barman'] || (config?.mounts ?? []).some(mount => mount.name === 'barman_data')) {
    return 'barman'
  }
  return undefined
}

function processGroupOf(machine: FlyMachine): string {
  return machine.config?.metadata?.fly_process_group || machine.config?.metadata?.process_group || ''
}

/**
 * Does `fly deploy` manage this machine? Only with `fly_platform_version = "v2"` (fly-go flaps ListFlyAppsMachines);
 * `fly pg create` has set it only since March 2023.
 */
export function managedByDeploy(machine: FlyMachine): boolean {
  return machine.config?.metadata?.fly_platform_version === 'v2'
}

/** `primary` or `replica`, from postgres-flex's `role` health check; undefined when it has not reported. */
export function roleOf(machine: FlyMachine): string | undefined {
  const output = (machine.checks ?? []).find(check => check.name === 'role')?.output?.trim()
  return output || undefined
}

/** The image a machine runs, as a person reads it: `flyio/postgres-flex:16.8 (v0.0.50)`. */
export function describeImage(machine: FlyMachine): string {
  const ref = machine.image_ref
  const name = ref?.repository ? `${ref.repository}:${ref.tag ?? ''}` : (machine.config?.image ?? 'unknown image')
  const manager = ref?.labels?.['fly.version']
  return manager ? `${name} (${manager})` : name
}

/** Replicas first, the primary last, so the cluster fails over at most once. */
export function primaryLast(machines: FlyMachine[]): FlyMachine[] {
  return [...machines.filter(m => roleOf(m) !== 'primary'), ...machines.filter(m => roleOf(m) === 'primary')]
}
