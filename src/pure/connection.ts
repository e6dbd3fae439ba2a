// What a verified connection showed: the report's and the weak-point rules' view of the TLS check.

export interface VerifiedConnection {
  serverVersion: string
  serverVersionText: string
  tlsVersion: string
  attempts: number
  /** What the connection shows of the exposure's strength (judged in weak-points.ts). */
  facts: ConnectionFacts
}

export interface ConnectionFacts {
  superuser: boolean
  /** How new passwords are stored on this server (`password_encryption`). */
  passwordEncryption: string
  /** How the server checked this login: `md5` (an md5-stored password) or `scram` (SCRAM-SHA-256). */
  authentication: 'md5' | 'scram' | 'other'
}
