// The action, one stage a line: inputs -> flyctl -> state -> plan -> apply -> verify -> report.
import * as core from '@actions/core'
import { readInputs } from './inputs.js'
import { installFlyctl, releaseSources } from './install.js'
import { createFlyctl } from './flyctl.js'
import { readCluster } from './cluster.js'
import { planExposure } from './plan.js'
import { allocateMissingIps } from './ips.js'
import { prepareConfig } from './config.js'
import { deployConfig } from './deploy.js'
import { updateMembers } from './machine-update.js'
import { verifyTls } from './verify.js'
import { externalUrl } from './url.js'
import { errorMessage } from './errors.js'
import { describePlan, setOutputs, undoNotes, writeSummary, type RunReport } from './report.js'

export async function run(): Promise<void> {
  let cleanupTemp = (): void => undefined
  let app = '<app>'
  let report: RunReport | undefined
  // A cancelled job gets SIGTERM: leave no temporary config behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanupTemp()
    core.error(`Stopped by ${signal}: cleaned up; check \`fly status -a ${app}\` if a deploy was running.`)
    process.exit(143)
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
  try {
    const inputs = readInputs(name => core.getInput(name), core.setSecret, process.env)
    app = inputs.app
    const flyctl = await stage('Install flyctl', () => installFlyctl(inputs.flyctlVersion, releaseSources(process.env)))
    const fly = createFlyctl(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP)
    cleanupTemp = fly.cleanup

    const state = await stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
    const plan = planExposure(inputs, state)
    await stage('Plan', async () => {
      for (const line of describePlan(plan, inputs.port)) core.info(line)
      for (const warning of plan.warnings) core.warning(warning)
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
      configChanges: []
    }
    if (inputs.dryRun) {
      core.info('dry-run: nothing was changed.')
      return await finish(report)
    }

    if (inputs.configPath && plan.method === 'machines') core.warning('`config` is not used with `method: machines`: no fly.toml is deployed.')
    // Prepare (and check) the config before any write, so a config that is unsafe to deploy changes nothing.
    const members = state.machines.filter(machine => plan.members.some(member => member.id === machine.id))
    const deploying = plan.deploy.needed && plan.method === 'deploy'
    const config = deploying ? await stage('Prepare fly.toml', () => prepareConfig(fly, inputs, members)) : undefined
    report.ips =
      plan.allocate.ipv4 || plan.allocate.ipv6
        ? await stage('Allocate public IPs', () => allocateMissingIps(fly, inputs.app, plan))
        : plan.existing
    if (config && plan.image.deployRef) {
      const imageRef = plan.image.deployRef
      await stage(`Deploy ${imageRef}`, () => deployConfig(fly, inputs.app, config, imageRef, members.map(m => m.id)))
      report.deployed = true
      report.configChanges = config.changes
    }
    if (plan.deploy.needed && plan.method === 'machines') {
      const updated = report.updatedMembers
      await stage('Update members one at a time', () => updateMembers(fly, inputs.app, inputs.port, plan, id => updated.push(id)))
      report.deployed = true
    }
    report.connection = await stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () =>
      verifyTls(inputs, {
        onRetry: (error, attempt, delay) =>
          core.info(`attempt ${attempt}: ${errorMessage(error)}; retrying in ${delay} ms`)
      })
    )
    core.info(`Connected with ${report.connection.tlsVersion} to PostgreSQL ${report.connection.serverVersion}.`)
    report.databaseUrl = externalUrl(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode)
    await finish(report)
  } catch (error) {
    // After a write, say what this run had changed and how to undo it.
    const message = [errorMessage(error), ...(report ? undoNotes(report) : [])].join(' ')
    core.setFailed(message)
    // Once the plan exists, the summary still tells what was found and what had changed before the failure.
    if (report && process.env.GITHUB_STEP_SUMMARY) await writeSummary({ ...report, failure: message }).catch(() => undefined)
  } finally {
    cleanupTemp()
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}

async function finish(report: RunReport): Promise<void> {
  setOutputs(report)
  if (process.env.GITHUB_STEP_SUMMARY) await writeSummary(report)
}

/** One log section per stage, closed with how long it took (the benchmark reads these lines). */
async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now()
  return core.group(name, async () => {
    try {
      return await work()
    } finally {
      core.info(`[time] ${name}: ${Math.round(performance.now() - started)} ms`)
    }
  })
}
