// @ts-check
// For the repository's own CI dry run (`uses: ./`): puts the simulator into the runner's tool cache as flyctl 0.4.87
// and writes a state holding one exposed postgres-flex cluster. Usage: node ci-setup.js <dir> <app> <token>
// Prints the FLYSIM_STATE and FLYSIM_LOG lines for $GITHUB_ENV.
import { mkdirSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import { join } from 'node:path'
import { createState, installSimulator } from './state.js'
import { exposedFlexCluster, newWorld } from './clusters.js'

const [dir, app, token] = process.argv.slice(2)
const toolCache = process.env.RUNNER_TOOL_CACHE
if (!dir || !app || !token || !toolCache) throw new Error('usage: RUNNER_TOOL_CACHE=... node ci-setup.js <dir> <app> <token>')
// @actions/tool-cache's layout: <cache>/<tool>/<version>/<arch>, complete once <arch>.complete exists.
const versionDir = join(toolCache, 'flyctl', '0.4.87')
installSimulator(join(versionDir, os.arch()))
writeFileSync(join(versionDir, `${os.arch()}.complete`), '')
mkdirSync(dir, { recursive: true })
const statePath = createState(join(dir, 'state.json'), newWorld({ token, apps: { [app]: exposedFlexCluster({ app }) } }))
console.log(`FLYSIM_STATE=${statePath}`)
console.log(`FLYSIM_LOG=${join(dir, 'calls.jsonl')}`)
