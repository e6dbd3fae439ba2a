// The tunnel's decisions without a world: both flyctl ready lines, config.yml's peers, the URL, the environment.
import { describe, expect, it } from '@jest/globals'
import { classifyProxyFailure, parseReadyLine, peersFromConfigYaml, proxyArgs, tunnelEnv, tunnelUrl } from '../src/pure/tunnel.js'

describe('the ready line', () => {
  it('is read in the form of flyctl 0.3.154 and later, and the one before', () => {
    expect(parseReadyLine('Proxying localhost:15432 to remote [pg-app.internal]:5432\n')).toEqual({ port: 15432, remote: '[pg-app.internal]:5432' })
    expect(parseReadyLine('Proxying local port 15432 to remote [pg-app.internal]:5432\n')).toEqual({ port: 15432, remote: '[pg-app.internal]:5432' })
    expect(parseReadyLine('Proxying localhost:16380 to remote [fdaa:0:1:a7b::11]:5432')).toEqual({ port: 16380, remote: '[fdaa:0:1:a7b::11]:5432' })
  })

  it('is not found in other output, nor with port 0', () => {
    expect(parseReadyLine('Error: listen tcp 127.0.0.1:5432: bind: address already in use\n')).toBeNull()
    expect(parseReadyLine('Proxying localhost:0 to remote [a.internal]:5432\n')).toBeNull()
  })
})

describe("config.yml's wire_guard_state", () => {
  const yaml = [
    'access_token: ""',
    'wire_guard_state:',
    '    personal:',
    '        org: personal',
    '        name: interactive-runner-ci-token-01J0000000000000000000000',
    '        region: iad',
    '        peer:',
    '            peerip: fdaa:0:1:a7b::2',
    '            name: not-this-one',
    '    acme-private:',
    '        org: acme',
    '        name: "interactive-runner-x-01J1"',
    'wire_guard_websockets: true',
    ''
  ].join('\n')

  it('lists each org and peer name, and not the nested peer map', () => {
    expect(peersFromConfigYaml(yaml)).toEqual([
      { key: 'personal', org: 'personal', name: 'interactive-runner-ci-token-01J0000000000000000000000' },
      { key: 'acme-private', org: 'acme', name: 'interactive-runner-x-01J1' }
    ])
  })

  it('is empty when there is no state', () => {
    expect(peersFromConfigYaml('wire_guard_state: {}\n')).toEqual([])
    expect(peersFromConfigYaml('')).toEqual([])
  })
})

describe('the tunnel URL and command', () => {
  it('percent-encodes credentials and names 127.0.0.1', () => {
    expect(tunnelUrl({ user: 'postgres', password: 'p@ss/w:rd%?&', database: 'my db' }, 15432, 'disable')).toBe(
      'postgres://postgres:p%40ss%2Fw%3Ard%25%3F%26@127.0.0.1:15432/my%20db?sslmode=disable'
    )
  })

  it('proxies the app on 5432 or the MPG cluster by ID, bound to loopback', () => {
    expect(proxyArgs({ kind: 'app', app: 'pg-app' }, 0)).toEqual(['proxy', '0:5432', '-a', 'pg-app', '--bind-addr', '127.0.0.1'])
    expect(proxyArgs({ kind: 'mpg', cluster: 'abc' }, 0)).toEqual(['mpg', 'proxy', 'abc', '--local-port', '0', '--bind-addr', '127.0.0.1'])
  })

  it('tells retryable failures from final ones', () => {
    expect(classifyProxyFailure('tunnel unavailable for organization personal: Error contacting Fly.io API when probing "personal": timed out')).toBe('tunnel')
    expect(classifyProxyFailure('Fly API: Could not find App "x"')).toBe('app-not-found')
    expect(classifyProxyFailure('listen tcp 127.0.0.1:5432: bind: address already in use')).toBe('port-taken')
    expect(classifyProxyFailure('Fly API: Not authorized')).toBe('token')
  })
})

describe('the environment of flyctl', () => {
  it("keeps only the action's child allow-list (the simulator's FLYSIM_* too) and sets the private config dir and one token", () => {
    const env = tunnelEnv(
      {
        PATH: '/bin',
        HOME: '/home/r',
        HTTPS_PROXY: 'http://proxy:3128',
        GITHUB_TOKEN: 'ghs_x',
        FLY_API_TOKEN: 'other',
        RUNNER_TRACKING_ID: 'github_1',
        FLYSIM_STATE: '/tmp/state.json',
        INPUT_PASSWORD: 'pw',
        X: 'y'
      },
      { token: 'FlyV1 fm2_t', configDir: '/tmp/d' }
    )
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/r',
      HTTPS_PROXY: 'http://proxy:3128',
      RUNNER_TRACKING_ID: 'github_1',
      FLYSIM_STATE: '/tmp/state.json',
      FLY_CONFIG_DIR: '/tmp/d',
      FLY_ACCESS_TOKEN: 'FlyV1 fm2_t',
      FLY_NO_UPDATE_CHECK: '1',
      CI: 'true',
      NO_COLOR: '1'
    })
  })
})
