// The action, one stage a line: inputs -> flyctl -> state -> plan -> apply -> verify -> report.
import * as core from '@actions/core'
import { readInputs } from './effects/inputs.js'
import { installFlyctl, releaseSources } from './effects/install.js'
import { createFlyctl, killAllFlyctl, stopAllFlyctl } from './effects/flyctl.js'
import { readCluster } from './effects/cluster.js'
import { isNoop, planExposure } from './pure/plan.js'
import { allocateMissingIps, settleAddresses, type IpNotice } from './effects/ips.js'
import { prepareConfig } from './effects/config.js'
import { deployConfig } from './effects/deploy.js'
import { updateMembers } from './effects/machine-update.js'
import { addServiceOnce, type ServiceOutcome } from './effects/add-service.js'
import { addressesToRelease, claimState, rememberFlyctl, rememberForRelease } from './effects/ephemeral.js'
import { describeExposure, publicExposure } from './pure/exposure.js'
import { connectionWarnings, weakPasswordWarning } from './pure/weak-points.js'
import { startEarlyCheck, verifyAfterEarlyCheck, verifyTls, type EarlyCheck } from './effects/verify.js'
import { realSleep } from './pure/retry.js'
import { externalUrl } from './pure/url.js'
import { errorMessage } from './pure/errors.js'
import { openPreview } from './effects/preview-step.js'
import { describeTeardown, describeTeardownInterruption, planTeardown, runTeardown, type TeardownReport } from './effects/teardown.js'
import type { Inputs } from './effects/inputs.js'
import type { Flyctl } from './effects/flyctl.js'
import { describePlan, describeInterruption, ephemeralNote, undoNotes, type RunReport } from './pure/report.js'
import { setOutputs, setTeardownOutputs, writeStoppedSummary, writeSummary, writeTeardownSummary } from './effects/report-writer.js'

/** A weak point found with `strict: true`: an error instead of a warning. */
class StrictError extends Error {
  override name = 'StrictError'
}

/** The stage running now, named when a cancelled job says where it stopped. */
let currentStage = 'Read inputs'

