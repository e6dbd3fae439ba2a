// @ts-check
// Cancellation: flyctl main.go (newContext): signal.NotifyContext(os.Interrupt, SIGTERM) cancels the command's
// context, and internal/cli/cli.go Run returns 127 for context.Canceled without printing anything. Work already done
// on Fly stays.

let locksHeld = 0
let cancelExitCode = 127
/** @type {NodeJS.Signals | null} */
let cancelledBy = null
/** @type {(extra?: { signal?: NodeJS.Signals | null }) => void} */
let finishCall = () => {}

/**
 * main's call-log writer, run once when a signal ends the process.
 * @param {typeof finishCall} fn
 */
export function setFinishCall(fn) {
  finishCall = fn
}

function exitCancelled() {
  process.exitCode = cancelExitCode
  finishCall({ signal: cancelledBy })
  process.exit(cancelExitCode)
}

/**
 * The exit code a signal gives from now on: `proxy` after its ready line returns nil from a cancelled accept loop,
 * so cli.Run exits 0 (proxy/server.go).
 * @param {number} code
 */
export function setCancelExitCode(code) {
  cancelExitCode = code
}

/** @param {NodeJS.Signals} signal */
export function onCancelSignal(signal) {
  if (cancelledBy) return // NotifyContext keeps catching signals after the first; the context is already cancelled
  cancelledBy = signal
  if (locksHeld === 0) exitCancelled()
}

/** Counts a state lock taken: a signal meanwhile waits for the write to finish. */
export function lockTaken() {
  locksHeld += 1
}

/** Counts a state lock freed; a signal that came during the write exits now that the state is whole and the lock is free. */
export function lockReleased() {
  locksHeld -= 1
  if (cancelledBy && locksHeld === 0) exitCancelled()
}
