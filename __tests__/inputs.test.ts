import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { InputError, parseInputs, readInputs, secretsOf } from '../src/inputs.js'

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
    expect(parseInputs(reader({ ...base, mode: 'teardown', 'release-ips': 'TRUE' }), {})).toMatchObject({ mode: 'teardown', previewDatabase: undefined, releaseIps: true })
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
    expect(action.inputs.app.required).toBe(true)
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

  it('reports an unreadable database-url as an InputError, with url.ts\'s message unchanged', () => {
    const read = () => parseInputs(reader({ ...base, 'database-url': 'mysql://u:p@h/db' }), {})
    expect(read).toThrow(InputError)
    expect(read).toThrow(new InputError('database-url must start with postgres:// or postgresql://, not mysql://.'))
  })
})
