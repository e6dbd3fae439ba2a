// @ts-check
// Images: `image show`, and resolving a deploy's --image (imgsrc) to the image_ref machines get.
import { LATEST_FLEX_VERSION, LATEST_MINOR } from './clusters.js'
import { CliError, gql, QUERIES } from './errors.js'
import { randomBase36, sha256, sortedObject, ulid } from './helpers.js'
import { bold, errOut, goEscape, out, renderJson, renderTable } from './output.js'
import { chargeApiCall, fetchApp, isPostgresApp } from './store.js'

/** @typedef {import('./types.js').Ctx} Ctx */
/** @typedef {import('./types.js').Image} Image */
/** @typedef {import('./types.js').ImageRef} ImageRef */
/** @typedef {import('./types.js').Machine} Machine */

const DOCKER_HUB = 'registry-1.docker.io'
const FLY_PG_REPOSITORIES = ['flyio/postgres-flex', 'flyio/postgres-flex-timescaledb', 'flyio/postgres']
/** @param {string | undefined} version */
const majorOf = version => String(version ?? '').split('.')[0]

/**
 * The tag fly's image API reports as latest for a machine's image (same major track), or null if unknown.
 * @param {Machine} machine
 */
function latestTagFor(machine) {
  const ref = machine.image_ref ?? /** @type {Partial<ImageRef>} */ ({})
  if (ref.registry !== DOCKER_HUB || !FLY_PG_REPOSITORIES.includes(ref.repository ?? '')) return null // "Unknown repository": skipped
  return majorOf(ref.labels?.['fly.pg-version'] ?? ref.tag)
}

/**
 * image/show.go's row for a machine: its labels as one JSON text for --json, else `k=v` run together.
 * @param {Machine} machine
 * @param {boolean | undefined} forJson
 */
function imageDetails(machine, forJson) {
  const ref = machine.image_ref ?? /** @type {Partial<ImageRef>} */ ({})
  const labels = ref.labels && Object.keys(ref.labels).length ? ref.labels : null
  const labelText = forJson
    ? labels
      ? goEscape(JSON.stringify(sortedObject(labels)))
      : ''
    : Object.entries(labels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join('')
  return {
    Digest: ref.digest ?? '',
    Labels: labelText,
    MachineID: machine.id,
    Registry: ref.registry ?? '',
    Repository: ref.repository ?? '',
    Tag: ref.tag ?? '',
    Version: ref.labels?.['fly.version'] || 'N/A'
  }
}

/** @param {Ctx} ctx */
export async function runImageShow(ctx) {
  const app = await fetchApp(ctx, gql(QUERIES.appCompact, 'get app: '))
  await chargeApiCall(ctx) // flaps List
  const machines = app.machines ?? []
  if (ctx.args.length) {
    const machine = machines.find(m => m.id === ctx.args[0])
    if (!machine) throw new CliError(`failed to get machine: machine not found`, { requestId: `${ulid()}-iad` })
    const d = imageDetails(machine, ctx.flags.json)
    if (ctx.flags.json) return renderJson(d)
    out(`${bold('Image Details')}\n`)
    for (const [k, v] of [
      ['Registry', d.Registry],
      ['Repository', d.Repository],
      ['Tag', d.Tag],
      ['Version', d.Version],
      ['Digest', d.Digest],
      ['Labels', d.Labels]
    ])
      out(`  ${k.toUpperCase()} │ ${v} \n`)
    return out('\n')
  }
  /** @type {string | null} */
  let latest = null
  for (const machine of machines) {
    await chargeApiCall(ctx) // GetLatestImageDetails
    const tag = latestTagFor(machine)
    if (tag === null) continue
    latest ??= tag
    // image/show.go: postgres apps abort when machines track different majors.
    if (isPostgresApp(app) && latest !== tag) throw new CliError('major version mismatch detected')
  }
  const objs = machines.map(m => imageDetails(m, ctx.flags.json))
  if (ctx.flags.json) return renderJson(objs.length ? objs : null) // nil slice -> null
  renderTable(
    objs.map(d => [d.MachineID, d.Registry, d.Repository, d.Tag, d.Version, d.Digest, d.Labels]),
    ['Machine ID', 'Registry', 'Repository', 'Tag', 'Version', 'Digest', 'Labels'],
    'Image Details'
  )
}

/**
 * A docker reference as `registry/repository:tag@digest`, Docker Hub's defaults filled in.
 * @param {string} text
 * @returns {Image}
 */
function parseImageRef(text) {
  let rest = text
  let digest = ''
  if (rest.includes('@')) [rest, digest] = rest.split('@')
  const parts = rest.split('/')
  let registry = DOCKER_HUB
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = /** @type {string} */ (parts.shift())
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB
  let repository = parts.join('/')
  let tag = 'latest'
  const colon = repository.lastIndexOf(':')
  if (colon > 0) [repository, tag] = [repository.slice(0, colon), repository.slice(colon + 1)]
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository, tag, digest }
}

