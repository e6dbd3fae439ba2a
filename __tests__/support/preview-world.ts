// What the preview test files share: sessions straight to the world's server (test set-up and checks) and sessions
// through a scenario's Fly edge with a URL the action output.
import pg from 'pg'
import type { World } from './action-world.js'

export function previewHelpers(world: () => World) {
  /** A session as `user` straight to the server (not through the action), certificate verified. */
  async function sessionAs(user: string, password: string, database: string): Promise<pg.Client> {
    const { pg: server, certs } = world()
    const client = new pg.Client({ host: server.host, port: server.port, user, password, database, ssl: { ca: certs.caPem, servername: 'localhost' } })
    client.on('error', () => undefined)
    await client.connect()
    return client
  }

  /** A session as the world's superuser, straight to the server. */
  const superuserSession = (database: string) => sessionAs('postgres', world().password, database)

  /** Runs `sql` as the world's superuser, straight to the server (not through the action). */
  async function asAdmin<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const client = await superuserSession(database)
    try {
      return (await client.query<T>(sql, params)).rows
    } finally {
      await client.end()
    }
  }

  /** Connects with a URL the action output, through the scenario's Fly edge, verifying the certificate (to `database` if given). */
  async function connectWith(url: string, database?: string): Promise<pg.Client> {
    const parsed = new URL(url)
    const client = new pg.Client({
      host: parsed.hostname,
      port: Number(parsed.port),
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database: database ?? decodeURIComponent(parsed.pathname.slice(1)),
      ssl: { ca: world().certs.caPem }
    })
    client.on('error', () => undefined)
    await client.connect()
    return client
  }

  async function whoAmI(url: string): Promise<{ user: string; database: string }> {
    const client = await connectWith(url)
    try {
      return (await client.query<{ user: string; database: string }>('select current_user as user, current_database() as database')).rows[0]
    } finally {
      await client.end()
    }
  }

  const exists = async (name: string) => ({
    database: (await asAdmin('select 1 from pg_database where datname = $1', [name])).length === 1,
    role: (await asAdmin('select 1 from pg_roles where rolname = $1', [name])).length === 1
  })

  /** The comments on the role and the database of `name` (null: none, or no such object). */
  const comments = async (name: string) => {
    const [row] = await asAdmin<{ role: string | null; database: string | null }>(
      "select (select shobj_description(oid, 'pg_authid') from pg_roles where rolname = $1) as role, " +
        "(select shobj_description(oid, 'pg_database') from pg_database where datname = $1) as database",
      [name]
    )
    return row
  }

  return { sessionAs, superuserSession, asAdmin, connectWith, whoAmI, exists, comments }
}
