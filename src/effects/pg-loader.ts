// pg, and the TLS and fetch machinery it loads (its Cloudflare check touches `Response`), is imported at the first
// connection: the flyctl reads start first and it loads while they run. ncc puts it in a chunk of its own.
import type pg from 'pg'

let loading: Promise<typeof pg> | undefined

export const loadPg = (): Promise<typeof pg> => (loading ??= import('pg').then(module => module.default))
