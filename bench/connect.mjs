// The manual procedure's last step: connect over TLS and run a query, retrying while the machines restart.
import pg from 'pg'

// sslmode is dropped from the URL so the explicit ssl option (verify the certificate) is the one that applies.
const url = new URL(process.argv[2])
url.searchParams.delete('sslmode')
const deadline = Date.now() + 60_000
for (let attempt = 1; ; attempt++) {
  const client = new pg.Client({ connectionString: url.href, ssl: { rejectUnauthorized: true } })
  client.on('error', () => undefined)
  try {
    await client.connect()
    const { rows } = await client.query('select version()')
    console.log(rows[0].version)
    await client.end()
    break
  } catch (error) {
    await client.end().catch(() => undefined)
    if (Date.now() > deadline) throw error
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
}
