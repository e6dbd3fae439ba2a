// Entry point of the bundled action (dist/index.js): the main step, or the post step action.yml declares.
import { run } from './main.js'
import { isPostStep, releaseEphemeral } from './effects/ephemeral.js'

await (isPostStep() ? releaseEphemeral() : run())
