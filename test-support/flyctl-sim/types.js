// @ts-check
// Types only: the Fly world in FLYSIM_STATE (apps, machines, IPs, leases, faults; test-support/README.md "Simulator
// state"), one invocation's context, and the app config model. Field names follow fly-go's JSON tags.

/** Parsed JSON or TOML whose shape is checked only where it is read. @typedef {any} Json */

/**
 * The Fly world (FLYSIM_STATE).
 * @typedef {object} World
 * @property {string} token the only token the API accepts
 * @property {number} [apiDelayMs] charged on every API call
 * @property {number} [deployDelayMs] charged on every deploy and machine update
 * @property {Record<string, boolean>} [holds] a test's gates (`deploy`: a deploy waits, leases held, before it applies its change;
 *   `reads`: `ips list` and `machines list` wait before they read)
 * @property {number} [restartMs] read by the edge, not by the simulator
 * @property {Record<string, number>} [commandDelayMs] extra latency for one command, before it acts
 * @property {Fault[]} [faults]
 * @property {Record<string, App>} [apps]
 * @property {string[]} [localDockerImages] images a deploy without --remote-only pushes from the local docker
 * @property {string[]} [remoteImages] images the registry knows besides Fly's Postgres images
 * @property {string[]} [unhealthyAfterUpdate] machine ids whose checks fail after a `machine update`
 * @property {Record<string, Organization>} [organizations] orgs by slug (an org an app or cluster names exists anyway);
 *   the token sees these (`postgres create --org`, `apps list --org`; default `personal`)
 * @property {string} [operatorPassword] the password `postgres create` prints (the test world's one Postgres has one)
 * @property {{ host?: string, port: number }} [clusterPostgres] where a cluster `postgres create` makes answers on its
 *   private network (`[<name>.internal]:5432` in `privateNetwork`): the test world's one Postgres
 * @property {Record<string, MpgCluster>} [mpgClusters] Managed Postgres clusters by ID
 * @property {Record<string, { host?: string, port: number }>} [privateNetwork] what a tunnel reaches: keyed by flyctl's
 *   remote address (`[<app>.internal]:5432`, `[<ipv6>]:5432`), the local TCP address that stands in for it
 * @property {string} [viewerEmail] the token's (pseudo-)email, which goes into peer names
 * @property {string} [wireGuardRegion] the nearest WireGuard gateway region (default iad)
 * @property {number} [dnsWaitMs] how long `proxy` waits for a name that is not in DNS (flyctl: 4 minutes)
 */

/**
 * @typedef {object} Organization
 * @property {string} [id]
 * @property {string} [name]
 * @property {(WireGuardPeer & { createdAt?: number })[]} [wireGuardPeers]
 */

/** fly-go types.go WireGuardPeer (GraphQL nodes). @typedef {{ ID: string, Pubkey: string, Region: string, Name: string, Peerip: string }} WireGuardPeer */

/**
 * A Managed Postgres cluster (uiex mpg v1/v2 ManagedCluster plus its credentials).
 * @typedef {object} MpgCluster
 * @property {string} name
 * @property {string} organization org slug
 * @property {string} [region]
 * @property {string} [status]
 * @property {string} [plan]
 * @property {number} [disk]
 * @property {number} [replicas]
 * @property {number} [version] 1 or 2 (default 2)
 * @property {{ direct: string }} ip_assignments
 * @property {{ name: string, id: number }[]} [attached_apps]
 * @property {{ status?: string, user: string, password: string, dbname: string, pgbouncer_uri?: string }} credentials
 */

/**
 * An injected failure, taken by the first command it matches.
 * @typedef {object} Fault
 * @property {string} match command words, a prefix of them, or `*`
 * @property {number} [times] how many calls it fails (none: every call)
 * @property {boolean} [after] the command takes effect first
 * @property {boolean} [stall] the call never answers
 * @property {number} [exitCode]
 * @property {string} [stdout]
 * @property {string} [stderr]
 * @property {number} [delayMs]
 * @property {'start' | 'peer' | 'probe' | 'ready'} [at] for `proxy` and `mpg proxy`: where in the start-up it acts
 *   (default `start`, before any call); a fault with only `delayMs` or `stall` slows or stalls that step
 */

