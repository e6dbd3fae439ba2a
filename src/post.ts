// Entry point of the post step (dist/post/index.js, action.yml `post:`): releases what an `ephemeral` run allocated
// and closes a `route: tunnel` run's tunnel; does nothing (no flyctl call) otherwise.
import { releaseEphemeralIps } from './effects/ephemeral.js'
import { releaseTunnel } from './effects/tunnel-route.js'

await releaseEphemeralIps()
await releaseTunnel()
