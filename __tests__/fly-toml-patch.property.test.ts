// Property test of patchFlyToml over many generated fly.toml files: random combinations of the sections a Fly app
// config can have, written in the layouts people and flyctl use (tables, arrays of tables, inline tables and arrays,
// dotted keys, comments, every TOML string form, CRLF, odd endings). Deterministic: a seeded PRNG, no dependency.
import { describe, expect, it } from '@jest/globals'
import { parse } from 'smol-toml'
import { patchFlyToml, type PatchRequest } from '../src/pure/fly-toml-patch.js'

const APP = 'pg-app'
const CONFIGS = 300
const SEED = Number(process.env.FLY_CONFIG_SEED ?? 0x5eedf17) || 0x5eedf17

type Table = Record<string, unknown>
type Port = { port?: number; handlers?: string[]; [key: string]: unknown }
type Service = { protocol?: string; internal_port?: number; ports?: Port[]; [key: string]: unknown }

// ------------------------------------------------------------------ a small seeded PRNG (mulberry32)

class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[items[i], items[j]] = [items[j], items[i]]
    }
    return items
  }
}

// ------------------------------------------------------------------ TOML writing, every string form

const hex = (code: number, width: number) => code.toString(16).toUpperCase().padStart(width, '0')
const isControl = (char: string) => (char.codePointAt(0) as number) < 0x20 || char === '\x7f'

function escapeBasic(text: string, r: Random, multiline: boolean): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0) as number
    if (char === '\\') out += '\\\\'
    else if (char === '"') out += '\\"'
    else if (char === '\n') out += multiline && r.chance(0.7) ? '\n' : '\\n'
    else if (char === '\t') out += r.chance(0.5) ? '\t' : '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\u${hex(code, 4)}`
    else if (code > 0x7f && r.chance(0.3)) out += code > 0xffff ? `\\U${hex(code, 8)}` : `\\u${hex(code, 4)}`
    else out += char
  }
  return out
}

