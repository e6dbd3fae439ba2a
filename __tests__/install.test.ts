// installFlyctl in process, against the loopback releases server and a fresh tool cache per test: which version,
// which request, which cache key. The endpoint-down, broken-tarball and missing-version faults are end to end in
// faults.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { InstallError, assetPlatform, installFlyctl, releaseAssetUrl, flyctlSources, versionFromAssetUrl } from '../src/effects/install.js'
import { startReleaseServer } from '../test-support/release-server.js'
import { writeReleaseTarball } from '../test-support/flyctl-sim/state.js'
import { ASSET_ARCH, seedToolCacheAsSetupFlyctl } from './support/tool-cache.js'

const LATEST = '0.4.90'
let dir: string
let releases: Awaited<ReturnType<typeof startReleaseServer>>
let runner: string
let logged: string
const savedEnv = { ...process.env }

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'install-test-'))
  // A tarball holding no `flyctl`, for the version `0.0.1`.
  const empty = path.join(dir, 'empty')
  fs.mkdirSync(empty)
  fs.writeFileSync(path.join(empty, 'README.md'), 'not flyctl\n')
  execFileSync('tar', ['-czf', path.join(dir, 'no-binary.tar.gz'), '-C', empty, 'README.md'])
  releases = await startReleaseServer({
    latest: LATEST,
    tarballFor: version =>
      version === '0.0.1' ? path.join(dir, 'no-binary.tar.gz') : writeReleaseTarball(path.join(dir, `flyctl_${version}.tar.gz`), { version })
  })
})

afterAll(async () => {
  await releases?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

// Each test is a fresh runner: its own tool cache, temp dir and PATH file; what the action logs is kept.
beforeEach(() => {
  runner = fs.mkdtempSync(path.join(dir, 'runner-'))
  for (const sub of ['tool-cache', 'temp']) fs.mkdirSync(path.join(runner, sub))
  Object.assign(process.env, {
    RUNNER_TOOL_CACHE: path.join(runner, 'tool-cache'),
    RUNNER_TEMP: path.join(runner, 'temp'),
    GITHUB_PATH: path.join(runner, 'path')
  })
  fs.writeFileSync(path.join(runner, 'path'), '')
  logged = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => ((logged += String(chunk)), true))
  releases.requests.length = 0
  releases.options.latestBody = undefined
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...savedEnv }
})

const sources = () => flyctlSources(releases.env)
const install = (version: string) => installFlyctl(version, sources())
const asset = (version: string) => `/download/v${version}/flyctl_${version}_Linux_${ASSET_ARCH}.tar.gz`

describe('release assets', () => {
  it.each([
    ['linux', 'x64', { os: 'Linux', cpu: 'x86_64' }],
    ['linux', 'arm64', { os: 'Linux', cpu: 'arm64' }],
    ['darwin', 'x64', { os: 'macOS', cpu: 'x86_64' }],
    ['darwin', 'arm64', { os: 'macOS', cpu: 'arm64' }]
  ] as const)('%s/%s is %j', (platform, arch, target) => {
    expect(assetPlatform(platform, arch)).toEqual(target)
  })

  it.each([
    ['win32', 'x64'],
    ['linux', 'ia32']
  ] as const)('%s/%s has no flyctl release: says which runners do', (platform, arch) => {
    expect(() => assetPlatform(platform, arch)).toThrow(
      new InstallError(`flyctl is not available for ${platform}/${arch}: run this action on a Linux or macOS runner (x64 or arm64).`)
    )
  })

  it('builds the asset URL and reads the version back out of it, pre-releases included', () => {
    const url = releaseAssetUrl('https://example.test/download', '0.4.90-pr123', { os: 'macOS', cpu: 'arm64' })
    expect(url).toBe('https://example.test/download/v0.4.90-pr123/flyctl_0.4.90-pr123_macOS_arm64.tar.gz')
    expect(versionFromAssetUrl(url)).toBe('0.4.90-pr123')
    expect(versionFromAssetUrl('https://example.test/no-version-here')).toBeUndefined()
  })

  it('points at Fly and GitHub unless the environment names other sources', () => {
    expect(flyctlSources({})).toEqual({
      releasesApi: 'https://api.fly.io/app/flyctl_releases',
      downloadBase: 'https://github.com/superfly/flyctl/releases/download'
    })
  })
})

