import { describe, expect, it } from '@jest/globals'
import { describeImage, managedByDeploy, primaryLast, roleOf, classifyMachines } from '../src/pure/members.js'
import type { FlyMachine } from '../src/pure/fly-types.js'
import { barmanMachine, consoleMachine, pgMachine, preV2Cluster } from '../test-support/flyctl-sim/clusters.js'

const APP = 'my-db'
const member = (index: number) => pgMachine(APP, index) as FlyMachine

describe('classifyMachines', () => {
  it('keeps Postgres members and names console, barman, release-command and destroyed machines', () => {
    const release: FlyMachine = {
      id: 'rel',
      state: 'stopped',
      config: { metadata: { fly_platform_version: 'v2', fly_process_group: 'fly_app_release_command' } }
    }
    const destroyed: FlyMachine = { ...member(2), id: 'gone', state: 'destroyed' }
    const consoleM = consoleMachine(APP) as FlyMachine
    const barman = barmanMachine(APP) as FlyMachine
    const sorted = classifyMachines([member(0), consoleM, member(1), barman, release, destroyed])
    expect(sorted.members.map(m => m.id)).toEqual([member(0).id, member(1).id])
    expect(sorted.others).toEqual([
      { id: consoleM.id, kind: 'console' },
      { id: barman.id, kind: 'barman' },
      { id: 'rel', kind: 'release command' },
      { id: 'gone', kind: 'destroyed' }
    ])
  })
})

describe('member facts', () => {
  it('managed by fly deploy only with the v2 metadata', () => {
    expect(managedByDeploy(member(0))).toBe(true)
    expect(managedByDeploy(preV2Cluster({ app: APP }).machines[0] as FlyMachine)).toBe(false)
  })

  it('reads the role from the role check, and orders replicas first and the primary last', () => {
    const [primary, replica1, replica2] = [member(0), member(1), member(2)]
    expect([roleOf(primary), roleOf(replica1)]).toEqual(['primary', 'replica'])
    expect(roleOf({ id: 'x', checks: [] })).toBeUndefined()
    expect(primaryLast([primary, replica1, replica2]).map(m => m.id)).toEqual([replica1.id, replica2.id, primary.id])
  })

  it('describes the image with its flex manager version', () => {
    expect(describeImage(member(0))).toBe('flyio/postgres-flex:16.11 (v0.0.62)')
    expect(describeImage({ id: 'x', config: { image: 'acme/pg:1' } })).toBe('acme/pg:1')
  })
})
