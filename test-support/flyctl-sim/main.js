// @ts-check
// One flyctl invocation: resolve the command, parse flags, apply an injected fault or run it, print errors like
// internal/cli/cli.go, clear leases, log the call.
import { logCall, logStart } from './call-log.js'
import { onCancelSignal, setFinishCall } from './cancel.js'
import { COMMANDS, resolveCommand } from './cli.js'
import { CliError } from './errors.js'
import { takeFault } from './faults.js'
import { GLOBAL_FLAGS, parseFlags } from './flags.js'
import { releaseLeases } from './leases.js'
import { captured, errOut, out } from './output.js'
import { requireAppName, requireSession, resolveToken } from './session.js'
import { pause, readStateFile } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */

export async function main() {
  const argv = process.argv.slice(2)
  const start = Date.now()
  logStart(argv)
  process.on('SIGINT', onCancelSignal)
  process.on('SIGTERM', onCancelSignal)
  const cwd = process.cwd()
  /** @type {Ctx} */
  const ctx = {
    argv,
    flags: {},
    args: [],
    token: null,
    tokenSource: null,
    apiCalls: 0,
    wrote: false,
    state: /** @type {import('./types.js').World} */ ({}),
    appName: ''
  }
  /** @type {string | null} */
  let command = null
  let exitCode = 0
  /** @type {import('./types.js').Fault | null} */
  let fault = null
  let logged = false
  /** @type {(extra?: { signal?: NodeJS.Signals | null }) => void} */
  const finishCall = (extra = {}) => {
    if (logged) return
    logged = true
    logCall({
      // spawnedAt: when this process started, so the benchmark counts node's start-up as flyctl's time, not ours.
      argv,
      command,
      cwd,
      tokenSource: ctx.tokenSource,
      spawnedAt: performance.timeOrigin,
      start,
      end: Date.now(),
      exitCode: process.exitCode ?? exitCode,
      write: ctx.wrote,
      kind: command && COMMANDS[command]?.write ? 'write' : 'read',
      apiCalls: ctx.apiCalls,
      fault: Boolean(fault),
      stderr: captured.stderr.slice(0, 4000),
      ...extra
    })
  }
  setFinishCall(finishCall)
  try {
    const resolved = resolveCommand(argv)
    command = resolved.name
    if (!command || resolved.helpOnly) {
      out(`Usage:\n  flyctl ${command ?? '[command]'} [command]\n\nThis is the flyctl simulator used by tests.\n`)
      return
    }
    const spec = COMMANDS[command]
    const parsed = parseFlags(resolved.rest, { ...GLOBAL_FLAGS, ...spec.flags })
    Object.assign(ctx, parsed)
    if (ctx.flags.help) {
      out(`Usage:\n  flyctl ${command} [flags]\n`)
      return
    }
    if (ctx.args.length < (spec.minArgs ?? 0)) throw new CliError(`requires at least ${spec.minArgs} arg(s), only received ${ctx.args.length}`)
    if (ctx.args.length > spec.maxArgs) {
      throw new CliError(
        spec.maxArgs === 0 ? `unknown command "${ctx.args[0]}" for "flyctl ${command}"` : `accepts at most ${spec.maxArgs} arg(s), received ${ctx.args.length}`
      )
    }
    ;({ token: ctx.token, source: ctx.tokenSource } = resolveToken(ctx.flags))
    fault = await takeFault(command)
    // An `after` fault lets the command take effect, then fails it: a timeout after Fly said yes.
    if (fault?.after) {
      if (spec.api !== false) {
        ctx.state = readStateFile()
        requireSession(ctx)
        if (command !== 'deploy' && !spec.appless) requireAppName(ctx)
      }
      await spec.run(ctx)
    }
    if (fault?.stall) {
      // A network black hole: the call waits for an answer that never comes, until it is signalled or killed.
      await new Promise(() => setInterval(() => {}, 60_000))
    }
    if (fault) {
      await pause(fault.delayMs)
      if (fault.stdout) out(fault.stdout.endsWith('\n') ? fault.stdout : `${fault.stdout}\n`)
      const stderr = fault.stderr ?? 'Error: injected fault'
      errOut(stderr.endsWith('\n') ? stderr : `${stderr}\n`)
      exitCode = fault.exitCode ?? 1
      return
    }
    if (spec.api !== false) {
      ctx.state = readStateFile()
      requireSession(ctx)
      if (command !== 'deploy' && !spec.appless) requireAppName(ctx)
      // A slow API for one command (tests use it to let concurrent runs all read before any of them writes).
      await pause(ctx.state.commandDelayMs?.[command])
    }
    await spec.run(ctx)
  } catch (e) {
    if (e instanceof CliError) {
      errOut(`Error: ${e.message}${e.requestId ? ` (Request ID: ${e.requestId})` : ''}\n`)
      if (e.message.startsWith('unknown command') && !command) out("Run 'flyctl --help' for usage.\n\n")
      exitCode = e.exitCode
    } else {
      errOut(`Error: flyctl simulator crashed: ${/** @type {Error | undefined} */ (e)?.stack ?? e}\n`)
      exitCode = 3 // cli.Run: panics exit 3
    }
  } finally {
    await releaseLeases(ctx).catch(() => undefined)
    process.exitCode = exitCode
    finishCall()
  }
}
