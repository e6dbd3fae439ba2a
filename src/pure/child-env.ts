// The environment every process the action starts (flyctl, tar) gets: an allow-list, never a copy of ours. The
// runner puts every input in the action's environment (INPUT_PASSWORD, INPUT_DATABASE-URL, INPUT_FLY-API-TOKEN) and
// its own credentials beside them (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN; STATE_* in a post step):
// none of that is a child's business. flyctl gets its one credential, FLY_ACCESS_TOKEN, from flyctlEnv on top.

/** Names passed on as they are: what a Unix program, Go's runtime and net/http, and flyctl read to run. */
const PASSED = new Set([
  // Finding programs, home and temporary directories, who runs them.
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'TMP',
  'TEMP',
  // Locale and time zone (LC_* below).
  'LANG',
  'LANGUAGE',
  'TZ',
  // Proxies (Go's net/http reads both spellings) and CA certificates (Go's crypto/x509; Node's for a stand-in).
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  // flyctl's settings that are not credentials and do not change which app, org or region it acts on, nor what it
  // prints (flyctl internal/config/config.go, helpers/config.go, internal/update/update.go, internal/cli/cli.go).
  // Left out: FLY_API_TOKEN, FLY_ACCESS_TOKEN, FLY_METRICS_TOKEN (credentials), FLY_APP, FLY_ORG, FLY_ORGANIZATION,
  // FLY_REGION (targets: the action names the app itself), FLY_JSON, FLY_VERBOSE (output the action reads).
  'FLY_CONFIG_DIR',
  'FLY_API_BASE_URL',
  'FLY_FLAPS_BASE_URL',
  'FLY_METRICS_BASE_URL',
  'FLY_SYNTHETICS_BASE_URL',
  'FLY_REGISTRY_HOST',
  'FLY_SEND_METRICS',
  'FLY_SYNTHETICS_AGENT',
  'FLY_NO_UPDATE_CHECK',
  'FLY_UPDATE_CHECK',
  'FLY_LOG_GQL_ERRORS',
  'FLY_GHA_ERROR_ANNOTATION',
  // flyctl tells CI apart by these (internal/env/env.go IsCI); flyctlEnv sets CI itself.
  'GITHUB_ACTIONS',
  // The runner ends every process carrying its job's tracking id when the job ends: the safety net for the tunnel's
  // detached proxy and agent if the post step never runs (actions/runner JobExtension.cs). An id, no secret.
  'RUNNER_TRACKING_ID',
  // The test suite's flyctl simulator (test-support/flyctl-sim) reads its world from these: paths, no secrets.
  'FLYSIM_STATE',
  'FLYSIM_LOG'
])

/** The allow-listed part of `base`: see PASSED. */
export function childEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && (PASSED.has(key) || key.startsWith('LC_'))) env[key] = value
  }
  return env
}
