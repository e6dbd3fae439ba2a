import { afterAll, describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { InputError, parseInputs, readInputs, secretsOf } from '../src/effects/inputs.js'
import { exportEnvError, INPUT_REFUSALS } from './support/input-refusals.js'

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? ''
const base = { app: 'my-db', 'fly-api-token': 'fo1_token', 'database-url': 'postgres://postgres:pw@my-db.flycast:5432/postgres' }

describe('inputs', () => {
  it('applies the documented defaults', () => {
    const inputs = parseInputs(reader(base), {})
    expect(inputs).toMatchObject({
      app: 'my-db',
      token: 'fo1_token',
      credentials: { user: 'postgres', password: 'pw', database: 'postgres' },
      flyctlVersion: 'latest',
      ipv4: 'dedicated',
      ipv6: true,
      port: 5432,
      host: 'my-db.fly.dev',
      configPath: undefined,
      deploy: 'auto',
      tls: 'verify-full',
      sslmode: 'require',
      verifyTimeoutSeconds: 300,
      deployTimeoutSeconds: 900,
      dryRun: false
    })
  })

  it('reads the preview inputs: expose by default, a preview with its template, a teardown that only releases IPs', () => {
    expect(parseInputs(reader(base), {})).toMatchObject({ mode: 'expose', previewDatabase: undefined, previewTemplate: undefined, releaseIps: false })
    expect(parseInputs(reader({ ...base, 'preview-database': ' pr-123 ', 'preview-template': 'seed_v2' }), {})).toMatchObject({
      mode: 'expose',
      previewDatabase: 'pr-123',
      previewTemplate: 'seed_v2'
    })
    expect(parseInputs(reader({ ...base, mode: 'teardown', 'release-ips': 'TRUE' }), {})).toMatchObject({
      mode: 'teardown',
      previewDatabase: undefined,
      releaseIps: true
    })
    // 63 characters is Postgres's limit for a name, and accepted.
    expect(parseInputs(reader({ ...base, 'preview-database': `p${'r'.repeat(62)}` }), {}).previewDatabase).toHaveLength(63)
  })

  it('matches action.yml: the same inputs, and its defaults mean what an empty input means', () => {
    const action = parseYaml(fs.readFileSync(path.join(process.cwd(), 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string; required?: boolean }>
    }
    const read = new Set<string>()
    const recordingReader = (values: Record<string, string>) => (name: string) => (read.add(name), values[name] ?? '')
    const fromEmpty = parseInputs(recordingReader(base), {})
    // The runner fills unset inputs with action.yml's defaults: that must change nothing.
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default ?? '']))
    const fromDefaults = parseInputs(recordingReader({ ...defaults, ...base }), {})
    expect(fromDefaults).toEqual(fromEmpty)
    parseInputs(recordingReader({ app: 'my-db', 'fly-api-token': 't', password: 'pw' }), {})
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
    // Not required: a Managed Postgres cluster (route: tunnel) has no app.
    expect(action.inputs.app.required).toBe(false)
  })

  it('takes the token from the environment, skipping an empty FLY_ACCESS_TOKEN', () => {
    const values = { ...base, 'fly-api-token': '' }
    expect(parseInputs(reader(values), { FLY_ACCESS_TOKEN: '', FLY_API_TOKEN: 'fo1_env' }).token).toBe('fo1_env')
    expect(parseInputs(reader(values), { FLY_ACCESS_TOKEN: 'fo1_access', FLY_API_TOKEN: 'fo1_env' }).token).toBe('fo1_access')
  })

  it('builds the URL from username/password/database', () => {
    const inputs = parseInputs(reader({ app: 'my-db', 'fly-api-token': 't', password: 'p@ss w', username: 'app', database: 'shop' }), {})
    expect(inputs.credentials).toEqual({ user: 'app', password: 'p@ss w', database: 'shop' })
    expect(inputs.internalUrl.href).toBe('postgres://app:p%40ss%20w@localhost:5432/shop')
  })

  it('accepts a v-prefixed flyctl version and a config file in the workspace', () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'))
    fs.writeFileSync(path.join(workspace, 'fly.toml'), 'app = "my-db"\n')
    const inputs = parseInputs(reader({ ...base, 'flyctl-version': 'v0.4.87', config: 'fly.toml' }), { GITHUB_WORKSPACE: workspace })
    expect(inputs.flyctlVersion).toBe('0.4.87')
    expect(inputs.configPath).toBe(path.join(workspace, 'fly.toml'))
  })

  it('masks the raw secrets before validating, then every derived form', () => {
    const masked: string[] = []
    const values = { ...base, 'database-url': 'postgres://postgres:p%2Fw@my-db.flycast:5432/postgres' }
    const inputs = readInputs(reader(values), secret => masked.push(secret), { FLY_API_TOKEN: 'fo1_env' })
    expect(masked.slice(0, 3)).toEqual(['fo1_token', values['database-url'], 'fo1_env'])
    expect(masked).toEqual(expect.arrayContaining(secretsOf(inputs)))
    expect(masked).toEqual(expect.arrayContaining(['p/w', 'p%2Fw', 'postgres://postgres:p%2Fw@my-db.fly.dev:5432/postgres?sslmode=require']))
  })

  it('masks the raw password even when validation then fails', () => {
    const masked: string[] = []
    expect(() => readInputs(reader({ ...base, password: 'hunter2' }), secret => masked.push(secret), {})).toThrow(/not both/)
    expect(masked).toContain('hunter2')
  })

  it("reports an unreadable database-url as an InputError, with url.ts's message unchanged", () => {
    const read = () => parseInputs(reader({ ...base, 'database-url': 'mysql://u:p@h/db' }), {})
    expect(read).toThrow(InputError)
    expect(read).toThrow(new InputError('database-url must start with postgres:// or postgresql://, not mysql://.'))
  })
})

