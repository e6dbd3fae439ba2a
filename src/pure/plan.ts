// Decides, from the inputs and the cluster's state alone, what must change. Runs nothing.
import type { ClusterState, FlyIp, FlyMachine } from './fly-types.js'
import type { DeployMode, ImageChoice, Ipv4Mode, Method } from './input-types.js'
import { describeImage, managedByDeploy, primaryLast, roleOf, classifyMachines, type OtherMachine } from './members.js'
import { MEMBER_POSTGRES_PORT, servesPgTlsOn } from './pg-tls-service.js'

export const FLEX_REPOSITORIES = ['flyio/postgres-flex', 'flyio/postgres-flex-timescaledb']
const STOLON_REPOSITORY = 'flyio/postgres'

export interface PlanInputs {
  app: string
  ipv4: Ipv4Mode
  ipv6: boolean
  port: number
  deploy: DeployMode
  method: Method
  image: ImageChoice
  /** The user's fly.toml (`config`), which only `method: deploy` uses. */
  configPath?: string
}

/** One Postgres member: what it runs now, and what it will run once the plan is applied. */
export interface MemberPlan {
  id: string
  role?: string
  before: string
  after: string
  restarted: boolean
}

export interface ExposurePlan {
  /** Public addresses the app already has, by kind. */
  existing: { ipv4?: string; ipv4Type?: 'v4' | 'shared_v4'; ipv6?: string }
  allocate: { ipv4: 'dedicated' | 'shared' | null; ipv6: boolean }
  /** Members that do not yet serve `port` -> 5432 with pg_tls. */
  machinesWithoutService: string[]
  /** Whether members must be restarted with the service (by `fly deploy` or `fly machine update`, per `method`). */
  deploy: { needed: boolean; reason: string }
  method: Method
  /** The Postgres members, in the order they are restarted (replicas first for `method: machines`). */
  members: MemberPlan[]
  /** Machines that are not Postgres members (console, barman, ...): named here, never changed. */
  others: OtherMachine[]
  /** The image the machines run, and the one a deploy would use (same repository, same major). */
  image: { running: string; deployRef?: string; repository: string; major?: string }
  warnings: string[]
}

export class PlanError extends Error {
  override name = 'PlanError'
}

export function planExposure(inputs: PlanInputs, state: ClusterState): ExposurePlan {
  if (state.machines.length === 0) {
    throw new PlanError(
      `App "${inputs.app}" has no machines, so there is nothing to expose. Check the app name, or run \`fly machines list -a ${inputs.app}\`.`
    )
  }
  // Console, barman and release-command machines neither decide the plan nor receive the Postgres config.
  const { members, others } = classifyMachines(state.machines)
  if (members.length === 0) {
    throw new PlanError(`App "${inputs.app}" has no Postgres members, only ${others.map(describeOther).join(', ')}: nothing to expose. Check the app name.`)
  }
  const existing = publicAddresses(state.ips)
  const allocate = {
    ipv4: ipv4ToAllocate(inputs.ipv4, existing),
    ipv6: inputs.ipv6 && !existing.ipv6
  }
  if (!existing.ipv4 && !existing.ipv6 && !allocate.ipv4 && !allocate.ipv6) {
    throw new PlanError('With `ipv4: none` and `ipv6: false` the app would have no public address: enable at least one.')
  }

  refuseTakenPort(members, inputs)
  const machinesWithoutService = members.filter(m => !servesPgTls(m, inputs.port)).map(m => m.id)
  const deploy = decideDeploy(inputs, machinesWithoutService, members)
  if (deploy.needed && inputs.method === 'deploy') refuseUnmanagedMembers(members, inputs.app)
  const image = !deploy.needed || inputs.method === 'machines' ? runningImage(members) : deployImage(members, inputs)
  const memberPlans = planMembers(members, inputs, deploy.needed, machinesWithoutService, image)

  const warnings: string[] = []
  if (allocate.ipv4 === 'shared' || (existing.ipv4Type === 'shared_v4' && inputs.ipv4 !== 'none')) {
    warnings.push(
      'A shared IPv4 routes only HTTP and TLS with SNI; Fly recommends a dedicated IPv4 (`ipv4: dedicated`) for Postgres over TLS. Clients without IPv6 may not connect.'
    )
  }
  if (inputs.ipv4 === 'none' && !existing.ipv4) {
    warnings.push('No public IPv4: GitHub-hosted runners and many networks have no IPv6, so they cannot reach the database.')
  }
  if (inputs.configPath && inputs.method === 'machines') warnings.push('`config` is not used with `method: machines`: no fly.toml is deployed.')
  if (deploy.needed && inputs.method === 'machines' && !members.some(m => roleOf(m) === 'primary')) {
    warnings.push('No member reports the primary role (its `role` check has no output yet): members are updated in the order listed.')
  }
  return { existing, allocate, machinesWithoutService, deploy, method: inputs.method, members: memberPlans, others, image, warnings }
}

function describeOther(other: OtherMachine): string {
  return `${other.kind} machine ${other.id}`
}

