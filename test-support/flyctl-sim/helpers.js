// @ts-check
// Ids and small helpers shared by the commands, and Go struct field order for JSON output.
import { createHash, randomBytes } from 'node:crypto'

export function ulid(time = Date.now()) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let t = time
  let head = ''
  for (let i = 0; i < 10; i++) {
    head = alphabet[t % 32] + head
    t = Math.floor(t / 32)
  }
  return head + Array.from(randomBytes(16), b => alphabet[b % 32]).join('')
}
/** @param {number} n */
export const randomHex = n =>
  randomBytes(Math.ceil(n / 2))
    .toString('hex')
    .slice(0, n)
/** @param {number} n */
export const randomBase36 = n => Array.from(randomBytes(n), b => (b % 36).toString(36)).join('')
/** @param {string} s */
export const sha256 = s => createHash('sha256').update(s).digest('hex')
export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
/** @type {(v: unknown) => v is Record<string, any>} */
export const isPlainObject = v => v !== null && typeof v === 'object' && !Array.isArray(v)
/**
 * @template T
 * @param {T} o
 * @returns {T}
 */
export const sortedObject = o =>
  isPlainObject(o)
    ? /** @type {T} */ (
        Object.fromEntries(
          Object.keys(o)
            .sort()
            .map(k => [k, o[k]])
        )
      )
    : o
export const byte = () => randomBytes(1)[0]

/**
 * Orders an object's keys like a Go struct's fields (unknown keys kept at the end).
 * @template T
 * @param {T} obj
 * @param {string[]} order
 * @param {Record<string, (value: any) => unknown>} [nested] how to order a field's own value
 * @returns {T}
 */
export function inGoOrder(obj, order, nested = {}) {
  if (!isPlainObject(obj)) return obj
  /** @type {Record<string, unknown>} */
  const res = {}
  for (const key of [...order, ...Object.keys(obj).filter(k => !order.includes(k))]) {
    if (!(key in obj) || obj[key] === undefined) continue
    const fix = nested[key]
    res[key] = fix ? fix(obj[key]) : obj[key]
  }
  return /** @type {T} */ (res)
}
/** @type {(fn: (item: any) => unknown) => (list: any) => any} */
export const each = fn => list => (Array.isArray(list) ? list.map(fn) : list)
/** @type {(fn: (item: any) => unknown) => (map: any) => any} */
export const eachValue = fn => map =>
  isPlainObject(map)
    ? Object.fromEntries(
        Object.keys(map)
          .sort()
          .map(k => [k, fn(map[k])])
      )
    : map
