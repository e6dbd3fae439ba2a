// The service the action looks for and adds: an external port to Postgres through Fly's pg_tls handler. One
// definition for the planner (machine configs) and the fly.toml patcher (parsed TOML), which hold it in the same shape.
import type { FlyService } from './fly-types.js'

/** The internal port the pg_tls service leads to: postgres-flex's HAProxy, which routes to the primary. */
export const POSTGRES_PORT = 5432
/** Where each member's own Postgres listens behind HAProxy (flyctl flypg/launcher.go). */
export const MEMBER_POSTGRES_PORT = 5433

/** Does this service take `port` over TCP to Postgres with the pg_tls handler? */
export function servesPgTlsOn(service: Pick<FlyService, 'protocol' | 'internal_port' | 'ports'>, port: number): boolean {
  return (
    (service.protocol ?? 'tcp') === 'tcp' &&
    service.internal_port === POSTGRES_PORT &&
    (service.ports ?? []).some(p => p.port === port && (p.handlers ?? []).includes('pg_tls'))
  )
}

/** The `--port` value that adds `port` -> 5432 with pg_tls (flyctl internal/command/command_run.go parsePortFlag). */
export function pgTlsPortFlag(port: number): string {
  return `${port}:${POSTGRES_PORT}/tcp:pg_tls`
}

/** Whether this run added the service, or found it added by a concurrent run right before its change. */
export type ServiceOutcome = 'added' | 'added by another run'