/**
 * Resolves --image (imgsrc resolver: local docker first unless --remote-only, then Fly's remote lookup).
 * @param {Ctx} ctx
 * @param {string} imageRef
 * @returns {Image}
 */
export function resolveDeployImage(ctx, imageRef) {
  const local = (ctx.state.localDockerImages ?? []).includes(imageRef) && !ctx.flags['remote-only']
  if (local) {
    // A local image is pushed to registry.fly.io/<app> under a deployment tag (reference: pass --remote-only).
    errOut(`Searching for image '${imageRef}' locally...\nimage found: sha256:${sha256(`local/${imageRef}`)}\n`)
    errOut(`==> Pushing image to fly\n--> Pushing image done\n`)
    const tag = `deployment-${ulid()}`
    errOut(`image: registry.fly.io/${ctx.appName}:${tag}\nimage size: 156 MB\n`)
    return { registry: 'registry.fly.io', repository: ctx.appName, tag, digest: `sha256:${sha256(`${ctx.appName}:${tag}`)}`, pushedFrom: imageRef }
  }
  if (ctx.flags['local-only']) throw new CliError(`failed to fetch an image or build from source: could not find image "${imageRef}"`)
  errOut(`Searching for image '${imageRef}' remotely...\n`)
  const ref = parseImageRef(imageRef)
  const known =
    (ref.registry === DOCKER_HUB && FLY_PG_REPOSITORIES.includes(ref.repository) && /^(\d+(\.\d+)*|latest)$/.test(ref.tag)) ||
    (ctx.state.remoteImages ?? []).includes(imageRef)
  if (!known) throw new CliError(`failed to fetch an image or build from source: could not find image "${imageRef}"`)
  errOut(`image found: img_${randomBase36(16)}\n`)
  // `flyio/postgres-flex:<major>` is a moving tag: it resolves to the newest build of that major (the fixtures'
  // digest for LATEST_MINOR), so a deploy of it upgrades the minor and the flex manager too.
  const latestMinor = /** @type {Record<string, string>} */ (LATEST_MINOR)
  const build = FLY_PG_REPOSITORIES.includes(ref.repository) && latestMinor[ref.tag] ? latestMinor[ref.tag] : ref.tag
  return { ...ref, digest: ref.digest || `sha256:${sha256(`${ref.repository}:${build}`)}` }
}

/**
 * image_ref after a deploy: the deployed image, with the machine's labels (fly.pg-version follows a numeric tag).
 * @param {Partial<ImageRef> | undefined} oldRef
 * @param {Image} img
 * @returns {ImageRef}
 */
export function newImageRef(oldRef, img) {
  /** @type {Record<string, string>} */
  const labels = { ...(oldRef?.labels ?? {}) }
  const sameBuild = oldRef?.digest && oldRef.digest === img.digest
  if (img.registry === DOCKER_HUB && /^\d+(\.\d+)*$/.test(img.tag) && !sameBuild) {
    labels['fly.pg-version'] = img.tag.includes('.') ? img.tag : (/** @type {Record<string, string>} */ (LATEST_MINOR)[img.tag] ?? img.tag)
    // A moving major tag brings the newest flex manager as well (label fly.version).
    if (!img.tag.includes('.') && img.repository.startsWith('flyio/postgres-flex')) labels['fly.version'] = LATEST_FLEX_VERSION
    if (img.repository === 'flyio/postgres') delete labels['fly.pg-manager']
    else if (img.repository.startsWith('flyio/postgres-flex')) labels['fly.pg-manager'] = 'repmgr'
  }
  return { registry: img.registry, repository: img.repository, tag: img.tag, digest: img.digest, labels: sortedObject(labels) }
}
/** @param {Image} img */
export const imageString = img => `${img.registry === DOCKER_HUB ? '' : `${img.registry}/`}${img.repository}:${img.tag}@${img.digest}`
