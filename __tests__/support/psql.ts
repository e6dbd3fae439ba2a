// psql (Debian's postgresql-client) as a second client in end-to-end tests: .ci/run installs it when it can.
import * as fs from 'node:fs'
import * as path from 'node:path'

/** psql's path on PATH, or undefined when it is not installed (the test then checks with node-postgres only). */
export function findPsql(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'psql')
    if (dir && fs.existsSync(candidate)) return candidate
  }
  return undefined
}
