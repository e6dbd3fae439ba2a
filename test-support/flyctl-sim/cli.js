// @ts-check
// CLI dispatch: the command tree (aliases from each command's cmd.Aliases) and resolving argv to a command.
import { runAppsDestroy, runAppsList, runPgCreate } from './apps.js'
import { runConfigSave } from './config-save.js'
import { runDeploy } from './deploy.js'
import { CliError } from './errors.js'
import { APP_FLAGS, B, DEPLOY_FLAGS, GLOBAL_FLAGS, MACHINE_UPDATE_FLAGS, MPG_PROXY_FLAGS, PG_CREATE_FLAGS, PROXY_FLAGS, S } from './flags.js'
import { runImageShow } from './images.js'
import { runAgentRun, runAgentStop } from './agent.js'
import { runAllocateV4, runAllocateV6, runIpsList, runIpsRelease } from './ips.js'
import { runMachineUpdate } from './machine-update.js'
import { runMachinesList, runServicesList } from './machines.js'
import { runMpgList, runMpgStatus } from './mpg.js'
import { runMpgProxy, runProxy } from './proxy.js'
import { runVersion } from './version.js'
import { runWireguardList, runWireguardRemove } from './wireguard.js'

/**
 * A modelled command: its flags (besides the global ones), how many arguments it takes, and whether it needs the API
 * (`api: false`: no session, no app) or can change an app (`write`).
 * @typedef {object} Command
 * @property {import('./flags.js').FlagSpecs} flags
 * @property {number} [minArgs]
 * @property {number} maxArgs
 * @property {(ctx: import('./types.js').Ctx) => Promise<void>} run
 * @property {boolean} [api]
 * @property {boolean} [write]
 * @property {boolean} [noApp] takes no app (no fly.toml, no RequireAppName)
 * @property {boolean} [ownFaults] applies its fault itself, at the start-up step the fault names (`at`)
 */

