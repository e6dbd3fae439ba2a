// The inputs the action refuses by their text alone: no flyctl, no file, no secret involved. inputs.test.ts runs
// each through readInputs (the exact message, as an InputError); bad-inputs.test.ts runs the refusals that involve
// the runner (tokens from its environment, secrets to mask, workspace files) and the cluster through the bundle.

export interface InputRefusal {
  name: string
  /** The inputs that differ from a valid run's, for an app of this name. */
  inputs: (ctx: { app: string }) => Record<string, string>
  message: () => string
}

export const appError = (app: string) =>
  `Input \`app\` is not a valid Fly app name: "${app}". Use the name shown by \`fly apps list\` (lowercase letters, digits and dashes).`
export const oneOfError = (name: string, allowed: string, value: string) => `Input \`${name}\` must be one of ${allowed}, not "${value}".`

export const exportEnvError = (name: string) =>
  `Input \`export-env\` cannot be "${name}": the name must end in URL or DSN (like DATABASE_URL or TEST_DATABASE_URL) and not start with GITHUB_, RUNNER_, ACTIONS_, INPUT_, STATE_ or FLY_, so the URL cannot change how the job's later steps run; or \`libpq\` for PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE.`

export const INPUT_REFUSALS: InputRefusal[] = [
  // ---- app
  { name: 'an app name with uppercase letters', inputs: () => ({ app: 'My-DB' }), message: () => appError('My-DB') },
  { name: 'an app name with a space', inputs: () => ({ app: 'my db' }), message: () => appError('my db') },
  { name: 'an app name starting with a dash', inputs: () => ({ app: '-db' }), message: () => appError('-db') },
  { name: 'an app name that is a flyctl flag', inputs: () => ({ app: '--config=x' }), message: () => appError('--config=x') },
  { name: 'an app name ending with a dash', inputs: () => ({ app: 'db-' }), message: () => appError('db-') },
  {
    name: 'a database-url without a password',
    inputs: ({ app }) => ({ 'database-url': `postgres://postgres@${app}.flycast:5432/postgres` }),
    message: () => 'database-url has no password. Use the full string `fly pg create` printed, or pass username and password instead.'
  },
  {
    name: 'neither database-url nor password',
    inputs: () => ({ 'database-url': '' }),
    message: () => 'No database credentials: set `database-url` (the string `fly pg create` printed) or `password` (with `username` and `database`).'
  },
  {
    name: 'a host with a path',
    inputs: () => ({ host: 'db.example.com/admin' }),
    message: () => 'Input `host` is not a hostname: "db.example.com/admin".'
  },
  ...['[::1', '::1]', '[2001:db8::1]]', '[[::1]'].map(host => ({
    name: `a host with unbalanced brackets: ${host}`,
    inputs: () => ({ host }),
    message: () => `Input \`host\` has unbalanced brackets: "${host}". Write an IPv6 address as 2001:db8::1 or [2001:db8::1].`
  })),
  ...['[db.example.com]', '2001:db8::g', 'fe80::1%eth0', '1:2:3'].map(host => ({
    name: `a host that is neither a name nor an IPv6 address: ${host}`,
    inputs: () => ({ host }),
    message: () => `Input \`host\` is not a hostname: "${host}".`
  })),
  {
    name: 'a database-url whose query overrides its host',
    inputs: ({ app }) => ({ 'database-url': `postgres://postgres:pw@${app}.flycast:5432/postgres?host=elsewhere.example.com` }),
    message: () =>
      "database-url sets `host` in its query, which would override the URL's own host, port, user or database: remove it (the action verifies and writes the URL's own parts)."
  },
  // ---- flyctl-version, ports, modes
  {
    name: 'flyctl-version banana',
    inputs: () => ({ 'flyctl-version': 'banana' }),
    message: () => 'Input `flyctl-version` must be `latest` or a version like 0.4.87, not "banana".'
  },
  {
    name: 'flyctl-version 0.4 (no patch)',
    inputs: () => ({ 'flyctl-version': '0.4' }),
    message: () => 'Input `flyctl-version` must be `latest` or a version like 0.4.87, not "0.4".'
  },
  // Older than the public route's minimum (src/pure/flyctl-minimum.ts): the newest flag the action passes names it.
  ...['0.2.49', 'v0.2.49', '0.2.50-pre-1', '0.1.113', '0.0.63'].map(version => ({
    name: `flyctl-version ${version} (older than 0.2.50)`,
    inputs: () => ({ 'flyctl-version': version }),
    message: () =>
      `Input \`flyctl-version\` is ${version.replace(/^v/, '')}, but \`--only-machines\` on \`fly deploy\` needs flyctl 0.2.50 or newer. Pin 0.2.50 or later, or use \`latest\`.`
  })),
  ...['0', '70000', 'abc'].map(port => ({
    name: `port ${port}`,
    inputs: () => ({ port }),
    message: () => `Input \`port\` must be a TCP port from 1 to 65535, not "${port}".`
  })),
  {
    name: 'an unknown ipv4 mode',
    inputs: () => ({ ipv4: 'static' }),
    message: () => oneOfError('ipv4', 'dedicated, shared, none', 'static')
  },
  {
    name: 'an ipv6 that is not a boolean (echoed as typed)',
    inputs: () => ({ ipv6: 'Maybe' }),
    message: () => 'Input `ipv6` must be true or false, not "Maybe".'
  },
  {
    name: 'an unknown deploy mode',
    inputs: () => ({ deploy: 'sometimes' }),
    message: () => oneOfError('deploy', 'auto, always, never', 'sometimes')
  },
  {
    name: 'an unknown method',
    inputs: () => ({ method: 'ssh' }),
    message: () => oneOfError('method', 'deploy, machines', 'ssh')
  },
  {
    name: 'an unknown image choice',
    inputs: () => ({ image: 'latest' }),
    message: () => oneOfError('image', 'major, running', 'latest')
  },
  {
    name: 'an unknown tls mode',
    inputs: () => ({ tls: 'insecure' }),
    message: () => oneOfError('tls', 'verify-full, require', 'insecure')
  },
  {
    name: 'an unknown sslmode',
    inputs: () => ({ sslmode: 'disable' }),
    message: () => oneOfError('sslmode', 'require, verify-ca, verify-full, prefer, no-verify', 'disable')
  },
  {
    name: 'a dry-run that is not a boolean',
    inputs: () => ({ 'dry-run': 'yes' }),
    message: () => 'Input `dry-run` must be true or false, not "yes".'
  },
  ...['soon', '0'].map(timeout => ({
    name: `verify-timeout ${timeout}`,
    inputs: () => ({ 'verify-timeout': timeout }),
    message: () => `Input \`verify-timeout\` must be a whole number of seconds from 1 to 3600, not "${timeout}".`
  })),
  ...['15m', '0', '21601', '-5'].map(timeout => ({
    name: `deploy-timeout ${timeout}`,
    inputs: () => ({ 'deploy-timeout': timeout }),
    message: () =>
      `Input \`deploy-timeout\` must be a whole number of seconds from 1 to 21600 (6 hours), not "${timeout}". The default, 900, gives a rolling restart of a 3-machine cluster 15 minutes.`
  })),
  ...['DATABASE-URL', '1URL', 'DB URL', '$(id)'].map(name => ({
    name: `export-env ${name}`,
    inputs: () => ({ 'export-env': name }),
    message: () =>
      `Input \`export-env\` must be an environment variable name (letters, digits and _, not starting with a digit), like DATABASE_URL, or \`libpq\`, not "${name}".`
  })),
  // Names that would change how the job's later steps run (or what the runner, the Actions services and flyctl read).
  ...[
    'PATH',
    'HOME',
    'SHELL',
    'ENV',
    'BASH_ENV',
    'SHELLOPTS',
    'BASHOPTS',
    'IFS',
    'PS4',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'DYLD_INSERT_LIBRARIES',
    'TMPDIR',
    'CI',
    'NODE_OPTIONS',
    'FLY_API_TOKEN',
    'FLY_ACCESS_TOKEN',
    'FLY_API_BASE_URL',
    'GITHUB_TOKEN',
    'GITHUB_SERVER_URL',
    'github_api_url',
    'RUNNER_TEMP',
    'ACTIONS_RUNTIME_URL',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
    'INPUT_DATABASE_URL',
    'STATE_URL'
  ].map(name => ({
    name: `export-env ${name}`,
    inputs: () => ({ 'export-env': name }),
    message: () => exportEnvError(name)
  })),
  {
    name: 'ephemeral maybe',
    inputs: () => ({ ephemeral: 'maybe' }),
    message: () => 'Input `ephemeral` must be true or false, not "maybe".'
  },
  // ---- preview environments (names reach SQL only quoted; these never reach it)
  ...[`pr"; drop database postgres; --`, "pr'1", 'PR-1', '1pr', 'pr 1', 'a'.repeat(64)].map(name => ({
    name: `a preview-database name that is no plain identifier: ${name.slice(0, 30)}`,
    inputs: () => ({ 'preview-database': name }),
    message: () =>
      `Input \`preview-database\` must be a name of lowercase letters, digits, \`_\` and \`-\`, starting with a letter and at most 63 characters (like pr-123), not "${name}".`
  })),
  ...['postgres', 'template1', 'repmgr', 'pg_signal'].map(name => ({
    name: `a preview-database that belongs to the cluster: ${name}`,
    inputs: () => ({ 'preview-database': name }),
    message: () => `Input \`preview-database\` cannot be "${name}": that name belongs to the cluster itself. Use a name like pr-123.`
  })),
  {
    name: 'a preview-template with a quote',
    inputs: () => ({ 'preview-database': 'pr-1', 'preview-template': `seed"x` }),
    message: () => 'Input `preview-template` must name a database of lowercase letters, digits, `_` and `-`, starting with a letter (like seed), not "seed"x".'
  },
  {
    name: 'a preview-template without preview-database',
    inputs: () => ({ 'preview-template': 'seed' }),
    message: () => 'Input `preview-template` needs `preview-database`: it is the database a new preview database is copied from.'
  },
  {
    name: 'a preview-template that is the preview itself',
    inputs: () => ({ 'preview-database': 'pr-1', 'preview-template': 'pr-1' }),
    message: () => 'Input `preview-template` cannot be the preview database itself ("pr-1").'
  },
  { name: 'an unknown mode', inputs: () => ({ mode: 'destroy' }), message: () => oneOfError('mode', 'expose, teardown, prune', 'destroy') },
  {
    name: 'mode: teardown with nothing to tear down',
    inputs: () => ({ mode: 'teardown' }),
    message: () => '`mode: teardown` has nothing to do: set `preview-database` (the database and role to drop), `release-ips: true`, or both.'
  },
  {
    name: 'release-ips when exposing',
    inputs: () => ({ 'release-ips': 'true' }),
    message: () => 'Input `release-ips` is for `mode: teardown` only: exposing a cluster never releases its IPs.'
  },
  {
    name: 'release-ips that is not a boolean',
    inputs: () => ({ mode: 'teardown', 'release-ips': 'yes' }),
    message: () => 'Input `release-ips` must be true or false, not "yes".'
  }
]