// Every refusal of inputs.ts and url.ts, through readInputs as the action calls it: the exact message, as an
// InputError. The refusals by text alone are listed in support/input-refusals.ts; the rows here need an environment,
// a workspace, or a form those do not have. bad-inputs.test.ts runs the ones that involve the runner through the bundle.
describe('inputs the action refuses', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'))
  fs.mkdirSync(path.join(workspace, 'ws'))
  fs.writeFileSync(path.join(workspace, 'outside.toml'), '')
  fs.symlinkSync('../outside.toml', path.join(workspace, 'ws', 'link.toml'))
  const root = path.join(workspace, 'ws')
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }))

  const outside = (value: string) => `Input \`config\` must be a file inside the workspace (${root}), not "${value}"`
  const noCredentials = { 'database-url': '', password: '' }

  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, string]>([
    ['no app', { app: ' ' }, {}, 'Input `app` is required: the Fly app name of your Postgres cluster.'],
    [
      'no token, and only blank variables',
      { 'fly-api-token': '' },
      { FLY_API_TOKEN: '  ', FLY_ACCESS_TOKEN: '' },
      'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).'
    ],
    ['both a URL and a password', { password: 'pw2' }, {}, 'Give either `database-url` or `password`, not both: the password would be ambiguous.'],
    [
      'a URL of another app',
      { 'database-url': 'postgres://postgres:pw@other-db.internal:5432/postgres' },
      {},
      'database-url points at app "other-db" but input `app` is "my-db": pass the connection string of the same cluster.'
    ],
    [
      'a URL that is not one',
      { 'database-url': 'not a url' },
      {},
      'database-url is not a valid URL. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE (the string `fly pg create` printed).'
    ],
    [
      'a URL with no host',
      { 'database-url': 'postgres:///postgres' },
      {},
      'database-url has no host. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE.'
    ],
    [
      'a URL with a broken escape',
      { 'database-url': 'postgres://postgres:p%zz@my-db.flycast/postgres' },
      {},
      'database-url has a malformed percent-encoding in its password.'
    ],
    ['port 65536', { port: '65536' }, {}, 'Input `port` must be a TCP port from 1 to 65535, not "65536".'],
    ['a fractional verify-timeout', { 'verify-timeout': '1.5' }, {}, 'Input `verify-timeout` must be a whole number of seconds from 1 to 3600, not "1.5".'],
    ['an export-env GitHub reserves', { 'export-env': 'node_options' }, {}, exportEnvError('node_options')],
    [
      'a preview name with a quote',
      { 'preview-database': 'pr"1' },
      {},
      'Input `preview-database` must be a name of lowercase letters, digits, `_` and `-`, starting with a letter and at most 63 characters (like pr-123), not "pr"1".'
    ],
    [
      'a preview named pg_*',
      { 'preview-database': 'pg_x' },
      {},
      'Input `preview-database` cannot be "pg_x": that name belongs to the cluster itself. Use a name like pr-123.'
    ],
    [
      'a preview named after the admin user',
      { ...noCredentials, password: 'pw', username: 'admin', 'preview-database': 'admin' },
      {},
      'Input `preview-database` cannot be "admin": that is the admin user the action connects with. Use a name like pr-123.'
    ],
    [
      'a preview template with a bad name',
      { 'preview-database': 'pr-1', 'preview-template': 'pg_seed' },
      {},
      'Input `preview-template` must name a database of lowercase letters, digits, `_` and `-`, starting with a letter (like seed), not "pg_seed".'
    ],
    ['a config outside the workspace', { config: '../outside.toml' }, {}, `${outside('../outside.toml')}.`],
    ['a config that is not there', { config: 'missing.toml' }, {}, 'Input `config` names "missing.toml", but there is no such file in the workspace.'],
    [
      'a config linking out of the workspace',
      { config: 'link.toml' },
      {},
      `${outside('link.toml')}: it links to ${fs.realpathSync(path.join(workspace, 'outside.toml'))}.`
    ]
  ])('%s', (_, values, env, message) => {
    let refusal: unknown
    try {
      readInputs(reader({ ...base, ...values }), () => undefined, { GITHUB_WORKSPACE: root, ...env })
    } catch (error) {
      refusal = error
    }
    expect(refusal).toBeInstanceOf(InputError)
    expect((refusal as Error).message).toBe(message)
  })

  it.each(INPUT_REFUSALS.map(refusal => [refusal.name, refusal] as const))('%s', (_, refusal) => {
    let caught: unknown
    try {
      readInputs(reader({ ...base, ...refusal.inputs({ app: base.app }) }), () => undefined, {})
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InputError)
    expect((caught as Error).message).toBe(refusal.message())
  })
})

