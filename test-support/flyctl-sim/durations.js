// @ts-check
// Go durations: time.ParseDuration, time.Duration.String and fly.toml's fly.Duration.
/** @type {Record<string, number>} */
const DURATION_UNITS = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 }
/**
 * time.ParseDuration, in milliseconds (null when invalid).
 * @param {string} text
 */
export function parseGoDuration(text) {
  if (text === '0') return 0
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  let total = 0
  let matched = ''
  let m
  while ((m = re.exec(text))) {
    total += parseFloat(m[1]) * DURATION_UNITS[m[2]]
    matched += m[0]
  }
  return matched && matched === text ? total : null
}
/**
 * time.Duration.String() for a duration in milliseconds.
 * @param {number} ms
 */
export function formatGoDuration(ms) {
  if (ms === 0) return '0s'
  if (ms < 1000) return `${+ms.toFixed(6)}ms`
  const h = Math.floor(ms / 3600000)
  const m = Math.floor((ms % 3600000) / 60000)
  const s = +((ms % 60000) / 1000).toFixed(9)
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`
}
/**
 * fly.Duration in fly.toml: a Go duration string, or a number of milliseconds (appconfig/patches.go).
 * @param {unknown} v
 * @param {number} [numberUnitMs] what a plain number counts
 */
export function normalizeDuration(v, numberUnitMs = 1) {
  if (v === undefined || v === null) return undefined
  const ms = typeof v === 'number' ? v * numberUnitMs : parseGoDuration(String(v))
  return ms === null ? String(v) : formatGoDuration(ms)
}
