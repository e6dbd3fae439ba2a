#!/usr/bin/env node
// @ts-check
// flyctl simulator: answers like flyctl v0.4.x against a JSON "Fly world" (FLYSIM_STATE), logging each call
// to FLYSIM_LOG. Facts cited as `file:` refer to superfly/flyctl (master, Aug 2026) unless marked fly-go.
// Contract: test-support/README.md. Facts: /work/shared/fly-reference.md.
// The executable that installSimulator (state.js) wraps as `flyctl` and `fly`; the modules beside it hold the rest.
import { main } from './main.js'

await main()
