// pg, and the TLS and fetch machinery it loads (its Cloudflare check touches `Response`), is imported at the first
// connection: the flyctl reads start first and it loads while they run. ncc puts it in a chunk of its own. Also how
// every session the action opens is closed.
import type pg from 'pg'

let loading: Promise<typeof pg> | undefined

export const loadPg = (): Promise<typeof pg> => (loading ??= import('pg').then(module => module.default))

/** How long closing a session may take before its socket is destroyed (a server that never answers the goodbye). */
export const CLOSE_MS = 1_000

/** Ends the session politely, or destroys its socket when the server does not answer within `ms`. */
export async function closeWithin(client: pg.Client, ms = CLOSE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>(resolve => (timer = setTimeout(() => resolve('late'), ms)))
  const ended = await Promise.race([
    client.end().then(
      () => 'ended' as const,
      () => 'ended' as const
    ),
    late
  ])
  clearTimeout(timer)
  if (ended === 'late') (client as unknown as { connection: { stream?: { destroy(): void } } }).connection.stream?.destroy()
}