describe('installFlyctl', () => {
  it("latest: asks the releases endpoint once, downloads that version, caches it under setup-flyctl's key with a `fly` link", async () => {
    const installed = await install('latest')
    const cached = path.join(runner, 'tool-cache', 'flyctl', LATEST, ASSET_ARCH)
    expect(installed).toEqual({ version: LATEST, binPath: path.join(cached, 'flyctl'), cacheHit: false })
    expect(releases.requests).toEqual([`/api/Linux/${ASSET_ARCH}/latest`, asset(LATEST)])
    expect(fs.existsSync(`${cached}.complete`)).toBe(true)
    expect(fs.readlinkSync(path.join(cached, 'fly'))).toBe('flyctl')
    // On the job's PATH for later steps.
    expect(fs.readFileSync(path.join(runner, 'path'), 'utf8')).toContain(cached)
  })

  it('a pinned version downloads straight from the release asset: the endpoint is never asked', async () => {
    expect((await install('0.4.87')).version).toBe('0.4.87')
    expect(releases.requests).toEqual([asset('0.4.87')])
    expect(logged).toContain(`Downloading flyctl 0.4.87 from ${releases.env.FLY_PG_EXPOSE_DOWNLOAD_BASE}/v0.4.87/`)
  })

  it.each([
    ['setup-flyctl today', ASSET_ARCH],
    ["older setup-flyctl (node's arch key)", os.arch()]
  ])('the flyctl %s cached: zero requests, nothing downloaded', async (_label, arch) => {
    const cached = seedToolCacheAsSetupFlyctl(path.join(runner, 'tool-cache'), '0.4.87', arch)
    expect(await install('0.4.87')).toEqual({ version: '0.4.87', binPath: path.join(cached, 'flyctl'), cacheHit: true })
    expect(releases.requests).toEqual([])
    expect(logged).toContain(`flyctl 0.4.87 found in the tool cache: ${cached}`)
    expect(fs.readdirSync(path.join(runner, 'tool-cache', 'flyctl', '0.4.87')).sort()).toEqual([arch, `${arch}.complete`])
  })

  it("a second run finds what tool-cache cached, where tool-cache's own find looks, without loading it: no request", async () => {
    const first = await install('0.4.87')
    releases.requests.length = 0
    const second = await install('0.4.87')
    expect(second).toEqual({ ...first, cacheHit: true })
    expect(releases.requests).toEqual([])
    const tc = await import('@actions/tool-cache')
    expect(path.join(tc.find('flyctl', '0.4.87', ASSET_ARCH), 'flyctl')).toBe(second.binPath)
    // A directory without tool-cache's `.complete` marker (a download that died half-way) is no hit.
    fs.rmSync(`${path.dirname(second.binPath)}.complete`)
    expect((await install('0.4.87')).cacheHit).toBe(false)
  })

  it('latest found in the cache: one request to the endpoint, no download', async () => {
    seedToolCacheAsSetupFlyctl(path.join(runner, 'tool-cache'), LATEST, ASSET_ARCH)
    expect((await install('latest')).cacheHit).toBe(true)
    expect(releases.requests).toEqual([`/api/Linux/${ASSET_ARCH}/latest`])
  })

  it('an endpoint that answers with no download URL: says to pin a version', async () => {
    releases.options.latestBody = '<html>maintenance</html>'
    await expect(install('latest')).rejects.toThrow(
      new InstallError("Fly's releases endpoint answered with no usable download URL. Pin `flyctl-version` instead of `latest`.")
    )
    expect(releases.requests).toEqual([`/api/Linux/${ASSET_ARCH}/latest`])
  })

  it('a tarball without a `flyctl` binary: nothing cached, says to pin another version', async () => {
    await expect(install('0.0.1')).rejects.toThrow(
      new InstallError('The flyctl 0.0.1 tarball has no `flyctl` binary. Nothing was cached; pin another version.')
    )
    expect(fs.existsSync(path.join(runner, 'tool-cache', 'flyctl', '0.0.1'))).toBe(false)
  })
})
