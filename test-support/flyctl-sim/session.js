// @ts-check
// Session & app config preparers: the token, command.RequireSession, and loading fly.toml (RequireAppName).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { normalizeConfig } from './app-config.js'
import { CliError } from './errors.js'

/** @typedef {import('./types.js').Ctx} Ctx */

/**
 * Token precedence (internal/config/config.go applyEnv uses os.LookupEnv: a set-but-empty variable wins).
 * @param {import('./types.js').Flags} flags
 * @returns {{ token: string | null, source: string | null }}
 */
export function resolveToken(flags) {
  if (flags['access-token']) return { token: flags['access-token'].trim(), source: '--access-token' }
  for (const name of ['FLY_ACCESS_TOKEN', 'FLY_API_TOKEN']) {
    if (name in process.env) return process.env[name] ? { token: process.env[name].trim(), source: name } : { token: null, source: null }
  }
  return { token: null, source: null } // ~/.fly/config.yml is not simulated
}

/** @param {Ctx} ctx */
export function requireSession(ctx) {
  // fly-go api.go ErrNoAuthToken; command.RequireSession runs before RequireAppName.
  if (!ctx.token) throw new CliError("no access token available. Please login with 'flyctl auth login'")
}

/**
 * command.LoadAppConfigIfPresent + RequireAppName.
 * @param {Ctx} ctx
 */
export function requireAppName(ctx) {
  const explicit = ctx.flags.config
  const paths = explicit ? [explicit, join(explicit, 'fly.toml')] : ['fly.toml', 'fly.json', 'fly.yaml'].map(f => join(process.cwd(), f))
  for (const path of paths) {
    let text
    try {
      text = readFileSync(path, 'utf8')
    } catch (caught) {
      const e = /** @type {NodeJS.ErrnoException} */ (caught)
      if (e.code === 'ENOENT' || e.code === 'ENOTDIR') continue
      const syscall = e.code === 'EISDIR' ? 'read' : 'open'
      throw new CliError(`failed loading app config from ${path}: ${syscall} ${path}: ${e.code === 'EISDIR' ? 'is a directory' : e.message}`)
    }
    ctx.configPath = path
    ctx.configText = text
    ctx.appConfig = loadConfigText(text, path)
    break
  }
  if (!ctx.appConfig && explicit) {
    throw new CliError(`config file not found at specified path: ${explicit} (also tried: ${join(explicit, 'fly.toml')})`)
  }
  ctx.appName = ctx.flags.app || process.env.FLY_APP || ctx.appConfig?.app || ''
  if (!ctx.appName) {
    throw new CliError('the config for your app is missing an app name, add an app field to the fly.toml file or specify with the -a flag')
  }
}

/**
 * appconfig.LoadConfig: TOML (go-toml v2 errors reported as `row R column C` + context) or JSON.
 * @param {string} text
 * @param {string} path
 */
export function loadConfigText(text, path) {
  let raw
  if (path.endsWith('.json')) {
    try {
      raw = JSON.parse(text)
    } catch (e) {
      throw new CliError(`failed loading app config from ${path}: ${/** @type {Error} */ (e).message}`)
    }
  } else if (path.endsWith('.yaml')) {
    throw new CliError(`the flyctl simulator does not read ${path}`)
  } else {
    try {
      raw = parseToml(text)
    } catch (caught) {
      const e = /** @type {import('smol-toml').TomlError} */ (caught)
      const line = e.line ?? 1
      const column = e.column ?? 1
      const source = text.split('\n')[line - 1] ?? ''
      const reason = String(e.message)
        .split('\n')[0]
        .replace(/^Invalid TOML document: /, '')
      throw new CliError(
        `failed loading app config from ${path}: row ${line} column ${column}\n${line}| ${source}\n${' '.repeat(String(line).length)}| ${' '.repeat(Math.max(0, column - 1))}~ ${reason}`
      )
    }
  }
  return normalizeConfig(raw, path)
}
