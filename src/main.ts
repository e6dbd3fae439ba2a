// The action, one stage a line: inputs -> flyctl -> read -> plan -> allocate -> service -> verify -> URL -> report
// (or, with `route: tunnel`, inputs -> flyctl -> the tunnel route).
// Signals, failure reports and cleanup live in effects/main-step.ts; each stage is one call into the module that owns it.
import * as core from '@actions/core'
import { readInputs, type Inputs } from './effects/inputs.js'
import { installFlyctl, flyctlSources } from './effects/install.js'
import { createFlyctl } from './effects/flyctl.js'
import { readCluster } from './effects/read-cluster.js'
import { prepareFlyToml } from './effects/fly-toml-file.js'
import { allocatePublicIps } from './effects/public-ips.js'
import { addPgTlsService } from './effects/add-pg-tls-service.js'
import { startEarlyCheck, verifyExposure, verifyTls } from './effects/verify.js'
import { openPreview } from './effects/preview-step.js'
import { grantCiRole } from './effects/ci-role.js'
import { tearDown } from './effects/teardown.js'
import { prune } from './effects/prune.js'
import { rememberFlyctl } from './effects/ephemeral.js'
import { startMainStep, type MainStep } from './effects/main-step.js'
import { exportConnection, logPlan, publish } from './effects/report-writer.js'
import { openTunnelRoute } from './effects/tunnel-route.js'
import { isNoop, planExposure, type ExposurePlan } from './pure/plan.js'
import { describeExposure, publicExposure } from './pure/exposure.js'
import { connectionWarnings, handsOutAdmin, inputWeakPoints, knownSuperuser } from './pure/weak-points.js'
import { newRunReport, type RunReport } from './pure/report.js'
import { externalUrl } from './pure/url.js'
import { jdbcUrl } from './pure/client-forms.js'
import type { ClusterState } from './pure/fly-types.js'

/** A weak point found with `strict: true`: an error instead of a warning. */
class StrictError extends Error {
  override name = 'StrictError'
}

/** How the pipeline gets its flyctl: the real install and process by default; a test of the pipeline hands stand-ins. */
export interface FlyctlSource {
  install: typeof installFlyctl
  create: typeof createFlyctl
}

export async function run(flyctlSource: FlyctlSource = { install: installFlyctl, create: createFlyctl }): Promise<void> {
  const step = startMainStep()
  try {
    const inputs = readInputs(name => core.getInput(name), core.setSecret, process.env, { refuseUnknown: true })
    step.forApp(inputs.app || `cluster ${inputs.mpgCluster}`)
    const flyctl = await step.stage('Install flyctl', () => flyctlSource.install(inputs.flyctlVersion, flyctlSources(process.env)))
    // The post step uses this exact flyctl (never `latest` again).
    rememberFlyctl(flyctl.version)
    // Nothing public: flyctl's WireGuard proxy on the runner, closed by the post step.
    if (inputs.route === 'tunnel') return await openTunnelRoute(step, flyctl, inputs)
    const fly = flyctlSource.create(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP)
    step.onCleanup(fly.cleanup)
    if (inputs.mode === 'teardown') return await tearDown(step, fly, inputs, flyctl.version)
    if (inputs.mode === 'prune') return await prune(step, fly, inputs, flyctl.version)

    const reading = step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app))
    // The TLS check needs only the inputs: one quiet attempt starts beside the reads (which are already spawned).
    const early = inputs.dryRun ? undefined : startEarlyCheck(inputs)
    if (early) step.onCleanup(early.abandon)
    const state = await reading
    const plan = planExposure(inputs, state)
    // Its result stands only when nothing on Fly changes; otherwise the check runs again after the change.
    if (!isNoop(plan)) early?.abandon()
    const members = membersOf(plan, state)
    // Judged before any change: the password, a user postgres-flex always makes a superuser, the sslmode.
    const weakInputs = inputWeakPoints(inputs)
    const report = step.track(newRunReport(inputs, plan, flyctl.version, weakInputs))
    const warnings = [...plan.warnings, ...(inputs.strict ? [] : weakInputs)]
    const preview = inputs.previewDatabase ? { name: inputs.previewDatabase, template: inputs.previewTemplate } : undefined
    await step.stage('Plan', async () => logPlan(report, members, { notices: inputs.notices, warnings, preview, ciRole: inputs.ciRole }))
    if (weakInputs.length > 0 && inputs.strict) throw new StrictError(`\`strict: true\`: ${weakInputs.join(' ')} Nothing was changed.`)
    if (inputs.dryRun) {
      core.info('dry-run: nothing was changed.')
      return await publish(report)
    }

    // Prepared (and checked) before any write, so a fly.toml that is unsafe to deploy changes nothing.
    const flyToml =
      plan.deploy.needed && plan.method === 'deploy' ? await step.stage('Prepare fly.toml', () => prepareFlyToml(fly, inputs, members)) : undefined
    const ips = await allocatePublicIps(step, fly, inputs, plan, state, report)
    await addPgTlsService(step, fly, inputs, plan, members, flyToml, report)
    // Nothing on Fly changed: the attempt made beside the reads counts (it was the first).
    report.connection = await step.stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () =>
      verifyExposure(inputs, isNoop(plan) ? early : undefined, line => core.info(line))
    )
    core.info(`Connected with ${report.connection.tlsVersion} to PostgreSQL ${report.connection.serverVersion}.`)
    await ips.settled(step)
    report.exposure = publicExposure(members, plan, report.ips ?? {}, inputs.port)
    for (const line of describeExposure(report.exposure)) core.info(line)
    judgeConnection(inputs, report)
    await outputUrl(step, inputs, report)
    await publish(report)
  } catch (error) {
    await step.fail(error)
  } finally {
    step.end()
  }
}

