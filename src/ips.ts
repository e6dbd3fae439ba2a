// Allocates the public IPs the plan asks for, both at once.
import type { Flyctl } from './flyctl.js'
import type { ExposurePlan } from './plan.js'

export interface PublicIps {
  ipv4?: string
  ipv6?: string
}

export async function allocateMissingIps(fly: Flyctl, app: string, plan: ExposurePlan): Promise<PublicIps> {
  const { allocate, existing } = plan
  const [ipv4, ipv6] = await Promise.all([
    allocate.ipv4 ? allocateIpv4(fly, app, allocate.ipv4) : existing.ipv4,
    allocate.ipv6 ? allocateIpv6(fly, app) : existing.ipv6
  ])
  return { ipv4, ipv6 }
}

async function allocateIpv4(fly: Flyctl, app: string, kind: 'dedicated' | 'shared'): Promise<string | undefined> {
  // A dedicated IPv4 is billed, so flyctl asks to confirm: `--yes` answers for a runner with no terminal.
  const flag = kind === 'shared' ? '--shared' : '--yes'
  const { stdout } = await fly.run(['ips', 'allocate-v4', '-a', app, flag])
  return addressIn(stdout, /\b(\d{1,3}(?:\.\d{1,3}){3})\b/)
}

async function allocateIpv6(fly: Flyctl, app: string): Promise<string | undefined> {
  // allocate-v6 has no --yes flag: passing one is an error.
  const { stdout } = await fly.run(['ips', 'allocate-v6', '-a', app])
  return addressIn(stdout, /\b([0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})\b/i)
}

/** allocate-* have no --json: read the address from the table they print. */
function addressIn(output: string, pattern: RegExp): string | undefined {
  return output.match(pattern)?.[1]
}
