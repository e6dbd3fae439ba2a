// The choices the inputs offer, as types the decisions (plan.ts) and the reading of inputs (effects/inputs.ts) share.

export type Ipv4Mode = 'dedicated' | 'shared' | 'none'
export type DeployMode = 'auto' | 'always' | 'never'
export type TlsMode = 'verify-full' | 'require'
/** How the service reaches the members: the documented `fly deploy`, or `fly machine update` one member at a time. */
export type Method = 'deploy' | 'machines'
/** The image a deploy uses: `flyio/postgres-flex:<major>` (the newest build) or the exact build the members run. */
export type ImageChoice = 'major' | 'running'
/**
 * `expose` makes the cluster reachable (and creates a preview database); `teardown` removes a preview database;
 * `prune` removes the marked previews not used for `preview-max-age`.
 */
export type Mode = 'expose' | 'teardown' | 'prune'