/**
 * @typedef {object} App
 * @property {string} [role] `postgres_cluster` for `fly pg create` apps
 * @property {string} [organization]
 * @property {boolean} [deployedWithFlyDeploy]
 * @property {Json} [releaseConfig] the config of the last `fly deploy` (what `config save` returns)
 * @property {number} [releaseVersion]
 * @property {number} [deployingSince] set while a deploy runs
 * @property {Ip[]} [ips]
 * @property {Machine[]} [machines]
 * @property {Volume[]} [volumes] volumes a first deploy created
 * @property {DeployRecord[]} [deploys]
 * @property {MachineUpdateRecord[]} [machineUpdates]
 * @property {Record<string, Lease | string>} [leases] by machine id; a plain string is a lease held for good
 */

/** @typedef {{ owner: string, nonce: string, expiresAt: number }} Lease */

/**
 * An `ips list --json` entry (fly-go types.go IPAddress).
 * @typedef {object} Ip
 * @property {string} ID
 * @property {string} Address
 * @property {string} Type v4, shared_v4, v6, private_v6, egress_v4, egress_v6
 * @property {string} Region
 * @property {string} CreatedAt
 * @property {string} ServiceName
 * @property {{ Name: string, Organization: { Slug: string } } | null} Network
 */

/**
 * A `machines list --json` entry (fly-go machine_types.go Machine).
 * @typedef {object} Machine
 * @property {string} id
 * @property {string} [name]
 * @property {string} [state]
 * @property {string} region
 * @property {ImageRef} [image_ref]
 * @property {string} [instance_id]
 * @property {string} [private_ip]
 * @property {string} [created_at]
 * @property {string} [updated_at]
 * @property {MachineConfig} [config]
 * @property {Json[]} [events]
 * @property {{ name: string, status: string, output?: string, updated_at?: string }[]} [checks]
 * @property {string} [host_status]
 * @property {boolean} [cordoned]
 */

/** @typedef {{ registry: string, repository: string, tag: string, digest: string, labels?: Record<string, string> }} ImageRef */

/** An image a deploy resolved: an ImageRef without labels, maybe pushed from a local one. @typedef {{ registry: string, repository: string, tag: string, digest: string, pushedFrom?: string }} Image */

/**
 * fly-go MachineConfig (the fields the simulator reads or writes; the rest is kept as it is).
 * @typedef {object} MachineConfig
 * @property {Record<string, string>} [env]
 * @property {{ cmd?: string[], entrypoint?: Json, exec?: Json, swap_size_mb?: number }} [init]
 * @property {{ cpu_kind?: string, cpus?: number, memory_mb?: number }} [guest]
 * @property {Record<string, string>} [metadata]
 * @property {MachineMount[]} [mounts]
 * @property {MachineService[]} [services]
 * @property {{ port?: number, path?: string, https?: boolean }} [metrics]
 * @property {Record<string, Json>} [checks]
 * @property {string} [image]
 * @property {{ policy?: string, max_retries?: number }} [restart]
 * @property {{ timeout?: string, signal?: string }} [stop_config]
 */

/** @typedef {{ path: string, name?: string, volume?: string, size_gb?: number, encrypted?: boolean }} MachineMount */

/**
 * @typedef {object} MachineService
 * @property {string} protocol
 * @property {number} internal_port
 * @property {MachinePort[]} [ports]
 * @property {Json[]} [checks]
 * @property {boolean | string} [autostop]
 * @property {boolean} [autostart]
 * @property {number} [min_machines_running]
 * @property {Json} [concurrency]
 */

/** @typedef {{ port?: number, handlers?: string[], force_https?: boolean }} MachinePort */

/**
 * @typedef {object} Volume
 * @property {string} id
 * @property {string} name
 * @property {string} region
 * @property {number} size_gb
 * @property {boolean} encrypted
 * @property {string} created_at
 * @property {string} [group] the process group it is made for (not stored)
 * @property {string | null} [attached_machine_id]
 * @property {boolean} [empty]
 */

