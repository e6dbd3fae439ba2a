// The oldest flyctl that has every command and flag the action passes: the one place that records it. Each row was
// found in superfly/flyctl's history: `git log -S'<flag>' --reverse -- <path>` for the commit that added it (its code
// read, not only its docs), and `git tag --contains <commit> | sort -V | head -1` for the first release (tags vX.Y.Z).

/** The public route (IPs, config, deploy or machine update) or the tunnel route (src/effects/tunnel.ts). */
export type FlyctlRoute = 'public' | 'tunnel'

export interface FlyctlRequirement {
  route: FlyctlRoute
  /** What the action relies on, as a user would name it in a sentence. */
  what: string
  /** The first flyctl release that has it. */
  since: string
  /** The superfly/flyctl commit that added it. */
  commit: string
}

export const FLYCTL_REQUIREMENTS: readonly FlyctlRequirement[] = [
  // ---- public route
  {
    route: 'public',
    what: '`fly ips list`, `fly ips allocate-v4`, `fly ips allocate-v6` and `fly ips release <address>`',
    since: '0.0.63',
    commit: 'f24868412'
  },
  // Before it the global --json was accepted but a table was printed.
  { route: 'public', what: '`--json` on `fly ips list`', since: '0.0.501', commit: 'a12cfaf87' },
  // Dedicated IPv4 asks to confirm from 0.0.483 on (f481cfb53), in the same release as --yes.
  { route: 'public', what: '`--yes` on `fly ips allocate-v4`', since: '0.0.483', commit: 'd7dc6d965' },
  // --shared exists since 0.0.439 (84fb1ef3d), but 0.0.483 to 0.0.492 asked to confirm it too, which fails with no terminal.
  { route: 'public', what: '`--shared` on `fly ips allocate-v4` without a prompt', since: '0.0.493', commit: '6637f3696' },
  // Rewritten on the machines API in 0.0.307 (353954f4d).
  { route: 'public', what: '`fly machines list`', since: '0.0.236', commit: '01912e1c8' },
  { route: 'public', what: '`--json` on `fly machines list`', since: '0.0.348', commit: '7e2904aba' },
  { route: 'public', what: '`--yes` on `fly config save`', since: '0.0.485', commit: '56b634a38' },
  { route: 'public', what: '`--image` on `fly deploy`', since: '0.0.24', commit: 'dde830817' },
  { route: 'public', what: '`--config` on `fly deploy`', since: '0.0.48', commit: '3e9f0d078' },
  { route: 'public', what: 'a working directory argument to `fly deploy`', since: '0.0.70', commit: '8320e7a51' },
  { route: 'public', what: '`--remote-only` on `fly deploy`', since: '0.0.108', commit: '8a7f550c2' },
  { route: 'public', what: '`--strategy` on `fly deploy`', since: '0.0.110', commit: 'a5db2b894' },
  // An integer of seconds since 0.0.452 (75ca2ef3e); we pass a duration (`900s`).
  { route: 'public', what: 'a duration for `--wait-timeout` on `fly deploy`', since: '0.1.113', commit: '1060ccf7f' },
  { route: 'public', what: '`--only-machines` on `fly deploy`', since: '0.2.50', commit: '28937186d' },
  { route: 'public', what: '`fly machine update`', since: '0.0.361', commit: '184328842' },
  { route: 'public', what: '`--yes` on `fly machine update`', since: '0.0.434', commit: 'f0dcb9465' },
  // Before it, --port replaced the machine's services: the Flycast service would have been dropped.
  { route: 'public', what: '`--port` on `fly machine update` keeping the existing services', since: '0.1.6', commit: '9934f7804' },
  { route: 'public', what: '`--wait-timeout` on `fly machine update`', since: '0.1.82', commit: 'de779be5d' },
  // ---- tunnel route
  { route: 'tunnel', what: '`fly proxy`', since: '0.0.243', commit: 'db52eacc7' },
  { route: 'tunnel', what: '`--bind-addr` on `fly proxy`', since: '0.1.59', commit: '71f295c98' },
  { route: 'tunnel', what: '`fly agent stop`', since: '0.0.229', commit: '8eb55a515' },
  { route: 'tunnel', what: '`fly wireguard remove <org> <name>`', since: '0.0.152', commit: '2d03b63ff' },
  // Before it flyctl kept its agent, peers and token in ~/.fly, shared with the rest of the job.
  { route: 'tunnel', what: 'a private `FLY_CONFIG_DIR`', since: '0.1.123', commit: '34cca3ce3' },
  { route: 'tunnel', what: '`--bind-addr` on `fly mpg proxy`', since: '0.3.138', commit: 'f6cf944a5' },
  // Before it the cluster was the --cluster flag.
  { route: 'tunnel', what: 'a cluster ID argument to `fly mpg proxy`', since: '0.3.209', commit: '9383e01c8' },
  { route: 'tunnel', what: '`--local-port` on `fly mpg proxy`', since: '0.3.230', commit: 'bdbb23042' }
]

/** Orders flyctl versions (`X.Y.Z`, optionally `-pre...`): negative when a is older. A prerelease precedes its release. */
export function compareFlyctlVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core, ...pre] = version.replace(/^v/, '').split('-')
    return { parts: core.split('.').map(Number), pre: pre.join('-') }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return (x.parts[i] ?? 0) - (y.parts[i] ?? 0)
  if (x.pre === y.pre) return 0
  if (!x.pre || !y.pre) return x.pre ? -1 : 1
  return x.pre.localeCompare(y.pre, 'en', { numeric: true })
}

/** The requirement that sets a route's minimum: its newest row. */
export function flyctlMinimum(route: FlyctlRoute): FlyctlRequirement {
  return FLYCTL_REQUIREMENTS.filter(row => row.route === route).reduce((newest, row) => (compareFlyctlVersions(row.since, newest.since) > 0 ? row : newest))
}

/** The oldest flyctl the public route (every mode the action runs today) works with. */
export const PUBLIC_FLYCTL_MINIMUM = flyctlMinimum('public')

/**
 * The oldest flyctl the tunnel route works with (`route: tunnel`): the inputs refuse an older pinned flyctl, and the
 * route checks the version it resolved before any call (effects/tunnel-route.ts).
 */
export const TUNNEL_FLYCTL_MINIMUM = flyctlMinimum('tunnel')

/** Why a pinned flyctl `version` cannot run the route, or undefined when it can. `latest` is never too old. */
export function flyctlTooOld(version: string, route: FlyctlRoute): string | undefined {
  const minimum = flyctlMinimum(route)
  if (version === 'latest' || compareFlyctlVersions(version, minimum.since) >= 0) return undefined
  return `Input \`flyctl-version\` is ${version}, but ${minimum.what} needs flyctl ${minimum.since} or newer. Pin ${minimum.since} or later, or use \`latest\`.`
}
