import { describe, expect, it } from '@jest/globals'
import { FlyctlError, flyErrorMessage, flyctlEnv, isTransientFlyError } from '../src/effects/flyctl.js'
import { childEnv } from '../src/pure/child-env.js'

describe('running flyctl', () => {
  it('hands flyctl exactly one token variable, so an empty FLY_ACCESS_TOKEN cannot hide it', () => {
    const env = flyctlEnv({ PATH: '/bin', FLY_ACCESS_TOKEN: '', FLY_API_TOKEN: 'fo1_old' }, 'fo1_token')
    expect(env).toEqual({ PATH: '/bin', FLY_ACCESS_TOKEN: 'fo1_token', CI: 'true', NO_COLOR: '1' })
  })

  it('passes on only what flyctl needs to run: no input, no runner or other token, nothing that retargets it', () => {
    const needed = {
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      TMPDIR: '/tmp/runner',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      HTTPS_PROXY: 'http://proxy.internal:3128',
      https_proxy: 'http://proxy.internal:3128',
      NO_PROXY: 'localhost',
      no_proxy: 'localhost',
      SSL_CERT_FILE: '/etc/ssl/corp.pem',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/corp.pem',
      FLY_CONFIG_DIR: '/home/runner/.fly',
      FLY_API_BASE_URL: 'https://api.fly.io',
      FLY_NO_UPDATE_CHECK: '1',
      GITHUB_ACTIONS: 'true'
    }
    const env = flyctlEnv(
      {
        ...needed,
        'INPUT_DATABASE-URL': 'postgres://postgres:pw@db.flycast/postgres',
        INPUT_PASSWORD: 'pw',
        'INPUT_FLY-API-TOKEN': 'fo1_input',
        ACTIONS_RUNTIME_TOKEN: 'runtime',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example.test',
        STATE_ephemeral: '{}',
        GITHUB_TOKEN: 'ghs_x',
        FLY_API_TOKEN: 'fo1_env',
        FLY_METRICS_TOKEN: 'fo1_metrics',
        FLY_APP: 'another-app',
        FLY_ORG: 'another-org',
        FLY_REGION: 'ams',
        FLY_JSON: '1',
        DATABASE_URL: 'postgres://app:pw@elsewhere/app',
        AWS_SECRET_ACCESS_KEY: 'aws',
        NODE_OPTIONS: '--require /tmp/x.js',
        LD_PRELOAD: '/tmp/x.so'
      },
      'fo1_token'
    )
    expect(env).toEqual({ ...needed, FLY_ACCESS_TOKEN: 'fo1_token', CI: 'true', NO_COLOR: '1' })
  })

  it('tar and other children get the same allow-list, with no token at all', () => {
    expect(childEnv({ PATH: '/bin', HOME: '/home/runner', INPUT_PASSWORD: 'pw', FLY_API_TOKEN: 'fo1_env', FLY_ACCESS_TOKEN: 'fo1_env' })).toEqual({
      PATH: '/bin',
      HOME: '/home/runner'
    })
  })

  it('keeps the Error: line and drops the GraphQL query fly-go wraps around API errors', () => {
    const stderr = 'Error: failed to run query ($appName: String!) { app(name: $appName) { ipAddresses { nodes { id } } } }: Could not find App "x"\n'
    expect(flyErrorMessage(stderr, '')).toBe('Fly API: Could not find App "x"')
    expect(flyErrorMessage('Warning! something\nError: unknown flag: --yes\n', '')).toBe('unknown flag: --yes')
    expect(flyErrorMessage('', 'panic: boom\n')).toBe('panic: boom')
  })

  it('says what to do next, with the app named', () => {
    const error = new FlyctlError('ips list -a my-db --json', 1, 'Fly API: You must be authenticated to view this.')
    expect(error.message).toBe(
      '`flyctl ips list -a my-db --json` failed (exit 1): Fly API: You must be authenticated to view this. The Fly token was rejected: create one with `fly tokens create deploy -a my-db` and pass it as `fly-api-token` (or FLY_API_TOKEN).'
    )
  })

  it.each([
    [1, 'Fly API: 502 Bad Gateway', true],
    [1, 'failed to list VMs: context deadline exceeded', true],
    [126, 'anything at all', true],
    [1, 'Fly API: You must be authenticated to view this.', false],
    [1, 'failed to list VMs: app not found (Request ID: 01K)', false],
    [1, 'unknown flag: --yes', false]
  ])('exit %i "%s" is transient: %s', (exitCode, message, transient) => {
    expect(isTransientFlyError(new FlyctlError('ips list -a my-db', exitCode, message))).toBe(transient)
  })
})
