// Entry point of the post step (dist/post/index.js, action.yml `post:`): releases what an `ephemeral` run allocated,
// and does nothing (no flyctl call) otherwise.
import { releaseEphemeralIps } from './effects/ephemeral.js'

await releaseEphemeralIps()
