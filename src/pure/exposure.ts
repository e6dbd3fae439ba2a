// What is public after the run, from the members' own services and the app's public addresses (pure).
import type { FlyMachine } from './fly-types.js'
import type { ExposurePlan } from './plan.js'
import { MEMBER_POSTGRES_PORT, POSTGRES_PORT } from './pg-tls-service.js'

export interface PublicPort {
  port: number
  internalPort: number
  handlers: string[]
  /** What answers there, in words. */
  answers: string
  publicBefore: boolean
}

export interface PublicExposure {
  addresses: Array<{ address: string; kind: string; before: boolean }>
  ports: PublicPort[]
}

// postgres-flex (flyctl flypg/launcher.go): 5432 is HAProxy, which routes to the primary; 5433 is each member's Postgres.
function whatAnswers(internalPort: number): string {
  if (internalPort === POSTGRES_PORT) return 'HAProxy, which routes to the primary'
  if (internalPort === MEMBER_POSTGRES_PORT) return 'Postgres on each member (replicas included)'
  return `internal port ${internalPort}`
}

function servicePorts(member: FlyMachine | undefined): Array<{ port: number; internalPort: number; handlers: string[] }> {
  return (member?.config?.services ?? []).flatMap(service =>
    (service.ports ?? [])
      .filter((p): p is { port: number; handlers?: string[] } => typeof p.port === 'number')
      .map(p => ({ port: p.port, internalPort: service.internal_port ?? 0, handlers: p.handlers ?? [] }))
  )
}

/**
 * Every public address, and every port the members serve on them. A port was public before when the app already
 * had a public address and the members already served it; after the run the pg_tls service on `port` is there too.
 */
export function publicExposure(members: FlyMachine[], plan: ExposurePlan, after: { ipv4?: string; ipv6?: string }, port: number): PublicExposure {
  const addresses: PublicExposure['addresses'] = []
  if (after.ipv4) {
    const kind = after.ipv4 === plan.existing.ipv4 ? plan.existing.ipv4Type : plan.allocate.ipv4 === 'shared' ? 'shared_v4' : 'v4'
    addresses.push({ address: after.ipv4, kind: kind === 'shared_v4' ? 'shared IPv4' : 'dedicated IPv4', before: after.ipv4 === plan.existing.ipv4 })
  }
  if (after.ipv6) addresses.push({ address: after.ipv6, kind: 'IPv6', before: after.ipv6 === plan.existing.ipv6 })
  const wasPublic = Boolean(plan.existing.ipv4 || plan.existing.ipv6)
  const before = servicePorts(members[0])
  const ports = new Map(before.map(p => [p.port, { ...p, publicBefore: wasPublic }]))
  if (plan.deploy.needed && !ports.has(port)) ports.set(port, { port, internalPort: POSTGRES_PORT, handlers: ['pg_tls'], publicBefore: false })
  return {
    addresses,
    ports: addresses.length === 0 ? [] : [...ports.values()].sort((a, b) => a.port - b.port).map(p => ({ ...p, answers: whatAnswers(p.internalPort) }))
  }
}

/** The exposure as log lines (the summary shows the same). */
export function describeExposure(exposure: PublicExposure): string[] {
  if (exposure.addresses.length === 0) return ['public: nothing (no public address)']
  return [
    `public addresses: ${exposure.addresses.map(a => `${a.address} (${a.kind}, ${a.before ? 'public before' : 'new'})`).join(', ')}`,
    ...exposure.ports.map(
      p => `public port ${p.port} -> ${p.internalPort} [${p.handlers.join(', ') || 'raw TCP'}]: ${p.answers} (${p.publicBefore ? 'public before' : 'new'})`
    )
  ]
}

/** The addresses the plan will leave public, as the plan's log names them before they exist. */
export function plannedAddresses(plan: ExposurePlan): { ipv4?: string; ipv6?: string } {
  return {
    ipv4: plan.existing.ipv4 ?? (plan.allocate.ipv4 ? `a new ${plan.allocate.ipv4} IPv4` : undefined),
    ipv6: plan.existing.ipv6 ?? (plan.allocate.ipv6 ? 'a new IPv6' : undefined)
  }
}