/**
 * @typedef {object} DeployRecord
 * @property {number} at
 * @property {string} image
 * @property {string[]} flags
 * @property {string | null} toml
 * @property {number} startedAt
 * @property {string} strategy
 * @property {string | null} configPath
 * @property {number} release
 * @property {string[]} destroyedMachines
 * @property {string[]} createdMachines
 * @property {string[]} updatedMachines
 * @property {boolean} firstDeploy
 * @property {string[]} createdVolumes
 */

/** @typedef {{ at: number, id: string, flags: string[] }} MachineUpdateRecord */

/** A parsed flag: pflag bool, string, int/float, or StringArray/StringSlice. @typedef {string | boolean | number | string[]} FlagValue */

/**
 * The flags commands read (each command's spec in flags.js / cli.js says which it takes).
 * @typedef {{
 *   'access-token'?: string, app?: string, config?: string, help?: boolean, json?: boolean, yaml?: boolean, quiet?: boolean, yes?: boolean,
 *   shared?: boolean, private?: boolean, region?: string, network?: string, image?: string, 'remote-only'?: boolean, 'local-only'?: boolean,
 *   env?: string[], port?: string[], strategy?: string, 'primary-region'?: string, 'max-unavailable'?: number, 'deploy-retries'?: string,
 *   ha?: boolean, 'only-machines'?: string[], 'exclude-machines'?: string[], 'skip-health-checks'?: boolean, 'skip-start'?: boolean,
 *   [name: string]: FlagValue | undefined
 * }} Flags
 */

/**
 * One invocation: its arguments, session, the world as read at its start, and what it did.
 * @typedef {object} Ctx
 * @property {string[]} argv
 * @property {Flags} flags
 * @property {string[]} args
 * @property {string | null} token
 * @property {string | null} tokenSource
 * @property {number} apiCalls
 * @property {boolean} wrote
 * @property {World} state
 * @property {string} appName '' until requireAppName sets it (before any API call)
 * @property {string} [configPath]
 * @property {string} [configText]
 * @property {AppConfig} [appConfig]
 * @property {{ nonce: string, ids: string[] }} [leases] the leases this process holds
 * @property {Fault | null} [fault] a fault a command with `ownFaults` applies itself
 */

/**
 * appconfig.Config, normalized (Go field order, empty fields dropped); `path` and `unmarshalError` are hidden.
 * @typedef {object} AppConfig
 * @property {string} [app]
 * @property {string} [primary_region]
 * @property {string} [kill_signal]
 * @property {string} [kill_timeout]
 * @property {number} [swap_size_mb]
 * @property {{ cmd?: string[], entrypoint?: Json, exec?: Json }} [experimental]
 * @property {{ image?: string, dockerfile?: string } & Record<string, Json>} [build]
 * @property {{ strategy?: string } & Record<string, Json>} [deploy]
 * @property {Record<string, string>} [env]
 * @property {Record<string, string>} [processes]
 * @property {ConfigMount[]} [mounts]
 * @property {Json} [http_service]
 * @property {ConfigService[]} [services]
 * @property {Record<string, ConfigCheck>} [checks]
 * @property {{ policy?: string, retries?: number, processes?: string[] }[]} [restart]
 * @property {Json[]} [vm]
 * @property {Json[]} [statics]
 * @property {{ port?: number, path?: string, https?: boolean, processes?: string[] }[]} [metrics]
 * @property {string} [path] where it was read from (hidden)
 * @property {string} [unmarshalError] a section encoding/json cannot decode (hidden)
 */

/**
 * A fly.toml `[mounts]` entry (appconfig.Validate requires source and destination; the simulator does not check).
 * @typedef {{ source: string, destination: string, initial_size?: string | number, processes?: string[] }} ConfigMount
 */

/** @typedef {{ port?: number, type?: string, method?: string, processes?: string[] } & Record<string, Json>} ConfigCheck */

/**
 * appconfig.Service.
 * @typedef {object} ConfigService
 * @property {string} protocol
 * @property {number} internal_port
 * @property {Json} [auto_stop_machines]
 * @property {boolean} [auto_start_machines]
 * @property {number} [min_machines_running]
 * @property {string[]} [processes]
 * @property {MachinePort[]} [ports]
 * @property {Json} [concurrency]
 * @property {ConfigCheck[]} [tcp_checks]
 * @property {ConfigCheck[]} [http_checks]
 */

export {}
