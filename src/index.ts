// Entry point of the main step (dist/index.js). The post step has its own entry (src/post.ts), so no missing state
// can ever make a post step run the action again.
import { run } from './main.js'

await run()
