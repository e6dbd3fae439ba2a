#!/usr/bin/env node
// Local demo: runs the bundled action (dist/index.js) as a runner would, against the flyctl simulator and an
// embedded TLS Postgres, on an embedded default cluster: an older flex cluster without the pg_tls service,
// so every stage runs (install, read, plan, IPs, fly.toml patch, deploy, TLS check, outputs, summary).
// Then it runs again to show that a rerun changes nothing.
//
//   npm run demo [-- <app>] [-- --summary docs/job-summary.md]
//
// --summary keeps the first run's job summary (the one that changes everything) in a file: docs/job-summary.md,
// which scripts/render-summary.mjs turns into the README's picture. It is written only when no secret is in it.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parseArgs } from 'node:util'
import { startWorld } from '../test-support/fly-world.js'
import { flexClusterWithoutService } from '../test-support/flyctl-sim/clusters.js'
import { findLeaks } from '../test-support/run-action.js'

const { values: options, positionals } = parseArgs({ options: { summary: { type: 'string' } }, allowPositionals: true })
const app = positionals[0] ?? 'demo-db'
const world = await startWorld()
try {
  // The simulated members run the same Postgres the embedded server is, so the image tag and the version the TLS
  // check reports agree.
  const cluster = flexClusterWithoutService({ app, pgVersion: world.pg.version })
  console.log(`Simulated cluster ${app}: flyio/postgres-flex:${world.pg.version} (the embedded server runs PostgreSQL ${world.pg.version})`)
  const scenario = await world.scenario({ app, cluster, restartMs: 1000 })
  for (const label of ['first run', 'second run (idempotent)']) {
    const run = await scenario.run()
    console.log(`\n===== ${label}: node dist/index.js exited ${run.exitCode} in ${Math.round(run.durationMs)} ms =====`)
    console.log('----- log (stdout) -----')
    process.stdout.write(run.stdout)
    if (run.stderr) console.log(`----- stderr -----\n${run.stderr}`)
    console.log('----- outputs (GITHUB_OUTPUT; the password shown as ***) -----')
    for (const [name, value] of Object.entries(run.outputs)) {
      console.log(`${name}: ${name === 'database-url' ? value.replace(encodeURIComponent(world.password), '***') : value}`)
    }
    console.log('----- job summary (GITHUB_STEP_SUMMARY) -----')
    console.log(run.summary)
    const calls = scenario.calls()
    console.log(`----- flyctl calls so far: ${calls.map(c => c.command).join(', ')} -----`)
    const leaks = findLeaks(run, scenario.secrets())
    if (leaks.length > 0) console.log(`----- SECRET LEAKED: ${leaks.join('; ')} -----`)
    if (run.exitCode !== 0 || leaks.length > 0) process.exitCode = 1
    else if (options.summary && label === 'first run') {
      fs.mkdirSync(path.dirname(options.summary), { recursive: true })
      fs.writeFileSync(options.summary, run.summary)
      console.log(`----- job summary saved to ${options.summary} (no secret in it) -----`)
    }
  }
} finally {
  await world.stop()
}
