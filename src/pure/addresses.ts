// The public addresses a run uses, as the report and the post step's bookkeeping read them.

/** The app's public addresses after allocating, and which of them are not this run's to undo. */
export interface PublicIps {
  ipv4?: string
  ipv6?: string
  /** Addresses this run allocated and released again, because a concurrent run's older one of the kind serves. */
  released?: string[]
  /** The concurrent runs' addresses this run uses instead (never this run's to undo). */
  adopted?: string[]
  /** Addresses found only by listing after a failed allocation: perhaps a concurrent run's, so never released. */
  unsure?: string[]
}
