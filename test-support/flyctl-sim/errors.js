// @ts-check
// CliError (what main prints as `Error: ...`) and the API error texts of fly-go's GraphQL, genqlient and flaps clients.
import { ulid } from './helpers.js'

/** An error main prints as `Error: <message>` (with the request id of a flaps error), exiting with `exitCode`. */
export class CliError extends Error {
  /**
   * @param {string} message
   * @param {{ exitCode?: number, requestId?: string }} [options]
   */
  constructor(message, { exitCode = 1, requestId = '' } = {}) {
    super(message)
    this.exitCode = exitCode
    this.requestId = requestId
  }
}

// fly-go client.go: GraphQL errors come back as `failed to run <compacted query>: <server message>`.
export const QUERIES = {
  ipAddresses:
    'query ($appName: String!) { app(name: $appName) { ipAddresses { nodes { id address type region createdAt network { name organization { slug } } serviceName } } sharedIpAddress } }',
  allocateIp: 'mutation($input: AllocateIPAddressInput!) { allocateIpAddress(input: $input) { ipAddress { id address type region createdAt } } }',
  allocateShared: 'mutation($input: AllocateIPAddressInput!) { allocateIpAddress(input: $input) { app { sharedIpAddress } } }',
  releaseIp: 'mutation($input: ReleaseIPAddressInput!) { releaseIpAddress(input: $input) { clientMutationId } }',
  appCompact:
    'query ($appName: String!) { appcompact:app(name: $appName) { id internalNumericId name hostname cnameTarget deployed network status appUrl platformVersion organization { id internalNumericId slug paidPlan } postgresAppRole: role { name } } }'
}
/**
 * Which client an API call goes through, for its error texts.
 * @typedef {{ kind: 'gql', query: string, wrap: string } | { kind: 'genq', location: string, path: string } | { kind: 'flaps', prefix: string }} Api
 */

/** @type {(query: string, wrap?: string) => Api} */
export const gql = (query, wrap = '') => ({ kind: 'gql', query, wrap })
// genqlient errors (vektah/gqlparser v2.5.36 gqlerror.List): `input:<line>:<col>: <path> <message>\n`.
// FlyctlConfigCurrentRelease starts "\n# @genqlient\nquery ...\n\tapp(": `app` sits at line 4, column 2.
/** @type {Api} */
export const genqConfigRelease = { kind: 'genq', location: '4:2', path: 'app' }
/** @type {(prefix: string) => Api} */
export const flaps = prefix => ({ kind: 'flaps', prefix })

/**
 * @param {Api} api
 * @param {'auth' | 'notfound'} reason
 * @param {string | undefined} appName
 */
export function apiError(api, reason, appName) {
  if (api.kind === 'flaps') {
    // fly-go flaps.handleAPIError returns the body's "error"; cli.printError appends the request id.
    const message = reason === 'auth' ? 'unauthorized' : 'app not found'
    return new CliError(`${api.prefix}${message}`, { requestId: `${ulid()}-iad` })
  }
  const message = reason === 'auth' ? 'You must be authenticated to view this.' : `Could not find App "${appName}"`
  if (api.kind === 'genq') return new CliError(`input:${api.location}: ${api.path} ${message}\n`)
  return new CliError(`${api.wrap}failed to run ${api.query}: ${message}`)
}
