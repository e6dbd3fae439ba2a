// Reads what the action needs to know about the cluster: two flyctl calls, run together.
import type { Flyctl } from './flyctl.js'
import type { ClusterState, FlyIp, FlyMachine } from '../pure/fly-types.js'

export async function readCluster(fly: Flyctl, app: string): Promise<ClusterState> {
  const [ips, machines] = await Promise.allSettled([
    fly.json<FlyIp[] | null>(['ips', 'list', '-a', app]),
    fly.json<FlyMachine[] | null>(['machines', 'list', '-a', app])
  ])
  // Both settle before we report, so the message does not depend on which read failed first.
  if (ips.status === 'rejected') throw ips.reason
  if (machines.status === 'rejected') throw machines.reason
  return { ips: ips.value ?? [], machines: machines.value ?? [], readAt: Date.now() }
}
