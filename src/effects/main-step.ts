// The main step's lifecycle, kept out of the pipeline: a log section per stage, a cancelled job (SIGINT, then SIGTERM),
// one failure report with what had changed, and cleanup. The pipeline (main.ts) hands it the report it builds, so a
// cancel or a failure at any point can say what had changed by then.
import * as core from '@actions/core'
import { killAllFlyctl, stopAllFlyctl } from './flyctl.js'
import { claimState } from './ephemeral.js'
import { errorMessage } from '../pure/text.js'
import { describeInterruption, undoNotes, type RunReport } from '../pure/report.js'
import { describeTeardownInterruption, type TeardownReport } from './teardown.js'
import { appendSummary, summaryEnabled, writeStoppedSummary, writeSummary } from './report-writer.js'
import { describePruneInterruption, pruneSummary, type PruneReport } from '../pure/prune.js'

export interface MainStep {
  /** One log section, closed with how long it took (the benchmark reads these `[time]` lines). */
  stage<T>(name: string, work: () => Promise<T>): Promise<T>
  /** The app a run stopped before its report existed names. */
  forApp(app: string): void
  /** The exposing run's report, which a failure or a cancel reads. */
  track(report: RunReport): RunReport
  /** The teardown's report, which a cancel reads (a failed teardown writes its own summary). */
  trackTeardown(report: TeardownReport): TeardownReport
  /** The prune's report, which a cancel reads (a failed prune writes its own summary). */
  trackPrune(report: PruneReport): PruneReport
  /** Work a failure waits for before it reports (public IPs settling, so the undo notes name the ones kept). */
  waitBeforeFailure(pending: Promise<unknown>): void
  /** A sentence a cancel's message ends with: what is left running on purpose, and what removes it. */
  noteForCancel(note: string): void
  /** Runs when the step ends, also when it is cancelled (temporary files, an abandoned TLS attempt). */
  onCleanup(cleanup: () => void): void
  /** Fails the step once: the message, what had changed and how to undo it, the failure summary. */
  fail(error: unknown): Promise<void>
  /** Cleans up after a run that was not cancelled (a cancel cleans up itself). */
  end(): void
}

/** Starts the lifecycle of one main step: a cancelled job is passed on to flyctl and reported once. */
export function startMainStep(): MainStep {
  let currentStage = 'Read inputs'
  let app = '<app>'
  let report: RunReport | undefined
  let teardown: TeardownReport | undefined
  let pruning: PruneReport | undefined
  let interrupted: NodeJS.Signals | undefined
  // One failure message and one summary per run: the first of a failure and a cancel reports, the other waits for it
  // (a failure already being reported stands: a cancel during its wait only cut the wait short).
  let failure: Promise<void> | undefined
  const failOnce = (describe: () => Promise<{ message: string; summary?: (message: string) => Promise<void> }>): Promise<void> =>
    (failure ??= describe().then(async ({ message, summary }) => {
      core.setFailed(message)
      if (summary && summaryEnabled()) await summary(message).catch(() => undefined)
    }))
  const pending: Promise<unknown>[] = []
  const cancelNotes: string[] = []
  const cleanups: Array<() => void> = []
  const cleanUp = (): void => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  }

  // A cancelled job gets SIGINT, then SIGTERM: pass it on to flyctl, stop it outright if it lingers, say what had
  // changed, and leave no temporary file behind. A second signal means no more waiting.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return killAllFlyctl()
    interrupted = signal
    void stopAllFlyctl(signal)
      .then(() => {
        cleanUp()
        if (pruning) {
          const stopped = pruning
          return failOnce(async () => ({
            message: describePruneInterruption(signal, currentStage, stopped),
            summary: message => appendSummary(pruneSummary(app, stopped, false, message))
          }))
        }
        return failOnce(async () => ({
          message: [
            teardown ? describeTeardownInterruption(signal, currentStage, app, teardown) : describeInterruption(signal, currentStage, app, report),
            ...cancelNotes
          ].join(' '),
          summary: message => (report ? writeSummary({ ...report, failure: message }) : writeStoppedSummary(app, message))
        }))
      })
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  // Last resort (an uncaught error, process.exit): no flyctl outlives the action.
  process.once('exit', killAllFlyctl)
  // The post step then reads what this step saved, never what a later step put in the job's env.
  claimState()

  return {
    stage: async (name, work) => {
      const started = performance.now()
      currentStage = name
      return core.group(name, async () => {
        try {
          return await work()
        } finally {
          core.info(`[time] ${name}: ${Math.round(performance.now() - started)} ms`)
        }
      })
    },
    forApp: name => void (app = name),
    track: tracked => (report = tracked),
    trackTeardown: tracked => (teardown = tracked),
    trackPrune: tracked => (pruning = tracked),
    waitBeforeFailure: promise => void pending.push(promise.catch(() => undefined)),
    noteForCancel: note => void cancelNotes.push(note),
    onCleanup: cleanup => void cleanups.push(cleanup),
    fail: async error => {
      // A cancelled job: the signal handler says what happened, once.
      if (interrupted) return
      await failOnce(async () => {
        await Promise.all(pending)
        const message = [errorMessage(error), ...(report ? undoNotes(report) : [])].join(' ')
        // Once the plan exists, the summary still tells what was found and what had changed before the failure.
        const failed = report
        return { message, summary: failed ? message => writeSummary({ ...failed, failure: message }) : undefined }
      })
    },
    end: () => {
      if (interrupted) return
      cleanUp()
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    }
  }
}
