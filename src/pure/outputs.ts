// The action's outputs by the names action.yml declares (docs.test.ts checks the two list the same ones).
export const OUTPUTS = {
  databaseUrl: 'database-url',
  jdbcUrl: 'jdbc-url',
  host: 'host',
  port: 'port',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
  image: 'image',
  postgresVersion: 'postgres-version',
  deployed: 'deployed',
  changed: 'changed',
  flyctlVersion: 'flyctl-version',
  tlsVersion: 'tls-version',
  databaseName: 'database-name',
  username: 'username',
  password: 'password',
  created: 'created',
  releasedIps: 'released-ips',
  pruned: 'pruned',
  kept: 'kept'
} as const

export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS]

/** Values for some of the outputs, by name (a step's outputs not set read as empty). */
export type Outputs = Partial<Record<OutputName, string>>
