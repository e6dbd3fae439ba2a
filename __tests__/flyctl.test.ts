import { describe, expect, it } from '@jest/globals'
import { FlyctlError, flyErrorMessage, flyctlEnv, isTransientFlyError } from '../src/effects/flyctl.js'

describe('running flyctl', () => {
  it('hands flyctl exactly one token variable, so an empty FLY_ACCESS_TOKEN cannot hide it', () => {
    const env = flyctlEnv({ PATH: '/bin', FLY_ACCESS_TOKEN: '', FLY_API_TOKEN: 'fo1_old' }, 'fo1_token')
    expect(env).toMatchObject({ PATH: '/bin', FLY_ACCESS_TOKEN: 'fo1_token', CI: 'true' })
    expect(env).not.toHaveProperty('FLY_API_TOKEN')
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