// Command tree (aliases from each command's cmd.Aliases).
/** @type {Record<string, Command>} */
export const COMMANDS = {
  version: { flags: { saveinstall: [S, 's'], json: [B, 'j'] }, maxArgs: 0, run: runVersion, api: false },
  'ips list': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 0, run: runIpsList },
  'ips allocate-v4': { flags: { shared: [B], yes: [B, 'y'], ...APP_FLAGS, region: [S, 'r'] }, maxArgs: 0, run: runAllocateV4, write: true },
  'ips allocate-v6': { flags: { ...APP_FLAGS, region: [S, 'r'], private: [B], org: [S, 'o'], network: [S] }, maxArgs: 0, run: runAllocateV6, write: true },
  'ips release': { flags: { ...APP_FLAGS }, minArgs: 1, maxArgs: Infinity, run: runIpsRelease, write: true },
  'machines list': { flags: { ...APP_FLAGS, json: [B, 'j'], quiet: [B, 'q'] }, maxArgs: 0, run: runMachinesList },
  'image show': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 1, run: runImageShow },
  'config save': { flags: { ...APP_FLAGS, yes: [B, 'y'], json: [B], yaml: [B] }, maxArgs: 0, run: runConfigSave },
  deploy: { flags: DEPLOY_FLAGS, maxArgs: 1, run: runDeploy, write: true },
  'machines update': { flags: MACHINE_UPDATE_FLAGS, maxArgs: 1, run: runMachineUpdate, write: true },
  'services list': { flags: { ...APP_FLAGS, json: [B, 'j'] }, maxArgs: 0, run: runServicesList },
  // internal/command/proxy/proxy.go: RequireSession, LoadAppNameIfPresent; cobra.RangeArgs(1, 2)
  proxy: { flags: PROXY_FLAGS, minArgs: 1, maxArgs: 2, run: runProxy, noApp: true, ownFaults: true },
  // internal/command/agent/{run,stop}.go: no session needed to stop; `run` is what StartDaemon execs
  'agent stop': { flags: {}, maxArgs: 0, run: runAgentStop, api: false },
  'agent run': { flags: {}, maxArgs: 1, run: runAgentRun, api: false },
  // internal/command/wireguard/root.go: list [org] (--json), remove [org] [name]
  'wireguard list': { flags: { json: [B, 'j'] }, maxArgs: 1, run: runWireguardList, noApp: true },
  'wireguard remove': { flags: {}, maxArgs: 2, run: runWireguardRemove, noApp: true },
  // internal/command/mpg: the parent's --org is a local flag of `mpg` itself; list and status add their own
  'mpg proxy': { flags: MPG_PROXY_FLAGS, maxArgs: 1, run: runMpgProxy, noApp: true, ownFaults: true },
  'mpg list': { flags: { json: [B, 'j'], org: [S, 'o'], deleted: [B] }, maxArgs: 0, run: runMpgList, noApp: true },
  'mpg status': { flags: { json: [B, 'j'] }, maxArgs: 1, run: runMpgStatus, noApp: true },
  'postgres create': { flags: PG_CREATE_FLAGS, maxArgs: 0, run: runPgCreate, write: true, noApp: true },
  'apps list': { flags: { json: [B, 'j'], org: [S, 'o'], quiet: [B, 'q'] }, maxArgs: 0, run: runAppsList, noApp: true },
  'apps destroy': { flags: { yes: [B, 'y'] }, maxArgs: Infinity, run: runAppsDestroy, write: true, noApp: true }
}
/** @type {Record<string, string>} */
const GROUPS = {
  services: 'services',
  ips: 'ips',
  ip: 'ips',
  machines: 'machines',
  machine: 'machines',
  m: 'machines',
  image: 'image',
  img: 'image',
  config: 'config',
  cfg: 'config',
  agent: 'agent',
  wireguard: 'wireguard',
  wg: 'wireguard',
  mpg: 'mpg',
  apps: 'apps',
  app: 'apps',
  postgres: 'postgres',
  pg: 'postgres'
}
/** @type {Record<string, string>} */
const SUBCOMMAND_ALIASES = { ls: 'list' }
const ALL_STRING_FLAGS = new Set(
  Object.values(COMMANDS).flatMap(c =>
    Object.entries({ ...GLOBAL_FLAGS, ...c.flags })
      .filter(([, [t]]) => t !== B)
      .flatMap(([n, [, s]]) => [`--${n}`, ...(s ? [`-${s}`] : [])])
  )
)

/**
 * Splits argv into command words and the rest, skipping values of string flags.
 * @param {string[]} argv
 * @returns {{ name: string | null, rest: string[], helpOnly?: boolean }}
 */
export function resolveCommand(argv) {
  /** @type {string[]} */
  const words = []
  /** @type {string[]} */
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]
    if (tok === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (tok.startsWith('-') && tok !== '-') {
      rest.push(tok)
      if (!tok.includes('=') && ALL_STRING_FLAGS.has(tok) && i + 1 < argv.length) rest.push(argv[++i])
      continue
    }
    const expected = words.length === 0 || (words.length === 1 && GROUPS[words[0]] !== undefined)
    if (expected) words.push(tok)
    else rest.push(tok)
  }
  if (words.length === 0) return { name: null, rest }
  const group = GROUPS[words[0]]
  if (!group) {
    if (COMMANDS[words[0]]) return { name: words[0], rest: [...words.slice(1), ...rest] }
    throw new CliError(`unknown command "${words[0]}" for "flyctl"`, { exitCode: 1 })
  }
  if (words.length === 1) return { name: group, rest, helpOnly: true }
  const name = `${group} ${SUBCOMMAND_ALIASES[words[1]] ?? words[1]}`
  if (!COMMANDS[name]) throw new CliError(`the flyctl simulator does not implement "flyctl ${group} ${words[1]}"`)
  return { name, rest }
}
