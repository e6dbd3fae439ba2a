// @ts-check
// fly.toml writer (go-toml v2, SetIndentTables).
import { isPlainObject, nowIso } from './helpers.js'

/** @param {string} k */
const tomlKey = k => (/^[A-Za-z0-9_-]+$/.test(k) ? k : /['\n\r]/.test(k) ? JSON.stringify(k) : `'${k}'`)
/**
 * @param {unknown} v
 * @returns {string}
 */
function tomlValue(v) {
  if (typeof v === 'string') {
    // go-toml v2 encodeString: literal '...' unless the string holds ', a newline or control characters.
    // eslint-disable-next-line no-control-regex
    if (!/['\r\n\x00-\x08\x0b-\x1f\x7f]/.test(v)) return `'${v}'`
    return `"${v
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x1f\x7f]/g, c => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}"`
  }
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`
  if (isPlainObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`)
      .join(', ')}}`
  return String(v)
}
/** @param {unknown} v */
const isTable = v => isPlainObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isPlainObject))

/**
 * A table's keys and values, then its sub-tables (`[a.b]`) and arrays of tables (`[[a.b]]`), indented by depth.
 * @param {object} obj
 * @param {string[]} path
 * @param {number} indent
 * @returns {string}
 */
export function encodeTomlTable(obj, path, indent) {
  const pad = '  '.repeat(indent)
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined && v !== null)
  const kvs = entries.filter(([, v]) => !isTable(v))
  const tables = entries.filter(([, v]) => isTable(v))
  let text = kvs.map(([k, v]) => `${pad}${tomlKey(k)} = ${tomlValue(v)}\n`).join('')
  tables.forEach(([k, v], i) => {
    if (i > 0 || kvs.length > 0) text += '\n'
    const keyPath = [...path, k].map(tomlKey).join('.')
    if (Array.isArray(v))
      v.forEach((el, j) => {
        text += `${j ? '\n' : ''}${pad}[[${keyPath}]]\n${encodeTomlTable(el, [...path, k], indent + 1)}`
      })
    else text += `${pad}[${keyPath}]\n${encodeTomlTable(v, [...path, k], indent + 1)}`
  })
  return text
}

/**
 * Config.WriteTo("toml"): header comment + go-toml body.
 * @param {import('./types.js').AppConfig} cfg
 */
export function configToToml(cfg) {
  // appconfig/serde.go flyConfigHeader
  const header = `# fly.toml app configuration file generated for ${cfg.app} on ${nowIso()}\n#\n# See https://fly.io/docs/reference/configuration/ for information about how to use this file.\n#\n\n`
  return header + encodeTomlTable(cfg, [], 0)
}
