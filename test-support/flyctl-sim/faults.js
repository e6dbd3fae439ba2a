// @ts-check
// Injected faults (state `faults`): the first that matches the command is taken (its `times` counted down).
import { existsSync } from 'node:fs'
import { readStateFile, STATE_PATH, withStateLock } from './store.js'

/**
 * @param {string} commandName
 * @returns {Promise<import('./types.js').Fault | null>}
 */
export async function takeFault(commandName) {
  if (!STATE_PATH || !existsSync(STATE_PATH)) return null
  const snapshot = readStateFile()
  /** @param {import('./types.js').Fault} f */
  const matches = f => (f.times === undefined || f.times > 0) && (f.match === commandName || commandName.startsWith(`${f.match} `) || f.match === '*')
  if (!(snapshot.faults ?? []).some(matches)) return null
  return withStateLock(state => {
    const fault = (state.faults ?? []).find(matches)
    if (fault && fault.times !== undefined) fault.times -= 1
    return fault ?? null
  })
}