/**
 * `fly deploy` ignores machines without the v2 metadata and, finding none it manages, creates a new member on a new
 * empty volume (flyctl internal/command/deploy/machines.go, deploy_first.go). Refuse before anything is written.
 */
function refuseUnmanagedMembers(members: FlyMachine[], app: string): void {
  const unmanaged = members.filter(m => !managedByDeploy(m)).map(m => m.id)
  if (unmanaged.length === 0) return
  throw new PlanError(
    `Machines ${unmanaged.join(', ')} of "${app}" lack the metadata \`fly deploy\` needs (fly_platform_version = "v2"; clusters made before March 2023 have none), so a deploy would not update them but create a new member with a new, empty volume. Nothing was changed. Use \`method: machines\`: it adds the service to each member in place with \`fly machine update\`, keeping its image, env, volume and metadata.`
  )
}

/**
 * A port the members already serve otherwise (5433 on a `fly pg create` cluster: each member's own Postgres) is never
 * rewired: that would repoint its public and Flycast traffic to HAProxy and restart the cluster. Refused before any change.
 */
function refuseTakenPort(members: FlyMachine[], inputs: PlanInputs): void {
  const taken = members.flatMap(machine =>
    (machine.config?.services ?? [])
      .filter(service => (service.ports ?? []).some(p => p.port === inputs.port) && !servesPgTlsOn(service, inputs.port))
      .map(service => ({ id: machine.id, service }))
  )
  if (taken.length === 0) return
  const { service } = taken[0]
  const handlers = service.ports?.find(p => p.port === inputs.port)?.handlers ?? []
  const what = `${(service.protocol ?? 'tcp').toUpperCase()} to internal port ${service.internal_port}${handlers.length > 0 ? ` [${handlers.join(', ')}]` : ''}`
  const reaches = service.internal_port === MEMBER_POSTGRES_PORT ? " (each member's own Postgres, replicas included, not the primary through HAProxy)" : ''
  throw new PlanError(
    `Port ${inputs.port} is already served by machines ${[...new Set(taken.map(t => t.id))].join(', ')} of "${inputs.app}": ${what}${reaches}. Adding the pg_tls service there would repoint it to HAProxy and restart the cluster, so nothing was changed. Choose a port the machines do not serve (5432, the documented one, unless it is taken too), or use the existing service as it is: \`fly machines list -a ${inputs.app}\` shows each machine's services.`
  )
}

function planMembers(members: FlyMachine[], inputs: PlanInputs, restart: boolean, missing: string[], image: ExposurePlan['image']): MemberPlan[] {
  const ordered = inputs.method === 'machines' ? primaryLast(members) : members
  return ordered.map(machine => {
    const before = describeImage(machine)
    // `fly deploy` restarts every member it manages; `fly machine update` only the ones it changes.
    const restarted = restart && (inputs.method === 'deploy' || inputs.deploy === 'always' || missing.includes(machine.id))
    const moves = restarted && inputs.method === 'deploy' && inputs.image === 'major'
    const after = moves ? `${image.deployRef} (the newest ${image.major}.x build: minor and flex manager may change)` : before
    return { id: machine.id, role: roleOf(machine), before, after, restarted }
  })
}

/** True when the plan changes nothing on Fly. */
export function isNoop(plan: ExposurePlan): boolean {
  return !plan.allocate.ipv4 && !plan.allocate.ipv6 && !plan.deploy.needed
}

/** The addresses the app serves on; with duplicates (concurrent runs), the one every run keeps. */
function publicAddresses(ips: FlyIp[]): ExposurePlan['existing'] {
  const dedicated = keeperOf(ips, 'v4')
  const shared = keeperOf(ips, 'shared_v4')
  const v6 = keeperOf(ips, 'v6')
  const v4 = dedicated ?? shared
  return {
    ipv4: v4?.Address,
    ipv4Type: v4 ? (v4.Type as 'v4' | 'shared_v4') : undefined,
    ipv6: v6?.Address
  }
}

/**
 * The address of a kind that every run keeps: the oldest (creation time, then ID), a rule each concurrent run
 * computes alike from the same list, so they all agree on it.
 */
export function keeperOf(ips: FlyIp[], type: string): FlyIp | undefined {
  const time = (ip: FlyIp) => Date.parse(ip.CreatedAt) || 0
  return ips.filter(ip => ip.Type === type).sort((a, b) => time(a) - time(b) || (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0))[0]
}

function ipv4ToAllocate(mode: Ipv4Mode, existing: ExposurePlan['existing']): 'dedicated' | 'shared' | null {
  if (mode === 'dedicated') return existing.ipv4Type === 'v4' ? null : 'dedicated'
  // `--shared` fails on an app that has a dedicated v4, and a dedicated one serves as well.
  if (mode === 'shared') return existing.ipv4 ? null : 'shared'
  return null
}

/** Does this machine serve `port` -> 5432 with Fly's pg_tls handler? */
export function servesPgTls(machine: FlyMachine, port: number): boolean {
  return (machine.config?.services ?? []).some(service => servesPgTlsOn(service, port))
}