/** A TOML string for `text`, in a random one of the forms that can hold it. */
function tomlString(text: string, r: Random): string {
  const controls = [...text].some(c => isControl(c) && c !== '\t' && c !== '\n')
  const forms: Array<() => string> = [() => `"${escapeBasic(text, r, false)}"`]
  if (!controls && !/['\n]/.test(text)) forms.push(() => `'${text}'`)
  // A newline right after the opening delimiter is trimmed by TOML: start with one so the value is exact.
  forms.push(() => `"""\n${escapeBasic(text, r, true)}"""`)
  if (!controls && !text.includes("'") && !text.includes('\r')) forms.push(() => `'''\n${text}'''`)
  return r.pick(forms)()
}

function tomlKey(key: string, r: Random): string {
  if (/^[A-Za-z0-9_-]+$/.test(key) && r.chance(0.85)) return key
  return !key.includes("'") && ![...key].some(isControl) && r.chance(0.3) ? `'${key}'` : `"${escapeBasic(key, r, false)}"`
}

type Value = string | number | boolean | Value[] | { [key: string]: Value }

/** Inline TOML for a value; strings in any form but the multi-line ones (inline tables hold one line). */
function inline(value: Value, r: Random): string {
  if (typeof value === 'string') {
    let text = tomlString(value, r)
    while (text.startsWith('"""') || text.startsWith("'''")) text = tomlString(value, r)
    return text
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return `[${value.map(v => inline(v, r)).join(', ')}]`
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${tomlKey(k, r)} = ${inline(v, r)}`)
    .join(', ')} }`
}

/** A key = value line, sometimes with a trailing comment; arrays sometimes spread over lines with comments. */
function keyLine(key: string, value: Value, r: Random, indent = '  ', prefix = ''): string {
  const comment = r.chance(0.15) ? ` # ${r.pick(['note', 'see docs', 'was 5', '[[services]] not here', 'ünïcode ✓'])}` : ''
  if (Array.isArray(value) && value.length > 0 && value.every(v => typeof v !== 'object') && r.chance(0.3)) {
    const items = value.map((v, i) => `${indent}  ${inline(v, r)},${i === 0 && r.chance(0.5) ? ' # first' : ''}`)
    return `${indent}${prefix}${tomlKey(key, r)} = [${comment}\n${items.join('\n')}\n${indent}]`
  }
  const text = typeof value === 'string' ? tomlString(value, r) : inline(value, r)
  return `${indent}${prefix}${tomlKey(key, r)} = ${text}${comment}`
}

function tableBody(table: { [key: string]: Value }, r: Random, indent = '  '): string[] {
  return Object.entries(table).map(([k, v]) => keyLine(k, v, r, indent))
}

// ------------------------------------------------------------------ random fly.toml

const ENV_KEYS = ['PRIMARY_REGION', 'FLY_SCALE', 'DATABASE_NAME', 'LOG_LEVEL', 'my key', 'ключ', 'with "quotes"', "it's", 'emoji 🐘', 'dotted.key', 'tab\tkey']
const STRING_PIECES = [
  'iad',
  'postgres',
  ' ',
  '"',
  "'",
  '\\',
  '#',
  '=',
  '[[services]]',
  '\n',
  '\t',
  'é',
  '✓',
  '日本',
  '🐘',
  '${VAR}',
  '%20',
  'a"b',
  "'''",
  '"""',
  '\x01',
  'end'
]

function randomText(r: Random): string {
  return Array.from({ length: r.int(0, 6) }, () => r.pick(STRING_PIECES)).join('')
}

function randomScalar(r: Random): Value {
  const kind = r.int(0, 5)
  if (kind === 0) return r.int(-5, 100000)
  if (kind === 1) return r.chance(0.5)
  return randomText(r)
}

interface Generated {
  text: string
  port: number
  restartPolicy: 'always' | 'on-failure' | 'never'
  /** Services written as a top-level inline array (`services = [...]`): appending [[services]] is impossible. */
  servicesInline: boolean
}

function httpService(): Service {
  return {
    protocol: 'tcp',
    internal_port: 8080,
    ports: [
      { port: 80, handlers: ['http'], force_https: true },
      { port: 443, handlers: ['tls', 'http'] }
    ]
  }
}

function generate(r: Random): Generated {
  const port = r.pick([5432, 5432, 5433, 6543, 15432])
  const restartPolicy = r.pick(['always', 'on-failure', 'never'] as const)
  const top: string[] = []
  const blocks: string[] = []
  const comment = () => (r.chance(0.2) ? `# ${[...randomText(r)].map(c => (isControl(c) ? ' ' : c)).join('')}\n` : '')

  if (r.chance(0.5)) {
    top.push(
      `# fly.toml app configuration file generated for ${APP} on 2026-07-14T09:21:37Z\n#\n# See https://fly.io/docs/reference/configuration/ for information about how to use this file.\n#\n`
    )
  }
  if (r.chance(0.8)) top.push(keyLine('app', APP, r, ''))
  // Always there: the patcher refuses a config without primary_region or [env] PRIMARY_REGION.
  top.push(keyLine('primary_region', r.pick(['iad', 'ord', 'fra', 'syd']), r, ''))
  if (r.chance(0.4)) top.push(keyLine('kill_signal', r.pick(['SIGINT', 'SIGTERM']), r, ''))
  if (r.chance(0.4)) top.push(keyLine('kill_timeout', r.pick<Value>([5, 30, '5s', '1m0s']), r, ''))
  if (r.chance(0.2)) top.push(keyLine('swap_size_mb', 512, r, ''))
  if (r.chance(0.2)) top.push(keyLine('console_command', '/bin/bash', r, ''))

  // [build]
  const build = { image: `flyio/postgres-flex:${r.pick(['16', '17', '16.11'])}` }
  const buildForm = r.int(0, 3)
  if (buildForm === 1) blocks.push(`[build]\n${tableBody(build, r).join('\n')}\n`)
  if (buildForm === 2) top.push(`build = ${inline(build, r)}`)
  if (buildForm === 3)
    blocks.push(
      `[build]\n${tableBody(build, r).join('\n')}\n\n  [build.args]\n${tableBody({ PG_VERSION: '16', 'ARG with space': randomText(r) }, r, '    ').join('\n')}\n`
    )

  // [env]: random keys (bare, quoted, unicode) and values (every string form, numbers, booleans)
  const env: { [key: string]: Value } = {}
  for (let i = r.int(0, 6); i > 0; i--) env[r.chance(0.7) ? r.pick(ENV_KEYS) : `K_${r.int(0, 99)}`] = randomScalar(r)
  const envForm = r.int(0, 3)
  if (envForm === 1) blocks.push(`[env]\n${tableBody(env, r).join('\n')}\n`)
  if (envForm === 2) top.push(`env = ${inline(env, r)}`)
  if (envForm === 3) for (const [key, value] of Object.entries(env)) top.push(keyLine(key, value, r, '', r.pick(['env.', 'env .', '"env".'])))

  // mounts: always one on /data, in any of the four layouts
  const mount: { [key: string]: Value } = { source: 'pg_data', destination: '/data' }
  if (r.chance(0.3)) mount.initial_size = '10gb'
  const mountForm = r.int(0, 3)
  if (mountForm === 0) blocks.push(`[[mounts]]\n${tableBody(mount, r).join('\n')}\n`)
  if (mountForm === 1) blocks.push(`[mounts]\n${tableBody(mount, r).join('\n')}\n`)
  if (mountForm === 2) top.push(`mounts = ${inline(mount, r)}`)
  if (mountForm === 3) top.push(`mounts = [${inline(mount, r)}]`)

  // [metrics] or [[metrics]]
  const metricsForm = r.int(0, 3)
  if (metricsForm === 1) blocks.push(`[metrics]\n${tableBody({ port: 9187, path: '/metrics' }, r).join('\n')}\n`)
  if (metricsForm === 2)
    blocks.push(
      `[[metrics]]\n${tableBody({ port: 9187, path: '/metrics' }, r).join('\n')}\n\n[[metrics]]\n${tableBody({ port: 9091, path: '/extra', https: false }, r).join('\n')}\n`
    )
  if (metricsForm === 3) top.push(`metrics = ${inline({ port: 9187, path: '/metrics' }, r)}`)

  // [checks.*]
  if (r.chance(0.6)) {
    const names = r.shuffle(['pg', 'role', 'vm']).slice(0, r.int(1, 3))
    const checks = names.map(
      name => `  [checks.${name}]\n${tableBody({ port: 5500, type: 'http', interval: '15s', timeout: '10s', path: `/flycheck/${name}` }, r, '    ').join('\n')}`
    )
    blocks.push(`${r.chance(0.5) ? '[checks]\n' : ''}${checks.join('\n\n')}\n`)
  }

  // [[vm]]
  if (r.chance(0.5)) {
    const vms = r.pick<Array<{ [key: string]: Value }>>([
      [{ size: 'shared-cpu-1x', memory: '1gb' }],
      [
        { cpu_kind: 'shared', cpus: 1, memory_mb: 1024 },
        { size: 'performance-2x', processes: ['app'] }
      ]
    ])
    blocks.push(vms.map(vm => `[[vm]]\n${tableBody(vm, r).join('\n')}\n`).join('\n'))
  }

  // [http_service]
  if (r.chance(0.3)) {
    blocks.push(
      `[http_service]\n${tableBody({ internal_port: 8080, force_https: true, auto_stop_machines: 'stop', auto_start_machines: true, min_machines_running: 0 }, r).join('\n')}\n\n` +
        `  [http_service.concurrency]\n${tableBody({ type: 'requests', soft_limit: 200, hard_limit: 250 }, r, '    ').join('\n')}\n\n` +
        `  [[http_service.checks]]\n${tableBody({ grace_period: '10s', interval: '30s', method: 'GET', path: '/health' }, r, '    ').join('\n')}\n`
    )
  }

  // [[statics]]
  for (let i = r.chance(0.3) ? r.int(1, 2) : 0; i > 0; i--) {
    blocks.push(`[[statics]]\n${tableBody({ guest_path: `/app/public${i}`, url_prefix: `/static${i}/` }, r).join('\n')}\n`)
  }

  // [deploy] and [experimental]
  if (r.chance(0.4))
    blocks.push(
      `[deploy]\n${tableBody({ strategy: r.pick(['rolling', 'immediate']), release_command: 'bin/migrate --yes "now"', max_unavailable: 0.33 }, r).join('\n')}\n`
    )
  if (r.chance(0.3)) {
    const experimental = `[experimental]\n${tableBody({ cmd: ['start', '--flag'], entrypoint: ['/bin/sh', '-c'], auto_rollback: true, enable_consul: true }, r).join('\n')}\n`
    blocks.push(r.chance(0.3) ? `${experimental}  deployed_at = 2026-07-14T09:21:37Z\n  window = 07:30:00\n` : experimental)
  }

  // [[services]]: others on their own ports; sometimes one already serving `port` with pg_tls, or one using it otherwise
  const services: Service[] = []
  if (r.chance(0.4)) services.push(httpService())
  if (r.chance(0.4) && port !== 5433) services.push({ protocol: 'tcp', internal_port: 5433, ports: [{ port: 5433, handlers: ['pg_tls'] }] })
  const portState = r.pick(['absent', 'served', 'used-otherwise'])
  if (portState === 'served') {
    const extra: Port[] = r.chance(0.3) ? [{ port: 25432, handlers: ['pg_tls'] }] : []
    services.push({ protocol: 'tcp', internal_port: 5432, autostart: false, ports: r.shuffle([{ port, handlers: ['pg_tls'] }, ...extra]) })
  }
  if (portState === 'used-otherwise') {
    const clash = r.pick<Service>([
      { protocol: 'tcp', internal_port: 8081, ports: [{ port, handlers: ['tls'] }] },
      {
        protocol: 'tcp',
        internal_port: 8081,
        ports: r.shuffle([
          { port, handlers: ['tls', 'http'] },
          { port: 9443, handlers: ['tls'] }
        ])
      },
      {
        protocol: 'tcp',
        internal_port: 5433,
        ports: [
          { port, handlers: ['pg_tls'] },
          { port: 5433, handlers: ['pg_tls'] }
        ]
      },
      { protocol: 'tcp', internal_port: 5432, ports: [{ port }] },
      { protocol: 'udp', internal_port: 5432, ports: [{ port }] }
    ])
    if (!clash.ports?.some(p => p.port === 5433) || !services.some(s => s.internal_port === 5433)) services.push(clash)
  }
  r.shuffle(services)
  const servicesInline = services.length > 0 && r.chance(0.15)
  if (servicesInline) {
    top.push(`services = [\n${services.map(s => `  ${inline(s as unknown as Value, r)},`).join('\n')}\n]`)
  } else {
    for (const service of services) {
      const { ports = [], ...rest } = service
      const portsInline = r.chance(0.3)
      const head = tableBody((portsInline ? { ...rest, ports } : rest) as unknown as { [key: string]: Value }, r)
      const portTables = portsInline ? [] : ports.map(p => `  [[services.ports]]\n${tableBody(p as unknown as { [key: string]: Value }, r, '    ').join('\n')}`)
      const concurrency = r.chance(0.5)
        ? [`  [services.concurrency]\n${tableBody({ type: 'connections', hard_limit: 1000, soft_limit: 1000 }, r, '    ').join('\n')}`]
        : []
      blocks.push(`[[services]]\n${[head.join('\n'), ...portTables, ...concurrency].join('\n\n')}\n`)
    }
  }

  // [[restart]] present (as the machines' or another policy) or absent
  const restartForm = r.int(0, 3)
  const restart = { policy: r.pick(['always', 'on-failure', 'never']), ...(r.chance(0.3) ? { retries: 5 } : {}) }
  if (restartForm === 1) blocks.push(`[[restart]]\n${tableBody(restart, r).join('\n')}\n`)
  if (restartForm === 2) top.push(`restart = [${inline(restart, r)}]`)

  r.shuffle(blocks)
  let text = [top.join('\n'), ...blocks.map(block => `${comment()}${block}`)].filter(Boolean).join(r.pick(['\n', '\n\n']))
  text = text.replace(/\n*$/, '') + r.pick(['\n', '\n', '', '\n\n', '\n  \n', '  # the end', '\n# the end\n'])
  if (r.chance(0.1)) text = text.replace(/\r?\n/g, '\r\n')
  return { text, port, restartPolicy, servicesInline }
}

// ------------------------------------------------------------------ the properties

const usesPort = (service: Service, port: number) => (service.ports ?? []).some(p => p.port === port)
const servesPort = (service: Service, port: number) =>
  (service.protocol ?? 'tcp') === 'tcp' &&
  service.internal_port === 5432 &&
  (service.ports ?? []).some(p => p.port === port && (p.handlers ?? []).includes('pg_tls'))
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))
function withoutPatchedKeys(config: Table): Table {
  const { services: _services, restart: _restart, ...rest } = config
  return rest
}

const configs = Array.from({ length: CONFIGS }, (_, i) => {
  const r = new Random(SEED + i * 7919)
  return { index: i, ...generate(r) }
})

describe('patchFlyToml on generated fly.toml files', () => {
  it('generates a varied corpus of valid configs', () => {
    for (const config of configs) expect(() => parse(config.text)).not.toThrow()
    const parsed = configs.map(c => parse(c.text) as Table)
    // Every layout shows up many times: the properties below are not vacuous.
    const count = (test: (config: Table, i: number) => boolean) => parsed.filter(test).length
    expect(count(c => c.restart === undefined)).toBeGreaterThan(50)
    expect(count(c => c.restart !== undefined)).toBeGreaterThan(50)
    expect(count((c, i) => ((c.services ?? []) as Service[]).some(s => servesPort(s, configs[i].port)))).toBeGreaterThan(40)
    expect(count((c, i) => ((c.services ?? []) as Service[]).some(s => usesPort(s, configs[i].port) && !servesPort(s, configs[i].port)))).toBeGreaterThan(40)
    expect(configs.filter(c => c.servicesInline).length).toBeGreaterThan(10)
    expect(count(c => Array.isArray(c.metrics))).toBeGreaterThan(20)
    expect(count(c => c.env !== undefined && Object.keys(c.env as Table).some(k => [...k].some(ch => (ch.codePointAt(0) as number) > 0x7f)))).toBeGreaterThan(
      10
    )
    expect(configs.filter(c => c.text.includes('\r\n')).length).toBeGreaterThan(10)
    expect(configs.filter(c => /\n\s*\n$|[^\n]$/.test(c.text)).length).toBeGreaterThan(40)
    // ... and the patch meets all three outcomes: nothing to do, appended, re-rendered.
    const outcomes = { unchanged: 0, appended: 0, rerendered: 0 }
    for (const { text, port, restartPolicy } of configs) {
      const patched = patchFlyToml(text, {
        app: APP,
        port,
        machineMounts: [{ source: 'pg_data', destination: '/data' }],
        restart: { policy: restartPolicy },
        source: 'The generated config'
      }).text
      outcomes[patched === text ? 'unchanged' : patched.startsWith(text) ? 'appended' : 'rerendered'] += 1
    }
    expect(outcomes.unchanged).toBeGreaterThan(20)
    expect(outcomes.appended).toBeGreaterThan(100)
    expect(outcomes.rerendered).toBeGreaterThan(30)
  })

  it.each(configs)('config #$index (port $port)', ({ text, port, restartPolicy, servicesInline }) => {
    const request: PatchRequest = {
      app: APP,
      port,
      machineMounts: [{ source: 'pg_data', destination: '/data' }],
      restart: { policy: restartPolicy },
      source: 'The generated config'
    }
    const before = parse(text) as Table
    const result = patchFlyToml(text, request)
    const after = parse(result.text) as Table

    // Every other key, parsed, is exactly as it was.
    expect(withoutPatchedKeys(after)).toEqual(withoutPatchedKeys(before))
    expect(Object.keys(after).sort()).toEqual([...new Set([...Object.keys(before), 'services', 'restart'])].sort())

    // Existing services are kept in order; only the requested port moves off a service that used it another way
    // (a service left with no port at all is dropped); exactly one service then serves the port with pg_tls.
    const original = (before.services ?? []) as Service[]
    const services = after.services as Service[]
    const alreadyServed = original.some(s => servesPort(s, port))
    const kept = alreadyServed
      ? original
      : original.flatMap(s => {
          if (!usesPort(s, port)) return [s]
          const ports = (s.ports ?? []).filter(p => p.port !== port)
          return ports.length > 0 ? [{ ...s, ports }] : []
        })
    if (alreadyServed) {
      expect(plain(services)).toEqual(plain(original))
    } else {
      expect(plain(services.slice(0, -1))).toEqual(plain(kept))
      expect(plain(services.at(-1))).toEqual({
        protocol: 'tcp',
        internal_port: 5432,
        ports: [{ port, handlers: ['pg_tls'] }],
        concurrency: { type: 'connections', hard_limit: 1000, soft_limit: 1000 }
      })
    }
    const pgTlsOnPort = services.filter(s => (s.ports ?? []).some(p => p.port === port && (p.handlers ?? []).includes('pg_tls')))
    expect(pgTlsOnPort).toHaveLength(1)
    expect(servesPort(pgTlsOnPort[0], port)).toBe(true)

    // The restart policy: untouched when present, the machines' when absent.
    expect(plain(after.restart)).toEqual(before.restart === undefined ? [{ policy: restartPolicy }] : plain(before.restart))

    // Layout: unchanged text when nothing changes; appended (the original a byte-exact prefix) unless the services
    // cannot be appended to (an inline array, or a port moved off an existing service).
    const needsService = !alreadyServed
    const moved = needsService && original.some(s => usesPort(s, port))
    if (!needsService && before.restart !== undefined) {
      expect(result).toEqual({ text, changes: [] })
    } else {
      expect(result.changes.length).toBeGreaterThan(0)
      const mustRerender = needsService && (servicesInline || moved)
      expect(result.text.startsWith(text)).toBe(!mustRerender)
    }

    // Idempotent: the patched config needs nothing more.
    expect(patchFlyToml(result.text, request)).toEqual({ text: result.text, changes: [] })
  })
})