describe('host', () => {
  it.each([
    ['::1', '::1', 'postgres://postgres:pw@[::1]:5432/postgres?sslmode=require'],
    ['[2001:db8::1]', '2001:db8::1', 'postgres://postgres:pw@[2001:db8::1]:5432/postgres?sslmode=require'],
    ['db.example.com', 'db.example.com', 'postgres://postgres:pw@db.example.com:5432/postgres?sslmode=require']
  ])('%s: pg gets %s, the URL %s', (given, host, url) => {
    const inputs = parseInputs(reader({ ...base, host: given }), {})
    expect(inputs.host).toBe(host)
    expect(secretsOf(inputs)).toContain(url)
  })
})

// Review #13: the sslmode written into the URL is judged, and a database-url's own sslmode is not silently replaced.
describe('sslmode', () => {
  const withUrlMode = (mode: string) => ({ ...base, 'database-url': `postgres://postgres:pw@my-db.flycast:5432/postgres?sslmode=${mode}` })

  it("left empty, database-url's own sslmode wins when the action supports it", () => {
    const inputs = parseInputs(reader(withUrlMode('verify-full')), {})
    expect(inputs.sslmode).toBe('verify-full')
    expect(inputs.notices).toEqual([])
    expect(secretsOf(inputs)).toContain('postgres://postgres:pw@my-db.fly.dev:5432/postgres?sslmode=verify-full')
  })

  it('left empty without one in the URL: require', () => {
    expect(parseInputs(reader(base), {})).toMatchObject({ sslmode: 'require', notices: [] })
  })

  it('given and different from the URL: the input wins, and the log says so', () => {
    const inputs = parseInputs(reader({ ...withUrlMode('verify-full'), sslmode: 'require' }), {})
    expect(inputs.sslmode).toBe('require')
    expect(inputs.notices).toEqual([
      { level: 'info', message: 'The output URL says sslmode=require (the `sslmode` input), not the sslmode=verify-full database-url gives.' }
    ])
    expect(parseInputs(reader({ ...withUrlMode('require'), sslmode: 'require' }), {}).notices).toEqual([])
  })

  it("an sslmode the URL cannot carry over the internet (disable): require, and the log says so without echoing the URL's text", () => {
    const inputs = parseInputs(reader(withUrlMode('disable')), {})
    expect(inputs.sslmode).toBe('require')
    expect(inputs.notices).toEqual([
      {
        level: 'info',
        message:
          'The output URL says sslmode=require, not the sslmode=disable database-url gives: the public connection is always encrypted. Set the `sslmode` input to choose another.'
      }
    ])
    expect(parseInputs(reader(withUrlMode('s3cret')), {}).notices[0].message).not.toContain('s3cret')
  })

  it('no-verify (node-postgres only): a warning that psql and libpq refuse it, whether given or from the URL', () => {
    const warning = {
      level: 'warning',
      message:
        'sslmode=no-verify is understood by node-postgres only: psql and other libpq clients refuse the URL ("invalid sslmode value"). For them use `sslmode: require` (encrypted, certificate not checked); node-postgres reads require as verify-full.'
    }
    expect(parseInputs(reader({ ...base, sslmode: 'no-verify' }), {})).toMatchObject({ sslmode: 'no-verify', notices: [warning] })
    expect(parseInputs(reader(withUrlMode('no-verify')), {})).toMatchObject({ sslmode: 'no-verify', notices: [warning] })
  })
})

describe('export-env', () => {
  it.each(['DATABASE_URL', 'TEST_DATABASE_URL', 'database_url', 'PG_DSN', 'URL'])('accepts %s', name => {
    expect(parseInputs(reader({ ...base, 'export-env': name }), {}).exportEnv).toBe(name)
  })
})