function decideDeploy(inputs: PlanInputs, missing: string[], machines: FlyMachine[]): ExposurePlan['deploy'] {
  if (inputs.deploy === 'always') return { needed: true, reason: '`deploy: always` was requested' }
  if (missing.length === 0) {
    return { needed: false, reason: `every machine already serves port ${inputs.port} with pg_tls` }
  }
  if (inputs.deploy === 'never') {
    // Name only ports that would pass this check (pg_tls to 5432 on every machine), never a guess.
    const served = portsServedByAll(machines)
    const otherPort = served.length > 0 ? `, or \`port: ${served[0]}\`, which every machine already serves with pg_tls` : ''
    throw new PlanError(
      `Machines ${missing.join(', ')} have no pg_tls service on port ${inputs.port}, and \`deploy: never\` forbids adding it. Use \`deploy: auto\` (one rolling restart)${otherPort}.`
    )
  }
  return { needed: true, reason: `machines ${missing.join(', ')} lack a pg_tls service on port ${inputs.port}` }
}

/** The external ports every machine serves with pg_tls to Postgres, lowest first. */
function portsServedByAll(machines: FlyMachine[]): number[] {
  const candidates = (machines[0]?.config?.services ?? []).flatMap(service => (service.ports ?? []).map(p => p.port))
  const ports = new Set(candidates.filter((port): port is number => port !== undefined && machines.every(m => servesPgTls(m, port))))
  return [...ports].sort((a, b) => a - b)
}

function repositoryOf(machine: FlyMachine): string {
  return machine.image_ref?.repository ?? machine.config?.image?.replace(/[:@].*$/, '') ?? ''
}

/** The Postgres major a machine runs: from its image tag (`16.11`, `16`), else its `fly.pg-version` label. */
export function majorOf(machine: FlyMachine): string | undefined {
  const tag = machine.image_ref?.tag ?? ''
  const fromTag = tag.match(/^(\d+)(?:\.\d+)*$/)?.[1]
  if (fromTag) return fromTag
  return machine.image_ref?.labels?.['fly.pg-version']?.match(/^(\d+)/)?.[1]
}

function runningImage(machines: FlyMachine[]): ExposurePlan['image'] {
  const first = machines[0]
  const repository = repositoryOf(first)
  const tag = first.image_ref?.tag
  return { running: tag ? `${repository}:${tag}` : repository, repository, major: majorOf(first) }
}

/** The image to deploy: the repository and major the members run, refusing anything that could change either. */
function deployImage(machines: FlyMachine[], inputs: PlanInputs): ExposurePlan['image'] {
  const { app } = inputs
  const repositories = [...new Set(machines.map(repositoryOf))]
  if (repositories.includes(STOLON_REPOSITORY)) {
    throw new PlanError(
      `App "${app}" runs the legacy stolon image (flyio/postgres). Deploying postgres-flex over it would break the cluster, so nothing was changed. Migrate to a postgres-flex cluster (fly pg create, then restore), or add the pg_tls service by hand.`
    )
  }
  if (repositories.length > 1) {
    throw new PlanError(`The machines of "${app}" run different images (${repositories.join(', ')}); refusing to deploy one image over all of them.`)
  }
  const [repository] = repositories
  if (!FLEX_REPOSITORIES.includes(repository)) {
    throw new PlanError(
      `App "${app}" runs ${repository || 'an unknown image'}, not flyio/postgres-flex: refusing to replace a custom image. Add the pg_tls service to your own fly.toml and deploy it yourself.`
    )
  }
  const majors = [...new Set(machines.map(majorOf))]
  if (majors.includes(undefined)) {
    const machine = machines.find(m => !majorOf(m))
    throw new PlanError(
      `Cannot tell which Postgres major machine ${machine?.id} runs (image tag "${machine?.image_ref?.tag ?? ''}", no fly.pg-version label); refusing to guess an image. Run \`fly image show -a ${app}\`.`
    )
  }
  if (majors.length > 1) {
    throw new PlanError(
      `The machines of "${app}" run different Postgres majors (${majors.join(', ')}); a deploy would force one major on all of them. Finish the upgrade first (every machine on one major), then rerun.`
    )
  }
  const [major] = majors as string[]
  const running = runningImage(machines).running
  if (inputs.image === 'major') return { running, deployRef: `${repository}:${major}`, repository, major }
  // `image: running`: the exact build (tag and digest) every member runs now, so nothing but the service changes.
  const builds = [...new Set(machines.map(exactImage))]
  if (builds.length > 1) {
    throw new PlanError(
      `The members of "${app}" run different builds (${builds.join(', ')}), and \`image: running\` with \`method: deploy\` deploys one image to all of them. Use \`method: machines\` (each member keeps its own image) or \`image: major\`.`
    )
  }
  return { running, deployRef: builds[0], repository, major }
}

function exactImage(machine: FlyMachine): string {
  const ref = machine.image_ref
  const name = `${repositoryOf(machine)}:${ref?.tag ?? ''}`
  return ref?.digest ? `${name}@${ref.digest}` : name
}