export async function run(): Promise<void> {
  let cleanupTemp = (): void => undefined
  let app = '<app>'
  let report: RunReport | undefined
  let interrupted: NodeJS.Signals | undefined
  let teardownReport: TeardownReport | undefined
  let early: EarlyCheck | undefined
  // Waiting out the creation second of fresh public IPs runs beside the deploy and the TLS check.
  let settling: Promise<IpNotice[]> | undefined
  // One failure message and one summary per run: the first of the catch and a cancel reports, the other waits for it.
  let failure: Promise<void> | undefined
  const failOnce = (describe: () => Promise<{ message: string; summary: (message: string) => Promise<void> }>): Promise<void> =>
    (failure ??= describe().then(async ({ message, summary }) => {
      core.setFailed(message)
      if (process.env.GITHUB_STEP_SUMMARY) await summary(message).catch(() => undefined)
    }))
  // A cancelled job gets SIGINT, then SIGTERM: pass it on to flyctl, stop it outright if it lingers, say what had
  // changed, and leave no temporary config behind. A second signal means no more waiting.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return killAllFlyctl()
    interrupted = signal
    void stopAllFlyctl(signal)
      .then(() => {
        cleanupTemp()
        // A failure the catch is reporting already stands (the cancel only cut its wait short): wait for it.
        return failOnce(async () => ({
          message: teardownReport
            ? describeTeardownInterruption(signal, currentStage, app, teardownReport)
            : [describeInterruption(signal, currentStage, app, report), ...previewInterrupted(currentStage, report)].join(' '),
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
  try {
    const inputs = readInputs(name => core.getInput(name), core.setSecret, process.env)
    app = inputs.app
    const flyctl = await stage('Install flyctl', () => installFlyctl(inputs.flyctlVersion, releaseSources(process.env)))
    rememberFlyctl(flyctl.version)
    const fly = createFlyctl(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP)
    cleanupTemp = fly.cleanup
    if (inputs.mode === 'teardown') return await teardown(fly, inputs, flyctl.version, started => (teardownReport = started))

    const reading = stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
    // The TLS check needs only the inputs: one quiet attempt starts beside the reads (which are already spawned).
    early = inputs.dryRun ? undefined : startEarlyCheck(inputs)
    const state = await reading
    const plan = planExposure(inputs, state)
    // Its result stands only when nothing on Fly changes; otherwise the check runs again after the change.
    if (!isNoop(plan)) early?.abandon()
    const members = state.machines.filter(machine => plan.members.some(member => member.id === machine.id))
    // Judged before any change: the password needs no connection.
    const weakPassword = weakPasswordWarning(inputs.credentials.user, inputs.credentials.password)
    await stage('Plan', async () => {
      for (const line of describePlan(plan, inputs.port)) core.info(line)
      const planned = {
        ipv4: plan.existing.ipv4 ?? (plan.allocate.ipv4 ? `a new ${plan.allocate.ipv4} IPv4` : undefined),
        ipv6: plan.existing.ipv6 ?? (plan.allocate.ipv6 ? 'a new IPv6' : undefined)
      }
      for (const line of describeExposure(publicExposure(members, plan, planned, inputs.port))) core.info(line)
      for (const warning of plan.warnings) core.warning(warning)
      if (weakPassword && !inputs.strict) core.warning(weakPassword)
      if (inputs.previewDatabase) {
        core.info(
          `preview: create database and role "${inputs.previewDatabase}"${inputs.previewTemplate ? ` from template "${inputs.previewTemplate}"` : ''}, or reuse them with a new password`
        )
      }
    })
    report = {
      app: inputs.app,
      host: inputs.host,
      port: inputs.port,
      flyctlVersion: flyctl.version,
      plan,
      dryRun: inputs.dryRun,
      deployed: false,
      updatedMembers: [],
      configChanges: [],
      weakPoints: weakPassword ? [weakPassword] : []
    }
    if (weakPassword && inputs.strict) throw new StrictError(`\`strict: true\`: ${weakPassword} Nothing was changed.`)
    if (inputs.dryRun) {
      core.info('dry-run: nothing was changed.')
      return await finish(report)
    }

    if (inputs.configPath && plan.method === 'machines') core.warning('`config` is not used with `method: machines`: no fly.toml is deployed.')
    // Prepare (and check) the config before any write, so a config that is unsafe to deploy changes nothing.
    const memberIds = members.map(member => member.id)
    const deploying = plan.deploy.needed && plan.method === 'deploy'
    const config = deploying ? await stage('Prepare fly.toml', () => prepareConfig(fly, inputs, members)) : undefined
    const running = report
    if (plan.allocate.ipv4 || plan.allocate.ipv6) {
      // Filled in as each address is allocated, so an interruption can name what was already allocated.
      running.ips = { ...plan.existing, ...(plan.allocate.ipv4 ? { ipv4: undefined } : {}), ...(plan.allocate.ipv6 ? { ipv6: undefined } : {}) }
      // Each address is recorded as soon as it exists, so a failed or cancelled run still releases it when ephemeral.
      const mine: string[] = []
      running.ips = await stage('Allocate public IPs', () =>
        allocateMissingIps(fly, inputs.app, plan, undefined, (family, address, surelyOurs) => {
          running.ips = { ...running.ips, [family]: address }
          if (inputs.ephemeral && address && surelyOurs) {
            mine.push(address)
            rememberForRelease(inputs.app, mine)
            // So a failure or a cancel says the post step releases it, not that it stays.
            running.ephemeral = [...mine]
          }
        })
      )
    } else {
      running.ips = plan.existing
    }
    // An address allocated a moment ago (by this run or a concurrent one) is used only once it is sure to stay.
    const waits: number[] = []
    const timedSleep = (ms: number): Promise<void> => (waits.push(performance.now() + ms), realSleep(ms))
    settling = settleAddresses(fly, inputs.app, plan, running.ips, { ips: state.ips, readAt: state.readAt ?? 0 }, timedSleep).then(settled => {
      running.ips = settled.ips
      if (inputs.ephemeral) {
        // What this run allocated and keeps (never a concurrent run's address, never one there before).
        running.ephemeral = addressesToRelease(running.ips, { ipv4: Boolean(plan.allocate.ipv4), ipv6: plan.allocate.ipv6 })
        rememberForRelease(inputs.app, running.ephemeral)
      }
      return settled.notices
    })
    // Awaited after the TLS check, or by the failure path: never left to reject unheard.
    settling.catch(() => undefined)
    // Another run may add the service meanwhile: change only what still lacks it (`deploy: always` deploys anyway).
    const serviceRequest = { app: inputs.app, port: inputs.port, memberIds, waitMs: inputs.deployTimeoutSeconds * 1000 }
    const addService = (change: (lacking: string[]) => Promise<void>): Promise<ServiceOutcome> =>
      inputs.deploy === 'always' ? change(memberIds).then(() => 'added') : addServiceOnce(fly, serviceRequest, change)
    if (config && plan.image.deployRef) {
      const imageRef = plan.image.deployRef
      report.serviceOutcome = await stage(`Deploy ${imageRef}`, () =>
        addService(() => {
          running.deployStartedOn = memberIds
          return deployConfig(fly, inputs.app, config, imageRef, memberIds, inputs.deployTimeoutSeconds)
        })
      )
      report.deployed = report.serviceOutcome === 'added'
      if (report.deployed) report.configChanges = config.changes
    }
    if (plan.deploy.needed && plan.method === 'machines') {
      const updated = report.updatedMembers
      report.serviceOutcome = await stage('Update members one at a time', () =>
        addService(lacking => updateMembers(fly, inputs.app, inputs.port, plan, lacking, inputs.deployTimeoutSeconds, id => updated.push(id)))
      )
      report.deployed = updated.length > 0
    }
    const timing = {
      onRetry: (error: unknown, attempt: number, delay: number) => core.info(`attempt ${attempt}: ${errorMessage(error)}; retrying in ${delay} ms`)
    }
    // Nothing on Fly changed: the attempt made beside the reads counts (it was the first).
    const checkedEarly = isNoop(plan) ? early : undefined
    report.connection = await stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () =>
      checkedEarly ? verifyAfterEarlyCheck(checkedEarly, inputs, timing) : verifyTls(inputs, timing)
    )
    core.info(`Connected with ${report.connection.tlsVersion} to PostgreSQL ${report.connection.serverVersion}.`)
    await settled(settling, waits, running)
    report.exposure = publicExposure(members, plan, running.ips, inputs.port)
    for (const line of describeExposure(report.exposure)) core.info(line)
    // A preview's role is made least-privilege by the action: the admin being a superuser is then expected.
    const facts = inputs.previewDatabase ? { ...report.connection.facts, superuser: false } : report.connection.facts
    const weakPoints = connectionWarnings(inputs.credentials.user, facts, report.connection.tlsVersion)
    report.weakPoints = [...(report.weakPoints ?? []), ...weakPoints]
    if (weakPoints.length > 0 && inputs.strict) throw new StrictError(`\`strict: true\`: ${weakPoints.join(' ')}`)
    for (const warning of weakPoints) core.warning(warning)
    report.databaseUrl = externalUrl(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode)
    const previewName = inputs.previewDatabase
    if (previewName) {
      report.preview = await stage(`Preview database ${previewName}`, () =>
        openPreview(inputs, previewName, credentials => verifyTls({ ...inputs, credentials }))
      )
      report.databaseUrl = report.preview.url
    }
    // Masked already (the inputs registered it; a preview URL when it was made): the runner masks it in later steps too.
    if (inputs.exportEnv) core.exportVariable(inputs.exportEnv, report.databaseUrl)
    await finish(report)
  } catch (error) {
    // A cancelled job: the signal handler says what happened, once.
    if (interrupted) return
    await failOnce(async () => {
      // Its public IPs settled (this run's duplicate released) before the undo notes name them.
      await settling?.catch(() => undefined)
      // After a write, say what this run had changed and how to undo it.
      const message = [errorMessage(error), ...(report ? undoNotes(report) : [])].join(' ')
      // Once the plan exists, the summary still tells what was found and what had changed before the failure.
      const failed = report
      return { message, summary: message => (failed ? writeSummary({ ...failed, failure: message }) : Promise.resolve()) }
    })
  } finally {
    early?.abandon()
    if (!interrupted) {
      cleanupTemp()
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
    }
  }
}

/** `mode: teardown`: read the cluster, then drop the preview and release the public IPs as asked. Never deploys. */
async function teardown(fly: Flyctl, inputs: Inputs, flyctlVersion: string, onStart: (report: TeardownReport) => void): Promise<void> {
  const state = await stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
  const report: TeardownReport = { plan: planTeardown(inputs, state), released: [] }
  onStart(report)
  await stage('Plan teardown', async () => {
    for (const line of describeTeardown(report.plan, inputs)) core.info(line)
  })
  try {
    if (inputs.dryRun) core.info('dry-run: nothing was changed.')
    else {
      await stage('Tear down', () => runTeardown(fly, inputs, report.plan, () => verifyTls(inputs), report))
    }
  } catch (error) {
    if (process.env.GITHUB_STEP_SUMMARY) await writeTeardownSummary(inputs.app, report, false, errorMessage(error)).catch(() => undefined)
    throw error
  }
  setTeardownOutputs(report, flyctlVersion, inputs.dryRun)
  if (process.env.GITHUB_STEP_SUMMARY) await writeTeardownSummary(inputs.app, report, inputs.dryRun)
}

/** A run cancelled while it made the preview: the role and database may exist, or have a new password. */
function previewInterrupted(stage: string, report: RunReport | undefined): string[] {
  if (!stage.startsWith('Preview database ') || report?.preview) return []
  const name = stage.slice('Preview database '.length)
  return [
    `The preview role and database "${name}" may have been created, or the role given a new password: rerun (it reuses them) or tear them down with \`mode: teardown\`.`
  ]
}

/** Waits for the public IPs to settle, logging what the wait added beyond the stages it ran beside. */
async function settled(settling: Promise<IpNotice[]>, waits: number[], report: RunReport): Promise<void> {
  const settle = async (): Promise<void> => {
    const awaitedAt = performance.now()
    for (const notice of await settling) (notice.level === 'warning' ? core.warning : core.info)(notice.message)
    // The benchmark reads this line: the part of the wait that no other stage covered.
    const uncovered = Math.max(0, Math.round(Math.max(...waits) - awaitedAt))
    if (waits.length > 0)
      core.info(`[wait] ${uncovered} ms more for the creation second of fresh public IPs to end, so runs allocating at once keep the same ones`)
  }
  // A log section only when there was something to wait for.
  await (waits.length > 0 ? stage('Settle public IPs', settle) : settle())
  if (report.ephemeral) core.info(ephemeralNote(report.ephemeral))
}

async function finish(report: RunReport): Promise<void> {
  setOutputs(report)
  if (process.env.GITHUB_STEP_SUMMARY) await writeSummary(report)
}

/** One log section per stage, closed with how long it took (the benchmark reads these lines). */
async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  currentStage = name
  return core.group(name, async () => {
    try {
      return await work()
    } finally {
      core.info(`[time] ${name}: ${Math.round(performance.now() - started)} ms`)
    }
  })
}