/** The plan's members as the cluster read found them (the plan keeps their restart order, this the read's). */
function membersOf(plan: ExposurePlan, state: ClusterState): ClusterState['machines'] {
  return state.machines.filter(machine => plan.members.some(member => member.id === machine.id))
}

/** What the verified connection shows of the exposure's strength: warnings, or with `strict` the failure. */
function judgeConnection(inputs: Inputs, report: RunReport): void {
  if (!report.connection) return
  // A preview's or CI role is made least-privilege by the action: the admin being a superuser is then expected. A user
  // known to be a superuser by its name was judged with the inputs already.
  const facts = !handsOutAdmin(inputs) || knownSuperuser(inputs) ? { ...report.connection.facts, superuser: false } : report.connection.facts
  const weakPoints = connectionWarnings(inputs.credentials.user, facts, report.connection.tlsVersion)
  report.weakPoints = [...(report.weakPoints ?? []), ...weakPoints]
  if (weakPoints.length > 0 && inputs.strict) throw new StrictError(`\`strict: true\`: ${weakPoints.join(' ')}`)
  for (const warning of weakPoints) core.warning(warning)
}

/**
 * The URL the run outputs: the admin's with the public host, the preview's or the CI role's. Its other forms (JDBC,
 * libpq's variables) name the same verified endpoint; every form is masked before it is set or exported.
 */
async function outputUrl(step: MainStep, inputs: Inputs, report: RunReport): Promise<void> {
  const { host, port, sslmode } = inputs
  report.databaseUrl = externalUrl(inputs.internalUrl, host, port, sslmode)
  report.endpoint = { host, port, sslmode, ...inputs.credentials }
  const previewName = inputs.previewDatabase
  if (previewName) {
    report.previewStarted = previewName
    report.preview = await step.stage(`Preview database ${previewName}`, () =>
      openPreview(inputs, previewName, credentials => verifyTls({ ...inputs, credentials }))
    )
    report.databaseUrl = report.preview.url
    report.endpoint = { host, port, sslmode, user: previewName, database: previewName, password: report.preview.password }
  }
  const role = inputs.ciRole
  if (role) {
    report.ciRoleStarted = role.name
    report.ciRole = await step.stage(`Grant CI role ${role.name}`, () => grantCiRole(inputs, role, credentials => verifyTls({ ...inputs, credentials })))
    report.databaseUrl = report.ciRole.url
    report.endpoint = { host, port, sslmode, user: role.name, database: report.ciRole.database, password: report.ciRole.password }
  }
  // The password's forms were masked with the inputs (or when the preview or role was made); the JDBC URL as a whole too.
  core.setSecret(jdbcUrl(report.endpoint))
  exportConnection(inputs.exportEnv, report.endpoint, report.databaseUrl)
}
