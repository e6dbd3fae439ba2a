// Stand-in for undici in the bundle only (tsconfig.json `paths`; tests and type checks of our code do not use it).
// @actions/http-client imports undici for one method, getAgentDispatcher (a fetch dispatcher behind a proxy), which
// neither @actions/core nor @actions/tool-cache calls: their requests go through node's http and http-client's own
// proxy tunnel. The real undici is 900 KB of the bundle and was loaded at every start. Whatever constructs it fails
// loudly instead of quietly ignoring a proxy.
export class ProxyAgent {
  constructor() {
    throw new Error('fly-pg-expose does not bundle undici: ProxyAgent is not available (see src/bundle-shims/undici.ts).')
  }
}
