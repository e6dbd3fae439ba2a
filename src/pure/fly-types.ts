// Shapes of flyctl's --json output that the action reads (see shared/fly-reference.md).

/** One entry of `flyctl ips list --json` (Go field names). */
export interface FlyIp {
  ID: string
  Address: string
  Type: 'v4' | 'v6' | 'private_v6' | 'shared_v4' | 'egress_v4' | 'egress_v6' | string
  Region: string
  CreatedAt: string
  ServiceName?: string
  Network?: unknown
}

export interface FlyServicePort {
  port?: number
  handlers?: string[]
  force_https?: boolean
}

export interface FlyService {
  protocol?: string
  internal_port?: number
  ports?: FlyServicePort[]
  [key: string]: unknown
}

export interface FlyMount {
  volume?: string
  path?: string
  name?: string
}

/** One entry of `flyctl machines list --json` (lowercase keys). */
export interface FlyMachine {
  id: string
  name?: string
  state?: string
  region?: string
  image_ref?: {
    registry?: string
    repository?: string
    tag?: string
    digest?: string
    labels?: Record<string, string> | null
  }
  config?: {
    image?: string
    services?: FlyService[] | null
    mounts?: FlyMount[] | null
    env?: Record<string, string> | null
    metadata?: Record<string, string> | null
    restart?: { policy?: string; max_retries?: number } | null
    [key: string]: unknown
  }
  /** Health check results; postgres-flex's `role` check says `primary` or `replica`. */
  checks?: Array<{ name?: string; status?: string; output?: string }> | null
}

/** What the action reads of a cluster before it plans. */
export interface ClusterState {
  ips: FlyIp[]
  machines: FlyMachine[]
  /** When the reads finished (ms since the epoch): how fresh the addresses were when seen. */
  readAt?: number
}
