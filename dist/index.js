import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5439);
// Entry point of the main step (dist/index.js). The post step has its own entry (src/post.ts), so no missing state
// can ever make a post step run the action again.

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5439:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var lib_core = __nccwpck_require__(6058);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/pure/flyctl-minimum.ts
// The oldest flyctl that has every command and flag the action passes: the one place that records it. Each row was
// found in superfly/flyctl's history: `git log -S'<flag>' --reverse -- <path>` for the commit that added it (its code
// read, not only its docs), and `git tag --contains <commit> | sort -V | head -1` for the first release (tags vX.Y.Z).
const FLYCTL_REQUIREMENTS = [
    // ---- public route
    {
        route: 'public',
        what: '`fly ips list`, `fly ips allocate-v4`, `fly ips allocate-v6` and `fly ips release <address>`',
        since: '0.0.63',
        commit: 'f24868412'
    },
    // Before it the global --json was accepted but a table was printed.
    { route: 'public', what: '`--json` on `fly ips list`', since: '0.0.501', commit: 'a12cfaf87' },
    // Dedicated IPv4 asks to confirm from 0.0.483 on (f481cfb53), in the same release as --yes.
    { route: 'public', what: '`--yes` on `fly ips allocate-v4`', since: '0.0.483', commit: 'd7dc6d965' },
    // --shared exists since 0.0.439 (84fb1ef3d), but 0.0.483 to 0.0.492 asked to confirm it too, which fails with no terminal.
    { route: 'public', what: '`--shared` on `fly ips allocate-v4` without a prompt', since: '0.0.493', commit: '6637f3696' },
    // Rewritten on the machines API in 0.0.307 (353954f4d).
    { route: 'public', what: '`fly machines list`', since: '0.0.236', commit: '01912e1c8' },
    { route: 'public', what: '`--json` on `fly machines list`', since: '0.0.348', commit: '7e2904aba' },
    { route: 'public', what: '`--yes` on `fly config save`', since: '0.0.485', commit: '56b634a38' },
    { route: 'public', what: '`--image` on `fly deploy`', since: '0.0.24', commit: 'dde830817' },
    { route: 'public', what: '`--config` on `fly deploy`', since: '0.0.48', commit: '3e9f0d078' },
    { route: 'public', what: 'a working directory argument to `fly deploy`', since: '0.0.70', commit: '8320e7a51' },
    { route: 'public', what: '`--remote-only` on `fly deploy`', since: '0.0.108', commit: '8a7f550c2' },
    { route: 'public', what: '`--strategy` on `fly deploy`', since: '0.0.110', commit: 'a5db2b894' },
    // An integer of seconds since 0.0.452 (75ca2ef3e); we pass a duration (`900s`).
    { route: 'public', what: 'a duration for `--wait-timeout` on `fly deploy`', since: '0.1.113', commit: '1060ccf7f' },
    { route: 'public', what: '`--only-machines` on `fly deploy`', since: '0.2.50', commit: '28937186d' },
    { route: 'public', what: '`fly machine update`', since: '0.0.361', commit: '184328842' },
    { route: 'public', what: '`--yes` on `fly machine update`', since: '0.0.434', commit: 'f0dcb9465' },
    // Before it, --port replaced the machine's services: the Flycast service would have been dropped.
    { route: 'public', what: '`--port` on `fly machine update` keeping the existing services', since: '0.1.6', commit: '9934f7804' },
    { route: 'public', what: '`--wait-timeout` on `fly machine update`', since: '0.1.82', commit: 'de779be5d' },
    // ---- tunnel route
    { route: 'tunnel', what: '`fly proxy`', since: '0.0.243', commit: 'db52eacc7' },
    { route: 'tunnel', what: '`--bind-addr` on `fly proxy`', since: '0.1.59', commit: '71f295c98' },
    { route: 'tunnel', what: '`fly agent stop`', since: '0.0.229', commit: '8eb55a515' },
    { route: 'tunnel', what: '`fly wireguard remove <org> <name>`', since: '0.0.152', commit: '2d03b63ff' },
    // Before it flyctl kept its agent, peers and token in ~/.fly, shared with the rest of the job.
    { route: 'tunnel', what: 'a private `FLY_CONFIG_DIR`', since: '0.1.123', commit: '34cca3ce3' },
    { route: 'tunnel', what: '`--bind-addr` on `fly mpg proxy`', since: '0.3.138', commit: 'f6cf944a5' },
    // Before it the cluster was the --cluster flag.
    { route: 'tunnel', what: 'a cluster ID argument to `fly mpg proxy`', since: '0.3.209', commit: '9383e01c8' },
    { route: 'tunnel', what: '`--local-port` on `fly mpg proxy`', since: '0.3.230', commit: 'bdbb23042' }
];
/** Orders flyctl versions (`X.Y.Z`, optionally `-pre...`): negative when a is older. A prerelease precedes its release. */
function compareFlyctlVersions(a, b) {
    const parse = (version) => {
        const [core, ...pre] = version.replace(/^v/, '').split('-');
        return { parts: core.split('.').map(Number), pre: pre.join('-') };
    };
    const x = parse(a);
    const y = parse(b);
    for (let i = 0; i < 3; i++)
        if (x.parts[i] !== y.parts[i])
            return (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (x.pre === y.pre)
        return 0;
    if (!x.pre || !y.pre)
        return x.pre ? -1 : 1;
    return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}
/** The requirement that sets a route's minimum: its newest row. */
function flyctlMinimum(route) {
    return FLYCTL_REQUIREMENTS.filter(row => row.route === route).reduce((newest, row) => (compareFlyctlVersions(row.since, newest.since) > 0 ? row : newest));
}
/** The oldest flyctl the public route (every mode the action runs today) works with. */
const PUBLIC_FLYCTL_MINIMUM = flyctlMinimum('public');
/**
 * The oldest flyctl the tunnel route works with (`route: tunnel`): the inputs refuse an older pinned flyctl, and the
 * route checks the version it resolved before any call (effects/tunnel-route.ts).
 */
const TUNNEL_FLYCTL_MINIMUM = flyctlMinimum('tunnel');
/** Why a pinned flyctl `version` cannot run the route, or undefined when it can. `latest` is never too old. */
function flyctlTooOld(version, route) {
    const minimum = flyctlMinimum(route);
    if (version === 'latest' || compareFlyctlVersions(version, minimum.since) >= 0)
        return undefined;
    return `Input \`flyctl-version\` is ${version}, but ${minimum.what} needs flyctl ${minimum.since} or newer. Pin ${minimum.since} or later, or use \`latest\`.`;
}

;// CONCATENATED MODULE: ./src/pure/input-names.ts
// The action's inputs by the names action.yml declares (docs.test.ts checks the two list the same ones), and the
// refusal of any other: the runner passes every `with:` key, declared or not, as INPUT_<KEY> (actions/runner
// Handler.AddInputsToEnvironment: spaces become `_`, then upper case, as @actions/core getInput reads them), and
// only warns about an undeclared one, so `dryrun: true` would otherwise change things a dry run never should.
const INPUT_NAMES = [
    'app',
    'route',
    'local-port',
    'cluster',
    'fly-api-token',
    'database-url',
    'username',
    'password',
    'database',
    'flyctl-version',
    'ipv4',
    'ipv6',
    'port',
    'host',
    'config',
    'deploy',
    'method',
    'image',
    'tls',
    'sslmode',
    'verify-timeout',
    'deploy-timeout',
    'dry-run',
    'strict',
    'ephemeral',
    'export-env',
    'mode',
    'preview-database',
    'preview-template',
    'release-ips',
    'preview-max-age',
    'preview-keep',
    'credentials-key',
    'role',
    'privileges',
    'login-ttl'
];
/** The variable the runner sets for an input (and @actions/core's getInput reads). */
const inputVariable = (name) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
/**
 * The INPUT_ variables of the environment that no declared input explains, as the lower-case names a workflow most
 * likely wrote. Only names are read, never values.
 */
function unknownInputs(variables, known = INPUT_NAMES) {
    const declared = new Set(known.map(inputVariable));
    return [...variables].filter(variable => variable.startsWith('INPUT_') && !declared.has(variable)).map(variable => variable.slice(6).toLowerCase());
}
/** The declared input a typo most likely meant: the same letters without separators, else the fewest edits (at most a third). */
function closestInput(name, known = INPUT_NAMES) {
    const bare = (text) => text.toLowerCase().replace(/[-_ ]/g, '');
    const exact = known.find(candidate => bare(candidate) === bare(name));
    if (exact)
        return exact;
    let best;
    for (const candidate of known) {
        const distance = editDistance(bare(name), bare(candidate));
        if (!best || distance < best.distance)
            best = { name: candidate, distance };
    }
    return best && best.distance <= Math.max(1, Math.floor(bare(name).length / 3)) ? best.name : undefined;
}
/** Why the run stops when the workflow passed inputs the action does not have (undefined: it passed none). */
function unknownInputsMessage(unknown, known = INPUT_NAMES) {
    if (unknown.length === 0)
        return undefined;
    const guesses = unknown.map(name => closestInput(name, known));
    const each = unknown.map((name, i) => `\`${name}\` (${inputVariable(name)})${guesses[i] ? `: did you mean \`${guesses[i]}\`?` : ''}`);
    const list = guesses.every(Boolean) ? '' : ` The inputs are ${known.map(name => `\`${name}\``).join(', ')}.`;
    return `fly-pg-expose has no input ${each.join('; ')} Nothing was changed: the run would have ignored it and done what you did not ask. Fix the name under \`with:\` (or remove an \`env:\` entry that sets ${unknown.length === 1 ? 'this variable' : 'these variables'}).${list}`;
}
/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++)
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[b.length];
}

;// CONCATENATED MODULE: ./src/effects/withheld-secrets.ts
// Why a run may have no Fly token at all: GitHub gives no secrets to a workflow run for a pull request from a fork,
// and only Dependabot secrets to a run Dependabot started (GitHub Docs, "Using secrets in GitHub Actions" and
// "Automating Dependabot with GitHub Actions"). The "No Fly token" error says so on those runs.

// The events that run in the base repository with the fork's code, and so get no secrets (pull_request_target does).
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];
/** Why this run got no secrets, with what to do; undefined when nothing says it is withheld. */
function withheldSecretsHint(eventName, actor, event) {
    if (actor === 'dependabot[bot]') {
        return "This run was started by Dependabot, and GitHub gives Dependabot's runs only Dependabot secrets, not the repository's Actions secrets: skip the step for it (`if: github.actor != 'dependabot[bot]'`), or add the token under Settings > Secrets and variables > Dependabot.";
    }
    if (!PULL_REQUEST_EVENTS.includes(eventName ?? ''))
        return undefined;
    const pr = event?.pull_request;
    if (!pr)
        return undefined;
    const head = pr.head?.repo;
    const base = pr.base?.repo?.full_name;
    // A deleted fork leaves head.repo null; a pull request inside a repository that is itself a fork is no fork's.
    const fromFork = head === null || (head?.full_name && base ? head.full_name !== base : head?.fork === true);
    if (!fromFork)
        return undefined;
    return `This run is for a pull request from a fork${head?.full_name ? ` (${head.full_name})` : ''}, and GitHub gives such runs no secrets: skip the step for forks (\`if: github.event.pull_request.head.repo.full_name == github.repository\`).`;
}
/** The "No Fly token" error, with why GitHub withheld the secret when the run's event says so. */
function noTokenMessage(env) {
    const message = 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).';
    const hint = withheldSecretsHint(env.GITHUB_EVENT_NAME, env.GITHUB_ACTOR, readEvent(env.GITHUB_EVENT_PATH));
    return hint ? `${message} ${hint}` : message;
}
function readEvent(file) {
    if (!file)
        return undefined;
    try {
        return JSON.parse(external_node_fs_namespaceObject.readFileSync(file, 'utf8'));
    }
    catch {
        // No payload to read (a local run, a runner that wrote none): no hint, the plain message.
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/pure/text.ts
// Small text helpers: errors as the sentences a workflow log shows.
/** The message of anything thrown. */
function text_errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Ends the text with a full stop unless it already ends a sentence (or a parenthesis). */
function asSentence(text) {
    return /[.!?)]$/.test(text) ? text : `${text}.`;
}
/** A duration as the log says it: `1.5 s`. */
function seconds(ms) {
    return `${Math.round(ms / 100) / 10} s`;
}
/** fly-go wraps API errors as `failed to run <whole GraphQL query>: <message>`: keep only the message. */
function withoutGraphqlQuery(message) {
    const wrapped = message.match(/^failed to run (?:query|mutation)\b[\s\S]*\}\s*:\s*(.+)$/);
    return wrapped ? `Fly API: ${wrapped[1]}` : message;
}

;// CONCATENATED MODULE: ./src/pure/child-env.ts
// The environment every process the action starts (flyctl, tar) gets: an allow-list, never a copy of ours. The
// runner puts every input in the action's environment (INPUT_PASSWORD, INPUT_DATABASE-URL, INPUT_FLY-API-TOKEN) and
// its own credentials beside them (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN; STATE_* in a post step):
// none of that is a child's business. flyctl gets its one credential, FLY_ACCESS_TOKEN, from flyctlEnv on top.
/** Names passed on as they are: what a Unix program, Go's runtime and net/http, and flyctl read to run. */
const PASSED = new Set([
    // Finding programs, home and temporary directories, who runs them.
    'PATH',
    'HOME',
    'USER',
    'LOGNAME',
    'TMPDIR',
    'TMP',
    'TEMP',
    // Locale and time zone (LC_* below).
    'LANG',
    'LANGUAGE',
    'TZ',
    // Proxies (Go's net/http reads both spellings) and CA certificates (Go's crypto/x509; Node's for a stand-in).
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
    'ALL_PROXY',
    'http_proxy',
    'https_proxy',
    'no_proxy',
    'all_proxy',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'NODE_EXTRA_CA_CERTS',
    // flyctl's settings that are not credentials and do not change which app, org or region it acts on, nor what it
    // prints (flyctl internal/config/config.go, helpers/config.go, internal/update/update.go, internal/cli/cli.go).
    // Left out: FLY_API_TOKEN, FLY_ACCESS_TOKEN, FLY_METRICS_TOKEN (credentials), FLY_APP, FLY_ORG, FLY_ORGANIZATION,
    // FLY_REGION (targets: the action names the app itself), FLY_JSON, FLY_VERBOSE (output the action reads).
    'FLY_CONFIG_DIR',
    'FLY_API_BASE_URL',
    'FLY_FLAPS_BASE_URL',
    'FLY_METRICS_BASE_URL',
    'FLY_SYNTHETICS_BASE_URL',
    'FLY_REGISTRY_HOST',
    'FLY_SEND_METRICS',
    'FLY_SYNTHETICS_AGENT',
    'FLY_NO_UPDATE_CHECK',
    'FLY_UPDATE_CHECK',
    'FLY_LOG_GQL_ERRORS',
    'FLY_GHA_ERROR_ANNOTATION',
    // flyctl tells CI apart by these (internal/env/env.go IsCI); flyctlEnv sets CI itself.
    'GITHUB_ACTIONS',
    // The runner ends every process carrying its job's tracking id when the job ends: the safety net for the tunnel's
    // detached proxy and agent if the post step never runs (actions/runner JobExtension.cs). An id, no secret.
    'RUNNER_TRACKING_ID',
    // The test suite's flyctl simulator (test-support/flyctl-sim) reads its world from these: paths, no secrets.
    'FLYSIM_STATE',
    'FLYSIM_LOG'
]);
/** The allow-listed part of `base`: see PASSED. */
function childEnv(base) {
    const env = {};
    for (const [key, value] of Object.entries(base)) {
        if (value !== undefined && (PASSED.has(key) || key.startsWith('LC_')))
            env[key] = value;
    }
    return env;
}

;// CONCATENATED MODULE: ./src/pure/tunnel.ts
// The tunnel route's decisions: which flyctl command, what its output means, which URL, which environment.
// Facts from flyctl: proxy/connect.go (ready line), internal/command/proxy/proxy.go, internal/command/mpg/proxy.go,
// internal/config/file.go and wg/state.go (config.yml's wire_guard_state, yaml.v3), agent/start.go.


/** Where flyctl's proxy listens: loopback only (both commands default to it; we say so explicitly). */
const TUNNEL_HOST = '127.0.0.1';
/** `fly proxy <local>:5432 -a <app>` (remote `<app>.internal`, HAProxy on every member forwards to the primary) or `fly mpg proxy`. */
function proxyArgs(target, localPort) {
    if (target.kind === 'app')
        return ['proxy', `${localPort}:5432`, '-a', target.app, '--bind-addr', TUNNEL_HOST];
    return ['mpg', 'proxy', target.cluster, '--local-port', String(localPort), '--bind-addr', TUNNEL_HOST];
}
/**
 * The proxy's ready line: `Proxying localhost:<port> to remote <addr>` (flyctl 0.3.154 and later) or
 * `Proxying local port <port> to remote <addr>` (before). It is printed after the local listener is bound.
 */
function parseReadyLine(output) {
    const match = output.match(/^Proxying (?:localhost:|local port )(\d+) to remote (\S+)\s*$/m);
    if (!match)
        return null;
    const port = Number(match[1]);
    return port > 0 && port < 65536 ? { port, remote: match[2] } : null;
}
/**
 * The WireGuard peers flyctl recorded in config.yml (`wire_guard_state.<key>.{org,name}`; yaml.v3 with any indent).
 * In a private FLY_CONFIG_DIR every one of them was created by this run.
 */
function peersFromConfigYaml(text) {
    const lines = text.split(/\r?\n/);
    const start = lines.findIndex(line => /^wire_guard_state:\s*$/.test(line));
    if (start < 0)
        return [];
    const peers = [];
    let entryIndent = -1;
    let fieldIndent = -1;
    let current;
    const flush = () => {
        if (current?.name)
            peers.push({ key: current.key, org: current.org ?? current.key, name: current.name });
    };
    for (const line of lines.slice(start + 1)) {
        if (line.trim() === '' || line.trimStart().startsWith('#'))
            continue;
        const indent = line.length - line.trimStart().length;
        if (indent === 0)
            break;
        const match = line.trim().match(/^([^:]+):\s*(.*)$/);
        if (!match)
            continue;
        if (entryIndent < 0)
            entryIndent = indent;
        if (indent === entryIndent) {
            flush();
            current = { key: unquote(match[1]) };
            fieldIndent = -1;
        }
        else if (current && indent > entryIndent) {
            if (fieldIndent < 0)
                fieldIndent = indent;
            if (indent !== fieldIndent)
                continue; // the nested `peer:` map
            if (match[1] === 'org')
                current.org = unquote(match[2]);
            if (match[1] === 'name')
                current.name = unquote(match[2]);
        }
    }
    flush();
    return peers;
}
function unquote(raw) {
    const value = raw.trim();
    if (value.startsWith('"') && value.endsWith('"')) {
        try {
            return JSON.parse(value);
        }
        catch {
            return value.slice(1, -1);
        }
    }
    if (value.startsWith("'") && value.endsWith("'"))
        return value.slice(1, -1).replace(/''/g, "'");
    return value;
}
/**
 * postgres-flex has no server TLS (the hop is loopback plus WireGuard, as in `fly pg attach` URLs): `disable`.
 * MPG has "SSL enabled by default on all connections" (Fly's MPG docs), and through 127.0.0.1 no certificate name
 * can match, so `require`: encrypted, the server's identity vouched for by the WireGuard peer, not by the certificate.
 */
function tunnelSslMode(target) {
    return target.kind === 'app' ? 'disable' : 'require';
}
/** `postgres://<user>:<password>@127.0.0.1:<port>/<db>?sslmode=<mode>`, each part percent-encoded. */
function tunnelUrl(credentials, port, sslmode) {
    const { user, password, database } = credentials;
    return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${TUNNEL_HOST}:${port}/${encodeURIComponent(database)}?sslmode=${sslmode}`;
}
/** flyctl's last `Error: ...` line in its output (or the last line), without the prefix. */
function proxyErrorText(output) {
    const lines = output
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean);
    const errorLine = [...lines].reverse().find(line => line.startsWith('Error:'));
    return withoutGraphqlQuery(errorLine ? errorLine.slice('Error:'.length).trim() : (lines.at(-1) ?? ''));
}
/** What a proxy failure means, from flyctl's message. Only `tunnel` and `other` are worth another start. */
function classifyProxyFailure(message) {
    if (/MPG commands require updated tokens/i.test(message))
        return 'mpg-token';
    if (/Could not find App|app not found/i.test(message))
        return 'app-not-found';
    if (/managed postgres cluster .* not found/i.test(message))
        return 'cluster-not-found';
    if (/still initializing|error getting cluster (password|IP)/i.test(message))
        return 'cluster-not-ready';
    if (/not authorized|unauthorized|You must be authenticated|no access token|forbidden/i.test(message))
        return 'token';
    if (/address already in use/i.test(message))
        return 'port-taken';
    if (/tunnel unavailable|probing|timed out|deadline exceeded|host was not found in DNS|agent: failed to start|connection reset|EOF|\b5\d\d\b/i.test(message))
        return 'tunnel';
    return 'other';
}
/** The words a user reads for each failure kind: what happened is flyctl's message; this says what to do. */
function nextStepForProxyFailure(kind, target, localPort) {
    const name = target.kind === 'app' ? target.app : target.cluster;
    switch (kind) {
        case 'app-not-found':
            return `Check the \`app\` input ("${name}") and that the token belongs to the organization that owns it.`;
        case 'cluster-not-found':
            return `Check the \`cluster\` input ("${name}"): flyctl finds Managed Postgres clusters by ID only; \`fly mpg list --org <org>\` shows the IDs.`;
        case 'cluster-not-ready':
            return 'Wait until `fly mpg status <cluster>` shows the cluster ready, then rerun the job.';
        case 'mpg-token':
            return 'MPG needs a macaroon token (it starts with `FlyV1 fm2_`): create one with `fly tokens create org` and pass it as `fly-api-token`.';
        case 'token':
            return target.kind === 'app'
                ? `The token may not open a WireGuard tunnel: create one that may (\`fly tokens create deploy -a ${name}\` or \`fly tokens create org\`) and pass it as \`fly-api-token\`.`
                : 'The token may not open a WireGuard tunnel: create one that may (`fly tokens create org`) and pass it as `fly-api-token`.';
        case 'port-taken':
            return `Local port ${localPort ?? '(the one asked for)'} is in use on the runner: choose another \`local-port\`, or leave it empty to let the action pick a free one.`;
        case 'tunnel':
            return "Check https://status.flyio.net and that the runner can reach Fly's WireGuard gateway (outbound HTTPS, port 443), then rerun the job.";
        default:
            return '';
    }
}
/**
 * The environment of every flyctl call of the tunnel: the action's allow-listed child environment (childEnv, as for
 * every flyctl call), our private config dir and exactly one token variable (an empty FLY_ACCESS_TOKEN would hide
 * FLY_API_TOKEN in flyctl). The proxy and its agent run for the whole job, so nothing else.
 */
function tunnelEnv(base, options) {
    return {
        ...childEnv(base),
        FLY_CONFIG_DIR: options.configDir,
        FLY_ACCESS_TOKEN: options.token,
        FLY_NO_UPDATE_CHECK: '1',
        CI: 'true',
        NO_COLOR: '1'
    };
}
/** The warning a failed peer removal leaves, with the exact command that finishes the job. */
function peerRemovalWarning(peer, reason) {
    return `Could not remove this run's WireGuard peer "${peer.name}" from organization ${peer.org} (${reason}). Remove it yourself: fly wireguard remove ${peer.org} ${peer.name}`;
}

;// CONCATENATED MODULE: ./src/pure/client-forms.ts
// The verified connection in the forms other clients take: a JDBC URL (pgjdbc) and libpq's PG* variables.
/** libpq and pgjdbc know no `no-verify`: its meaning there (encrypted, certificate not checked) is `require`. */
function standardSslmode(sslmode) {
    return sslmode === 'no-verify' ? 'require' : sslmode;
}
/** A host as it stands in a URL: IPv6 literals in brackets. */
const urlHost = (host) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
/** `application/x-www-form-urlencoded`: how pgjdbc decodes the query (java.net.URLDecoder: `+` is a space). */
const formEncode = (value) => new URLSearchParams({ v: value }).toString().slice(2);
/**
 * `jdbc:postgresql://host:port/db?sslmode=..&user=..&password=..`: pgjdbc takes neither `postgres://` nor
 * `user:password@`, so the credentials go in the query (pgjdbc Driver.parseURL, URLCoder.decode on each value).
 */
function jdbcUrl(endpoint) {
    const query = new URLSearchParams({ sslmode: standardSslmode(endpoint.sslmode), user: endpoint.user, password: endpoint.password });
    return `jdbc:postgresql://${urlHost(endpoint.host)}:${endpoint.port}/${encodeURIComponent(endpoint.database)}?${query.toString()}`;
}
/** The variables libpq reads (psql, pg_dump, pg_restore and most migration tools need no arguments then). */
function libpqEnvironment(endpoint) {
    return {
        PGHOST: endpoint.host.replace(/^\[(.*)\]$/, '$1'),
        PGPORT: String(endpoint.port),
        PGDATABASE: endpoint.database,
        PGUSER: endpoint.user,
        PGPASSWORD: endpoint.password,
        PGSSLMODE: standardSslmode(endpoint.sslmode)
    };
}

;// CONCATENATED MODULE: ./src/pure/url.ts
// Connection strings: parse the internal one, build the external one, list every form a secret can take.

/** A database-url that cannot be read; inputs.ts reports it as an InputError with the same message. */
class DatabaseUrlError extends Error {
    name = 'DatabaseUrlError';
}
// Query parameters libpq and node-postgres let override the URL's own parts: the output would name another server,
// role or database than the one verified.
const OVERRIDING_PARAMETERS = ['host', 'hostaddr', 'port', 'user', 'dbname', 'password'];
/**
 * Reads user, password and database from an internal URL such as
 * `postgres://postgres:pw@my-db.flycast:5432/postgres`, and its own `sslmode` (the last one, as libpq reads it).
 * The URL returned names the user and database verified even when the given one left them empty: libpq would
 * otherwise use the OS user (and the user's name as the database). Never echoes the URL: it holds a password.
 */
function parseDatabaseUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new DatabaseUrlError('database-url is not a valid URL. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE (the string `fly pg create` printed).');
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new DatabaseUrlError(`database-url must start with postgres:// or postgresql://, not ${url.protocol}//.`);
    }
    if (!url.hostname) {
        throw new DatabaseUrlError('database-url has no host. Expected postgres://USER:PASSWORD@<app>.flycast:5432/DATABASE.');
    }
    if (!url.password) {
        throw new DatabaseUrlError('database-url has no password. Use the full string `fly pg create` printed, or pass username and password instead.');
    }
    const credentials = {
        user: decodeComponent(url.username, 'user name') || 'postgres',
        password: decodeComponent(url.password, 'password'),
        database: decodeComponent(url.pathname.replace(/^\//, ''), 'database name') || 'postgres'
    };
    const parameters = queryPairs(url.search);
    const overriding = parameters.find(pair => OVERRIDING_PARAMETERS.includes(pair.key));
    if (overriding) {
        throw new DatabaseUrlError(`database-url sets \`${overriding.key}\` in its query, which would override the URL's own host, port, user or database: remove it (the action verifies and writes the URL's own parts).`);
    }
    if (!url.username)
        url.username = encodeURIComponent(credentials.user);
    if (url.pathname === '' || url.pathname === '/')
        url.pathname = `/${encodeURIComponent(credentials.database)}`;
    const sslmode = parameters.filter(pair => pair.key === 'sslmode').pop()?.value;
    return { url, credentials, sslmode };
}
/** The query's `key=value` pairs as libpq reads them (only %XX decoded), each with its text as written. */
function queryPairs(search) {
    if (search.length <= 1)
        return [];
    return search
        .slice(1)
        .split('&')
        .map(text => {
        const [key, ...value] = text.split('=');
        return { text, key: decodeLeniently(key), value: decodeLeniently(value.join('=')) };
    });
}
function decodeLeniently(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}
function decodeComponent(value, what) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        throw new DatabaseUrlError(`database-url has a malformed percent-encoding in its ${what}.`);
    }
}
/** Builds `postgres://user:pass@host:5432/db` from separate inputs, percent-encoding each part. */
function urlFromCredentials(credentials) {
    const { user, password, database } = credentials;
    return new URL(`postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@localhost:5432/${encodeURIComponent(database)}`);
}
/**
 * The internal URL with only host, port and sslmode changed: user, password, database and every other query
 * parameter stay as written. `host` is bare (as pg takes it): an IPv6 address gets its brackets here.
 */
function externalUrl(internal, host, port, sslmode) {
    const userinfo = internal.password ? `${internal.username}:${internal.password}` : internal.username;
    const hostPart = host.includes(':') ? `[${host}]` : host;
    // Built as text, not through the URL setters: they ignore a host they cannot take, and searchParams re-encodes
    // the whole query as a form (a space as +, which libpq reads as a plus).
    return new URL(`${internal.protocol}//${userinfo}@${hostPart}:${port}${internal.pathname}${withSslmode(internal.search, sslmode)}${internal.hash}`).href;
}
/** The query with its (first) sslmode pair replaced, or one added at the end; every other pair byte for byte. */
function withSslmode(search, sslmode) {
    let replaced = false;
    const pairs = queryPairs(search).flatMap(pair => {
        if (pair.key !== 'sslmode')
            return [pair.text];
        if (replaced)
            return [];
        replaced = true;
        return [`sslmode=${sslmode}`];
    });
    if (!replaced)
        pairs.push(`sslmode=${sslmode}`);
    return `?${pairs.join('&')}`;
}
/** The URL as the job summary shows it: the password replaced by `***`. */
function redactedUrl(url) {
    const copy = new URL(url);
    if (copy.password)
        copy.password = '***';
    return copy.href;
}
/** Every spelling of a password that could reach a log: raw, as the URL holds it, fully encoded and form-encoded. */
function passwordForms(password, asInUrl) {
    // Form-encoded too: the JDBC URL holds it so (`+` for a space).
    const forms = new Set([password, encodeURIComponent(password), encodeURI(password), formEncode(password)]);
    if (asInUrl)
        forms.add(asInUrl);
    return [...forms].filter(form => form.length > 0);
}

;// CONCATENATED MODULE: ./src/pure/ci-role.ts
// A least-privilege login role for CI on the URL's database (`role` + `privileges`): the name and TTL checks made
// when the inputs are read, the verdict on the cluster as it is (refusals before any change), and the plan of
// statements that brings the role to its level, containing only what is missing (or beyond the level).
// Decided here; src/effects/ci-role.ts reads the facts and runs the plan.
const PRIVILEGE_LEVELS = ['read', 'write', 'migrate'];
/** Postgres cuts longer names to this many bytes (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;
// Names a CI role must never take: the cluster's own roles (postgres-flex's repmgr and flypgadmin) and PUBLIC.
const RESERVED_ROLES = ['postgres', 'repmgr', 'flypgadmin', 'public', 'none', 'current_user', 'session_user', 'current_role'];
const ROLE_NAME = /^[a-z_][a-z0-9_-]*$/;
/** Why `name` cannot be the CI role (undefined: it can), judged from the inputs alone. */
function roleNameProblem(name, adminUser) {
    const bytes = new TextEncoder().encode(name).length;
    if (bytes > MAX_NAME_BYTES) {
        return `Input \`role\` is ${bytes} bytes long; Postgres keeps at most ${MAX_NAME_BYTES} and would cut it to another name. Use a shorter name, like ci_reader.`;
    }
    if (!ROLE_NAME.test(name)) {
        return `Input \`role\` must be a name of lowercase letters, digits, \`_\` and \`-\`, starting with a letter or \`_\` (like ci_reader), not "${name}".`;
    }
    if (name.startsWith('pg_') || RESERVED_ROLES.includes(name)) {
        return `Input \`role\` cannot be "${name}": that name belongs to Postgres or the cluster itself. Use a name like ci_reader.`;
    }
    if (name === adminUser) {
        return `Input \`role\` cannot be "${name}": that is the admin the action connects as, and the CI role is made by it. Use a name of its own, like ci_reader.`;
    }
    return undefined;
}
const TTL_UNITS = { m: 60, h: 3600, d: 86_400 };
const MIN_TTL_S = 5 * 60;
const MAX_TTL_S = 366 * 86_400;
/** `90m`, `6h`, `30d` in seconds; a message (string) when it is none of these. */
function parseLoginTtl(raw) {
    const match = raw.match(/^(\d{1,6})([mhd])$/);
    const seconds = match ? Number(match[1]) * TTL_UNITS[match[2]] : NaN;
    if (!(seconds >= MIN_TTL_S && seconds <= MAX_TTL_S)) {
        return {
            problem: `Input \`login-ttl\` must be a whole number of minutes, hours or days, like 90m, 6h or 30d, from 5m to 366d, not "${raw}".`
        };
    }
    return seconds;
}
/**
 * The comment on a CI role: this prefix, then JSON `{"v":1,"database":"<name>"}`. The role is the action's for that
 * database only: its password is derived from the database's name, so a second database would change it.
 */
const CI_ROLE_MARK_PREFIX = 'fly-pg-expose role ';
function ciRoleMark(database) {
    return CI_ROLE_MARK_PREFIX + JSON.stringify({ v: 1, database });
}
/** The database a CI role's mark names, or undefined when the comment is none of ours. */
function readCiRoleMark(comment) {
    if (!comment?.startsWith(CI_ROLE_MARK_PREFIX))
        return undefined;
    try {
        const mark = JSON.parse(comment.slice(CI_ROLE_MARK_PREFIX.length));
        const database = mark?.database;
        return typeof database === 'string' ? { database } : undefined;
    }
    catch {
        return undefined;
    }
}
/** Whether the action may create or update role `name` with `level` on `database` (decided before any write). */
function judgeCiRole(name, level, admin, database, role) {
    const refuse = (message) => ({ kind: 'refuse', message: `${message} Nothing was changed.` });
    if (!admin.superuser && !admin.createRole) {
        return refuse(`The admin "${admin.user}" cannot create roles (it is neither a superuser nor has CREATEROLE), so it cannot make the CI role "${name}". Pass the URL of an admin that can (\`postgres\` on a Fly cluster), or drop \`role\`.`);
    }
    if (name === admin.user)
        return refuse(`Role "${name}" is the admin the action connects as: the CI role needs a name of its own, like ci_reader.`);
    if (role?.superuser) {
        return refuse(`Role "${name}" exists and is a superuser: the action never hands out a superuser as a CI role. Choose another \`role\` name (a new one is created).`);
    }
    if (name === database.owner) {
        return refuse(`Role "${name}" owns database "${database.name}": it is the application's role, not a CI login. Choose another \`role\` name; \`privileges: migrate\` gives a new role the owner's rights.`);
    }
    if (level === 'migrate' && (database.ownerSuperuser || database.ownerAttributes.length > 0)) {
        const what = database.ownerSuperuser ? 'a superuser' : `a role with ${database.ownerAttributes.join(' and ')}`;
        return refuse(`\`privileges: migrate\` makes "${name}" a member of "${database.owner}", the owner of database "${database.name}", which is ${what}: membership in it would hand over ${database.ownerSuperuser ? 'the whole cluster' : 'those rights'}. Give the database an owner role of its own first (\`CREATE ROLE ${database.name}_owner NOLOGIN; ALTER DATABASE "${database.name}" OWNER TO ${database.name}_owner;\`, then \`ALTER TABLE ... OWNER TO\` it for the tables your migrations change), or use \`privileges: write\`.`);
    }
    if (!role)
        return { kind: 'create' };
    const mark = readCiRoleMark(role.comment);
    if (mark && mark.database !== database.name) {
        return refuse(`Role "${name}" is fly-pg-expose's CI role for database "${mark.database}": its password is derived from that database, so handing it out for "${database.name}" would break the URLs already out there. Use another \`role\` name per database.`);
    }
    if (!mark && role.comment?.startsWith('fly-pg-expose preview ')) {
        return refuse(`Role "${name}" is a preview role of fly-pg-expose: \`mode: teardown\` removes it. Choose another \`role\` name.`);
    }
    // Ours may be a member of the database's owner (migrate): any other membership someone else granted.
    const memberships = role.memberOf.filter(other => !(mark && other === database.owner));
    const reasons = [
        ...(role.attributes.length > 0 ? [`has ${role.attributes.join(' and ')}`] : []),
        ...(memberships.length > 0 ? [`is a member of ${memberships.join(', ')}`] : []),
        ...(role.members.length > 0 ? [`has members (${role.members.join(', ')})`] : []),
        ...(!mark && role.ownsObjects ? ['owns objects or a database'] : [])
    ];
    if (reasons.length > 0) {
        return refuse(`Role "${name}" exists and ${reasons.join(', ')}: the action takes over only a plain login role (no attributes beyond LOGIN, no membership, owning nothing) and never takes rights away from one. Choose another \`role\` name, or ${mark ? 'remove what was added to it' : `drop it first if it is yours to replace (\`DROP OWNED BY "${name}"; DROP ROLE "${name}";\` in each database it has rights in)`}.`);
    }
    return mark ? { kind: 'ours' } : { kind: 'take over' };
}
/** What the action grants for each level (tables include views, materialized views, foreign and partitioned tables). */
const LEVEL_PRIVILEGES = {
    read: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT'], sequences: ['SELECT'] },
    write: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], sequences: ['SELECT', 'USAGE'] },
    migrate: { database: ['CONNECT'], schemas: ['USAGE'], tables: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], sequences: ['SELECT', 'USAGE'] }
};
/**
 * The grants and revokes that bring the role to `level` on the database: only what is missing, and what the level
 * does not include (a role moved from write to read loses INSERT). Migrate adds membership in the database's owner
 * with `SET role` to it in this database, so what migrations create is owned by the owner, never by the CI login.
 */
function grantPlan(name, level, database, facts, role, ident) {
    const want = LEVEL_PRIVILEGES[level];
    const to = ident(name);
    const plan = [];
    const both = (held, wanted) => ({ missing: wanted.filter(p => !held.includes(p)), extra: held.filter(p => !wanted.includes(p)) });
    const grantRevoke = (held, wanted, on, what) => {
        const { missing, extra } = both(held, wanted);
        if (missing.length > 0)
            plan.push({ sql: `grant ${missing.join(', ')} on ${on} to ${to}`, summary: `granted ${missing.join(', ')} on ${what}` });
        if (extra.length > 0)
            plan.push({ sql: `revoke ${extra.join(', ')} on ${on} from ${to}`, summary: `revoked ${extra.join(', ')} on ${what}` });
    };
    grantRevoke(facts.database, want.database, `database ${ident(database.name)}`, `database "${database.name}"`);
    for (const schema of facts.schemas)
        grantRevoke(schema.held, want.schemas, `schema ${ident(schema.name)}`, `schema "${schema.name}"`);
    for (const group of facts.objects) {
        const wanted = want[group.kind];
        const missing = wanted.filter(p => (group.held[p] ?? 0) < group.count);
        const extra = Object.keys(group.held).filter(p => !wanted.includes(p) && group.held[p] > 0);
        const on = `all ${group.kind} in schema ${ident(group.schema)}`;
        const what = `all ${group.kind} in schema "${group.schema}"`;
        if (missing.length > 0)
            plan.push({ sql: `grant ${missing.join(', ')} on ${on} to ${to}`, summary: `granted ${missing.join(', ')} on ${what}` });
        if (extra.length > 0)
            plan.push({ sql: `revoke ${extra.join(', ')} on ${on} from ${to}`, summary: `revoked ${extra.join(', ')} on ${what}` });
    }
    // Future objects: a default-privilege entry covers only what its FOR ROLE creates, so one per owner. Global (no
    // IN SCHEMA): it covers every schema, those created later too.
    const defaultKinds = [
        ['tables', want.tables],
        ['sequences', want.sequences],
        ['schemas', want.schemas]
    ];
    for (const owner of facts.owners) {
        for (const [kind, wanted] of defaultKinds) {
            const held = facts.defaults.find(entry => entry.owner === owner && entry.schema === null && entry.kind === kind)?.held ?? [];
            const missing = wanted.filter(p => !held.includes(p));
            if (missing.length > 0) {
                plan.push({
                    sql: `alter default privileges for role ${ident(owner)} grant ${missing.join(', ')} on ${kind} to ${to}`,
                    summary: `default privileges: ${missing.join(', ')} on ${kind} "${owner}" creates`
                });
            }
        }
    }
    for (const entry of facts.defaults) {
        const extra = entry.held.filter(p => !(defaultKinds.find(([kind]) => kind === entry.kind)?.[1] ?? []).includes(p));
        if (extra.length === 0)
            continue;
        const where = entry.schema === null ? '' : ` in schema ${ident(entry.schema)}`;
        plan.push({
            sql: `alter default privileges for role ${ident(entry.owner)}${where} revoke ${extra.join(', ')} on ${entry.kind} from ${to}`,
            summary: `default privileges: revoked ${extra.join(', ')} on ${entry.kind} "${entry.owner}" creates`
        });
    }
    const owner = ident(database.owner);
    const isMember = role?.memberOf.includes(database.owner) ?? false;
    const setting = `role=${database.owner}`;
    if (level === 'migrate') {
        if (!isMember)
            plan.push({ sql: `grant ${owner} to ${to}`, summary: `made a member of "${database.owner}", the database's owner` });
        if (role?.roleSetting !== setting) {
            plan.push({
                sql: `alter role ${to} in database ${ident(database.name)} set role = ${owner}`,
                summary: `sessions in "${database.name}" act as "${database.owner}" (what migrations create is the owner's)`
            });
        }
    }
    else {
        if (isMember)
            plan.push({ sql: `revoke ${owner} from ${to}`, summary: `no longer a member of "${database.owner}"` });
        if (role?.roleSetting !== undefined)
            plan.push({ sql: `alter role ${to} in database ${ident(database.name)} reset role`, summary: 'role setting removed' });
    }
    return plan;
}
/**
 * `VALID UNTIL` the role should get now: the new expiry when a TTL is set (renewed every run), 'infinity' when none is
 * set but the role has one, or undefined when nothing changes.
 */
function validUntilChange(ttlSeconds, current, now) {
    if (ttlSeconds !== undefined)
        return new Date(now.getTime() + ttlSeconds * 1000).toISOString();
    return current !== null && current !== 'infinity' ? 'infinity' : undefined;
}

;// CONCATENATED MODULE: ./src/pure/preview-mark.ts
// Which roles and databases the preview path may touch: the mark fly-pg-expose leaves on what it creates, and the
// verdict on a role and database of the preview's name that exist already. Decided before any write.
/**
 * The comment on a preview's role and database: this prefix, then JSON `{"v":1,"lastUsed":"<ISO time>"}`. `v` is the
 * format's version; `lastUsed` is refreshed by a run that uses the preview when it is older than an hour (a later
 * `mode: prune` reads both from the database's comment; an hour is nothing to a prune, and a rerun writes nothing). Only a superuser (or, for the role, a CREATEROLE admin of it) can write the role's comment,
 * so a preview role cannot mark another role as a preview.
 */
const PREVIEW_MARK_PREFIX = 'fly-pg-expose preview ';
function previewMark(now) {
    return PREVIEW_MARK_PREFIX + JSON.stringify({ v: 1, lastUsed: now.toISOString() });
}
/** How stale `lastUsed` may grow before a run that uses the preview writes it again. */
const MARK_REFRESH_MS = 60 * 60_000;
/** Whether a run must (re)write the database's mark: none of ours, no `lastUsed`, or one older than an hour. */
function markNeedsRefresh(comment, now) {
    const lastUsed = readPreviewMark(comment)?.lastUsed;
    const at = lastUsed === undefined ? NaN : Date.parse(lastUsed);
    return !(now.getTime() - at < MARK_REFRESH_MS && at <= now.getTime() + MARK_REFRESH_MS);
}
/** The mark in a comment, or undefined when the comment is none of ours. */
function readPreviewMark(comment) {
    if (!comment?.startsWith(PREVIEW_MARK_PREFIX))
        return undefined;
    try {
        const mark = JSON.parse(comment.slice(PREVIEW_MARK_PREFIX.length));
        if (typeof mark !== 'object' || mark === null || typeof mark.v !== 'number')
            return undefined;
        const { v, lastUsed } = mark;
        return typeof lastUsed === 'string' ? { v, lastUsed } : { v };
    }
    catch {
        return undefined;
    }
}
/** Whether `verb` may touch the role and database of `name`: only a preview this action made (or an earlier release did). */
function judgePreview(name, verb, role, database) {
    const refuse = (message) => ({ kind: 'refuse', message });
    if (database && database.owner !== name) {
        return refuse(`Database "${name}" exists and is owned by "${database.owner}", not by the preview role "${name}": refusing to ${verb} it. Choose another \`preview-database\` name.`);
    }
    if (!role)
        return { kind: 'absent' };
    const elevated = [role.createRole && 'CREATEROLE', role.createDb && 'CREATEDB', role.replication && 'REPLICATION', role.bypassRls && 'BYPASSRLS'].filter(Boolean);
    const privileges = [
        ...(role.superuser ? ['is a superuser'] : []),
        ...(elevated.length > 0 ? [`has ${elevated.join(' and ')}`] : []),
        ...(role.memberOf.length > 0 ? [`is a member of ${role.memberOf.join(', ')}`] : []),
        ...(role.members.length > 0 ? [`has members (${role.members.join(', ')})`] : [])
    ];
    if (privileges.length > 0) {
        const tail = verb === 'reuse' ? 'Choose another `preview-database` name.' : 'If it is yours to remove, drop it by hand.';
        return refuse(`Role "${name}" is not a preview role: it ${privileges.join(', it ')}. Refusing to ${verb} it; nothing was changed. ${tail}`);
    }
    if (readPreviewMark(role.comment))
        return { kind: 'ours' };
    // The release before the mark made: a login role owning its database, PUBLIC without CONNECT on it, no comments.
    const unlike = [
        ...(!database ? ['it owns no database of its name'] : database.publicConnect ? ['PUBLIC can connect to its database'] : []),
        ...(!role.canLogin ? ['it cannot log in'] : []),
        ...(role.comment !== null || (database?.comment ?? null) !== null ? ['it or its database has a comment'] : [])
    ];
    if (unlike.length === 0)
        return { kind: 'adopt' };
    const byHand = `${database ? `DROP DATABASE "${name}" WITH (FORCE); ` : ''}DROP ROLE "${name}";`;
    const tail = verb === 'reuse' ? 'Choose another `preview-database` name.' : `If it is a preview you no longer need, drop it by hand: \`${byHand}\`.`;
    return refuse(`Role "${name}" was not created by fly-pg-expose: it has no fly-pg-expose mark and does not look like a preview of an earlier release (${unlike.join('; ')}). Refusing to ${verb} it; nothing was changed. ${tail}`);
}
/** What the log says of an adopted preview. */
function adoptionNote(name, verb) {
    return `preview "${name}" has no fly-pg-expose mark but is shaped exactly as an earlier release made previews: adopted, and ${verb === 'reuse' ? "marked as this action's" : 'dropped'}`;
}
/** Why a template cannot be copied (undefined: it can), said before any write. */
function judgeTemplate(template, found) {
    if (!found)
        return `Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. Nothing was changed.`;
    if (found.publicConnect) {
        return `Template database "${template}" lets every role connect (PUBLIC has CONNECT): a preview role could hold a session on it, which blocks every later copy, and read it. Run \`REVOKE CONNECT ON DATABASE "${template}" FROM PUBLIC\` (the admin keeps it), or \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. Nothing was changed.`;
    }
    return undefined;
}
/** Another run's session holds the preview's advisory lock past the budget. */
function lockHeldMessage(name, seconds, action) {
    return `Another run holds preview "${name}": its lock stayed taken for ${seconds} s (\`verify-timeout\`), so this run did not ${action} it; nothing was changed. Let that run finish, then rerun (a workflow \`concurrency\` group per preview keeps runs in turn). If no run is active, a stale session holds the lock: find it as the admin with \`SELECT pid, client_addr, backend_start FROM pg_stat_activity WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')\` and end it with \`SELECT pg_terminate_backend(<pid>)\`.`;
}

;// CONCATENATED MODULE: ./src/pure/outputs.ts
// The action's outputs by the names action.yml declares (docs.test.ts checks the two list the same ones).
const OUTPUTS = {
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
};

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/pure/summary-html.ts
// The job summary's HTML as a plain string, in the markup core.summary writes (same tags, a line end after each
// block), so what a run reports can be built and tested without writing a file. Content is HTML: escape text first.

/** As core.summary wraps: an empty element is written as its opening tag alone. */
function wrap(tag, content) {
    return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}
function summary_html_heading(html, level) {
    return wrap(`h${level}`, html) + external_node_os_namespaceObject.EOL;
}
function paragraph(html) {
    return wrap('p', html) + external_node_os_namespaceObject.EOL;
}
function summary_html_list(items) {
    return wrap('ul', items.map(item => wrap('li', item)).join('')) + external_node_os_namespaceObject.EOL;
}
/** The two-column table every summary has: what was looked at, and what came of it. */
function resultTable(rows) {
    return table(['What', 'Result'], rows);
}
/** A table with a header row; cells are HTML. */
function table(headers, rows) {
    const header = wrap('tr', headers.map(cell => wrap('th', cell)).join(''));
    return wrap('table', header + rows.map(cells => wrap('tr', cells.map(cell => wrap('td', cell)).join(''))).join('')) + external_node_os_namespaceObject.EOL;
}
/**
 * Our messages as summary HTML: escaped, with their `code` spans as <code> (GitHub renders no markdown inside an
 * HTML block, so backticks would show as they are).
 */
function summary_html_textHtml(text) {
    return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
/** The line a failed or stopped run opens its summary with. */
function failureParagraph(message) {
    return paragraph(`❌ ${summary_html_textHtml(message)}`);
}
/** Text as the job summary's HTML shows it (the summary is HTML: `<` and `&` in a message must not become markup). */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

;// CONCATENATED MODULE: ./src/pure/prune.ts
// `mode: prune` decides here: how old is too old (`preview-max-age`), which previews the workflow keeps
// (`preview-keep`), and, for each marked preview found, whether it is dropped and why. Runs nothing.



const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `preview-max-age`: a whole number and a unit (`90m`, `12h`, `14d`), in ms; `0d` (any unit) means every marked preview. */
function parseMaxAge(raw) {
    const match = raw.match(/^(\d{1,5})([mhd])$/);
    if (!match) {
        return {
            problem: `Input \`preview-max-age\` must be a whole number of minutes, hours or days, like 90m, 12h or 14d (\`0d\`: every marked preview), not "${raw}".`
        };
    }
    return Number(match[1]) * UNIT_MS[match[2]];
}
/** `preview-keep`: names separated by commas or new lines (blank entries ignored), each once. */
function parseKeepList(raw) {
    return [
        ...new Set(raw
            .split(/[,\r\n]+/)
            .map(name => name.trim())
            .filter(Boolean))
    ];
}
/** "3 h", "20 d": how long ago, in the unit a reader wants. */
function formatAge(ms) {
    if (ms >= 2 * UNIT_MS.d)
        return `${Math.floor(ms / UNIT_MS.d)} d`;
    if (ms >= 2 * UNIT_MS.h)
        return `${Math.floor(ms / UNIT_MS.h)} h`;
    return `${Math.max(0, Math.floor(ms / UNIT_MS.m))} min`;
}
/**
 * Whether one preview goes. Undefined: it is no preview of ours, and is not even listed. The role's mark proves a
 * preview (only a superuser can write it); the database's, which its owner can write, must be there too and holds
 * `lastUsed` (the role's, written once, counts when only the role is left). The same verdict is asked again under the
 * preview's lock, with the comments read then (a run may have used the preview since).
 */
function judgePrune(found, rules, now) {
    const roleMark = readPreviewMark(found.roleComment);
    const databaseExists = found.databaseComment !== undefined;
    const mark = databaseExists ? readPreviewMark(found.databaseComment) : roleMark;
    if (!roleMark || !mark)
        return undefined;
    const { name } = found;
    const lastUsed = mark.lastUsed;
    const verdict = (drop, reason) => ({ name, ...(lastUsed !== undefined ? { lastUsed } : {}), drop, reason });
    if (name === rules.adminDatabase || name === rules.adminUser) {
        return verdict(false, `the admin URL's ${name === rules.adminDatabase ? 'database' : 'user'}: never pruned`);
    }
    if (rules.keep.includes(name))
        return verdict(false, 'named in `preview-keep`');
    const onlyRole = databaseExists ? '' : ' (only its role is left: its database is gone)';
    if (rules.maxAgeMs === 0)
        return verdict(true, `\`preview-max-age: ${rules.maxAge}\` prunes every marked preview${onlyRole}`);
    const at = lastUsed === undefined ? NaN : Date.parse(lastUsed);
    if (Number.isNaN(at))
        return verdict(false, 'its mark has no readable last use: remove it with `mode: teardown` if it is not needed');
    const age = now.getTime() - at;
    if (age <= rules.maxAgeMs)
        return verdict(false, `last used ${formatAge(age)} ago, within \`preview-max-age\` (${rules.maxAge})`);
    return verdict(true, `last used ${formatAge(age)} ago, over \`preview-max-age\` (${rules.maxAge})${onlyRole}`);
}
/** Every marked preview found, by name, with its verdict; anything without the mark is left out. */
function planPrune(found, rules, now) {
    return found
        .map(preview => judgePrune(preview, rules, now))
        .filter((verdict) => verdict !== undefined)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
const prunedNames = (report) => report.verdicts.filter(v => report.outcomes[v.name]?.kind === 'dropped').map(v => v.name);
/** Previews left in place on purpose: kept by their verdict, or skipped at drop time. */
const keptNames = (report) => report.verdicts.filter(v => !v.drop || report.outcomes[v.name]?.kind === 'skipped').map(v => v.name);
/** Previews due to be dropped that are still there: failed, or not reached (a failure or a cancel stopped the run). */
const remainingNames = (report) => report.verdicts.filter(v => v.drop && (report.outcomes[v.name] === undefined || report.outcomes[v.name].kind === 'failed')).map(v => v.name);
/** One row of the summary table and log: the result and why. */
function pruneRow(verdict, outcome, dryRun) {
    if (dryRun)
        return { result: verdict.drop ? 'would be dropped' : 'kept', why: verdict.reason };
    if (!verdict.drop)
        return { result: 'kept', why: verdict.reason };
    if (!outcome)
        return { result: 'not dropped', why: `${verdict.reason}; the run stopped before it` };
    if (outcome.kind === 'dropped') {
        return { result: 'dropped', why: `${verdict.reason}${outcome.terminatedSessions > 0 ? `; ${outcome.terminatedSessions} session(s) ended` : ''}` };
    }
    if (outcome.kind === 'skipped')
        return { result: 'kept', why: outcome.reason };
    if (outcome.kind === 'gone')
        return { result: 'already gone', why: 'another run dropped it first' };
    return { result: 'failed', why: outcome.message };
}
/** The message of a prune that could not drop everything it meant to: what was dropped, what remains, what to do. */
function prunePartwayMessage(report, what) {
    const dropped = prunedNames(report);
    const remaining = remainingNames(report);
    const failures = remaining.flatMap(name => {
        const outcome = report.outcomes[name];
        return outcome?.kind === 'failed' ? [`"${name}": ${outcome.message}`] : [];
    });
    return [
        `${what}.`,
        dropped.length > 0 ? `Dropped: ${dropped.join(', ')}.` : 'Nothing was dropped.',
        remaining.length > 0 ? `Still there: ${remaining.join(', ')}.` : '',
        ...failures,
        'Rerun the prune to finish (what was dropped is not looked for again; a half-dropped preview, its role left, is found by its mark).'
    ]
        .filter(Boolean)
        .join(' ');
}
/** The outputs of a prune: the previews it dropped and those it kept, comma-separated (empty on a dry run: nothing was dropped). */
function pruneOutputs(report, flyctlVersion) {
    const pruned = prunedNames(report);
    return {
        [OUTPUTS.pruned]: pruned.join(','),
        [OUTPUTS.kept]: keptNames(report).join(','),
        [OUTPUTS.changed]: String(pruned.length > 0),
        [OUTPUTS.deployed]: 'false',
        [OUTPUTS.created]: 'false',
        [OUTPUTS.flyctlVersion]: flyctlVersion
    };
}
/** The job summary of a prune (done, dry, or failed with `failure`): one row per marked preview, as HTML. */
function pruneSummary(app, report, dryRun, failure) {
    const title = failure ? `fly-pg-expose: prune failed for ${app}` : dryRun ? `fly-pg-expose: prune dry run for ${app}` : `fly-pg-expose: prune of ${app}`;
    const rule = paragraph(summary_html_textHtml(`Marked previews last used more than \`${report.maxAge}\` ago are dropped, unless named in \`preview-keep\`; a database without the fly-pg-expose mark is never touched.${dryRun ? ' Dry run: nothing was changed.' : ''}`));
    const rows = report.verdicts.map(verdict => {
        const { result, why } = pruneRow(verdict, report.outcomes[verdict.name], dryRun);
        return [summary_html_textHtml(verdict.name), summary_html_textHtml(verdict.lastUsed ?? 'unknown'), summary_html_textHtml(result), summary_html_textHtml(why)];
    });
    return (summary_html_heading(title, 2) +
        (failure ? failureParagraph(failure) : '') +
        rule +
        (rows.length > 0 ? table(['Preview', 'Last use', 'Result', 'Why'], rows) : paragraph('No marked preview was found.')));
}
/** What a cancelled prune says: where it stopped, what it had dropped, and what remains. */
function describePruneInterruption(signal, stage, report) {
    const dropped = prunedNames(report);
    const remaining = remainingNames(report);
    return [
        `Stopped by ${signal} during "${stage}" of a prune: flyctl was stopped and no flyctl is left running.`,
        dropped.length > 0 ? `Dropped: ${dropped.join(', ')}.` : 'Nothing was dropped.',
        remaining.length > 0 ? `Still there: ${remaining.join(', ')} (one may be dropped in part): rerun the prune to finish.` : ''
    ]
        .filter(Boolean)
        .join(' ');
}

;// CONCATENATED MODULE: ./src/effects/inputs.ts
// Turns the raw action inputs into one typed, validated Inputs value. Every input check lives here.










/** An input the action cannot use: the run stops before any flyctl call, with this message. */
class InputError extends Error {
    name = 'InputError';
}
const SSL_MODES = ['require', 'verify-ca', 'verify-full', 'prefer', 'no-verify'];
// The sslmode values libpq and node-postgres know: the only ones of database-url a notice repeats.
const KNOWN_SSL_MODES = [...SSL_MODES, 'disable', 'allow'];
// Fly app names: lowercase letters, digits and dashes, starting with a letter or digit.
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FLYCTL_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
function parseInputs(read, env) {
    const notices = [];
    const { route, localPort, mpgCluster } = readRoute(read, notices);
    const app = mpgCluster ? '' : read('app').trim();
    if (!app && !mpgCluster)
        throw new InputError('Input `app` is required: the Fly app name of your Postgres cluster.');
    if (app && (!APP_NAME.test(app) || app.endsWith('-'))) {
        throw new InputError(`Input \`app\` is not a valid Fly app name: "${app}". Use the name shown by \`fly apps list\` (lowercase letters, digits and dashes).`);
    }
    // A blank variable (a missing secret, or one pasted as whitespace) is no token: flyctl would trim it to nothing.
    const token = read('fly-api-token').trim() || env.FLY_ACCESS_TOKEN?.trim() || env.FLY_API_TOKEN?.trim() || '';
    if (!token) {
        throw new InputError(noTokenMessage(env));
    }
    const { internalUrl, credentials, urlSslmode } = readConnection(read, app);
    const tunnel = route === 'tunnel';
    if (tunnel)
        checkTunnelInputs(read, notices);
    // The tunnel's URL names the proxy on the runner, with the sslmode its target needs (pure/tunnel.ts).
    const host = tunnel ? TUNNEL_HOST : readHost(read('host').trim() || `${app}.fly.dev`);
    const sslmode = tunnel ? tunnelSslMode(mpgCluster ? { kind: 'mpg', cluster: mpgCluster } : { kind: 'app', app }) : readSslmode(read, urlSslmode, notices);
    return {
        app,
        route,
        localPort,
        mpgCluster,
        token,
        internalUrl,
        credentials,
        flyctlVersion: readFlyctlVersion(read('flyctl-version'), route),
        ipv4: oneOf(read, 'ipv4', ['dedicated', 'shared', 'none'], 'dedicated'),
        ipv6: readBoolean(read, 'ipv6', true),
        port: readPort(read('port')),
        host,
        configPath: readConfigPath(read('config'), env.GITHUB_WORKSPACE || process.cwd()),
        deploy: oneOf(read, 'deploy', ['auto', 'always', 'never'], 'auto'),
        method: oneOf(read, 'method', ['deploy', 'machines'], 'deploy'),
        image: oneOf(read, 'image', ['major', 'running'], 'major'),
        tls: oneOf(read, 'tls', ['verify-full', 'require'], 'verify-full'),
        sslmode,
        notices,
        verifyTimeoutSeconds: readVerifyTimeout(read('verify-timeout')),
        deployTimeoutSeconds: readDeployTimeout(read('deploy-timeout')),
        dryRun: readBoolean(read, 'dry-run', false),
        strict: readBoolean(read, 'strict', false),
        ephemeral: readBoolean(read, 'ephemeral', false),
        exportEnv: readExportEnv(read('export-env')),
        // Prune's refusals first: they say what `mode: prune` does instead.
        ...readPrune(read),
        ...readPreview(read, credentials),
        ...readCredentialInputs(read, credentials)
    };
}
// Derived passwords and the CI role (issue 21): a key shorter than this could be guessed from one derived password.
const MIN_CREDENTIALS_KEY_LENGTH = 32;
function readCredentialInputs(read, admin) {
    const credentialsKey = read('credentials-key') || undefined;
    if (credentialsKey !== undefined && credentialsKey.length < MIN_CREDENTIALS_KEY_LENGTH) {
        throw new InputError(`Input \`credentials-key\` must be at least ${MIN_CREDENTIALS_KEY_LENGTH} characters long (it keys every password the action derives): make one with \`openssl rand -base64 32\` and store it as a secret.`);
    }
    const name = read('role').trim();
    const privileges = read('privileges').trim();
    const ttl = read('login-ttl').trim();
    if (!name) {
        if (privileges)
            throw new InputError('Input `privileges` needs `role`: the name of the login role the action creates with those privileges (like ci_reader).');
        if (ttl)
            throw new InputError("Input `login-ttl` needs `role`: it is how long the CI role's password stays valid.");
        return { credentialsKey };
    }
    const problem = roleNameProblem(name, admin.user);
    if (problem)
        throw new InputError(problem);
    if (read('preview-database').trim()) {
        throw new InputError('Give either `role` or `preview-database`, not both: a preview hands out its own least-privilege role (the owner of its database).');
    }
    if ((read('mode').trim() || 'expose') !== 'expose')
        throw new InputError('Input `role` is for `mode: expose` only: a teardown makes no role.');
    const level = oneOf(read, 'privileges', PRIVILEGE_LEVELS, 'read');
    const loginTtl = ttl ? parseLoginTtl(ttl) : undefined;
    if (typeof loginTtl === 'object')
        throw new InputError(loginTtl.problem);
    return { credentialsKey, ciRole: { name, privileges: level, ...(loginTtl !== undefined ? { loginTtlSeconds: loginTtl } : {}) } };
}
// The URL may be exported only under a name that looks like a connection string's (…URL, …DSN), so it can never be
// one that changes how later steps run (PATH, HOME, BASH_ENV, LD_PRELOAD, NODE_OPTIONS, ...), and not in a namespace
// the runner, the Actions services or flyctl read (GitHub itself refuses GITHUB_* and RUNNER_*).
const EXPORT_ENV_SUFFIX = /(URL|DSN)$/i;
const LIBPQ_ENV = 'libpq';
const EXPORT_ENV_RESERVED = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|FLY_)/i;
function readExportEnv(raw) {
    const name = raw.trim();
    if (!name)
        return undefined;
    // Not a name: libpq's own variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE), which every
    // libpq tool reads, so `psql` and `pg_dump` need no arguments.
    if (name === LIBPQ_ENV)
        return name;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new InputError(`Input \`export-env\` must be an environment variable name (letters, digits and _, not starting with a digit), like DATABASE_URL, or \`libpq\`, not "${name}".`);
    }
    if (!EXPORT_ENV_SUFFIX.test(name) || EXPORT_ENV_RESERVED.test(name)) {
        throw new InputError(`Input \`export-env\` cannot be "${name}": the name must end in URL or DSN (like DATABASE_URL or TEST_DATABASE_URL) and not start with GITHUB_, RUNNER_, ACTIONS_, INPUT_, STATE_ or FLY_, so the URL cannot change how the job's later steps run; or \`libpq\` for PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD and PGSSLMODE.`);
    }
    return name;
}
/** The host as pg takes it: a name, an IPv4 address, or a bare IPv6 address (brackets, as in a URL, are dropped). */
function readHost(value) {
    const bracketed = value.startsWith('[') && value.endsWith(']');
    const bare = bracketed ? value.slice(1, -1) : value;
    if (/[[\]]/.test(bare)) {
        throw new InputError(`Input \`host\` has unbalanced brackets: "${value}". Write an IPv6 address as 2001:db8::1 or [2001:db8::1].`);
    }
    // A zone (fe80::1%eth0) names a local interface: never a public host, and no URL can carry it.
    const ipv6 = external_node_net_namespaceObject.isIPv6(bare) && !bare.includes('%');
    if (!ipv6 && (bracketed || !/^[A-Za-z0-9.-]+$/.test(bare)))
        throw new InputError(`Input \`host\` is not a hostname: "${value}".`);
    return bare;
}
/**
 * The input when given (the log says so when it differs from database-url's own); else database-url's own when it
 * is one the action writes; else require. no-verify gets a warning: only node-postgres understands it.
 */
function readSslmode(read, fromUrl, notices) {
    const given = read('sslmode').trim();
    // Repeated only when it is a known mode: any other text of the URL stays out of the log.
    const urlMode = fromUrl !== undefined && KNOWN_SSL_MODES.includes(fromUrl) ? `the sslmode=${fromUrl}` : 'the sslmode';
    let sslmode = 'require';
    if (given) {
        sslmode = oneOf(read, 'sslmode', SSL_MODES, 'require');
        if (fromUrl !== undefined && fromUrl !== sslmode) {
            notices.push({ level: 'info', message: `The output URL says sslmode=${sslmode} (the \`sslmode\` input), not ${urlMode} database-url gives.` });
        }
    }
    else if (fromUrl !== undefined && SSL_MODES.includes(fromUrl)) {
        sslmode = fromUrl;
    }
    else if (fromUrl !== undefined) {
        notices.push({
            level: 'info',
            message: `The output URL says sslmode=require, not ${urlMode} database-url gives: the public connection is always encrypted. Set the \`sslmode\` input to choose another.`
        });
    }
    if (sslmode === 'no-verify') {
        notices.push({
            level: 'warning',
            message: 'sslmode=no-verify is understood by node-postgres only: psql and other libpq clients refuse the URL ("invalid sslmode value"). For them use `sslmode: require` (encrypted, certificate not checked); node-postgres reads require as verify-full.'
        });
    }
    return sslmode;
}
// Preview names: lowercase letters, digits, `_` and `-`, starting with a letter, at most 63 bytes (Postgres's limit).
const PREVIEW_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
// Names a preview must never take: the cluster's own databases and roles (postgres-flex's repmgr and flypgadmin).
const RESERVED_NAMES = ['postgres', 'template0', 'template1', 'repmgr', 'flypgadmin', 'public'];
function readPreview(read, admin) {
    const mode = oneOf(read, 'mode', ['expose', 'teardown', 'prune'], 'expose');
    const previewDatabase = read('preview-database').trim() || undefined;
    const previewTemplate = read('preview-template').trim() || undefined;
    const releaseIps = readBoolean(read, 'release-ips', false);
    if (previewDatabase) {
        if (!PREVIEW_NAME.test(previewDatabase)) {
            throw new InputError(`Input \`preview-database\` must be a name of lowercase letters, digits, \`_\` and \`-\`, starting with a letter and at most 63 characters (like pr-123), not "${previewDatabase}".`);
        }
        if (RESERVED_NAMES.includes(previewDatabase) || previewDatabase.startsWith('pg_')) {
            throw new InputError(`Input \`preview-database\` cannot be "${previewDatabase}": that name belongs to the cluster itself. Use a name like pr-123.`);
        }
        if (previewDatabase === admin.user || previewDatabase === admin.database) {
            throw new InputError(`Input \`preview-database\` cannot be "${previewDatabase}": that is the admin ${previewDatabase === admin.user ? 'user' : 'database'} the action connects with. Use a name like pr-123.`);
        }
    }
    if (previewTemplate) {
        if (!PREVIEW_NAME.test(previewTemplate) || previewTemplate.startsWith('pg_')) {
            throw new InputError(`Input \`preview-template\` must name a database of lowercase letters, digits, \`_\` and \`-\`, starting with a letter (like seed), not "${previewTemplate}".`);
        }
        if (!previewDatabase)
            throw new InputError('Input `preview-template` needs `preview-database`: it is the database a new preview database is copied from.');
        if (previewTemplate === previewDatabase)
            throw new InputError(`Input \`preview-template\` cannot be the preview database itself ("${previewTemplate}").`);
    }
    if (mode === 'teardown' && !previewDatabase && !releaseIps) {
        throw new InputError('`mode: teardown` has nothing to do: set `preview-database` (the database and role to drop), `release-ips: true`, or both.');
    }
    if (mode === 'expose' && releaseIps) {
        throw new InputError('Input `release-ips` is for `mode: teardown` only: exposing a cluster never releases its IPs.');
    }
    return { mode, previewDatabase, previewTemplate, releaseIps };
}
/** `mode: prune`: `preview-max-age` (required) and `preview-keep`; both refused with another mode, as is a preview to make. */
function readPrune(read) {
    const mode = read('mode').trim() || 'expose';
    const maxAge = read('preview-max-age').trim();
    const keepRaw = read('preview-keep');
    if (mode !== 'prune') {
        const given = [maxAge && '`preview-max-age`', keepRaw.trim() && '`preview-keep`'].filter(Boolean);
        if (given.length > 0)
            throw new InputError(`Input ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} for \`mode: prune\` only: set \`mode: prune\` to remove old previews, or remove ${given.length > 1 ? 'them' : 'it'}.`);
        return {};
    }
    if (!maxAge) {
        throw new InputError('`mode: prune` needs `preview-max-age`: how long since a preview was last used before it is dropped, like 14d (`0d`: every marked preview not in `preview-keep`).');
    }
    const maxAgeMs = parseMaxAge(maxAge);
    if (typeof maxAgeMs === 'object')
        throw new InputError(maxAgeMs.problem);
    const keep = parseKeepList(keepRaw);
    // A name no preview can have would keep nothing: the preview it meant would be dropped.
    const invalid = keep.filter(name => !PREVIEW_NAME.test(name));
    if (invalid.length > 0) {
        throw new InputError(`Input \`preview-keep\` has ${invalid.map(name => `"${name}"`).join(', ')}, not ${invalid.length > 1 ? 'preview names' : 'a preview name'} (lowercase letters, digits, \`_\` and \`-\`, starting with a letter): separate names with commas or new lines. Nothing was changed.`);
    }
    const refused = (name, why) => new InputError(`Input \`${name}\` is not for \`mode: prune\`: ${why}`);
    if (read('preview-database').trim()) {
        throw refused('preview-database', 'it finds previews by their mark. Name the ones to keep in `preview-keep`, or drop one with `mode: teardown`.');
    }
    if (read('preview-template').trim())
        throw refused('preview-template', 'it creates nothing.');
    if (readBoolean(read, 'release-ips', false)) {
        throw refused('release-ips', 'it never releases IPs (the previews it keeps connect through them); `mode: teardown` with `release-ips` does.');
    }
    return { prune: { maxAgeMs, maxAge, keep } };
}
function readConnection(read, app) {
    const databaseUrl = read('database-url').trim();
    const password = read('password');
    if (databaseUrl) {
        if (password) {
            throw new InputError('Give either `database-url` or `password`, not both: the password would be ambiguous.');
        }
        const { url, credentials, sslmode } = parseGivenUrl(databaseUrl);
        const internalApp = url.hostname.match(/^([a-z0-9-]+)\.(flycast|internal)$/)?.[1];
        if (internalApp && internalApp !== app) {
            throw new InputError(`database-url points at app "${internalApp}" but input \`app\` is "${app}": pass the connection string of the same cluster.`);
        }
        return { internalUrl: url, credentials, urlSslmode: sslmode };
    }
    if (!password) {
        throw new InputError('No database credentials: set `database-url` (the string `fly pg create` printed) or `password` (with `username` and `database`).');
    }
    const credentials = {
        user: read('username').trim() || 'postgres',
        password,
        database: read('database').trim() || 'postgres'
    };
    return { internalUrl: urlFromCredentials(credentials), credentials };
}
function parseGivenUrl(raw) {
    try {
        return parseDatabaseUrl(raw);
    }
    catch (error) {
        throw error instanceof DatabaseUrlError ? new InputError(error.message) : error;
    }
}
function readFlyctlVersion(raw, route) {
    const value = raw.trim() || 'latest';
    if (value === 'latest')
        return value;
    const match = value.match(FLYCTL_VERSION);
    if (!match) {
        throw new InputError(`Input \`flyctl-version\` must be \`latest\` or a version like 0.4.87, not "${value}".`);
    }
    // Refused here, before any download or flyctl call (a cached copy of the version is just as old).
    const tooOld = flyctlTooOld(match[1], route);
    if (tooOld)
        throw new InputError(tooOld);
    return match[1];
}
// An MPG cluster ID as `fly mpg list` shows it (lowercase letters and digits): it goes into flyctl's argv.
const MPG_CLUSTER_ID = /^[a-z0-9]{1,64}$/;
/**
 * The route, the local port and the MPG cluster. MPG (input `cluster`, or a database-url on `*.<id>.flympg.net`,
 * the hosts Fly's MPG docs give) has no public access at all: the public route is refused before any call.
 */
function readRoute(read, notices) {
    const route = oneOf(read, 'route', ['public', 'tunnel'], 'public');
    const cluster = read('cluster').trim();
    if (cluster && !MPG_CLUSTER_ID.test(cluster)) {
        throw new InputError(`Input \`cluster\` must be a Managed Postgres cluster ID (lowercase letters and digits, as \`fly mpg list --org <org>\` shows it), not "${cluster}".`);
    }
    const fromUrl = mpgClusterOfUrl(read('database-url'));
    if (cluster && fromUrl && cluster !== fromUrl) {
        throw new InputError(`Input \`cluster\` is "${cluster}" but database-url names cluster "${fromUrl}": pass the connection string of the same cluster.`);
    }
    const mpgCluster = cluster || fromUrl || undefined;
    if (mpgCluster && route === 'public') {
        throw new InputError(`Fly Managed Postgres (${cluster ? 'input `cluster`' : 'database-url on .flympg.net'}) has no public access: set \`route: tunnel\` to reach cluster ${mpgCluster} through \`fly mpg proxy\` on the runner. Nothing was changed.`);
    }
    const rawPort = read('local-port').trim();
    if (rawPort && route === 'public')
        throw new InputError('Input `local-port` is for `route: tunnel` (the runner port the tunnel listens on).');
    if (mpgCluster && read('app').trim()) {
        notices.push({ level: 'info', message: `Input \`app\` is not used with a Managed Postgres cluster: the tunnel goes to cluster ${mpgCluster}.` });
    }
    return { route, localPort: rawPort ? readPortInput('local-port', rawPort) : 0, mpgCluster };
}
/** The cluster ID of a database-url on `<direct|pgbouncer>.<id>.flympg.net`; '' when the host is not MPG's. */
function mpgClusterOfUrl(raw) {
    let host;
    try {
        host = new URL(raw.trim()).hostname.toLowerCase();
    }
    catch {
        return ''; // readConnection says what is wrong with it
    }
    if (!host.endsWith('.flympg.net'))
        return '';
    const id = host.split('.').at(-3) ?? '';
    if (!MPG_CLUSTER_ID.test(id)) {
        throw new InputError(`database-url's host ${host} names no Managed Postgres cluster ID (like direct.<id>.flympg.net): set the \`cluster\` input.`);
    }
    return id;
}
/** Public-route inputs that ask for something the tunnel would not do: refused, with what to use instead. */
const REFUSED_ON_TUNNEL = [
    ['host', '', 'the tunnel URL names the proxy on the runner, 127.0.0.1'],
    ['port', '5432', 'use `local-port` for the runner port the tunnel listens on'],
    ['sslmode', '', 'the tunnel chooses it (disable for postgres-flex, which has no server TLS; require for Managed Postgres)'],
    ['mode', 'expose', 'a teardown runs on the public route'],
    ['release-ips', 'false', 'the tunnel allocates no IP'],
    ['preview-database', '', 'preview databases are made on the public route'],
    ['preview-template', '', 'preview databases are made on the public route']
];
/** Settings of the public route's changes (none of which the tunnel makes): ignored, and the log says so. */
const IGNORED_ON_TUNNEL = [
    ['ipv4', 'dedicated'],
    ['ipv6', 'true'],
    ['config', ''],
    ['deploy', 'auto'],
    ['method', 'deploy'],
    ['image', 'major'],
    ['tls', 'verify-full'],
    ['deploy-timeout', '900'],
    ['ephemeral', 'false'],
    ['strict', 'false']
];
/** An input set to other than its action.yml default (the runner passes defaults as if given). */
const isSet = (read, name, unset) => ![unset, ''].includes(read(name).trim().toLowerCase());
function checkTunnelInputs(read, notices) {
    for (const [name, unset, why] of REFUSED_ON_TUNNEL) {
        if (isSet(read, name, unset))
            throw new InputError(`Input \`${name}\` does not apply to \`route: tunnel\`: ${why}. Remove it, or use \`route: public\`.`);
    }
    const ignored = IGNORED_ON_TUNNEL.filter(([name, unset]) => isSet(read, name, unset)).map(([name]) => `\`${name}\``);
    if (ignored.length > 0) {
        notices.push({
            level: 'info',
            message: `Ignored on \`route: tunnel\`: ${ignored.join(', ')} (nothing public is allocated, deployed or judged; the tunnel always closes when the job ends).`
        });
    }
}
function readPortInput(name, value) {
    const port = Number(value);
    if (!/^\d+$/.test(value) || port < 1 || port > 65535)
        throw new InputError(`Input \`${name}\` must be a TCP port from 1 to 65535, not "${value}".`);
    return port;
}
// ---- end of route: tunnel
function readPort(raw) {
    const value = raw.trim() || '5432';
    const port = Number(value);
    if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
        throw new InputError(`Input \`port\` must be a TCP port from 1 to 65535, not "${value}".`);
    }
    return port;
}
function readVerifyTimeout(raw) {
    const value = raw.trim() || '300';
    const seconds = Number(value);
    if (!/^\d+$/.test(value) || seconds < 1 || seconds > 3600) {
        throw new InputError(`Input \`verify-timeout\` must be a whole number of seconds from 1 to 3600, not "${value}".`);
    }
    return seconds;
}
// A GitHub job runs at most 6 hours: a deploy bounded by more than that is not bounded by us.
const MAX_DEPLOY_TIMEOUT = 21_600;
function readDeployTimeout(raw) {
    const value = raw.trim() || '900';
    const seconds = Number(value);
    if (!/^\d+$/.test(value) || seconds < 1 || seconds > MAX_DEPLOY_TIMEOUT) {
        throw new InputError(`Input \`deploy-timeout\` must be a whole number of seconds from 1 to ${MAX_DEPLOY_TIMEOUT} (6 hours), not "${value}". The default, 900, gives a rolling restart of a 3-machine cluster 15 minutes.`);
    }
    return seconds;
}
function readConfigPath(raw, workspace) {
    const value = raw.trim();
    if (!value)
        return undefined;
    const root = external_node_path_namespaceObject.resolve(workspace);
    const resolved = external_node_path_namespaceObject.resolve(root, value);
    if (!isInside(root, resolved)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}".`);
    }
    if (!external_node_fs_namespaceObject.existsSync(resolved) || !external_node_fs_namespaceObject.statSync(resolved).isFile()) {
        throw new InputError(`Input \`config\` names "${value}", but there is no such file in the workspace.`);
    }
    // A link inside the workspace may lead out of it: judge where it really points.
    const real = external_node_fs_namespaceObject.realpathSync(resolved);
    if (!isInside(external_node_fs_namespaceObject.realpathSync(root), real)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}": it links to ${real}.`);
    }
    return resolved;
}
function isInside(root, file) {
    return file === root || file.startsWith(root + external_node_path_namespaceObject.sep);
}
function oneOf(read, name, allowed, fallback) {
    const value = read(name).trim() || fallback;
    if (!allowed.includes(value)) {
        throw new InputError(`Input \`${name}\` must be one of ${allowed.join(', ')}, not "${value}".`);
    }
    return value;
}
function readBoolean(read, name, fallback) {
    const raw = read(name).trim();
    const value = raw.toLowerCase();
    if (!value)
        return fallback;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw new InputError(`Input \`${name}\` must be true or false, not "${raw}".`);
}
/**
 * Reads the inputs from the runner and masks every secret among them before anything can print it:
 * the raw secret inputs first (so even a validation error cannot leak them), then each derived form.
 * `refuseUnknown` (the main step): an INPUT_ variable no declared input explains is refused first. The post step
 * leaves it off: it only releases what the main step allocated, whatever the environment became since.
 */
function readInputs(getInput, setSecret, env, options = {}) {
    for (const name of ['fly-api-token', 'password', 'database-url']) {
        const raw = getInput(name);
        if (raw)
            setSecret(raw);
    }
    // The key of the derived passwords (issue 21): masked before anything can print it, like the secrets above.
    const credentialsKey = getInput('credentials-key');
    if (credentialsKey)
        setSecret(credentialsKey);
    if (env.FLY_ACCESS_TOKEN)
        setSecret(env.FLY_ACCESS_TOKEN);
    if (env.FLY_API_TOKEN)
        setSecret(env.FLY_API_TOKEN);
    // A misspelt input (`dryrun`) would be ignored and the run would change things: only names are read, never a value.
    const unknown = options.refuseUnknown ? unknownInputsMessage(unknownInputs(Object.keys(env))) : undefined;
    if (unknown)
        throw new InputError(unknown);
    const inputs = parseInputs(getInput, env);
    for (const secret of secretsOf(inputs))
        setSecret(secret);
    return inputs;
}
/** Everything in the inputs that must never reach a log line, in every spelling. */
function secretsOf(inputs) {
    const { password } = inputs.credentials;
    return [
        inputs.token,
        ...passwordForms(password, inputs.internalUrl.password),
        inputs.internalUrl.href,
        externalUrl(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode),
        ...(inputs.credentialsKey ? passwordForms(inputs.credentialsKey) : [])
    ];
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/effects/install.ts
// Installs flyctl through the runner's tool cache, keyed as superfly/flyctl-actions (setup-flyctl) keys it.








const TOOL_NAME = 'flyctl';
const RELEASES_API = 'https://api.fly.io/app/flyctl_releases';
const DOWNLOAD_BASE = 'https://github.com/superfly/flyctl/releases/download';
class InstallError extends Error {
    name = 'InstallError';
}
function install_flyctlSources(env) {
    return {
        releasesApi: env.FLY_PG_EXPOSE_RELEASES_API || RELEASES_API,
        downloadBase: env.FLY_PG_EXPOSE_DOWNLOAD_BASE || DOWNLOAD_BASE
    };
}
/** Fly's names for the platform and CPU in release asset names. */
function assetPlatform(platform, arch) {
    const osName = { linux: 'Linux', darwin: 'macOS' }[platform];
    const cpu = { x64: 'x86_64', arm64: 'arm64' }[arch];
    if (!osName || !cpu) {
        throw new InstallError(`flyctl is not available for ${platform}/${arch}: run this action on a Linux or macOS runner (x64 or arm64).`);
    }
    return { os: osName, cpu };
}
function releaseAssetUrl(base, version, target) {
    return `${base}/v${version}/flyctl_${version}_${target.os}_${target.cpu}.tar.gz`;
}
/** Reads the version out of a download URL such as `.../download/v0.4.87/flyctl_0.4.87_Linux_x86_64.tar.gz`. */
function versionFromAssetUrl(url) {
    return url.match(/\/v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\/flyctl_/)?.[1];
}
async function install_installFlyctl(requested, sources) {
    const target = assetPlatform(process.platform, external_node_os_namespaceObject.arch());
    // A pinned version never asks the releases endpoint: the cache, then GitHub's release asset.
    const { version, url } = requested === 'latest'
        ? await resolveLatest(sources.releasesApi, target)
        : { version: requested, url: releaseAssetUrl(sources.downloadBase, requested, target) };
    let dir = findCached(version, target.cpu);
    const cacheHit = dir !== '';
    if (cacheHit) {
        lib_core/* info */.pq(`flyctl ${version} found in the tool cache: ${dir}`);
    }
    else {
        dir = await downloadToCache(url, version, target.cpu);
    }
    linkFly(dir);
    lib_core/* addPath */.fM(dir);
    return { version, binPath: external_node_path_namespaceObject.join(dir, TOOL_NAME), cacheHit };
}
/**
 * setup-flyctl caches under Fly's CPU name (`x86_64`, `arm64`: its src/constants.ts); its older releases and ours
 * used tool-cache's default, node's arch (`x64`). A hit under either key is the same binary.
 *
 * Read as tool-cache's own `find` reads an exact version (`<RUNNER_TOOL_CACHE>/<tool>/<version>/<arch>`, complete
 * once `<arch>.complete` exists; versions here are exact, checked by the inputs), so a hit never loads tool-cache:
 * its download path (and semver) is imported only on a miss.
 */
function findCached(version, cpu) {
    const cache = process.env.RUNNER_TOOL_CACHE;
    if (!cache)
        return '';
    for (const arch of new Set([cpu, external_node_os_namespaceObject.arch()])) {
        const dir = external_node_path_namespaceObject.join(cache, TOOL_NAME, version, arch);
        if (external_node_fs_namespaceObject.existsSync(dir) && external_node_fs_namespaceObject.existsSync(`${dir}.complete`))
            return dir;
    }
    return '';
}
async function resolveLatest(releasesApi, target) {
    const endpoint = `${releasesApi}/${target.os}/${target.cpu}/latest`;
    let body;
    try {
        const response = await fetch(endpoint, { signal: AbortSignal.timeout(30_000) });
        if (!response.ok)
            throw new Error(`HTTP ${response.status}`);
        body = (await response.text()).trim();
    }
    catch (error) {
        throw new InstallError(`Could not resolve the latest flyctl from ${endpoint} (${text_errorMessage(error)}). Pin a version with the \`flyctl-version\` input (e.g. 0.4.87): pinned versions download straight from GitHub.`);
    }
    const version = versionFromAssetUrl(body);
    if (!version) {
        throw new InstallError(`Fly's releases endpoint answered with no usable download URL. Pin \`flyctl-version\` instead of \`latest\`.`);
    }
    return { version, url: body };
}
async function downloadToCache(url, version, cpu) {
    const tc = await __nccwpck_require__.e(/* import() */ 805).then(__nccwpck_require__.bind(__nccwpck_require__, 9805));
    lib_core/* info */.pq(`Downloading flyctl ${version} from ${url}`);
    let archive;
    try {
        archive = await tc.downloadTool(url);
    }
    catch (error) {
        throw new InstallError(`Could not download flyctl ${version} from ${url}: ${text_errorMessage(error)}. Check that the version exists on https://github.com/superfly/flyctl/releases.`);
    }
    const extracted = external_node_fs_namespaceObject.mkdtempSync(external_node_path_namespaceObject.join(process.env.RUNNER_TEMP || external_node_os_namespaceObject.tmpdir(), 'flyctl-'));
    try {
        try {
            await extractTar(archive, extracted);
        }
        catch (error) {
            throw new InstallError(`The flyctl ${version} download is not a valid tarball (${text_errorMessage(error)}). Nothing was cached; rerun the job.`);
        }
        finally {
            external_node_fs_namespaceObject.rmSync(archive, { force: true });
        }
        if (!external_node_fs_namespaceObject.existsSync(external_node_path_namespaceObject.join(extracted, TOOL_NAME))) {
            throw new InstallError(`The flyctl ${version} tarball has no \`flyctl\` binary. Nothing was cached; pin another version.`);
        }
        // Only a complete, checked directory enters the cache, so a broken download never poisons later runs.
        return await tc.cacheDir(extracted, TOOL_NAME, version, cpu);
    }
    finally {
        external_node_fs_namespaceObject.rmSync(extracted, { recursive: true, force: true });
    }
}
/**
 * `tar -xzf`, with the allow-listed environment every child gets (childEnv): tool-cache's extractTar would start tar
 * with all of ours, inputs and runner tokens included, and takes no environment. GNU and BSD tar read these flags alike.
 */
async function extractTar(archive, dest) {
    try {
        await (0,external_node_util_namespaceObject.promisify)(external_node_child_process_namespaceObject.execFile)('tar', ['-xzf', archive, '-C', dest], { env: childEnv(process.env) });
    }
    catch (error) {
        const { code, stderr } = error;
        const said = stderr?.trim().split('\n')[0];
        throw new Error(`tar failed (exit ${code ?? 'unknown'})${said ? `: ${said}` : ''}`, { cause: error });
    }
}
/** Release tarballs hold only `flyctl`; users and docs say `fly`, so put a link beside it. */
function linkFly(dir) {
    const link = external_node_path_namespaceObject.join(dir, 'fly');
    if (external_node_fs_namespaceObject.existsSync(link))
        return;
    try {
        external_node_fs_namespaceObject.symlinkSync(TOOL_NAME, link);
    }
    catch (error) {
        lib_core/* debug */.Yz(`Could not add the fly link: ${text_errorMessage(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/pure/retry.ts
// Capped exponential backoff with an injectable clock and sleep, so tests never wait for real.
const realSleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
/** Runs `attempt` until it succeeds, throws a non-retryable error, or the deadline passes (then rethrows the last error). */
async function retryWithBackoff(attempt, isRetryable, backoff) {
    const sleep = backoff.sleep ?? realSleep;
    const now = backoff.now ?? Date.now;
    const deadline = now() + backoff.timeoutMs;
    let delay = backoff.initialDelayMs;
    for (let attempts = 1;; attempts++) {
        try {
            return { value: await attempt(Math.max(deadline - now(), 1)), attempts };
        }
        catch (error) {
            const remaining = deadline - now();
            const wait = Math.min(delay, backoff.maxDelayMs, remaining);
            if (!isRetryable(error) || remaining - wait < (backoff.minAttemptMs ?? 1))
                throw error;
            backoff.onRetry?.(error, attempts, wait);
            await sleep(wait);
            delay *= 2;
        }
    }
}

;// CONCATENATED MODULE: ./src/effects/flyctl.ts
// Runs flyctl: from a clean temporary directory, with the token only in the child's environment, each call with a
// deadline, and every running call reachable so a cancelled job can stop it (its whole process group).








class FlyctlError extends Error {
    command;
    exitCode;
    flyMessage;
    name = 'FlyctlError';
    constructor(command, exitCode, flyMessage, nextStep = nextStepFor(flyMessage, command)) {
        super([asSentence(`\`flyctl ${command}\` failed (exit ${exitCode}): ${flyMessage}`), nextStep].filter(Boolean).join(' '));
        this.command = command;
        this.exitCode = exitCode;
        this.flyMessage = flyMessage;
    }
}
/** A call stopped at its deadline. `mayHaveChanged` says what it may have done on Fly before it was stopped. */
class FlyctlTimeoutError extends FlyctlError {
    waitedMs;
    mayHaveChanged;
    name = 'FlyctlTimeoutError';
    constructor(command, waitedMs, mayHaveChanged) {
        super(command, -1, `no answer within ${seconds(waitedMs)}`, '');
        this.waitedMs = waitedMs;
        this.mayHaveChanged = mayHaveChanged;
        this.message = `\`flyctl ${command}\` did not finish within ${seconds(waitedMs)} and was stopped. ${asSentence(mayHaveChanged)}`;
    }
}
/** A call refused or stopped because the job is being cancelled. */
class FlyctlInterruptedError extends FlyctlError {
    name = 'FlyctlInterruptedError';
    constructor(command, signal) {
        super(command, -1, `stopped by ${signal}`, '');
    }
}
/** How long each kind of call may take; a call past its deadline is stopped. Tests shorten them. */
/** The bounds of every call; a test passes shorter ones to createFlyctl (they are never changed in place). */
const DEADLINES = Object.freeze({
    /** One attempt of a read (reads are retried within READ_RETRY). */
    readAttemptMs: 15_000,
    /** One IP allocation or `config save`. */
    callMs: 60_000,
    /** After SIGTERM (ours, or the runner's passed on), how long flyctl has to stop cleanly before SIGKILL. */
    killGraceMs: 4_000,
    /** After flyctl exited, how long its pipes may stay open (held by a process outside its group) before we stop reading. */
    drainMs: 2_000
});
/**
 * The environment flyctl runs with: the allow-listed part of ours (childEnv: no input, no runner token, no other
 * credential) and the token as FLY_ACCESS_TOKEN, the only one (an empty FLY_ACCESS_TOKEN would hide FLY_API_TOKEN).
 */
function flyctlEnv(base, token) {
    return { ...childEnv(base), FLY_ACCESS_TOKEN: token, CI: 'true', NO_COLOR: '1' };
}
/** How reads are retried; tests shorten it. */
const READ_RETRY = {
    initialDelayMs: 500,
    maxDelayMs: 4000,
    timeoutMs: 5000
};
/**
 * `env` is the whole environment flyctl gets (default: flyctlEnv of ours): the tunnel's calls add their private
 * FLY_CONFIG_DIR to the same allow-list.
 */
function flyctl_createFlyctl(binPath, token, tempRoot = external_node_os_namespaceObject.tmpdir(), deadlines = DEADLINES, env = flyctlEnv(process.env, token)) {
    const workDirs = [];
    const makeWorkDir = (prefix) => {
        const dir = external_node_fs_namespaceObject.mkdtempSync(external_node_path_namespaceObject.join(tempRoot, `fly-pg-expose-${prefix}-`));
        workDirs.push(dir);
        return dir;
    };
    let defaultCwd;
    async function run(args, options = {}) {
        const cwd = options.cwd ?? (defaultCwd ??= makeWorkDir('run'));
        const shown = args.join(' ');
        if (stopping)
            throw new FlyctlInterruptedError(shown, stopping);
        lib_core/* info */.pq(`$ flyctl ${shown}`);
        const timeoutMs = options.timeoutMs ?? deadlines.callMs;
        const result = await runBounded(binPath, args, { cwd, env, timeoutMs, stream: Boolean(options.streamOutput), deadlines });
        if (result.stoppedBy)
            throw new FlyctlInterruptedError(shown, result.stoppedBy);
        if (result.timedOut) {
            throw new FlyctlTimeoutError(shown, timeoutMs, options.mayHaveChanged ?? 'It only reads, so nothing was changed');
        }
        if (result.exitCode !== 0) {
            throw new FlyctlError(shown, result.exitCode, flyErrorMessage(result.stderr, result.stdout));
        }
        return { stdout: result.stdout, stderr: result.stderr };
    }
    async function json(args) {
        let attempts = 1;
        const attempt = () => 
        // Each attempt is bounded too: a stalled read is stopped, and retried only if the read budget allows.
        run([...args, '--json'], { timeoutMs: deadlines.readAttemptMs });
        const read = retryWithBackoff(attempt, isTransientFlyError, {
            ...READ_RETRY,
            onRetry: (error, attempt, delay) => {
                attempts = attempt + 1;
                lib_core/* info */.pq(`flyctl ${args.join(' ')}: attempt ${attempt} failed (${text_errorMessage(error)}); retrying in ${delay} ms`);
            }
        });
        const { value } = await read.catch((error) => {
            // Retried to the end: nothing to fix on the user's side, so call it an outage and name the next step.
            if (!(error instanceof FlyctlError) || !isTransientFlyError(error))
                throw error;
            if (error instanceof FlyctlTimeoutError) {
                throw new FlyctlTimeoutError(error.command, error.waitedMs, `${asSentence(error.mayHaveChanged)} Check https://status.flyio.net and the runner's network, then rerun the job`);
            }
            throw new FlyctlError(error.command, error.exitCode, error.flyMessage, `Fly's API kept failing (${attempts} attempts over ${READ_RETRY.timeoutMs / 1000} s): check https://status.flyio.net, then rerun the job.`);
        });
        try {
            return JSON.parse(value.stdout);
        }
        catch {
            throw new FlyctlError(args.join(' '), 0, `printed output that is not JSON: ${value.stdout.slice(0, 200)}`);
        }
    }
    function cleanup() {
        for (const dir of workDirs.splice(0))
            external_node_fs_namespaceObject.rmSync(dir, { recursive: true, force: true });
    }
    return { run, json, makeWorkDir, cleanup };
}
// Every flyctl call still running, with a promise that settles once the call has (flyctl exited, its pipes read), so a
// cancelled job can pass its signal on and wait for them.
const running = new Map();
const interruptedBy = new WeakMap();
let stopping;
/** Signals flyctl's whole process group (it runs detached, as its own group) while flyctl runs; false once it exited. */
function signalGroup(child, signal) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
        return false;
    try {
        process.kill(-child.pid, signal);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * flyctl has exited: SIGKILL what it left in its group, at once (later, the group id could be a new process's). Such a
 * leftover may ignore SIGTERM and hold flyctl's stdout open; flyctl's own helpers (agent, metrics) run in groups of
 * their own (flyctl internal/cmdutil/cmd_unix.go) and are not touched.
 */
function killLeftovers(pid) {
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // ESRCH: nothing was left.
    }
}
/** SIGTERM, then SIGKILL for the whole group if it has not exited after the grace period. */
function terminate(child, graceMs, signal = 'SIGTERM') {
    if (!signalGroup(child, signal))
        return;
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    kill.unref();
    child.once('exit', () => clearTimeout(kill));
}
function runBounded(binPath, args, options) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(binPath, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let settled = () => undefined;
        running.set(child, new Promise(resolve => (settled = resolve)));
        const closed = new Promise(resolve => child.once('close', () => resolve()));
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout?.on('data', (chunk) => {
            stdout += chunk.toString();
            if (options.stream)
                process.stdout.write(chunk);
        });
        child.stderr?.on('data', (chunk) => {
            stderr += chunk.toString();
            // As @actions/exec does: flyctl's progress goes to stderr, and the log shows it with stdout.
            if (options.stream)
                process.stdout.write(chunk);
        });
        const deadline = setTimeout(() => {
            timedOut = true;
            terminate(child, options.deadlines.killGraceMs);
        }, options.timeoutMs);
        const done = () => {
            clearTimeout(deadline);
            running.delete(child);
            settled();
        };
        child.once('error', error => {
            done();
            reject(error);
        });
        child.once('exit', (code, signal) => {
            clearTimeout(deadline);
            if (child.pid !== undefined)
                killLeftovers(child.pid);
            // The rest of its output is in the pipes; a process outside its group may still hold them: read for a bounded time.
            void drained(child, closed, options.deadlines.drainMs).then(() => {
                done();
                resolve({ stdout, stderr, exitCode: code ?? (signal ? 128 : 1), timedOut, stoppedBy: interruptedBy.get(child) });
            });
        });
    });
}
/** Resolves once flyctl's pipes are closed, or after `drainMs`, closing them (whatever holds them is not ours). */
function drained(child, closed, drainMs) {
    let timer;
    const cut = new Promise(resolve => {
        timer = setTimeout(() => {
            child.stdout?.destroy();
            child.stderr?.destroy();
            resolve();
        }, drainMs);
    });
    return Promise.race([closed, cut]).finally(() => clearTimeout(timer));
}
/** The flyctl commands running now. */
function runningFlyctl() {
    return running.size;
}
/**
 * The job is being cancelled: start no new flyctl, pass `signal` on to every running one (flyctl cancels its work
 * and exits 127), give them `graceMs`, then SIGKILL their process groups. Resolves once every call has settled, which
 * the calls bound: flyctl's exit, then at most DEADLINES.drainMs for its pipes.
 */
async function stopAllFlyctl(signal, graceMs = DEADLINES.killGraceMs) {
    stopping ??= signal;
    const calls = [...running];
    for (const [child] of calls) {
        interruptedBy.set(child, signal);
        signalGroup(child, signal);
    }
    const kill = setTimeout(() => calls.forEach(([child]) => signalGroup(child, 'SIGKILL')), graceMs);
    await Promise.all(calls.map(([, settled]) => settled));
    clearTimeout(kill);
}
/** Last resort on exit: no flyctl outlives the action. */
function killAllFlyctl() {
    for (const child of running.keys())
        signalGroup(child, 'SIGKILL');
}
/** flyctl prints `Error: <message>` on stderr; keep that line (or the last line when there is none). */
function flyErrorMessage(stderr, stdout) {
    const lines = `${stderr}\n${stdout}`
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean);
    const errorLine = lines.find(line => line.startsWith('Error:'));
    const message = errorLine ? errorLine.slice('Error:'.length).trim() : lines.at(-1);
    return withoutGraphqlQuery(message || 'no error message');
}
/** Failures worth another try: Fly's API or network hiccups, flyctl's own deadline (exit 126), and ours. */
function isTransientFlyError(error) {
    if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError)
        return false;
    if (error instanceof FlyctlTimeoutError || error.exitCode === 126)
        return true;
    if (nextStepFor(error.flyMessage, error.command))
        return false;
    return /\b5\d\d\b|Bad Gateway|Service Unavailable|Gateway Timeout|timeout|timed out|deadline exceeded|connection reset|connection refused|EOF|temporarily unavailable|try again/i.test(error.flyMessage);
}
/** What to do next, for the flyctl errors a user is most likely to meet. */
function nextStepFor(message, command) {
    const app = command.match(/(?:^|\s)-a\s+(\S+)/)?.[1] ?? '<app>';
    if (/no access token available|You must be authenticated|unauthorized|not authorized/i.test(message)) {
        return `The Fly token was rejected: create one with \`fly tokens create deploy -a ${app}\` and pass it as \`fly-api-token\` (or FLY_API_TOKEN).`;
    }
    if (/Could not find App|app not found/i.test(message)) {
        return `Check the \`app\` input ("${app}") and that the token belongs to the organization that owns the app.`;
    }
    return '';
}

;// CONCATENATED MODULE: ./src/effects/read-cluster.ts
async function readCluster(fly, app) {
    const [ips, machines] = await Promise.allSettled([
        fly.json(['ips', 'list', '-a', app]),
        fly.json(['machines', 'list', '-a', app])
    ]);
    // Both settle before we report, so the message does not depend on which read failed first.
    if (ips.status === 'rejected')
        throw ips.reason;
    if (machines.status === 'rejected')
        throw machines.reason;
    return { ips: ips.value ?? [], machines: machines.value ?? [], readAt: Date.now() };
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });

;// CONCATENATED MODULE: ./src/pure/pg-tls-service.ts
/** The internal port the pg_tls service leads to: postgres-flex's HAProxy, which routes to the primary. */
const POSTGRES_PORT = 5432;
/** Where each member's own Postgres listens behind HAProxy (flyctl flypg/launcher.go). */
const MEMBER_POSTGRES_PORT = 5433;
/** Does this service take `port` over TCP to Postgres with the pg_tls handler? */
function servesPgTlsOn(service, port) {
    return ((service.protocol ?? 'tcp') === 'tcp' &&
        service.internal_port === POSTGRES_PORT &&
        (service.ports ?? []).some(p => p.port === port && (p.handlers ?? []).includes('pg_tls')));
}
/** The `--port` value that adds `port` -> 5432 with pg_tls (flyctl internal/command/command_run.go parsePortFlag). */
function pgTlsPortFlag(port) {
    return `${port}:${POSTGRES_PORT}/tcp:pg_tls`;
}

;// CONCATENATED MODULE: ./src/pure/fly-toml-patch.ts
// Patches a fly.toml so the machines serve Postgres over TLS, keeping every other setting. Pure: text in, text out.



class ConfigError extends Error {
    name = 'ConfigError';
}
/**
 * A machine's restart policy (`no | always | on-failure` + `max_retries`, fly-go machine_types.go) in fly.toml's
 * vocabulary: flyctl rejects `no`, and dropping `max_retries` would change scale-to-zero clusters.
 */
function flyTomlRestart(machine) {
    const policy = machine?.policy === 'no' ? 'never' : machine?.policy === 'on-failure' ? 'on-failure' : 'always';
    return machine?.max_retries ? { policy, retries: machine.max_retries } : { policy };
}
function patchFlyToml(original, request) {
    const config = parseToml(original, request.source);
    checkSafeToDeploy(config, request);
    // A shallow copy: only `services` and `restart` are replaced (never mutated). A deep clone would turn smol-toml's
    // TomlDate values (local dates and times) into plain Dates, which render back as different TOML values.
    const desired = { ...config };
    const changes = [];
    const services = (desired.services ?? []);
    if (!services.some(service => servesPgTlsOn(service, request.port))) {
        desired.services = [...withoutPort(services, request.port, changes), pgTlsService(request.port)];
        changes.push(`added [[services]] ${request.port} -> ${POSTGRES_PORT} with handlers ["pg_tls"]`);
    }
    if (desired.restart === undefined) {
        desired.restart = [{ ...request.restart }];
        changes.push(`added [[restart]] ${restartText(request.restart)} (a deploy would otherwise reset it)`);
    }
    if (changes.length === 0)
        return { text: original, changes };
    return { text: renderKeepingText(original, desired, request), changes };
}
function parseToml(text, source) {
    try {
        return parse(text);
    }
    catch (error) {
        if (error instanceof TomlError) {
            // Say where: smol-toml's first line names only the problem, the position is in its code block.
            const reason = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
            throw new ConfigError(`${source} is not valid TOML: ${reason} (line ${error.line}, column ${error.column}).`);
        }
        const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new ConfigError(`${source} is not valid TOML: ${detail}`);
    }
}
function checkSafeToDeploy(config, request) {
    if (config.app !== undefined && config.app !== request.app) {
        throw new ConfigError(`${request.source} is for app "${String(config.app)}", not "${request.app}": refusing to deploy another app's config.`);
    }
    // `processes = []` (as in postgres-flex's own fly.toml) is no process group to flyctl (internal/appconfig/patches.go).
    if (config.processes !== undefined && !isEmpty(config.processes)) {
        throw new ConfigError(`${request.source} has a [processes] section: deploying it would destroy Postgres machines outside those groups. Remove [processes] and rerun.`);
    }
    const mounts = (config.mounts === undefined ? [] : Array.isArray(config.mounts) ? config.mounts : [config.mounts]);
    const destinations = new Set(mounts.map(mount => mount.destination));
    const missing = request.machineMounts.filter(mount => !destinations.has(mount.destination)).map(mount => mount.destination);
    if (mounts.length === 0 || missing.length > 0) {
        throw new ConfigError(`${request.source} has no [[mounts]] for ${missing.join(', ') || 'the data volume'}: deploying it would detach the database volume. Add the mount (source = "pg_data", destination = "/data") and rerun.`);
    }
    const matches = (mount) => request.machineMounts.some(m => (m.source === '' || m.source === mount.source) && m.destination === mount.destination);
    const differing = mounts.filter(mount => !matches(mount));
    if (differing.length > 0) {
        const wanted = request.machineMounts.map(m => `source = "${m.source}", destination = "${m.destination}"`).join('; ');
        const found = differing.map(m => `source = "${String(m.source)}", destination = "${String(m.destination)}"`).join('; ');
        throw new ConfigError(`${request.source} mounts ${found}, but the members mount ${wanted}: a deploy would move or replace the database volume. Make [[mounts]] match the members and rerun.`);
    }
    // A deploy sets the env to [env] plus PRIMARY_REGION only from primary_region (internal/appconfig/machines.go),
    // and postgres-flex does not start without PRIMARY_REGION.
    const env = (config.env ?? {});
    if (!config.primary_region && !env.PRIMARY_REGION) {
        throw new ConfigError(`${request.source} sets neither primary_region nor [env] PRIMARY_REGION: a deploy would start every member without PRIMARY_REGION, and postgres-flex does not start without it. Add primary_region = "<the cluster's region>" and rerun.`);
    }
}
function isEmpty(value) {
    if (Array.isArray(value))
        return value.length === 0;
    return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
function restartText(restart) {
    return restart.retries ? `policy = "${restart.policy}", retries = ${restart.retries}` : `policy = "${restart.policy}"`;
}
/** Frees `port` from any service that uses it some other way, so the pg_tls service can take it. */
function withoutPort(services, port, changes) {
    const kept = [];
    for (const service of services) {
        const ports = (service.ports ?? []).filter(p => p.port !== port);
        if (ports.length === (service.ports ?? []).length) {
            kept.push(service);
            continue;
        }
        changes.push(`moved port ${port} off the service on internal port ${service.internal_port ?? '?'}`);
        if (ports.length > 0)
            kept.push({ ...service, ports });
    }
    return kept;
}
function pgTlsService(port) {
    return {
        protocol: 'tcp',
        internal_port: POSTGRES_PORT,
        ports: [{ port, handlers: ['pg_tls'] }],
        concurrency: { type: 'connections', hard_limit: 1000, soft_limit: 1000 }
    };
}
/**
 * Appends the new tables to the original text, so every other line stays byte for byte; falls back to a full
 * re-render only when appending cannot express the change (e.g. a port moved off an existing service).
 */
function renderKeepingText(original, desired, request) {
    const originalConfig = parse(original);
    const additions = [];
    const services = (desired.services ?? []);
    const originalServices = (originalConfig.services ?? []);
    if (sameValue(services.slice(0, originalServices.length), originalServices) && services.length === originalServices.length + 1) {
        additions.push([
            '# Added by fly-pg-expose: Postgres over TLS from outside Fly.',
            '[[services]]',
            '  protocol = "tcp"',
            `  internal_port = ${POSTGRES_PORT}`,
            '',
            '  [[services.ports]]',
            `    port = ${request.port}`,
            '    handlers = ["pg_tls"]',
            '',
            '  [services.concurrency]',
            '    type = "connections"',
            '    hard_limit = 1000',
            '    soft_limit = 1000'
        ].join('\n'));
    }
    if (originalConfig.restart === undefined) {
        const retries = request.restart.retries ? [`  retries = ${request.restart.retries}`] : [];
        additions.push(['[[restart]]', `  policy = "${request.restart.policy}"`, ...retries].join('\n'));
    }
    // The original stays a byte-exact prefix (trailing blank lines and CRLF included); the additions use its line ending.
    const eol = original.includes('\r\n') ? '\r\n' : '\n';
    const base = original === '' || original.endsWith('\n') ? original : `${original}${eol}`;
    const appended = `${base}${eol}${additions.join('\n\n').replace(/\n/g, eol)}${eol}`;
    try {
        if (sameValue(parse(appended), desired))
            return appended;
    }
    catch {
        // The original's layout (e.g. an inline `services = [...]`) does not allow appending tables.
    }
    return stringify(desired);
}
/** Deep equality of parsed TOML, ignoring prototypes (smol-toml makes null-prototype tables). */
function sameValue(a, b) {
    return (0,external_node_util_namespaceObject.isDeepStrictEqual)(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

;// CONCATENATED MODULE: ./src/effects/fly-toml-file.ts
// Gets the app's fly.toml (saved from Fly, or the user's file), patches it, and writes it where deploy will read it.






async function prepareFlyToml(fly, request, members) {
    const { text: original, source } = await readConfig(fly, request);
    const patched = patchFlyToml(original, {
        app: request.app,
        port: request.port,
        machineMounts: mountsOf(members),
        restart: flyTomlRestart(members[0]?.config?.restart),
        source
    });
    // Deploy from a directory of our own: the user's file is never modified in place.
    const dir = fly.makeWorkDir('deploy');
    const file = external_node_path_namespaceObject.join(dir, 'fly.toml');
    external_node_fs_namespaceObject.writeFileSync(file, patched.text);
    for (const change of patched.changes)
        lib_core/* info */.pq(`fly.toml: ${change}`);
    return { ...patched, dir, path: file };
}
/** The distinct (volume name, path) pairs the members mount. */
function mountsOf(members) {
    const pairs = members.flatMap(m => (m.config?.mounts ?? []).map(mount => ({ source: mount.name ?? '', destination: mount.path ?? '' })));
    const unique = new Map(pairs.filter(p => p.destination).map(p => [`${p.source}\0${p.destination}`, p]));
    return [...unique.values()];
}
async function readConfig(fly, request) {
    if (request.configPath) {
        return { text: external_node_fs_namespaceObject.readFileSync(request.configPath, 'utf8'), source: `The \`config\` file ${request.configPath}` };
    }
    // `config save` writes ./fly.toml: run it in an empty directory of its own. It changes nothing on Fly, so one
    // stopped at its deadline (a half-written file is possible) is run once more in a fresh directory.
    const save = async () => {
        const dir = fly.makeWorkDir('config');
        await fly.run(['config', 'save', '-a', request.app, '--yes'], {
            cwd: dir,
            mayHaveChanged: 'It only saves the config to a local file: nothing on Fly was changed'
        });
        return dir;
    };
    const dir = await save().catch((error) => {
        if (!(error instanceof FlyctlTimeoutError))
            throw error;
        lib_core/* info */.pq(`${text_errorMessage(error)} Trying once more.`);
        return save();
    });
    return { text: external_node_fs_namespaceObject.readFileSync(external_node_path_namespaceObject.join(dir, 'fly.toml'), 'utf8'), source: `The config saved from Fly for "${request.app}"` };
}

;// CONCATENATED MODULE: ./src/pure/members.ts
// fly-go machine_types.go: the reserved process groups `fly deploy` never deploys to.
const CONSOLE_GROUP = 'fly_app_console';
const RELEASE_COMMAND_GROUP = 'fly_app_release_command';
function classifyMachines(machines) {
    const members = [];
    const others = [];
    for (const machine of machines) {
        const kind = otherKind(machine);
        if (kind)
            others.push({ id: machine.id, kind });
        else
            members.push(machine);
    }
    return { members, others };
}
function otherKind(machine) {
    if (machine.state === 'destroyed' || machine.state === 'destroying')
        return 'destroyed';
    const group = processGroupOf(machine);
    if (group === CONSOLE_GROUP)
        return 'console';
    if (group === RELEASE_COMMAND_GROUP)
        return 'release command';
    // `fly pg barman create` (flyctl internal/command/postgres/barman.go): env IS_BARMAN, volume barman_data.
    const config = machine.config;
    if (config?.env?.IS_BARMAN || config?.metadata?.['fly-barman'] || (config?.mounts ?? []).some(mount => mount.name === 'barman_data')) {
        return 'barman';
    }
    return undefined;
}
function processGroupOf(machine) {
    return machine.config?.metadata?.fly_process_group || machine.config?.metadata?.process_group || '';
}
/**
 * Does `fly deploy` manage this machine? Only with `fly_platform_version = "v2"` (fly-go flaps ListFlyAppsMachines);
 * `fly pg create` has set it only since March 2023.
 */
function managedByDeploy(machine) {
    return machine.config?.metadata?.fly_platform_version === 'v2';
}
/** `primary` or `replica`, from postgres-flex's `role` health check; undefined when it has not reported. */
function roleOf(machine) {
    const output = (machine.checks ?? []).find(check => check.name === 'role')?.output?.trim();
    return output || undefined;
}
/** The image a machine runs, as a person reads it: `flyio/postgres-flex:16.8 (v0.0.50)`. */
function describeImage(machine) {
    const ref = machine.image_ref;
    const name = ref?.repository ? `${ref.repository}:${ref.tag ?? ''}` : (machine.config?.image ?? 'unknown image');
    const manager = ref?.labels?.['fly.version'];
    return manager ? `${name} (${manager})` : name;
}
/** Replicas first, the primary last, so the cluster fails over at most once. */
function primaryLast(machines) {
    return [...machines.filter(m => roleOf(m) !== 'primary'), ...machines.filter(m => roleOf(m) === 'primary')];
}

;// CONCATENATED MODULE: ./src/pure/plan.ts


const FLEX_REPOSITORIES = ['flyio/postgres-flex', 'flyio/postgres-flex-timescaledb'];
const STOLON_REPOSITORY = 'flyio/postgres';
class PlanError extends Error {
    name = 'PlanError';
}
function planExposure(inputs, state) {
    if (state.machines.length === 0) {
        throw new PlanError(`App "${inputs.app}" has no machines, so there is nothing to expose. Check the app name, or run \`fly machines list -a ${inputs.app}\`.`);
    }
    // Console, barman and release-command machines neither decide the plan nor receive the Postgres config.
    const { members, others } = classifyMachines(state.machines);
    if (members.length === 0) {
        throw new PlanError(`App "${inputs.app}" has no Postgres members, only ${others.map(describeOther).join(', ')}: nothing to expose. Check the app name.`);
    }
    const existing = publicAddresses(state.ips);
    const allocate = {
        ipv4: ipv4ToAllocate(inputs.ipv4, existing),
        ipv6: inputs.ipv6 && !existing.ipv6
    };
    if (!existing.ipv4 && !existing.ipv6 && !allocate.ipv4 && !allocate.ipv6) {
        throw new PlanError('With `ipv4: none` and `ipv6: false` the app would have no public address: enable at least one.');
    }
    refuseTakenPort(members, inputs);
    const machinesWithoutService = members.filter(m => !servesPgTls(m, inputs.port)).map(m => m.id);
    const deploy = decideDeploy(inputs, machinesWithoutService, members);
    if (deploy.needed && inputs.method === 'deploy')
        refuseUnmanagedMembers(members, inputs.app);
    const image = !deploy.needed || inputs.method === 'machines' ? runningImage(members) : deployImage(members, inputs);
    const memberPlans = planMembers(members, inputs, deploy.needed, machinesWithoutService, image);
    const warnings = [];
    if (allocate.ipv4 === 'shared' || (existing.ipv4Type === 'shared_v4' && inputs.ipv4 !== 'none')) {
        warnings.push('A shared IPv4 routes only HTTP and TLS with SNI; Fly recommends a dedicated IPv4 (`ipv4: dedicated`) for Postgres over TLS. Clients without IPv6 may not connect.');
    }
    if (inputs.ipv4 === 'none' && !existing.ipv4) {
        warnings.push('No public IPv4: GitHub-hosted runners and many networks have no IPv6, so they cannot reach the database.');
    }
    if (inputs.configPath && inputs.method === 'machines')
        warnings.push('`config` is not used with `method: machines`: no fly.toml is deployed.');
    if (deploy.needed && inputs.method === 'machines' && !members.some(m => roleOf(m) === 'primary')) {
        warnings.push('No member reports the primary role (its `role` check has no output yet): members are updated in the order listed.');
    }
    return { existing, allocate, machinesWithoutService, deploy, method: inputs.method, members: memberPlans, others, image, warnings };
}
function describeOther(other) {
    return `${other.kind} machine ${other.id}`;
}
/**
 * `fly deploy` ignores machines without the v2 metadata and, finding none it manages, creates a new member on a new
 * empty volume (flyctl internal/command/deploy/machines.go, deploy_first.go). Refuse before anything is written.
 */
function refuseUnmanagedMembers(members, app) {
    const unmanaged = members.filter(m => !managedByDeploy(m)).map(m => m.id);
    if (unmanaged.length === 0)
        return;
    throw new PlanError(`Machines ${unmanaged.join(', ')} of "${app}" lack the metadata \`fly deploy\` needs (fly_platform_version = "v2"; clusters made before March 2023 have none), so a deploy would not update them but create a new member with a new, empty volume. Nothing was changed. Use \`method: machines\`: it adds the service to each member in place with \`fly machine update\`, keeping its image, env, volume and metadata.`);
}
/**
 * A port the members already serve otherwise (5433 on a `fly pg create` cluster: each member's own Postgres) is never
 * rewired: that would repoint its public and Flycast traffic to HAProxy and restart the cluster. Refused before any change.
 */
function refuseTakenPort(members, inputs) {
    const taken = members.flatMap(machine => (machine.config?.services ?? [])
        .filter(service => (service.ports ?? []).some(p => p.port === inputs.port) && !servesPgTlsOn(service, inputs.port))
        .map(service => ({ id: machine.id, service })));
    if (taken.length === 0)
        return;
    const { service } = taken[0];
    const handlers = service.ports?.find(p => p.port === inputs.port)?.handlers ?? [];
    const what = `${(service.protocol ?? 'tcp').toUpperCase()} to internal port ${service.internal_port}${handlers.length > 0 ? ` [${handlers.join(', ')}]` : ''}`;
    const reaches = service.internal_port === MEMBER_POSTGRES_PORT ? " (each member's own Postgres, replicas included, not the primary through HAProxy)" : '';
    throw new PlanError(`Port ${inputs.port} is already served by machines ${[...new Set(taken.map(t => t.id))].join(', ')} of "${inputs.app}": ${what}${reaches}. Adding the pg_tls service there would repoint it to HAProxy and restart the cluster, so nothing was changed. Choose a port the machines do not serve (5432, the documented one, unless it is taken too), or use the existing service as it is: \`fly machines list -a ${inputs.app}\` shows each machine's services.`);
}
function planMembers(members, inputs, restart, missing, image) {
    const ordered = inputs.method === 'machines' ? primaryLast(members) : members;
    return ordered.map(machine => {
        const before = describeImage(machine);
        // `fly deploy` restarts every member it manages; `fly machine update` only the ones it changes.
        const restarted = restart && (inputs.method === 'deploy' || inputs.deploy === 'always' || missing.includes(machine.id));
        const moves = restarted && inputs.method === 'deploy' && inputs.image === 'major';
        const after = moves ? `${image.deployRef} (the newest ${image.major}.x build: minor and flex manager may change)` : before;
        return { id: machine.id, role: roleOf(machine), before, after, restarted };
    });
}
/** True when the plan changes nothing on Fly. */
function isNoop(plan) {
    return !plan.allocate.ipv4 && !plan.allocate.ipv6 && !plan.deploy.needed;
}
/** The addresses the app serves on; with duplicates (concurrent runs), the one every run keeps. */
function publicAddresses(ips) {
    const dedicated = keeperOf(ips, 'v4');
    const shared = keeperOf(ips, 'shared_v4');
    const v6 = keeperOf(ips, 'v6');
    const v4 = dedicated ?? shared;
    return {
        ipv4: v4?.Address,
        ipv4Type: v4 ? v4.Type : undefined,
        ipv6: v6?.Address
    };
}
/**
 * The address of a kind that every run keeps: the oldest (creation time, then ID), a rule each concurrent run
 * computes alike from the same list, so they all agree on it.
 */
function keeperOf(ips, type) {
    const time = (ip) => Date.parse(ip.CreatedAt) || 0;
    return ips.filter(ip => ip.Type === type).sort((a, b) => time(a) - time(b) || (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0))[0];
}
function ipv4ToAllocate(mode, existing) {
    if (mode === 'dedicated')
        return existing.ipv4Type === 'v4' ? null : 'dedicated';
    // `--shared` fails on an app that has a dedicated v4, and a dedicated one serves as well.
    if (mode === 'shared')
        return existing.ipv4 ? null : 'shared';
    return null;
}
/** Does this machine serve `port` -> 5432 with Fly's pg_tls handler? */
function servesPgTls(machine, port) {
    return (machine.config?.services ?? []).some(service => servesPgTlsOn(service, port));
}
function decideDeploy(inputs, missing, machines) {
    if (inputs.deploy === 'always')
        return { needed: true, reason: '`deploy: always` was requested' };
    if (missing.length === 0) {
        return { needed: false, reason: `every machine already serves port ${inputs.port} with pg_tls` };
    }
    if (inputs.deploy === 'never') {
        // Name only ports that would pass this check (pg_tls to 5432 on every machine), never a guess.
        const served = portsServedByAll(machines);
        const otherPort = served.length > 0 ? `, or \`port: ${served[0]}\`, which every machine already serves with pg_tls` : '';
        throw new PlanError(`Machines ${missing.join(', ')} have no pg_tls service on port ${inputs.port}, and \`deploy: never\` forbids adding it. Use \`deploy: auto\` (one rolling restart)${otherPort}.`);
    }
    return { needed: true, reason: `machines ${missing.join(', ')} lack a pg_tls service on port ${inputs.port}` };
}
/** The external ports every machine serves with pg_tls to Postgres, lowest first. */
function portsServedByAll(machines) {
    const candidates = (machines[0]?.config?.services ?? []).flatMap(service => (service.ports ?? []).map(p => p.port));
    const ports = new Set(candidates.filter((port) => port !== undefined && machines.every(m => servesPgTls(m, port))));
    return [...ports].sort((a, b) => a - b);
}
function repositoryOf(machine) {
    return machine.image_ref?.repository ?? machine.config?.image?.replace(/[:@].*$/, '') ?? '';
}
/** The Postgres major a machine runs: from its image tag (`16.11`, `16`), else its `fly.pg-version` label. */
function majorOf(machine) {
    const tag = machine.image_ref?.tag ?? '';
    const fromTag = tag.match(/^(\d+)(?:\.\d+)*$/)?.[1];
    if (fromTag)
        return fromTag;
    return machine.image_ref?.labels?.['fly.pg-version']?.match(/^(\d+)/)?.[1];
}
function runningImage(machines) {
    const first = machines[0];
    const repository = repositoryOf(first);
    const tag = first.image_ref?.tag;
    return { running: tag ? `${repository}:${tag}` : repository, repository, major: majorOf(first) };
}
/** The image to deploy: the repository and major the members run, refusing anything that could change either. */
function deployImage(machines, inputs) {
    const { app } = inputs;
    const repositories = [...new Set(machines.map(repositoryOf))];
    if (repositories.includes(STOLON_REPOSITORY)) {
        throw new PlanError(`App "${app}" runs the legacy stolon image (flyio/postgres). Deploying postgres-flex over it would break the cluster, so nothing was changed. Migrate to a postgres-flex cluster (fly pg create, then restore), or add the pg_tls service by hand.`);
    }
    if (repositories.length > 1) {
        throw new PlanError(`The machines of "${app}" run different images (${repositories.join(', ')}); refusing to deploy one image over all of them.`);
    }
    const [repository] = repositories;
    if (!FLEX_REPOSITORIES.includes(repository)) {
        throw new PlanError(`App "${app}" runs ${repository || 'an unknown image'}, not flyio/postgres-flex: refusing to replace a custom image. Add the pg_tls service to your own fly.toml and deploy it yourself.`);
    }
    const majors = [...new Set(machines.map(majorOf))];
    if (majors.includes(undefined)) {
        const machine = machines.find(m => !majorOf(m));
        throw new PlanError(`Cannot tell which Postgres major machine ${machine?.id} runs (image tag "${machine?.image_ref?.tag ?? ''}", no fly.pg-version label); refusing to guess an image. Run \`fly image show -a ${app}\`.`);
    }
    if (majors.length > 1) {
        throw new PlanError(`The machines of "${app}" run different Postgres majors (${majors.join(', ')}); a deploy would force one major on all of them. Finish the upgrade first (every machine on one major), then rerun.`);
    }
    const [major] = majors;
    const running = runningImage(machines).running;
    if (inputs.image === 'major')
        return { running, deployRef: `${repository}:${major}`, repository, major };
    // `image: running`: the exact build (tag and digest) every member runs now, so nothing but the service changes.
    const builds = [...new Set(machines.map(exactImage))];
    if (builds.length > 1) {
        throw new PlanError(`The members of "${app}" run different builds (${builds.join(', ')}), and \`image: running\` with \`method: deploy\` deploys one image to all of them. Use \`method: machines\` (each member keeps its own image) or \`image: major\`.`);
    }
    return { running, deployRef: builds[0], repository, major };
}
function exactImage(machine) {
    const ref = machine.image_ref;
    const name = `${repositoryOf(machine)}:${ref?.tag ?? ''}`;
    return ref?.digest ? `${name}@${ref.digest}` : name;
}

;// CONCATENATED MODULE: ./src/pure/exposure.ts

// postgres-flex (flyctl flypg/launcher.go): 5432 is HAProxy, which routes to the primary; 5433 is each member's Postgres.
function whatAnswers(internalPort) {
    if (internalPort === POSTGRES_PORT)
        return 'HAProxy, which routes to the primary';
    if (internalPort === MEMBER_POSTGRES_PORT)
        return 'Postgres on each member (replicas included)';
    return `internal port ${internalPort}`;
}
function servicePorts(member) {
    return (member?.config?.services ?? []).flatMap(service => (service.ports ?? [])
        .filter((p) => typeof p.port === 'number')
        .map(p => ({ port: p.port, internalPort: service.internal_port ?? 0, handlers: p.handlers ?? [] })));
}
/**
 * Every public address, and every port the members serve on them. A port was public before when the app already
 * had a public address and the members already served it; after the run the pg_tls service on `port` is there too.
 */
function publicExposure(members, plan, after, port) {
    const addresses = [];
    if (after.ipv4) {
        const kind = after.ipv4 === plan.existing.ipv4 ? plan.existing.ipv4Type : plan.allocate.ipv4 === 'shared' ? 'shared_v4' : 'v4';
        addresses.push({ address: after.ipv4, kind: kind === 'shared_v4' ? 'shared IPv4' : 'dedicated IPv4', before: after.ipv4 === plan.existing.ipv4 });
    }
    if (after.ipv6)
        addresses.push({ address: after.ipv6, kind: 'IPv6', before: after.ipv6 === plan.existing.ipv6 });
    const wasPublic = Boolean(plan.existing.ipv4 || plan.existing.ipv6);
    const before = servicePorts(members[0]);
    const ports = new Map(before.map(p => [p.port, { ...p, publicBefore: wasPublic }]));
    if (plan.deploy.needed && !ports.has(port))
        ports.set(port, { port, internalPort: POSTGRES_PORT, handlers: ['pg_tls'], publicBefore: false });
    return {
        addresses,
        ports: addresses.length === 0 ? [] : [...ports.values()].sort((a, b) => a.port - b.port).map(p => ({ ...p, answers: whatAnswers(p.internalPort) }))
    };
}
/** The exposure as log lines (the summary shows the same). */
function describeExposure(exposure) {
    if (exposure.addresses.length === 0)
        return ['public: nothing (no public address)'];
    return [
        `public addresses: ${exposure.addresses.map(a => `${a.address} (${a.kind}, ${a.before ? 'public before' : 'new'})`).join(', ')}`,
        ...exposure.ports.map(p => `public port ${p.port} -> ${p.internalPort} [${p.handlers.join(', ') || 'raw TCP'}]: ${p.answers} (${p.publicBefore ? 'public before' : 'new'})`)
    ];
}
/** The addresses the plan will leave public, as the plan's log names them before they exist. */
function plannedAddresses(plan) {
    return {
        ipv4: plan.existing.ipv4 ?? (plan.allocate.ipv4 ? `a new ${plan.allocate.ipv4} IPv4` : undefined),
        ipv6: plan.existing.ipv6 ?? (plan.allocate.ipv6 ? 'a new IPv6' : undefined)
    };
}

;// CONCATENATED MODULE: ./src/pure/report.ts
// What the user sees: the plan in the log, the outputs, and the job summary, as plain values (report-writer.ts sets
// and writes them). Never a secret.







/** The plan as log lines, one change per line. */
function describePlan(plan, port) {
    const lines = [];
    const { allocate, existing, deploy } = plan;
    lines.push(allocate.ipv4 ? `allocate a ${allocate.ipv4} IPv4` : `IPv4: ${existing.ipv4 ? `keep ${existing.ipv4} (${existing.ipv4Type})` : 'none requested'}`);
    lines.push(allocate.ipv6 ? 'allocate an IPv6' : `IPv6: ${existing.ipv6 ? `keep ${existing.ipv6}` : 'none requested'}`);
    if (!deploy.needed)
        lines.push(`no deploy, no restart: ${deploy.reason}`);
    else if (plan.method === 'deploy') {
        lines.push(`deploy ${plan.image.deployRef} with a pg_tls service ${port} -> 5432 (${deploy.reason}): a rolling restart of every member`);
    }
    else {
        const count = plan.members.filter(member => member.restarted).length;
        lines.push(`fly machine update --port ${pgTlsPortFlag(port)} on ${count} member(s), one at a time, replicas first and the primary last (${deploy.reason}): each restarts once and keeps its image`);
    }
    for (const member of plan.members)
        lines.push(`  member ${member.id} (${member.role ?? 'role unknown'}): ${memberChange(member)}`);
    for (const other of plan.others)
        lines.push(`  leave alone: ${other.kind} machine ${other.id} (not a Postgres member)`);
    if (isNoop(plan))
        lines.push('nothing to change');
    return lines;
}
function memberChange(member) {
    if (!member.restarted)
        return `${member.before}, not restarted`;
    return member.after === member.before ? `${member.before}, restarts with the same image` : `${member.before} -> ${member.after}`;
}
/** What this run had already changed on Fly, and how to undo each, for a failure after a write. */
/** What happens to an address an `ephemeral` run allocated, whatever became of the run. */
const RELEASED_BY_POST_STEP = 'the post step releases it when the job ends (`ephemeral: true`).';
function undoNotes(report) {
    const notes = [];
    const { plan, ips, app } = report;
    // An address a concurrent run allocated (adopted after converging) is not this run's to undo.
    const ours = (address) => Boolean(address) && !ips?.adopted?.includes(address);
    const undo = (address) => (report.ephemeral?.includes(address) ? RELEASED_BY_POST_STEP : `to undo: \`fly ips release ${address} -a ${app}\`.`);
    if (ours(ips?.ipv4) && plan.allocate.ipv4)
        notes.push(`This run allocated the ${plan.allocate.ipv4} IPv4 ${ips.ipv4}; ${undo(ips.ipv4)}`);
    if (ours(ips?.ipv6) && plan.allocate.ipv6)
        notes.push(`This run allocated the IPv6 ${ips.ipv6}; ${undo(ips.ipv6)}`);
    if (report.updatedMembers.length > 0) {
        notes.push(`Members ${report.updatedMembers.join(', ')} already serve pg_tls on port ${report.port} (harmless to keep; to remove it from one: \`fly machine update <id> -a ${app} --port ${report.port}:5432/tcp:- --yes\`, which drops every port of its service on internal port 5432).`);
    }
    return notes;
}
/** The outputs of an exposing run, by name (the URL only once it is verified). */
function runOutputs(report) {
    const { plan, ips, connection } = report;
    return {
        // The URL was registered with core.setSecret when the inputs were read, before this or any log line.
        ...(report.databaseUrl ? { [OUTPUTS.databaseUrl]: report.databaseUrl } : {}),
        // Masked as a whole and by its form-encoded password before it is set.
        ...(report.databaseUrl && report.endpoint ? { [OUTPUTS.jdbcUrl]: jdbcUrl(report.endpoint) } : {}),
        [OUTPUTS.host]: report.host,
        [OUTPUTS.port]: String(report.port),
        [OUTPUTS.ipv4]: ips?.ipv4 ?? plan.existing.ipv4 ?? '',
        [OUTPUTS.ipv6]: ips?.ipv6 ?? plan.existing.ipv6 ?? '',
        [OUTPUTS.image]: report.deployed && plan.method === 'deploy' ? (plan.image.deployRef ?? plan.image.running) : plan.image.running,
        [OUTPUTS.postgresVersion]: connection?.serverVersion ?? '',
        [OUTPUTS.tlsVersion]: connection?.tlsVersion ?? '',
        [OUTPUTS.deployed]: String(report.deployed),
        // A preview database this run created is a change too (a reused one's fresh password is not counted).
        [OUTPUTS.changed]: String(!report.dryRun && (!isNoop(plan) || report.preview?.created === true)),
        [OUTPUTS.flyctlVersion]: report.flyctlVersion,
        // A preview's or CI role's outputs describe its own role and database, never the admin's (the password was masked when made).
        [OUTPUTS.databaseName]: report.preview?.name ?? report.ciRole?.database ?? '',
        [OUTPUTS.username]: report.preview?.name ?? report.ciRole?.name ?? '',
        [OUTPUTS.password]: report.preview?.password ?? report.ciRole?.password ?? '',
        [OUTPUTS.created]: String(report.preview?.created ?? false)
    };
}
/** The job summary of a run that got as far as a plan (passed, dry, or failed: `report.failure`), as HTML. */
function runSummary(report) {
    const { plan, ips, connection } = report;
    const title = report.failure
        ? `fly-pg-expose: failed for ${report.app}`
        : report.dryRun
            ? `fly-pg-expose: dry run for ${report.app}`
            : `fly-pg-expose: ${report.app} is reachable at ${report.host}:${report.port}`;
    const needsDeploy = plan.deploy.needed;
    const how = plan.method === 'deploy' ? 'rolling restart (fly deploy)' : 'fly machine update, one member at a time';
    const rows = [
        ['IPv4', describeAddress(plan.allocate.ipv4, plan.existing.ipv4, ips?.ipv4, report)],
        ['IPv6', describeAddress(plan.allocate.ipv6 ? 'public' : null, plan.existing.ipv6, ips?.ipv6, report)],
        [
            'pg_tls service',
            `${!needsDeploy ? 'present' : report.deployed ? 'added' : report.serviceOutcome === 'added by another run' ? 'added by a concurrent run' : report.dryRun ? 'would be added' : 'missing'}: ${plan.deploy.reason}`
        ],
        ['Image', report.deployed && plan.method === 'deploy' ? `${plan.image.deployRef} (deployed, was ${plan.image.running})` : plan.image.running],
        [
            'Deploy',
            report.deployed
                ? `yes: ${how}`
                : report.serviceOutcome === 'added by another run'
                    ? 'no: a concurrent run added the service, so this run restarted nothing'
                    : report.deployStartedOn
                        ? `started on ${report.deployStartedOn.join(', ')} and did not finish: some machines may run the new config, check \`fly status -a ${report.app}\``
                        : !needsDeploy
                            ? 'no: no restart'
                            : report.dryRun
                                ? `would run: ${how}`
                                : partly(report, how)
        ],
        ...plan.members.map((member) => [`Member ${member.id} (${member.role ?? 'role unknown'})`, memberResult(member, report)]),
        ...plan.others.map((other) => [`Other machine ${other.id}`, `${other.kind} machine: left alone`]),
        ['TLS', connection ? `${connection.tlsVersion}, verified after ${connection.attempts} attempt(s)` : 'not checked'],
        ['Server', connection ? connection.serverVersionText : 'not checked'],
        ['flyctl', report.flyctlVersion],
        ...(report.preview ? [['Preview database', `${report.preview.name} (${report.preview.created ? 'created' : 'reused'})`]] : []),
        ...(report.ciRole
            ? [
                [
                    'CI role',
                    `${report.ciRole.name}: ${report.ciRole.privileges} on ${report.ciRole.database} (${report.ciRole.result.created ? 'created' : report.ciRole.result.changes.length > 0 ? 'updated' : 'unchanged'})`
                ]
            ]
            : [])
    ];
    return [
        summary_html_heading(title, 2),
        report.failure ? failureParagraph(report.failure) : '',
        resultTable(rows.map(([what, result]) => [what, summary_html_textHtml(result)])),
        report.configChanges.length > 0 ? summary_html_list(report.configChanges.map(summary_html_textHtml)) : '',
        report.databaseUrl
            ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(report.databaseUrl))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`)
            : '',
        ...plan.warnings.map(warning => paragraph(`⚠️ ${summary_html_textHtml(warning)}`)),
        report.exposure ? paragraph('<strong>What is public</strong>') + summary_html_list(describeExposure(report.exposure).map(summary_html_textHtml)) : '',
        ...(report.weakPoints ?? []).map(weakPoint => paragraph(`⚠️ ${summary_html_textHtml(weakPoint)}`)),
        report.ephemeral ? paragraph(`⏳ ${summary_html_textHtml(ephemeralNote(report.ephemeral))}`) : ''
    ].join('');
}
function partly(report, how) {
    const planned = report.plan.members.filter(member => member.restarted).length;
    return report.updatedMembers.length > 0 ? `stopped after ${report.updatedMembers.length} of ${planned} members: ${how}` : 'not done';
}
/** A member's image before and after, and whether it was restarted (a dry run or a failure stops short). */
function memberResult(member, report) {
    if (!member.restarted)
        return `${member.before} (not restarted)`;
    const change = member.after === member.before ? `${member.before} (same image)` : `${member.before} → ${member.after}`;
    if ((report.deployed && report.plan.method === 'deploy') || report.updatedMembers.includes(member.id))
        return `${change}: restarted`;
    if (report.serviceOutcome === 'added by another run')
        return `${member.before}: service added by a concurrent run`;
    return `${change}: ${report.dryRun ? 'would restart' : 'not restarted, the run stopped before'}`;
}
/** The summary of a run stopped before it had a plan: where it stopped, and that nothing was changed. */
function stoppedSummary(app, message) {
    return summary_html_heading(`fly-pg-expose: stopped for ${app}`, 2) + failureParagraph(message);
}
/** An address row from what was planned and what actually happened (a dry run or a failure stops short). */
function describeAddress(toAllocate, existing, allocated, report) {
    if (!toAllocate)
        return existing ? `${existing} (already there)` : 'none';
    if (report.dryRun)
        return `would be allocated (${toAllocate})`;
    if (!report.ips)
        return 'not allocated: the run stopped before';
    if (allocated && report.ips.adopted?.includes(allocated)) {
        const ours = (report.ips.released ?? []).find(address => address.includes('.') === allocated.includes('.'));
        return ours
            ? `${allocated} (allocated by a concurrent run; this run's ${ours} was released)`
            : `${allocated} (allocated by a concurrent run; releasing this run's duplicate failed: see the warning)`;
    }
    if (!allocated && report.failure)
        return `unknown: the ${toAllocate} allocation did not finish; see \`fly ips list -a ${report.app}\``;
    return `${allocated ?? '(see fly ips list)'} allocated (${toAllocate})`;
}
/** What a cancelled run says: where it stopped, and everything it had changed on Fly by then. */
function describeInterruption(signal, stage, app, report) {
    const changes = [];
    const { ips, plan } = report ?? {};
    if (ips && plan) {
        const wanted = [
            ['ipv4', plan.allocate.ipv4 ? `${plan.allocate.ipv4} IPv4` : null],
            ['ipv6', plan.allocate.ipv6 ? 'IPv6' : null]
        ];
        for (const [family, what] of wanted) {
            if (!what)
                continue;
            const address = ips[family];
            changes.push(address
                ? `The ${what} ${address} was allocated; ${report?.ephemeral?.includes(address) ? RELEASED_BY_POST_STEP : 'it stays, and a rerun keeps it.'}`
                : `The ${what} allocation was stopped midway and may have gone through: see \`fly ips list -a ${app}\` (a rerun keeps an address already there).`);
        }
    }
    if (report?.plan.method === 'machines') {
        if (report.updatedMembers.length > 0) {
            changes.push(`Members ${report.updatedMembers.join(', ')} were updated with the pg_tls service (each restarted once); an update under way when the job stopped may have gone through too: see \`fly machines list -a ${app}\` (a rerun updates only members still lacking the service).`);
        }
    }
    else if (report?.deployed) {
        changes.push(`The deploy of ${report.plan.image.deployRef} finished: the machines serve the pg_tls service now.`);
    }
    else if (report?.deployStartedOn) {
        changes.push(`The deploy had started on machines ${report.deployStartedOn.join(', ')} and was stopped: some may already run the new config or still be restarting. Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`);
    }
    if (changes.length === 0)
        changes.push('Nothing had been changed on Fly.');
    // A run cancelled while it made the preview: the role and database may exist, or have a new password.
    if (report?.previewStarted && !report.preview) {
        changes.push(`The preview role and database "${report.previewStarted}" may have been created, or the role given its derived password: rerun (it reuses them) or tear them down with \`mode: teardown\`.`);
    }
    if (report?.ciRoleStarted && !report.ciRole) {
        changes.push(`The CI role "${report.ciRoleStarted}" may have been created or updated (its changes are one transaction: all or none): rerun to finish, or drop it with \`DROP OWNED BY "${report.ciRoleStarted}"; DROP ROLE "${report.ciRoleStarted}";\`.`);
    }
    return [`Stopped by ${signal} during "${stage}": flyctl was stopped and no flyctl is left running; temporary files were removed.`, ...changes].join(' ');
}
/** The report of an exposing run as it starts, once the plan is known: nothing changed yet. */
function newRunReport(inputs, plan, flyctlVersion, weakPoints) {
    const { app, host, port, dryRun } = inputs;
    return { app, host, port, flyctlVersion, plan, dryRun, deployed: false, updatedMembers: [], configChanges: [], weakPoints };
}
/** What an `ephemeral` run leaves when the job ends. */
function ephemeralNote(addresses) {
    const released = addresses.length > 0
        ? `${addresses.join(' and ')} (allocated by this run) will be released when the job ends`
        : 'This run allocated no address, so none will be released';
    return `Ephemeral: ${released}; addresses that were there before stay. A pg_tls service added to the machines stays too (removing it would restart them again).`;
}

;// CONCATENATED MODULE: ./src/effects/ips.ts
// Allocates the public IPs the plan asks for, both at once; then converges with runs that did the same meanwhile
// (its wait runs while the deploy and the TLS check do).





const ALLOCATION_ATTEMPTS = 3;
const TYPE_OF = { dedicated: 'v4', shared: 'shared_v4', v6: 'v6' };
class AllocationError extends Error {
    name = 'AllocationError';
}
async function allocateMissingIps(fly, app, plan, sleep = realSleep, onAllocated = () => undefined) {
    const { allocate, existing } = plan;
    // Addresses found by listing after a failed call: this run's, or a concurrent run's; never released as ours.
    const unsure = new Set();
    const tell = (family) => (address) => {
        onAllocated(family, address, !unsure.has(address ?? ''));
        return address;
    };
    // Wait for both even when one fails: the other's flyctl may still be allocating, and the user must hear about it.
    const [ipv4, ipv6] = await Promise.allSettled([
        allocate.ipv4 ? allocateOnce(fly, app, allocate.ipv4, sleep, unsure).then(tell('ipv4')) : existing.ipv4,
        allocate.ipv6 ? allocateOnce(fly, app, 'v6', sleep, unsure).then(tell('ipv6')) : existing.ipv6
    ]);
    if (ipv4.status === 'fulfilled' && ipv6.status === 'fulfilled')
        return { ipv4: ipv4.value, ipv6: ipv6.value, unsure: [...unsure] };
    // The address that did go through is named by the caller's undo notes (it heard of it through onAllocated).
    const reason = ipv4.status === 'rejected' ? ipv4.reason : ipv6.reason;
    if (ipv4.status === 'rejected' && ipv6.status === 'rejected') {
        throw new AllocationError(`${asSentence(text_errorMessage(ipv4.reason))} Allocating the IPv6 failed too: ${text_errorMessage(ipv6.reason)}`);
    }
    throw reason;
}
/** The app's addresses as `ips list` gives them (a read, retried by flyctl.json). */
async function listIps(fly, app) {
    return (await fly.json(['ips', 'list', '-a', app])) ?? [];
}
/** Longer than one second of creation time, plus a margin for the API to commit what it created in it. */
const SAME_SECOND_MS = 1200;
/**
 * An address another run allocated a moment ago may still lose to one allocated in the same second (that run
 * then releases it). Before using such a fresh address, wait for its second to be over and take the keeper then.
 * Only kinds this run does not allocate (those converge after allocating). Costs nothing unless an address is
 * seconds old; the clocks of the runner and Fly's API are assumed to agree within a second.
 */
async function settleFreshAddresses(fly, app, plan, listed, listedAt, sleep = realSleep, now = Date.now) {
    const kept = [
        ['ipv4', plan.existing.ipv4Type ?? 'v4', plan.allocate.ipv4 ? undefined : plan.existing.ipv4],
        ['ipv6', 'v6', plan.allocate.ipv6 ? undefined : plan.existing.ipv6]
    ];
    const used = kept.filter(([, , address]) => address);
    const newest = Math.max(0, ...listed.filter(ip => used.some(([, , address]) => address === ip.Address)).map(ip => Date.parse(ip.CreatedAt) || 0));
    // Fresh when it was listed before its second was surely over: then list again (at once if that is past now).
    const settledAt = newest + 1000 + SAME_SECOND_MS;
    if (newest === 0 || settledAt <= listedAt)
        return {};
    const wait = settledAt - now();
    if (wait > 0)
        await sleep(Math.min(wait, 3000));
    const again = await listIps(fly, app);
    return Object.fromEntries(used.map(([field, type, address]) => [field, keeperOf(again, type)?.Address ?? address]));
}
/**
 * Waits out the creation second of every fresh address, then keeps the one all runs keep: those this run just
 * allocated (it releases its own duplicate) and a concurrent run's seconds-old ones. Both wait at once.
 */
async function settleAddresses(fly, app, plan, ips, read, sleep = realSleep) {
    const [converged, fresh] = await Promise.all([
        convergeWithConcurrentRuns(fly, app, plan, ips, sleep),
        settleFreshAddresses(fly, app, plan, read.ips, read.readAt, sleep)
    ]);
    return { ips: { ...converged.ips, ...fresh }, notices: converged.notices };
}
/**
 * Several jobs exposing one cluster at once each allocate what their read found missing. A dedicated IPv4 is
 * billed, so after allocating, list again: where an older address of the kind exists, release the one this run
 * allocated and use the older. Only addresses this run allocated are ever released. (A shared IPv4 is one per app.)
 */
async function convergeWithConcurrentRuns(fly, app, plan, ips, sleep = realSleep) {
    // Found by listing after a failed call: perhaps a concurrent run's, so never released as ours.
    const ours = (address) => Boolean(address) && !ips.unsure?.includes(address);
    const allocated = [];
    if (plan.allocate.ipv4 === 'dedicated' && ours(ips.ipv4))
        allocated.push({ type: 'v4', address: ips.ipv4 });
    if (plan.allocate.ipv6 && ours(ips.ipv6))
        allocated.push({ type: 'v6', address: ips.ipv6 });
    const notices = [];
    if (allocated.length === 0)
        return { ips, notices };
    // Fly's API gives creation times in whole seconds, so an address allocated later in the same second can rank
    // first (by ID). Listing only once that second is over means every run sees all the addresses of its second.
    await sleep(SAME_SECOND_MS);
    const listed = await listIps(fly, app);
    const result = { ...ips, released: [], adopted: [] };
    for (const mine of allocated) {
        const keeper = keeperOf(listed, mine.type);
        if (!keeper || keeper.Address === mine.address)
            continue;
        const field = mine.type === 'v4' ? 'ipv4' : 'ipv6';
        result[field] = keeper.Address;
        result.adopted?.push(keeper.Address);
        try {
            await fly.run(['ips', 'release', mine.address, '-a', app]);
            result.released?.push(mine.address);
            notices.push({
                level: 'info',
                message: `Another run allocated ${keeper.Address} first: released ${mine.address}, which this run had just allocated, and use ${keeper.Address}.`
            });
        }
        catch (error) {
            notices.push({
                level: 'warning',
                message: `Another run allocated ${keeper.Address} first, and releasing this run's duplicate ${mine.address} failed (${text_errorMessage(error)}). Release it with \`fly ips release ${mine.address} -a ${app}\`${mine.type === 'v4' ? ': a dedicated IPv4 is billed while allocated' : ''}.`
            });
        }
    }
    return { ips: result, notices };
}
/**
 * Allocates one IP. A failed call may still have allocated it (a timeout after Fly said yes), so before any
 * retry the IPs are listed again: a dedicated IPv4 is billed, and a second one must never appear by accident.
 */
async function allocateOnce(fly, app, kind, sleep, unsure) {
    for (let attempt = 1;; attempt++) {
        try {
            // Bounded by the call deadline of `fly` (DEADLINES.callMs unless a test gave it shorter ones).
            const { stdout } = await fly.run(allocateArgs(app, kind), {
                mayHaveChanged: `The ${kind} IP may have been allocated anyway`
            });
            return addressIn(stdout, kind);
        }
        catch (error) {
            if (!isTransientFlyError(error) || attempt >= ALLOCATION_ATTEMPTS)
                throw error;
            await sleep(500 * attempt);
            const ips = await listIps(fly, app);
            const allocated = ips.find(ip => ip.Type === TYPE_OF[kind]);
            if (allocated) {
                lib_core/* info */.pq(`The ${kind} IP allocation reported an error but went through: ${allocated.Address}`);
                unsure.add(allocated.Address);
                return allocated.Address;
            }
            lib_core/* info */.pq(`Allocating the ${kind} IP failed (${text_errorMessage(error)}); none was allocated, trying again.`);
        }
    }
}
function allocateArgs(app, kind) {
    // A dedicated IPv4 is billed, so flyctl asks to confirm: `--yes` answers for a runner with no terminal.
    if (kind === 'dedicated')
        return ['ips', 'allocate-v4', '-a', app, '--yes'];
    if (kind === 'shared')
        return ['ips', 'allocate-v4', '-a', app, '--shared'];
    // allocate-v6 has no --yes flag: passing one is an error.
    return ['ips', 'allocate-v6', '-a', app];
}
/** allocate-* have no --json: read the address from the table they print. */
function addressIn(output, kind) {
    const pattern = kind === 'v6' ? /\b([0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7})\b/i : /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;
    return output.match(pattern)?.[1];
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/pure/credentials.ts
// Passwords the action sets, and the only form in which they travel to Postgres.
// A SCRAM-SHA-256 verifier is what Postgres stores; sent in place of the password it is stored as it is, so no server
// log, statistics view or failed statement can ever hold the password (postgres src/common/scram-common.c
// scram_build_secret; libpq's PQencryptPasswordConn sends the same).

/** Postgres's default `scram_iterations` (and its only value before PostgreSQL 16). */
const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;
/**
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for a password of printable ASCII (what the action
 * makes), for which SASLprep changes nothing. Anything else is refused rather than prepared differently from Postgres.
 */
function scramVerifier(password, salt = external_node_crypto_namespaceObject.randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS) {
    if (!/^[\x20-\x7e]+$/.test(password))
        throw new Error('scramVerifier: only passwords of printable ASCII characters are supported');
    const salted = external_node_crypto_namespaceObject.pbkdf2Sync(password, salt, iterations, 32, 'sha256');
    const hmac = (key, text) => external_node_crypto_namespaceObject.createHmac('sha256', key).update(text).digest();
    const storedKey = external_node_crypto_namespaceObject.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
    const serverKey = hmac(salted, 'Server Key');
    return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
// Letters and digits need no escaping in a URL, a form value or a shell.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DERIVED_LENGTH = 32;
/**
 * A stable password: HMAC-SHA-256 of the cluster, database and role, keyed by a secret. Every run computes the same
 * one, so a rerun can log in with it and change nothing; a new key rotates it. 32 characters of 62 (about 190 bits),
 * each from its own byte of HMAC output expanded with a counter (a byte is rejected when it would bias the choice).
 */
function derivePassword(key, target) {
    const label = ['fly-pg-expose/v1', target.cluster, target.database, target.role].join('\0');
    let password = '';
    for (let block = 0; password.length < DERIVED_LENGTH; block++) {
        const bytes = external_node_crypto_namespaceObject.createHmac('sha256', key).update(`${label}\0${block}`).digest();
        for (const byte of bytes) {
            // 248 = 4 * 62: bytes at or above it would favour the first characters.
            if (byte < 248 && password.length < DERIVED_LENGTH)
                password += ALPHABET[byte % ALPHABET.length];
        }
    }
    return password;
}

;// CONCATENATED MODULE: ./src/effects/pg-loader.ts
let loading;
const loadPg = () => (loading ??= __nccwpck_require__.e(/* import() */ 849).then(__nccwpck_require__.bind(__nccwpck_require__, 3849)).then(module => module.default));
/** How long closing a session may take before its socket is destroyed (a server that never answers the goodbye). */
const CLOSE_MS = 1_000;
/** Ends the session politely, or destroys its socket when the server does not answer within `ms`. */
async function closeWithin(client, ms = CLOSE_MS) {
    let timer;
    const late = new Promise(resolve => (timer = setTimeout(() => resolve('late'), ms)));
    const ended = await Promise.race([
        client.end().then(() => 'ended', () => 'ended'),
        late
    ]);
    clearTimeout(timer);
    if (ended === 'late')
        client.connection.stream?.destroy();
}

;// CONCATENATED MODULE: ./src/effects/admin-session.ts


const CONNECT_MS = 15_000;
/**
 * Every admin session resolves names in pg_catalog only (pg_temp last: it holds no functions, and tables only of this
 * session): a role that can create in a schema of the admin database must not get its function or operator run as
 * the admin (CVE-2018-1058). Every call is schema-qualified besides.
 */
const ADMIN_SEARCH_PATH = 'pg_catalog,pg_temp';
/** The longest one statement may run: a template copy is a file copy, minutes for a large seed. */
const STATEMENT_MS = 10 * 60_000;
/** The client gives up a little after the server would have. */
const QUERY_MS = STATEMENT_MS + 30_000;
/** How long a run waits for another run's lock on the same preview when no `verify-timeout` is given (its default). */
const DEFAULT_LOCK_WAIT_S = 300;
const LOCK_POLL_MS = 250;
const codeOf = (error) => String(error?.code ?? '');
const lockWaitSeconds = (admin) => admin.verifyTimeoutSeconds ?? DEFAULT_LOCK_WAIT_S;
/** Opens a session as `credentials` (the admin's, unless others are given) with the pinned search_path and bounds. */
async function connect(admin, database, purpose, makeError, credentials = admin.credentials) {
    const { Client } = await loadPg();
    const client = new Client({
        host: admin.host,
        port: admin.port,
        user: credentials.user,
        password: credentials.password,
        database,
        connectionTimeoutMillis: CONNECT_MS,
        // Set at login, so they hold from the first statement and a database's or role's own settings cannot change them.
        options: `-c search_path=${ADMIN_SEARCH_PATH} -c statement_timeout=${STATEMENT_MS} -c lock_timeout=${lockWaitSeconds(admin) * 1000}`,
        query_timeout: QUERY_MS,
        ssl: { rejectUnauthorized: admin.tls === 'verify-full' }
    });
    client.on('error', () => {
        // A late socket error after we are done must not crash the process.
    });
    try {
        await client.connect();
    }
    catch (error) {
        throw Object.assign(makeError(`Could not connect to ${admin.host}:${admin.port} as "${credentials.user}" to ${purpose}: ${text_errorMessage(error)}.`), {
            code: codeOf(error)
        });
    }
    return client;
}
/** Runs `work` in an admin session to `database` (the admin's own by default), closed within a bound after. */
async function withAdminSession(admin, purpose, makeError, work, database = admin.credentials.database) {
    const client = await connect(admin, database, purpose, makeError);
    try {
        return await work(client);
    }
    finally {
        await closeWithin(client);
    }
}
/**
 * Whether `user` can log in to `database` with `password` now (the same host, port and TLS as the admin): a rerun
 * that can changes no password. Any refusal (wrong password, expired VALID UNTIL, no CONNECT) reads as false.
 */
async function canLogIn(admin, user, password, database) {
    try {
        const client = await connect(admin, database, 'check a login', message => new Error(message), { user, password });
        await closeWithin(client);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Two runs for one preview or role (a push while the last one runs) take turns; runs for other names never wait. The
 * lock is the session's: it ends with the connection, even when the run dies. Polled, so a lock held by a stuck run
 * fails this one within the budget (`held` says so).
 */
async function takeAdvisoryLock(client, key, seconds, held) {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
        const { rows } = await client.query('select pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1::text, 0::bigint)) as locked', [key]);
        if (rows[0]?.locked)
            return;
        const left = deadline - Date.now();
        if (left <= 0)
            throw held();
        await new Promise(resolve => setTimeout(resolve, Math.min(LOCK_POLL_MS, left)));
    }
}
/** A failed statement as a message: what was being done, Postgres's words and SQLSTATE, and what to undo. */
function failureMessage(what, error, undo) {
    const code = codeOf(error);
    return `Failed ${what}: ${text_errorMessage(error)}${code ? ` (SQLSTATE ${code})` : ''}.${undo ? ` ${undo}` : ''}`;
}

;// CONCATENATED MODULE: ./src/effects/preview-sql.ts




class PreviewError extends Error {
    name = 'PreviewError';
}
/** Another run holds the preview's lock (creating, reusing or dropping it). */
class PreviewLockHeldError extends PreviewError {
    name = 'PreviewLockHeldError';
}
// SQLSTATEs: object_in_use, invalid_catalog_name (no such database), dependent_objects_still_exist.
const OBJECT_IN_USE = '55006';
const NO_SUCH_DATABASE = '3D000';
const DEPENDENT_OBJECTS = '2BP01';
const previewError = (message) => new PreviewError(message);
function withClient(admin, work, database) {
    return withAdminSession(admin, 'manage preview databases', previewError, work, database);
}
/** Runs for one preview take turns; the key is the one earlier releases used, so a run of each takes turns too. */
function takePreviewLock(client, name, seconds, action) {
    return takeAdvisoryLock(client, `fly-pg-expose:${name}`, seconds, () => new PreviewLockHeldError(lockHeldMessage(name, seconds, action)));
}
/** The role and database of the preview's name as they are now (read only). */
async function inspect(client, name) {
    const roles = await client.query(`select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication, r.rolbypassrls, r.rolcanlogin,
       array(select m.roleid::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m where m.member = r.oid order by 1) as member_of,
       array(select m.member::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m
             where m.roleid = r.oid and m.member <> (select a.oid from pg_catalog.pg_roles a where a.rolname = current_user) order by 1) as members,
       pg_catalog.shobj_description(r.oid, 'pg_authid') as comment
     from pg_catalog.pg_roles r where r.rolname = $1`, [name]);
    const databases = await client.query(`select pg_catalog.pg_get_userbyid(d.datdba) as owner, pg_catalog.shobj_description(d.oid, 'pg_database') as comment,
       pg_catalog.has_database_privilege('public', d.oid, 'CONNECT') as public_connect
     from pg_catalog.pg_database d where d.datname = $1`, [name]);
    const r = roles.rows[0];
    const d = databases.rows[0];
    return {
        role: r && {
            superuser: r.rolsuper,
            createRole: r.rolcreaterole,
            createDb: r.rolcreatedb,
            replication: r.rolreplication,
            bypassRls: r.rolbypassrls,
            canLogin: r.rolcanlogin,
            memberOf: r.member_of,
            members: r.members,
            comment: r.comment
        },
        database: d && { owner: d.owner, comment: d.comment, publicConnect: d.public_connect }
    };
}
/** Refuses (before any write) anything this action did not make; says whether the preview exists and was adopted. */
async function checkPreview(client, name, verb) {
    const { role, database } = await inspect(client, name);
    const verdict = judgePreview(name, verb, role, database);
    if (verdict.kind === 'refuse')
        throw new PreviewError(verdict.message);
    return {
        roleExists: role !== undefined,
        databaseExists: database !== undefined,
        adopted: verdict.kind === 'adopt',
        roleComment: role?.comment,
        databaseComment: database?.comment
    };
}
/** Refuses (before any write) a template that is missing or that preview roles could connect to. */
async function checkTemplate(client, template) {
    const found = await client.query(`select d.datallowconn and pg_catalog.has_database_privilege('public', d.oid, 'CONNECT') as public_connect
     from pg_catalog.pg_database d where d.datname = $1`, [template]);
    const refusal = judgeTemplate(template, found.rows[0] && { publicConnect: found.rows[0].public_connect });
    if (refusal)
        throw new PreviewError(refusal);
}
/**
 * Creates the preview role and database, or reuses them. A reused role keeps its password when the derived one logs
 * in already; else (a role of the release before, with a random one) it gets the derived one, once. Only a preview
 * this action made is reused (its role and database carry the mark), or one made by the release before the mark,
 * which is adopted and marked. Runs for one preview take turns; the caller masks `password` first. When all is in
 * place nothing is written, except the database's mark once its `lastUsed` is an hour old.
 */
async function ensurePreview(admin, name, password, template, 
/** Runs before the lock is let go (a login check), so a concurrent run for the same preview cannot change the password first. */
whileLocked = async () => undefined) {
    return withClient(admin, async (client) => {
        await takePreviewLock(client, name, lockWaitSeconds(admin), 'create or reuse');
        const { role: existingRole, database: existingDatabase } = await inspect(client, name);
        const verdict = judgePreview(name, 'reuse', existingRole, existingDatabase);
        if (verdict.kind === 'refuse')
            throw new PreviewError(verdict.message);
        const adopted = verdict.kind === 'adopt';
        const roleExists = existingRole !== undefined;
        const databaseExists = existingDatabase !== undefined;
        if (!databaseExists && template)
            await checkTemplate(client, template);
        // A login is no write: a role whose derived password works already keeps it.
        const passwordWorks = roleExists && (await canLogIn(admin, name, password, databaseExists ? name : admin.credentials.database));
        // Nothing is written above this line.
        const now = new Date();
        const role = client.escapeIdentifier(name);
        const mark = client.escapeLiteral(previewMark(now));
        const roleMarked = readPreviewMark(existingRole?.comment) !== undefined;
        const roleStatements = [
            ...(!roleExists || !passwordWorks
                ? [`${roleExists ? 'alter' : 'create'} role ${role} with login password ${client.escapeLiteral(scramVerifier(password))}`]
                : []),
            ...(!roleMarked ? [`comment on role ${role} is ${mark}`] : [])
        ];
        // One implicit transaction: a role is never left without its mark.
        if (roleStatements.length > 0) {
            await client.query(roleStatements.join('; ')).catch(error => {
                throw failure(roleExists ? `setting the derived password of role "${name}"` : `creating role "${name}"`, error);
            });
        }
        const roleChange = !roleExists ? `Role "${name}" was created` : !passwordWorks ? `Role "${name}" got its derived password` : `Role "${name}" is unchanged`;
        const teardown = '`mode: teardown` with the same `preview-database` removes';
        if (!databaseExists)
            await createDatabase(client, name, template, `${roleChange}; ${teardown} it.`);
        const done = `${roleChange}${databaseExists ? '' : ` and database "${name}" was created`}; ${teardown} them.`;
        if (!databaseExists || markNeedsRefresh(existingDatabase.comment, now)) {
            await client.query(`comment on database ${role} is ${mark}`).catch(error => {
                throw failure(`marking database "${name}"`, error, done);
            });
        }
        // Other preview roles on the cluster must not connect to this one's database.
        if (!databaseExists || existingDatabase.publicConnect) {
            await client.query(`revoke connect on database ${role} from public`).catch(error => {
                throw failure(`revoking PUBLIC's CONNECT on database "${name}"`, error, done);
            });
        }
        if (!databaseExists && template)
            await handOverObjects(admin, name);
        await whileLocked();
        return { created: !databaseExists, roleCreated: !roleExists, passwordSet: !passwordWorks, adopted };
    });
}
async function createDatabase(client, name, template, roleDone) {
    const database = client.escapeIdentifier(name);
    // template0 when none is given: nobody can connect to it, so no session can block the copy.
    const from = client.escapeIdentifier(template ?? 'template0');
    try {
        await client.query(`create database ${database} owner ${database} template ${from}`);
    }
    catch (error) {
        const code = codeOf(error);
        if (template && code === OBJECT_IN_USE) {
            throw new PreviewError(`Template database "${template}" is in use: Postgres copies a template only while nobody else is connected to it (${text_errorMessage(error)}). Close the sessions on "${template}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. ${roleDone}`);
        }
        if (template && code === NO_SUCH_DATABASE) {
            throw new PreviewError(`Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. ${roleDone}`);
        }
        throw failure(`creating database "${name}"`, error, roleDone);
    }
}
/**
 * A copy keeps the template's owners: hand the schemas, tables, views, sequences, functions, types and domains of the
 * new database to the preview role, so its migrations can alter them. Runs inside the new database; names go through
 * format('%I') or a reg* type's output.
 */
async function handOverObjects(admin, name) {
    await withClient(admin, async (client) => {
        await client.query(`do $$
declare
  target text := ${client.escapeLiteral(name)};
  item record;
begin
  set local search_path = pg_catalog, pg_temp;
  for item in select n.nspname from pg_catalog.pg_namespace n
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
    execute pg_catalog.format('alter schema %I owner to %I', item.nspname, target);
  end loop;
  -- Tables, views, materialized views, foreign tables, and sequences no column owns (those follow their table).
  for item in select n.nspname, c.relname, c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and not (c.relkind = 'S' and exists (select 1 from pg_catalog.pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
    execute pg_catalog.format('alter %s %I.%I owner to %I',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end,
      item.nspname, item.relname, target);
  end loop;
  for item in select p.oid::pg_catalog.regprocedure as signature, p.prokind from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute pg_catalog.format('alter %s %s owner to %I', case item.prokind when 'p' then 'procedure' else 'function' end, item.signature, target);
  end loop;
  -- Enums, domains, ranges, composite and base types: not array types or multiranges (they follow their element or
  -- range), not a table's row type (it follows its table), not an extension's.
  for item in select t.oid::pg_catalog.regtype as type_name, t.typtype from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and t.typtype in ('b', 'c', 'd', 'e', 'r')
        and not exists (select 1 from pg_catalog.pg_type e where e.typarray = t.oid)
        and (t.typrelid = 0 or exists (select 1 from pg_catalog.pg_class c where c.oid = t.typrelid and c.relkind = 'c'))
        and not exists (select 1 from pg_catalog.pg_depend d
          where d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and d.objid = t.oid and d.deptype = 'e') loop
    execute pg_catalog.format('alter %s %s owner to %I', case item.typtype when 'd' then 'domain' else 'type' end, item.type_name, target);
  end loop;
end $$`);
    }, name).catch(error => {
        throw failure(`handing the copied objects of "${name}" to its role`, error, `Database "${name}" was created from the template; \`mode: teardown\` removes it.`);
    });
}
/**
 * Drops the preview database and role: its sessions are ended first. A database or role already gone is fine,
 * so a teardown can run again. Drops only a preview this action made (or the release before the mark did).
 */
async function dropPreview(admin, name, options = {}) {
    return withClient(admin, async (client) => {
        await takePreviewLock(client, name, options.lockWaitSeconds ?? lockWaitSeconds(admin), 'drop');
        const identifier = client.escapeIdentifier(name);
        const { roleExists, databaseExists, adopted, roleComment, databaseComment } = await checkPreview(client, name, 'drop');
        const skipped = options.stillDue?.({ roleComment, databaseComment });
        if (skipped !== undefined)
            return { droppedDatabase: false, droppedRole: false, terminatedSessions: 0, adopted: false, skipped };
        // Nothing is written above this line.
        const terminated = await client.query(`select pg_catalog.pg_terminate_backend(a.pid) from pg_catalog.pg_stat_activity a
       where (a.datname = $1 or a.usename = $1) and a.pid <> pg_catalog.pg_backend_pid()`, [name]);
        try {
            // WITH (FORCE) (Postgres 13+) also ends a session that connected after the query above.
            await client.query(`drop database if exists ${identifier} with (force)`);
        }
        catch (error) {
            throw failure(`dropping database "${name}"`, error);
        }
        try {
            await client.query(`drop role if exists ${identifier}`);
        }
        catch (error) {
            const dropped = databaseExists ? `Database "${name}" was dropped; ` : '';
            if (codeOf(error) === DEPENDENT_OBJECTS) {
                throw new PreviewError(`${dropped}role "${name}" still owns objects or holds privileges in other databases (${text_errorMessage(error)}). In each of them run \`REASSIGN OWNED BY "${name}" TO postgres; DROP OWNED BY "${name}";\`, then rerun the teardown.`);
            }
            throw failure(`dropping role "${name}"`, error, dropped ? `${dropped}rerun the teardown to drop the role.` : undefined);
        }
        return { droppedDatabase: databaseExists, droppedRole: roleExists, terminatedSessions: terminated.rowCount ?? 0, adopted };
    });
}
/** The preview databases on the cluster: those carrying the fly-pg-expose mark, by name (read only). */
async function listPreviews(admin) {
    return withClient(admin, async (client) => {
        const { rows } = await client.query(`select d.datname as name, pg_catalog.shobj_description(d.oid, 'pg_database') as comment from pg_catalog.pg_database d order by 1`);
        return rows.filter(row => readPreviewMark(row.comment)).map(row => row.name);
    });
}
/**
 * What a prune looks at (read only): every role with a comment, with the database of its name and that database's
 * comment when there is one. Which are marked previews is decided in src/pure/prune.ts.
 */
async function findPreviews(admin) {
    return withClient(admin, async (client) => {
        const { rows } = await client.query(`select r.rolname as name, pg_catalog.shobj_description(r.oid, 'pg_authid') as role_comment,
         d.oid is not null as database_exists, pg_catalog.shobj_description(d.oid, 'pg_database') as database_comment
       from pg_catalog.pg_roles r left join pg_catalog.pg_database d on d.datname = r.rolname
       where pg_catalog.shobj_description(r.oid, 'pg_authid') is not null
       order by 1`);
        return rows.map(row => ({ name: row.name, roleComment: row.role_comment, ...(row.database_exists ? { databaseComment: row.database_comment } : {}) }));
    });
}
function failure(what, error, undo) {
    return new PreviewError(failureMessage(what, error, undo));
}

;// CONCATENATED MODULE: ./src/effects/verify.ts



class VerifyError extends Error {
    name = 'VerifyError';
}
// Errors that mean "not up yet": the proxy or the machines are still starting, or DNS has not caught up.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P03']);
const TRANSIENT_MESSAGES = /Connection terminated|socket disconnected before secure TLS|timeout expired|Query read timeout|ECONNRESET|the database system is (starting|shutting) up/i;
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID/;
/** Backoff capped at 1 s, so a server that comes up is noticed within a second; no attempt starts with under 0.5 s left. */
const VERIFY_BACKOFF = { initialDelayMs: 100, maxDelayMs: 1000, minAttemptMs: 500 };
/** One attempt (connect, TLS, login, version query) at most this long, within what is left of `verify-timeout`. */
const VERIFY_ATTEMPT_MS = 10_000;
/**
 * One quiet attempt, started together with the cluster reads from the inputs alone. When the plan changes nothing
 * it is the check's first attempt (see verifyAfterEarlyCheck), so a repeat run costs one round of reads; otherwise
 * it is abandoned. It never retries and never logs, so a first run sees no difference.
 */
function startEarlyCheck(request) {
    const abort = new AbortController();
    const result = connectOnce(request, Math.min(VERIFY_ATTEMPT_MS, request.verifyTimeoutSeconds * 1000), abort.signal).then(connection => ({ connection: { ...connection, attempts: 1 } }), (error) => ({ error }));
    return { result, abandon: () => abort.abort() };
}
/** The check of a run that changed nothing: the early attempt was attempt 1; retry within what is left of `verify-timeout`. */
async function verifyAfterEarlyCheck(early, request, timing = {}) {
    const now = timing.now ?? Date.now;
    // The budget starts now, as a check after the reads would: the attempt's time beside the reads costs nothing.
    const calledAt = now();
    const outcome = await early.result;
    if ('connection' in outcome)
        return outcome.connection;
    const leftMs = request.verifyTimeoutSeconds * 1000 - (now() - calledAt);
    if (!isTransient(outcome.error) || leftMs < VERIFY_BACKOFF.minAttemptMs)
        throw new VerifyError(explain(outcome.error, request));
    timing.onRetry?.(outcome.error, 1, 0);
    const later = await verifyTls(request, { ...timing, timeoutMs: leftMs, onRetry: (error, attempt, delay) => timing.onRetry?.(error, attempt + 1, delay) });
    return { ...later, attempts: later.attempts + 1 };
}
async function verifyTls(request, timing = {}) {
    try {
        const { value, attempts } = await retryWithBackoff(remainingMs => connectOnce(request, remainingMs), isTransient, {
            ...VERIFY_BACKOFF,
            ...timing,
            timeoutMs: timing.timeoutMs ?? request.verifyTimeoutSeconds * 1000
        });
        return { ...value, attempts };
    }
    catch (error) {
        throw new VerifyError(explain(error, request));
    }
}
async function connectOnce(request, remainingMs, signal) {
    const { host, port, credentials } = request;
    const attemptEnds = Date.now() + Math.min(VERIFY_ATTEMPT_MS, remainingMs);
    const { Client } = await loadPg();
    signal?.throwIfAborted();
    const client = new Client({
        host,
        port,
        user: credentials.user,
        password: credentials.password,
        database: credentials.database,
        // pg's connect timer runs from the TCP connect to the first ReadyForQuery (TLS handshake and login included).
        connectionTimeoutMillis: attemptEnds - Date.now(),
        // verify-full: the system CAs (plus NODE_EXTRA_CA_CERTS) and the host name; require: encryption only.
        ssl: { rejectUnauthorized: request.tls === 'verify-full' }
    });
    client.on('error', () => {
        // A late socket error after we are done must not crash the process.
    });
    // An abandoned attempt ends at once: its socket goes, and connect() fails.
    const abandon = () => void streamOf(client).destroy();
    signal?.addEventListener('abort', abandon, { once: true });
    // The server's login request says how it checks this role: an md5 request means the role's password is stored as md5.
    let authentication = 'other';
    const connection = client.connection;
    connection.once('authenticationMD5Password', () => (authentication = 'md5'));
    connection.once('authenticationSASL', () => (authentication = 'scram'));
    try {
        await client.connect();
        // The connect timer stops at login: the query gets its own, for what is left of the attempt.
        // (pg reads query_timeout from the query's config; its types leave it out.)
        const query = {
            text: "select version() as version, current_setting('server_version') as server_version, " +
                "(select rolsuper from pg_roles where rolname = current_user) as superuser, current_setting('password_encryption') as password_encryption",
            query_timeout: Math.max(attemptEnds - Date.now(), 1)
        };
        const result = await client.query(query);
        return {
            serverVersion: result.rows[0].server_version,
            serverVersionText: result.rows[0].version,
            tlsVersion: streamOf(client).getProtocol?.() ?? 'unknown',
            facts: { superuser: result.rows[0].superuser === true, passwordEncryption: result.rows[0].password_encryption, authentication }
        };
    }
    finally {
        signal?.removeEventListener('abort', abandon);
        await closeWithin(client);
    }
}
/** The client's socket (pg keeps it on its connection; its types leave it out). */
function streamOf(client) {
    return client.connection.stream;
}
function verify_codeOf(error) {
    return String(error?.code ?? '');
}
function isTransient(error) {
    if (TRANSIENT_CODES.has(verify_codeOf(error)))
        return true;
    return error instanceof Error && TRANSIENT_MESSAGES.test(error.message) && !CERTIFICATE_CODES.test(verify_codeOf(error));
}
/** One message per failure a user can meet, naming what to do next. */
function explain(error, request) {
    const where = `${request.host}:${request.port}`;
    const code = verify_codeOf(error);
    const message = text_errorMessage(error);
    if (code === '28P01') {
        return `Postgres at ${where} rejected the password for user "${request.credentials.user}" (SQLSTATE 28P01). Check \`database-url\` or \`password\`: the proxy is up and TLS works.`;
    }
    if (code === '3D000') {
        return `Postgres at ${where} has no database "${request.credentials.database}" (SQLSTATE 3D000). Check the database in \`database-url\` or the \`database\` input.`;
    }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
        // Node's message lists only the names of the host's kind (none for an IP host): name them all.
        const names = error.cert?.subjectaltname;
        const covers = names ? `it is for ${names}` : message;
        return `The TLS certificate at ${where} is not valid for host "${request.host}" (${covers}). Use the host the certificate names, or set \`tls: require\` to accept any certificate: the connection stays encrypted but is no longer protected against impersonation.`;
    }
    if (CERTIFICATE_CODES.test(code)) {
        return `The TLS certificate at ${where} is not signed by a trusted CA (${code}). Set \`tls: require\` to skip verification (encrypted, but not protected against impersonation), or add the CA with NODE_EXTRA_CA_CERTS.`;
    }
    if (/does not support SSL/i.test(message)) {
        return `The server at ${where} does not speak TLS: the port is not behind Fly's pg_tls handler. Check the \`port\` input and the app's [[services]] (handlers = ["pg_tls"]).`;
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return `The host ${request.host} did not resolve within ${request.verifyTimeoutSeconds}s. New Fly IPs can take a minute to reach DNS: raise \`verify-timeout\`, or check the \`host\` input.`;
    }
    const { app } = request;
    if (/Query read timeout/.test(message)) {
        return `Postgres at ${where} accepted the TLS connection and the login but never answered \`select version()\` within ${request.verifyTimeoutSeconds}s: the server may be overloaded or stuck. Check \`fly status -a ${app}\` and \`fly logs -a ${app}\`, or raise \`verify-timeout\`.`;
    }
    return `Could not open a TLS connection to Postgres at ${where} within ${request.verifyTimeoutSeconds}s (last error: ${message}${code ? `, ${code}` : ''}). Check \`fly status -a ${app}\` and \`fly ips list -a ${app}\`, or raise \`verify-timeout\`.`;
}
/**
 * The run's TLS check. When nothing on Fly changed, the attempt made beside the reads was its first; otherwise (or
 * with no such attempt) a fresh check. Each retry is logged.
 */
function verifyExposure(request, early, log) {
    const timing = { onRetry: (error, attempt, delay) => log(`attempt ${attempt}: ${text_errorMessage(error)}; retrying in ${delay} ms`) };
    return early ? verifyAfterEarlyCheck(early, request, timing) : verifyTls(request, timing);
}

;// CONCATENATED MODULE: ./src/effects/teardown.ts
// `mode: teardown`: drop a preview database and its role, and (with `release-ips`) release the public IPs.
// Reads the cluster like an exposing run, but never deploys, never allocates, and never touches another database.









/** Public addresses only: the Flycast `private_v6` (and egress addresses) stay, or the app loses its private reach. */
const PUBLIC_TYPES = ['v4', 'shared_v4', 'v6'];
function planTeardown(inputs, state) {
    return {
        previewDatabase: inputs.previewDatabase,
        release: inputs.releaseIps ? state.ips.filter(ip => PUBLIC_TYPES.includes(ip.Type)) : [],
        reachable: hasPublicIp(state)
    };
}
/** Whether the app has a public address: a teardown or prune connects to Postgres through it. */
const hasPublicIp = (state) => state.ips.some(ip => PUBLIC_TYPES.includes(ip.Type));
/** Why a run that must reach Postgres stops on a private cluster (before any change), and how to do it by hand. */
function noPublicIpMessage(app, cannot, byHand) {
    return `App "${app}" has no public IP, so ${cannot}. Nothing was changed. ${byHand}, or expose the cluster first.`;
}
function describeTeardown(plan, inputs) {
    const lines = [];
    if (plan.previewDatabase)
        lines.push(`end the sessions of "${plan.previewDatabase}", drop database "${plan.previewDatabase}" and role "${plan.previewDatabase}" if fly-pg-expose made them (a missing one is fine)`);
    if (inputs.releaseIps) {
        lines.push(plan.release.length > 0
            ? `release public IPs ${plan.release.map(ip => `${ip.Address} (${ip.Type})`).join(', ')}; the private Flycast address stays (other previews, which connect through them, are looked for first${inputs.strict ? ': `strict` refuses if any' : ''})`
            : 'no public IPs to release: the cluster is private already');
    }
    lines.push('no deploy, no restart, no allocation');
    return lines;
}
/** Why releasing the public IPs hurts other previews: they connect through those addresses too. */
function otherPreviewsMessage(app, others) {
    return `Releasing the public IPs of "${app}" cuts off ${others.length === 1 ? 'another preview' : `${others.length} other previews`} on it (${others.join(', ')}): their URLs stop working until the cluster is exposed again. Set \`release-ips\` only in the teardown of the last preview (or in a cleanup run once no preview is left); \`strict: true\` refuses the release while others exist.`;
}
/**
 * Before any change: the other marked previews a release would cut off. A warning, or with `strict` the refusal; a
 * failed look warns too (the release was asked for), and with `strict` refuses.
 */
async function checkOtherPreviews(inputs, plan) {
    let others;
    try {
        others = (await listPreviews(inputs)).filter(name => name !== plan.previewDatabase);
    }
    catch (error) {
        const message = `Could not look for other previews before releasing the public IPs: ${asSentence(text_errorMessage(error))}`;
        if (inputs.strict)
            throw new Error(`\`strict: true\`: ${message} Nothing was changed.`);
        lib_core/* warning */.$e(`${message} Releasing them anyway: a preview on this cluster loses its connection.`);
        return;
    }
    if (others.length === 0)
        return;
    const message = otherPreviewsMessage(inputs.app, others);
    if (inputs.strict)
        throw new Error(`\`strict: true\`: ${message} Nothing was changed.`);
    lib_core/* warning */.$e(message);
}
/** Drops first (it needs the public address to connect), then releases. `verify` proves the admin can connect. */
async function runTeardown(fly, inputs, plan, verify, report) {
    if (plan.previewDatabase) {
        // The drop goes through the public address; without one the TLS check would only wait out verify-timeout.
        if (!plan.reachable) {
            throw new Error(noPublicIpMessage(inputs.app, `the teardown cannot reach Postgres to drop "${plan.previewDatabase}"`, `Drop it from inside Fly (\`fly pg connect -a ${inputs.app}\`, then DROP DATABASE "${plan.previewDatabase}" WITH (FORCE); DROP ROLE "${plan.previewDatabase}";)`));
        }
        await verify();
    }
    if (plan.release.length > 0)
        await checkOtherPreviews(inputs, plan);
    if (plan.previewDatabase) {
        report.dropped = await dropPreview(inputs, plan.previewDatabase);
        const { droppedDatabase, droppedRole, terminatedSessions, adopted } = report.dropped;
        if (adopted)
            lib_core/* info */.pq(adoptionNote(plan.previewDatabase, 'drop'));
        lib_core/* info */.pq(`database "${plan.previewDatabase}": ${droppedDatabase ? 'dropped' : 'already gone'}; role: ${droppedRole ? 'dropped' : 'already gone'}; sessions ended: ${terminatedSessions}`);
    }
    for (const ip of plan.release) {
        try {
            await fly.run(['ips', 'release', ip.Address, '-a', inputs.app]);
        }
        catch (error) {
            if (/Could not find IP address/i.test(text_errorMessage(error))) {
                lib_core/* info */.pq(`${ip.Address} was released already (by another run).`);
                continue;
            }
            const done = [
                ...(report.dropped ? [`database and role "${plan.previewDatabase}" were dropped`] : []),
                ...(report.released.length > 0 ? [`released ${report.released.join(', ')}`] : [])
            ];
            throw new Error(`${asSentence(text_errorMessage(error))} ${done.length > 0 ? `Already done: ${done.join('; ')}. ` : ''}Rerun the teardown to release the rest (see \`fly ips list -a ${inputs.app}\`).`);
        }
        report.released.push(ip.Address);
        lib_core/* info */.pq(`released ${ip.Address} (${ip.Type})`);
    }
}
/** What a cancelled teardown says: where it stopped and what it had done by then. */
function describeTeardownInterruption(signal, stage, app, report) {
    const name = report.plan.previewDatabase;
    const done = [];
    if (report.dropped)
        done.push(`Database and role "${name}" were dropped.`);
    else if (name && stage === 'Tear down')
        done.push(`Database and role "${name}" may be dropped in part: rerun the teardown (a missing one is fine).`);
    if (report.released.length > 0)
        done.push(`Released ${report.released.join(', ')}.`);
    if (report.released.length < report.plan.release.length && stage === 'Tear down') {
        done.push(`Other public IPs may still be allocated: see \`fly ips list -a ${app}\` and rerun the teardown.`);
    }
    if (done.length === 0)
        done.push('Nothing had been changed.');
    return [`Stopped by ${signal} during "${stage}" of a teardown: flyctl was stopped and no flyctl is left running.`, ...done].join(' ');
}
/** The outputs of a teardown, by name: the preview it dropped, the addresses it released. */
function teardownOutputs(report, flyctlVersion, dryRun) {
    const name = report.plan.previewDatabase ?? '';
    return {
        [OUTPUTS.databaseName]: name,
        [OUTPUTS.username]: name,
        [OUTPUTS.created]: 'false',
        [OUTPUTS.releasedIps]: report.released.join(' '),
        [OUTPUTS.changed]: String(!dryRun && (Boolean(report.dropped?.droppedDatabase || report.dropped?.droppedRole) || report.released.length > 0)),
        [OUTPUTS.deployed]: 'false',
        [OUTPUTS.flyctlVersion]: flyctlVersion
    };
}
/** The job summary of a teardown (done, dry, or failed with `failure`), as HTML. */
function teardownSummary(app, report, dryRun, failure) {
    const { plan, dropped } = report;
    const title = failure
        ? `fly-pg-expose: teardown failed for ${app}`
        : dryRun
            ? `fly-pg-expose: teardown dry run for ${app}`
            : `fly-pg-expose: teardown of ${app}`;
    const rows = [];
    if (plan.previewDatabase) {
        const state = (done) => (dryRun ? 'would be dropped' : done === undefined ? 'not dropped' : done ? 'dropped' : 'already gone');
        rows.push([`Database ${plan.previewDatabase}`, state(dropped?.droppedDatabase)], [`Role ${plan.previewDatabase}`, state(dropped?.droppedRole)]);
    }
    for (const ip of plan.release)
        rows.push([`IP ${ip.Address} (${ip.Type})`, dryRun ? 'would be released' : report.released.includes(ip.Address) ? 'released' : 'kept']);
    return summary_html_heading(title, 2) + (failure ? failureParagraph(failure) : '') + resultTable(rows.map(([what, result]) => [summary_html_textHtml(what), summary_html_textHtml(result)]));
}
/** `mode: teardown`: read the cluster, then drop the preview and release the public IPs as asked. Never deploys. */
async function tearDown(step, fly, inputs, flyctlVersion) {
    const state = await step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
    const report = step.trackTeardown({ plan: planTeardown(inputs, state), released: [] });
    await step.stage('Plan teardown', async () => {
        for (const line of describeTeardown(report.plan, inputs))
            lib_core/* info */.pq(line);
    });
    try {
        if (inputs.dryRun)
            lib_core/* info */.pq('dry-run: nothing was changed.');
        else
            await step.stage('Tear down', () => runTeardown(fly, inputs, report.plan, () => verifyTls(inputs), report));
    }
    catch (error) {
        if (report_writer_summaryEnabled())
            await writeTeardownSummary(inputs.app, report, false, text_errorMessage(error)).catch(() => undefined);
        throw error;
    }
    setTeardownOutputs(report, flyctlVersion, inputs.dryRun);
    if (report_writer_summaryEnabled())
        await writeTeardownSummary(inputs.app, report, inputs.dryRun);
}

;// CONCATENATED MODULE: ./src/effects/report-writer.ts
// The effects of reporting: outputs set on the runner and summaries appended to GITHUB_STEP_SUMMARY. What they say is
// decided in report.ts and teardown.ts.






function setAll(outputs) {
    for (const [name, value] of Object.entries(outputs))
        lib_core/* setOutput */.uH(name, value);
}
/** Appends HTML to the job summary. */
async function report_writer_appendSummary(html) {
    await lib_core/* summary */.z.addRaw(html).write();
}
function setOutputs(report) {
    setAll(runOutputs(report));
}
function writeSummary(report) {
    return report_writer_appendSummary(runSummary(report));
}
function writeStoppedSummary(app, message) {
    return report_writer_appendSummary(stoppedSummary(app, message));
}
function setTeardownOutputs(report, flyctlVersion, dryRun) {
    setAll(teardownOutputs(report, flyctlVersion, dryRun));
}
function writeTeardownSummary(app, report, dryRun, failure) {
    return report_writer_appendSummary(teardownSummary(app, report, dryRun, failure));
}
/** The runner gives a summary file to steps (GITHUB_STEP_SUMMARY); elsewhere there is none to write. */
function report_writer_summaryEnabled() {
    return Boolean(process.env.GITHUB_STEP_SUMMARY);
}
/** Sets the outputs and writes the summary of a run that did what it was asked. */
async function publish(report) {
    setOutputs(report);
    if (report_writer_summaryEnabled())
        await writeSummary(report);
}
/** The plan stage's log: what changes, what will be public, and what is known before any change. */
function logPlan(report, members, known) {
    const { plan, port } = report;
    for (const line of describePlan(plan, port))
        lib_core/* info */.pq(line);
    for (const line of describeExposure(publicExposure(members, plan, plannedAddresses(plan), port)))
        lib_core/* info */.pq(line);
    for (const notice of known.notices)
        (notice.level === 'warning' ? lib_core/* warning */.$e : lib_core/* info */.pq)(notice.message);
    for (const warning of known.warnings)
        lib_core/* warning */.$e(warning);
    const { preview } = known;
    if (preview) {
        lib_core/* info */.pq(`preview: create database and role "${preview.name}"${preview.template ? ` from template "${preview.template}"` : ''}, or reuse them (same derived password)`);
    }
    if (known.ciRole)
        lib_core/* info */.pq(`CI role: create or update "${known.ciRole.name}" with ${known.ciRole.privileges} privileges, and output its URL instead of the admin's`);
}
/** `export-env`: the URL under the name given, or libpq's PG* variables, for the job's later steps (masked before). */
function exportConnection(exportEnv, endpoint, url) {
    if (exportEnv === LIBPQ_ENV) {
        for (const [name, value] of Object.entries(libpqEnvironment(endpoint)))
            lib_core/* exportVariable */.dN(name, value);
    }
    else if (exportEnv)
        lib_core/* exportVariable */.dN(exportEnv, url);
}

;// CONCATENATED MODULE: ./src/effects/ephemeral.ts
// `ephemeral: true`: the public IPs this run allocated are released by the post step when the job ends, whether it
// passed, failed or was cancelled. The main step records them (core.saveState) as soon as each exists.







/** The saved state's names (the runner hands them to the post step as STATE_<name>). */
const ephemeral_STATE = { ephemeral: 'ephemeral', flyctlVersion: 'flyctlVersion', tunnel: 'tunnel' };
// An exact version, as the inputs accept it (no `latest`): it names a directory of the tool cache.
const ephemeral_EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/**
 * Saves every name the post step reads, empty, as the main step starts: the runner then hands the post step these
 * values, never a STATE_* variable a later step put in the job's environment (GITHUB_ENV). Saved state wins there.
 */
function claimState() {
    for (const name of Object.values(ephemeral_STATE))
        lib_core/* saveState */.LZ(name, '');
}
/**
 * The main step's flyctl, for the post step: it releases with that exact binary from the tool cache, so it neither
 * asks the releases endpoint again nor depends on any input but the token.
 */
function rememberFlyctl(version) {
    lib_core/* saveState */.LZ(ephemeral_STATE.flyctlVersion, version);
}
/**
 * The addresses this run allocated and keeps: never one a concurrent run allocated (adopted), never one it released
 * again, never one found only by listing after a failed call (it may be another run's).
 */
function addressesToRelease(allocated, planned) {
    const notOurs = new Set([...(allocated.adopted ?? []), ...(allocated.released ?? []), ...(allocated.unsure ?? [])]);
    return [planned.ipv4 ? allocated.ipv4 : undefined, planned.ipv6 ? allocated.ipv6 : undefined].filter((address) => Boolean(address) && !notOurs.has(address));
}
/** Records what the post step must release; called again as each address becomes known (a later call wins). */
function rememberForRelease(app, addresses) {
    lib_core/* saveState */.LZ(ephemeral_STATE.ephemeral, JSON.stringify({ app, addresses }));
}
/**
 * The post step: release what the main step recorded. Never fails the job; says what to release by hand.
 * It reads only the token, `ephemeral` and `app`: an input that changed meaning since the main step (a removed
 * `config` file) cannot stop the release. The state is trusted only as far as the inputs allow: a later step can add
 * STATE_* variables through GITHUB_ENV, so nothing is released unless `ephemeral` is true, and only on `app`.
 */
async function releaseEphemeralIps() {
    // Masked before anything can print them.
    const tokens = [core.getInput('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN];
    for (const token of tokens)
        if (token)
            core.setSecret(token);
    if (core.getInput('ephemeral').trim().toLowerCase() !== 'true') {
        return core.info('fly-pg-expose: not an ephemeral run (`ephemeral` is not true): nothing to release.');
    }
    const saved = core.getState(ephemeral_STATE.ephemeral);
    if (!saved)
        return core.info('fly-pg-expose: nothing to release (the main step allocated no address, or did not run).');
    const app = core.getInput('app').trim();
    const recorded = parseState(saved);
    if (!recorded || recorded.app !== app) {
        return core.warning(`fly-pg-expose: the saved state does not name this step's app "${app}" with a list of addresses, so nothing was released. Check \`fly ips list -a ${app}\` and release by hand what this job allocated.`);
    }
    const { addresses } = recorded;
    if (addresses.length === 0)
        return core.info(`fly-pg-expose: this run allocated no public address on ${app}: nothing to release.`);
    const byHand = (address) => `\`fly ips release ${address} -a ${app}\``;
    const released = [];
    const gone = [];
    const failed = [];
    let cleanup = () => undefined;
    try {
        const token = tokens.map(value => value?.trim()).find(Boolean);
        if (!token)
            throw new Error('no Fly token: the `fly-api-token` input and FLY_API_TOKEN/FLY_ACCESS_TOKEN are empty');
        const version = core.getState(ephemeral_STATE.flyctlVersion);
        if (!ephemeral_EXACT_VERSION.test(version))
            throw new Error(`the main step saved no flyctl version (got "${version}")`);
        const flyctl = await installFlyctl(version, flyctlSources(process.env));
        const fly = createFlyctl(flyctl.binPath, token, process.env.RUNNER_TEMP);
        cleanup = fly.cleanup;
        for (const address of addresses) {
            try {
                await fly.run(['ips', 'release', address, '-a', app]);
                released.push(address);
            }
            catch (error) {
                // Released already, e.g. by a later `mode: teardown` step with `release-ips`: what this step wanted.
                if (/Could not find IP address/i.test(errorMessage(error))) {
                    gone.push(address);
                    core.info(`${address} was released already (by another step or run).`);
                    continue;
                }
                failed.push(address);
                core.warning(`Could not release ${address} from ${app} (${errorMessage(error)}): release it by hand with ${byHand(address)}.`);
            }
        }
    }
    catch (error) {
        const done = [...released, ...gone, ...failed];
        for (const address of addresses.filter(a => !done.includes(a)))
            failed.push(address);
        core.warning(`Could not release this run's addresses (${errorMessage(error)}): release them by hand with ${failed.map(byHand).join(', ')}.`);
    }
    finally {
        cleanup();
    }
    if (released.length > 0)
        core.info(`Released ${released.join(', ')} from ${app}: the database is no longer public on them.`);
    if (process.env.GITHUB_STEP_SUMMARY) {
        const lines = [
            ...released.map(address => `${address}: released`),
            ...gone.map(address => `${address}: released already`),
            ...failed.map(address => `${address}: NOT released, run ${byHand(address)}`),
            'A pg_tls service this run added stays on the machines (removing it would restart them again).'
        ];
        await appendSummary(heading(`fly-pg-expose: ephemeral addresses of ${app}`, 3) + list(lines.map(textHtml)));
    }
}
/** The recorded state, or undefined when it is not what the main step writes (only IP addresses reach flyctl's argv). */
function parseState(saved) {
    try {
        const { app, addresses } = JSON.parse(saved);
        const valid = typeof app === 'string' && Array.isArray(addresses) && addresses.every(address => typeof address === 'string' && isIP(address) !== 0);
        return valid ? { app, addresses } : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/effects/public-ips.ts
// The allocation stage of an exposing run: allocate the public IPs the plan wants, record each for the post step
// when `ephemeral`, and agree with concurrent runs on the addresses all of them keep. That agreement waits out the
// creation second of fresh addresses, so it runs beside the deploy and the TLS check; the run awaits it last.





/** Allocates what the plan wants (in its own stage), then starts agreeing with concurrent runs. */
async function allocatePublicIps(step, fly, inputs, plan, state, report) {
    if (plan.allocate.ipv4 || plan.allocate.ipv6) {
        // Filled in as each address is allocated, so an interruption can name what was already allocated.
        report.ips = { ...plan.existing, ...(plan.allocate.ipv4 ? { ipv4: undefined } : {}), ...(plan.allocate.ipv6 ? { ipv6: undefined } : {}) };
        const mine = [];
        report.ips = await step.stage('Allocate public IPs', () => allocateMissingIps(fly, inputs.app, plan, undefined, (family, address, surelyOurs) => {
            report.ips = { ...report.ips, [family]: address };
            // Recorded as soon as it exists, so a failed or cancelled run still releases it when ephemeral.
            if (inputs.ephemeral && address && surelyOurs) {
                mine.push(address);
                rememberForRelease(inputs.app, mine);
                // So a failure or a cancel says the post step releases it, not that it stays.
                report.ephemeral = [...mine];
            }
        }));
    }
    else {
        report.ips = plan.existing;
    }
    // An address allocated a moment ago (by this run or a concurrent one) is used only once it is sure to stay.
    const waits = [];
    const timedSleep = (ms) => (waits.push(performance.now() + ms), realSleep(ms));
    const settling = settleAddresses(fly, inputs.app, plan, report.ips, { ips: state.ips, readAt: state.readAt ?? 0 }, timedSleep).then(settled => {
        report.ips = settled.ips;
        if (inputs.ephemeral) {
            // What this run allocated and keeps (never a concurrent run's address, never one there before).
            report.ephemeral = addressesToRelease(report.ips, { ipv4: Boolean(plan.allocate.ipv4), ipv6: plan.allocate.ipv6 });
            rememberForRelease(inputs.app, report.ephemeral);
        }
        return settled.notices;
    });
    // A failure reports once the addresses settled (this run's duplicate released), so its undo notes name the kept ones.
    step.waitBeforeFailure(settling);
    return { settled: step => logSettled(step, settling, waits, report) };
}
/** Waits for the public IPs to settle, logging what the wait added beyond the stages it ran beside. */
async function logSettled(step, settling, waits, report) {
    const settle = async () => {
        const awaitedAt = performance.now();
        for (const notice of await settling)
            (notice.level === 'warning' ? lib_core/* warning */.$e : lib_core/* info */.pq)(notice.message);
        // The benchmark reads this line: the part of the wait that no other stage covered.
        const uncovered = Math.max(0, Math.round(Math.max(...waits) - awaitedAt));
        if (waits.length > 0)
            lib_core/* info */.pq(`[wait] ${uncovered} ms more for the creation second of fresh public IPs to end, so runs allocating at once keep the same ones`);
    };
    // A log section only when there was something to wait for.
    await (waits.length > 0 ? step.stage('Settle public IPs', settle) : settle());
    if (report.ephemeral)
        lib_core/* info */.pq(ephemeralNote(report.ephemeral));
}

;// CONCATENATED MODULE: ./src/effects/deploy.ts
// Deploys the patched config with the Postgres image the machines already run. Never repeated automatically.


class DeployError extends Error {
    name = 'DeployError';
}
async function deployConfig(fly, app, config, imageRef, memberIds, timeoutSeconds) {
    try {
        await fly.run(
        // --remote-only: never let a local Docker image of the same name be pushed in place of Fly's.
        // --only-machines: a barman (or any other) machine `fly deploy` manages must never get the Postgres config.
        // --wait-timeout: flyctl waits for each machine as long as we would, and never past our deadline.
        [
            'deploy',
            config.dir,
            '--config',
            config.path,
            '-a',
            app,
            '--image',
            imageRef,
            '--remote-only',
            '--strategy',
            'rolling',
            '--only-machines',
            memberIds.join(','),
            '--wait-timeout',
            `${timeoutSeconds}s`
        ], { cwd: config.dir, streamOutput: true, timeoutMs: timeoutSeconds * 1000 });
    }
    catch (error) {
        if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError)
            throw error;
        if (error instanceof FlyctlTimeoutError) {
            throw new DeployError(`The deploy of ${imageRef} to "${app}" did not finish within \`deploy-timeout\` (${timeoutSeconds} s) and flyctl was stopped. Some machines may already run the new config and others not, or still be restarting. Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing), with a larger \`deploy-timeout\` if the machines are just slow to start.`);
        }
        // A deploy restarts Postgres: repeating it blindly could restart a struggling cluster again.
        throw new DeployError(`The deploy of ${imageRef} to "${app}" failed (flyctl exit ${error.exitCode}): ${asSentence(error.flyMessage)} It was not retried. Check the machines with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`);
    }
}

;// CONCATENATED MODULE: ./src/effects/machine-update.ts
// `method: machines`: adds the pg_tls service to each member in place with `fly machine update`, one at a time,
// replicas first and the primary last. Each call keeps the member's image, env, mounts, metadata and restart policy
// and returns only once the member is started and its health checks pass (flyctl internal/machine/update.go), so
// the next member restarts only after the previous one is healthy again.



class MachineUpdateError extends Error {
    name = 'MachineUpdateError';
}
async function updateMembers(fly, app, port, plan, lacking, timeoutSeconds, onUpdated) {
    // The plan's order (replicas first, the primary last), for the members that still lack the service.
    const order = plan.members.filter(member => member.restarted && lacking.includes(member.id)).map(member => member.id);
    for (const [index, id] of order.entries()) {
        try {
            // --yes: without a terminal flyctl's confirmation prompt fails (internal/machine/config.go ConfirmConfigChanges).
            // --wait-timeout (seconds, per member): flyctl waits for health as long as we would, and never past our deadline.
            await fly.run(['machine', 'update', id, '-a', app, '--port', pgTlsPortFlag(port), '--yes', '--wait-timeout', String(timeoutSeconds)], {
                streamOutput: true,
                timeoutMs: timeoutSeconds * 1000,
                mayHaveChanged: `It may have updated and restarted member ${id}`
            });
        }
        catch (error) {
            if (!(error instanceof FlyctlError) || error instanceof FlyctlInterruptedError)
                throw error;
            const untouched = order.slice(index + 1);
            // Never repeated: the update may have gone through and restarted the member before the health wait failed.
            throw new MachineUpdateError([
                asSentence(`\`fly machine update\` of member ${id} of "${app}" failed (flyctl exit ${error.exitCode}): ${error.flyMessage}`),
                // flyctl fails after the update itself when the member then does not become healthy.
                `It was not retried; ${id} may already run with the service.`,
                untouched.length > 0 ? `Members ${untouched.join(', ')} were not touched.` : '',
                `Check the member with \`fly machine status ${id} -a ${app}\`; once it is healthy, rerun this action (it updates only members still lacking the service).`
            ]
                .filter(Boolean)
                .join(' '));
        }
        onUpdated(id);
    }
}

;// CONCATENATED MODULE: ./src/effects/add-pg-tls-service.ts
// Adds the pg_tls service (by deploy or member updates) only while the members still lack it: another run against
// the same cluster may have added it, or be adding it right now, and a second restart must never follow.






class LeaseHeldError extends Error {
    name = 'LeaseHeldError';
}
// fly-go flaps AcquireLease, as flyctl deploy (plan.go) and machine update (machine/lease.go) report it.
const LEASE_HELD = /lease currently held by ([^\s,]+)/;
/**
 * Reads the members again right before the change; changes only those still lacking the service. A change that
 * meets a held lease means another run is making it: wait (bounded) and succeed without a restart of our own once
 * the service is there.
 */
async function addServiceIfStillMissing(fly, request, change) {
    const lacking = await membersLacking(fly, request);
    if (lacking.length === 0) {
        lib_core/* info */.pq(`Another run added the pg_tls service on port ${request.port} meanwhile: nothing to restart.`);
        return 'added by another run';
    }
    try {
        await change(lacking);
        return 'added';
    }
    catch (error) {
        const holder = text_errorMessage(error).match(LEASE_HELD)?.[1];
        if (!holder)
            throw error;
        return waitForLeaseHolder(fly, request, holder, error);
    }
}
async function waitForLeaseHolder(fly, request, holder, cause) {
    const { app, port, waitMs } = request;
    const sleep = request.sleep ?? realSleep;
    const seconds = Math.round(waitMs / 1000);
    lib_core/* info */.pq(`The members are leased by ${holder}: another run is changing them. Waiting up to ${seconds} s for the pg_tls service on port ${port}.`);
    const deadline = Date.now() + waitMs;
    for (let delay = 1000;; delay = Math.min(delay * 2, 5000)) {
        const lacking = await membersLacking(fly, request);
        if (lacking.length === 0) {
            lib_core/* info */.pq(`The pg_tls service on port ${port} is there now, added by the run that held the lease: this run restarts nothing.`);
            return 'added by another run';
        }
        if (Date.now() + delay > deadline) {
            throw new LeaseHeldError(`Members ${lacking.join(', ')} of "${app}" are leased by ${holder} (another deploy or machine update) and still lack the pg_tls service on port ${port} after waiting ${seconds} s (\`deploy-timeout\`). Check what is changing them with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once that has finished or its lease has expired, rerun this action.${flyctlSaid(cause)}`);
        }
        await sleep(delay);
    }
}
/** flyctl's own lease line, quoted after our message. */
function flyctlSaid(cause) {
    const line = text_errorMessage(cause).match(/failed to (?:acquire leases|obtain lease):.*?lease currently held by [^\s,]+(?:, expires at \S+?Z)?/)?.[0];
    return line ? ` flyctl said: ${line}.` : '';
}
async function membersLacking(fly, request) {
    const machines = (await fly.json(['machines', 'list', '-a', request.app])) ?? [];
    return request.memberIds.filter(id => {
        const machine = machines.find(m => m.id === id);
        return machine !== undefined && !servesPgTls(machine, request.port);
    });
}
/**
 * The service stage: a deploy of the prepared fly.toml (`method: deploy`) or one member update at a time
 * (`method: machines`), each only while the members still lack the service; `deploy: always` changes them anyway.
 */
async function addPgTlsService(step, fly, inputs, plan, members, flyToml, report) {
    if (!plan.deploy.needed)
        return;
    const memberIds = members.map(member => member.id);
    const request = { app: inputs.app, port: inputs.port, memberIds, waitMs: inputs.deployTimeoutSeconds * 1000 };
    const addService = (change) => inputs.deploy === 'always' ? change(memberIds).then(() => 'added') : addServiceIfStillMissing(fly, request, change);
    if (plan.method === 'deploy' && flyToml && plan.image.deployRef) {
        const imageRef = plan.image.deployRef;
        report.serviceOutcome = await step.stage(`Deploy ${imageRef}`, () => addService(() => {
            // Set before flyctl runs, so a deploy that never finished is known.
            report.deployStartedOn = memberIds;
            return deployConfig(fly, inputs.app, flyToml, imageRef, memberIds, inputs.deployTimeoutSeconds);
        }));
        report.deployed = report.serviceOutcome === 'added';
        if (report.deployed)
            report.configChanges = flyToml.changes;
    }
    if (plan.method === 'machines') {
        const updated = report.updatedMembers;
        report.serviceOutcome = await step.stage('Update members one at a time', () => addService(lacking => updateMembers(fly, inputs.app, inputs.port, plan, lacking, inputs.deployTimeoutSeconds, id => updated.push(id))));
        report.deployed = updated.length > 0;
    }
}

;// CONCATENATED MODULE: ./src/effects/preview-step.ts
// The preview step of an exposing run: mask the preview's derived password, create or reuse the preview, prove its URL
// works.





/** Creates or reuses the preview; `verify` logs in with the new credentials, so the URL output is known to work. */
async function openPreview(inputs, name, verify) {
    // The same every run (keyed by `credentials-key`, else the admin password): concurrent runs and reruns hand out one URL.
    const password = derivePassword(inputs.credentialsKey ?? inputs.credentials.password, { cluster: inputs.app, database: name, role: name });
    const credentials = { user: name, password, database: name };
    const internal = new URL(inputs.internalUrl.href);
    internal.username = encodeURIComponent(name);
    internal.password = password;
    internal.pathname = `/${encodeURIComponent(name)}`;
    const url = externalUrl(internal, inputs.host, inputs.port, inputs.sslmode);
    // Masked before the password reaches Postgres or any line of the log.
    for (const secret of [...passwordForms(password), url])
        lib_core/* setSecret */.Pq(secret);
    const { created, roleCreated, passwordSet, adopted } = await ensurePreview(inputs, name, password, inputs.previewTemplate, () => verify(credentials));
    if (adopted)
        lib_core/* info */.pq(adoptionNote(name, 'reuse'));
    lib_core/* info */.pq(`database "${name}": ${created ? (inputs.previewTemplate ? `created from "${inputs.previewTemplate}"` : 'created') : 'reused'}; role "${name}": ${roleCreated ? 'created' : passwordSet ? 'reused, derived password set' : 'reused, unchanged'}; logged in as "${name}"`);
    return { name, password, created, url };
}

;// CONCATENATED MODULE: ./src/effects/ci-role.ts
// The least-privilege CI role (`role` + `privileges`): read the cluster as it is, refuse before any change what
// src/pure/ci-role.ts refuses, then bring the role to its level in one transaction (only what is missing), and hand
// out its URL. Its password is derived (the same every run) and travels only as a SCRAM verifier; a rerun that can
// log in with it and finds every grant in place writes nothing (a login-ttl renews VALID UNTIL, its one write).





class CiRoleError extends Error {
    name = 'CiRoleError';
}
const ciRoleError = (message) => new CiRoleError(message);
/** A non-system schema: not pg_catalog, pg_toast, pg_temp_N and the like, nor information_schema. */
const USER_SCHEMA = "n.nspname !~ '^pg_' and n.nspname <> 'information_schema'";
/** Tables, partitioned tables, views, materialized views, foreign tables and sequences. */
const RELATION_KINDS = "c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')";
/**
 * Creates or updates role `spec.name` with `password` (derived by the caller, who masks it first) and the grants of
 * its level on the admin's database. Runs for one role take turns; `whileLocked` (the login check) runs before the
 * lock is let go.
 */
async function ensureCiRole(admin, spec, password, whileLocked = async () => undefined) {
    const { name, privileges } = spec;
    return withAdminSession(admin, `grant the CI role "${name}"`, ciRoleError, async (client) => {
        const seconds = lockWaitSeconds(admin);
        await takeAdvisoryLock(client, `fly-pg-expose role:${name}`, seconds, () => new CiRoleError(`Another run holds the CI role "${name}": its lock stayed taken for ${seconds} s (\`verify-timeout\`), so this run changed nothing. Let that run finish, then rerun.`));
        const { adminFacts, database, role } = await inspectRole(client, name);
        const verdict = judgeCiRole(name, privileges, adminFacts, database, role);
        if (verdict.kind === 'refuse')
            throw new CiRoleError(verdict.message);
        const grants = await inspectGrants(client, name);
        // A login is no write: a role whose derived password works already keeps it.
        const passwordWorks = role !== undefined && (await canLogIn(admin, name, password, database.name));
        // Nothing is written above this line.
        const plan = [
            ...roleStatements(client, spec, database.name, password, role, passwordWorks),
            ...grantPlan(name, privileges, database, grants, role, id => client.escapeIdentifier(id))
        ];
        if (plan.length > 0)
            await applyAll(client, name, plan);
        await whileLocked();
        return { created: role === undefined, passwordSet: !passwordWorks, takenOver: verdict.kind === 'take over', changes: plan.map(step => step.summary) };
    });
}
/** The role itself: created with nothing beyond LOGIN, its password set when the derived one did not log in, its expiry, its mark. */
function roleStatements(client, spec, database, password, role, passwordWorks) {
    const name = client.escapeIdentifier(spec.name);
    const validUntil = validUntilChange(spec.loginTtlSeconds, role?.validUntil ?? null, new Date());
    const expiry = validUntil ? ` valid until ${client.escapeLiteral(validUntil)}` : '';
    const verifier = () => `password ${client.escapeLiteral(scramVerifier(password))}`;
    const statements = [];
    if (!role) {
        statements.push({
            sql: `create role ${name} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit ${verifier()}${expiry}`,
            summary: `created role "${spec.name}"${validUntil ? `, valid until ${validUntil}` : ''}`
        });
    }
    else if (!passwordWorks || !role.canLogin || validUntil) {
        const what = [!passwordWorks && 'set its derived password', validUntil && `valid until ${validUntil}`].filter(Boolean).join(', ');
        statements.push({
            sql: `alter role ${name} with login${passwordWorks ? '' : ` ${verifier()}`}${expiry}`,
            summary: `role "${spec.name}": ${what || 'LOGIN'}`
        });
    }
    const mark = ciRoleMark(database);
    if (role?.comment !== mark)
        statements.push({ sql: `comment on role ${name} is ${client.escapeLiteral(mark)}`, summary: "marked as fly-pg-expose's CI role" });
    return statements;
}
/** One transaction: the role is never left half made, and a failure changes nothing. */
async function applyAll(client, name, plan) {
    let current = plan[0];
    try {
        await client.query('begin');
        for (const step of plan) {
            current = step;
            await client.query(step.sql);
        }
        await client.query('commit');
    }
    catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw new CiRoleError(failureMessage(`to prepare the CI role "${name}" (${current.summary})`, error, "Nothing was changed: every change of this run was one transaction, rolled back. Check that the admin may grant on the database's objects (a superuser can), then rerun."));
    }
}
async function inspectRole(client, name) {
    const admin = await client.query('select r.rolname as user, r.rolsuper, r.rolcreaterole from pg_catalog.pg_roles r where r.rolname = current_user');
    const database = await client.query(`select d.datname as name, o.rolname as owner, o.rolsuper,
       array_remove(array[case when o.rolcreaterole then 'CREATEROLE' end, case when o.rolcreatedb then 'CREATEDB' end,
         case when o.rolreplication then 'REPLICATION' end, case when o.rolbypassrls then 'BYPASSRLS' end], null) as attributes
     from pg_catalog.pg_database d join pg_catalog.pg_roles o on o.oid = d.datdba where d.datname = pg_catalog.current_database()`);
    const roles = await client.query(`select r.rolsuper, r.rolcanlogin,
       array_remove(array[case when r.rolcreaterole then 'CREATEROLE' end, case when r.rolcreatedb then 'CREATEDB' end,
         case when r.rolreplication then 'REPLICATION' end, case when r.rolbypassrls then 'BYPASSRLS' end], null) as attributes,
       array(select m.roleid::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m where m.member = r.oid order by 1) as member_of,
       array(select m.member::pg_catalog.regrole::pg_catalog.text from pg_catalog.pg_auth_members m
             where m.roleid = r.oid and m.member <> (select a.oid from pg_catalog.pg_roles a where a.rolname = current_user) order by 1) as members,
       exists(select 1 from pg_catalog.pg_shdepend s where s.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass and s.refobjid = r.oid and s.deptype = 'o')
         or exists(select 1 from pg_catalog.pg_database d where d.datdba = r.oid) as owns_objects,
       pg_catalog.shobj_description(r.oid, 'pg_authid') as comment,
       r.rolvaliduntil::pg_catalog.text as valid_until,
       (select s.setconfig from pg_catalog.pg_db_role_setting s join pg_catalog.pg_database d on d.oid = s.setdatabase
         where s.setrole = r.oid and d.datname = pg_catalog.current_database()) as settings
     from pg_catalog.pg_roles r where r.rolname = $1`, [name]);
    const a = admin.rows[0];
    const d = database.rows[0];
    const r = roles.rows[0];
    // regrole's text output quotes names that need it; the judge compares plain names.
    const plain = (text) => (text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text);
    return {
        adminFacts: { user: a.user, superuser: a.rolsuper, createRole: a.rolcreaterole },
        database: { name: d.name, owner: d.owner, ownerSuperuser: d.rolsuper, ownerAttributes: d.attributes },
        role: r && {
            superuser: r.rolsuper,
            attributes: r.attributes,
            canLogin: r.rolcanlogin,
            memberOf: r.member_of.map(plain),
            members: r.members.map(plain),
            ownsObjects: r.owns_objects,
            comment: r.comment,
            validUntil: r.valid_until,
            roleSetting: r.settings?.find(setting => setting.startsWith('role='))
        }
    };
}
/** What the role holds in this database now, and whose future objects its default privileges must cover. */
async function inspectGrants(client, name) {
    const role = '(select r.oid from pg_catalog.pg_roles r where r.rolname = $1)';
    const database = await client.query(`select a.privilege_type as privilege from pg_catalog.pg_database d, pg_catalog.aclexplode(d.datacl) a
     where d.datname = pg_catalog.current_database() and a.grantee = ${role}`, [name]);
    const schemas = await client.query(`select n.nspname as name, array(select a.privilege_type from pg_catalog.aclexplode(n.nspacl) a where a.grantee = ${role} order by 1) as held
     from pg_catalog.pg_namespace n where ${USER_SCHEMA} and n.nspowner is distinct from ${role} order by 1`, [name]);
    const relations = `select n.nspname, case c.relkind when 'S' then 'sequences' else 'tables' end as kind, c.relacl
     from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where ${USER_SCHEMA} and ${RELATION_KINDS} and c.relowner is distinct from ${role}`;
    const counts = await client.query(`select o.nspname as schema, o.kind, count(*)::int as count from (${relations}) o group by 1, 2 order by 1, 2`, [name]);
    const held = await client.query(`select o.nspname as schema, o.kind, a.privilege_type as privilege, count(*)::int as count
     from (${relations}) o cross join lateral pg_catalog.aclexplode(o.relacl) a where a.grantee = ${role} group by 1, 2, 3`, [name]);
    const owners = await client.query(`select distinct r.rolname as owner from pg_catalog.pg_roles r
     where r.oid in (
         select d.datdba from pg_catalog.pg_database d where d.datname = pg_catalog.current_database()
         union select n.nspowner from pg_catalog.pg_namespace n where ${USER_SCHEMA}
         union select c.relowner from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where ${USER_SCHEMA} and ${RELATION_KINDS})
       and r.rolname !~ '^pg_' and r.oid is distinct from ${role}
     order by 1`, [name]);
    const defaults = await client.query(`select pg_catalog.pg_get_userbyid(d.defaclrole) as owner, n.nspname as schema,
       case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences' when 'n' then 'schemas' end as kind,
       array(select a.privilege_type from pg_catalog.aclexplode(d.defaclacl) a where a.grantee = ${role} order by 1) as held
     from pg_catalog.pg_default_acl d left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
     where d.defaclobjtype in ('r', 'S', 'n')`, [name]);
    return {
        database: database.rows.map(row => row.privilege),
        schemas: schemas.rows,
        objects: counts.rows.map(row => ({
            ...row,
            held: Object.fromEntries(held.rows.filter(h => h.schema === row.schema && h.kind === row.kind).map(h => [h.privilege, h.count]))
        })),
        owners: owners.rows.map(row => row.owner),
        defaults: defaults.rows
            .filter(row => row.held.length > 0)
            .map(row => ({ owner: row.owner, schema: row.schema, kind: row.kind, held: row.held }))
    };
}
/** The CI role's password: derived from the app, the database and the role, keyed by `credentials-key` (else the admin password). */
function ciRolePassword(inputs, role) {
    return derivePassword(inputs.credentialsKey ?? inputs.credentials.password, { cluster: inputs.app, database: inputs.credentials.database, role });
}
/** The stage: mask the role's password and URL, make or update the role, prove its URL works (`verify` logs in as it). */
async function grantCiRole(inputs, spec, verify) {
    const database = inputs.credentials.database;
    const password = ciRolePassword(inputs, spec.name);
    const internal = new URL(inputs.internalUrl.href);
    internal.username = encodeURIComponent(spec.name);
    internal.password = password;
    const url = externalUrl(internal, inputs.host, inputs.port, inputs.sslmode);
    // Masked before the password reaches Postgres or any line of the log.
    for (const secret of [...passwordForms(password), url])
        lib_core/* setSecret */.Pq(secret);
    const result = await ensureCiRole(inputs, spec, password, () => verify({ user: spec.name, password, database }));
    if (result.takenOver)
        lib_core/* info */.pq(`role "${spec.name}" existed without fly-pg-expose's mark but as a plain login role: taken over and marked`);
    for (const change of result.changes)
        lib_core/* info */.pq(`  ${change}`);
    lib_core/* info */.pq(`role "${spec.name}" (${spec.privileges} on "${database}"): ${result.changes.length === 0 ? 'unchanged, nothing written' : result.created ? 'created' : 'updated'}; logged in as "${spec.name}"`);
    return { name: spec.name, privileges: spec.privileges, database, password, url, result };
}

;// CONCATENATED MODULE: ./src/effects/prune.ts
// `mode: prune`: drop the marked previews not used for `preview-max-age` and not named in `preview-keep` (issue 23).
// Reads the cluster like a teardown and never deploys or allocates; only a database carrying the fly-pg-expose mark is
// looked at, and each drop goes through dropPreview (the same lock, checks and session ending as a teardown).









/** `mode: prune`: read the cluster, find the marked previews, drop those due (or, with `dry-run`, only say so). */
async function prune(step, fly, inputs, flyctlVersion) {
    const given = inputs.prune;
    if (!given)
        throw new Error('`mode: prune` needs `preview-max-age`.');
    const rules = { ...given, adminDatabase: inputs.credentials.database, adminUser: inputs.credentials.user };
    const state = await step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
    // The drops go through the public address; without one the TLS check would only wait out verify-timeout.
    if (!hasPublicIp(state)) {
        throw new Error(noPublicIpMessage(inputs.app, 'the prune cannot reach Postgres to look for old previews', `Find them from inside Fly (\`fly pg connect -a ${inputs.app}\`, then SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database; and DROP DATABASE "<name>" WITH (FORCE); DROP ROLE "<name>"; for each)`));
    }
    await step.stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () => verifyTls(inputs));
    const found = await step.stage('Find previews', () => findPreviews(inputs));
    const report = step.trackPrune({ maxAge: rules.maxAge, verdicts: planPrune(found, rules, new Date()), outcomes: {} });
    await step.stage('Plan prune', async () => {
        if (report.verdicts.length === 0)
            lib_core/* info */.pq('no marked preview on the cluster');
        for (const verdict of report.verdicts)
            lib_core/* info */.pq(`"${verdict.name}": ${verdict.drop ? 'drop' : 'keep'} (${verdict.reason})`);
    });
    try {
        if (inputs.dryRun)
            lib_core/* info */.pq('dry-run: nothing was changed.');
        else {
            await step.stage('Prune', () => dropDue(inputs, rules, report));
            if (remainingNames(report).length > 0)
                throw new Error(prunePartwayMessage(report, 'The prune could not drop every preview due'));
        }
    }
    catch (error) {
        prune_setOutputs(report, flyctlVersion);
        if (report_writer_summaryEnabled())
            await report_writer_appendSummary(pruneSummary(inputs.app, report, false, text_errorMessage(error))).catch(() => undefined);
        throw error;
    }
    prune_setOutputs(report, flyctlVersion);
    if (report_writer_summaryEnabled())
        await report_writer_appendSummary(pruneSummary(inputs.app, report, inputs.dryRun));
}
/** Set after a failure too: a later step (`if: always()`) sees what was dropped. */
function prune_setOutputs(report, flyctlVersion) {
    for (const [name, value] of Object.entries(pruneOutputs(report, flyctlVersion)))
        lib_core/* setOutput */.uH(name, value);
}
/**
 * Drops each preview due, one at a time, each under its own lock, taken without waiting: a preview another run is
 * creating or reusing now is left for the next prune. Under the lock the mark is read again, so one used since the
 * list was read stays. A failed drop is recorded and the next preview tried; the caller fails the run after.
 */
async function dropDue(inputs, rules, report) {
    for (const verdict of report.verdicts.filter(v => v.drop)) {
        const { name } = verdict;
        try {
            const result = await dropPreview(inputs, name, { lockWaitSeconds: 0, stillDue: found => stillDue(verdict, found, rules) });
            report.outcomes[name] =
                result.skipped !== undefined
                    ? { kind: 'skipped', reason: result.skipped }
                    : result.droppedDatabase || result.droppedRole
                        ? { kind: 'dropped', terminatedSessions: result.terminatedSessions }
                        : { kind: 'gone' };
            if (result.adopted)
                lib_core/* info */.pq(adoptionNote(name, 'drop'));
        }
        catch (error) {
            report.outcomes[name] =
                error instanceof PreviewLockHeldError
                    ? { kind: 'skipped', reason: 'another run holds its lock (it is creating, reusing or dropping it now): left for the next prune' }
                    : { kind: 'failed', message: text_errorMessage(error) };
        }
        const { result, why } = pruneRow(verdict, report.outcomes[name], false);
        const line = `"${name}": ${result} (${why})`;
        if (result === 'failed')
            lib_core/* warning */.$e(line);
        else
            lib_core/* info */.pq(line);
    }
}
/** Under the preview's lock: a reason to leave it after all (its mark gone or refreshed since the list), else undefined. */
function stillDue(verdict, found, rules) {
    // Gone already (another prune or a teardown): the drop finds nothing to do, which is fine.
    if (found.roleComment === undefined && found.databaseComment === undefined)
        return undefined;
    const again = judgePrune({ name: verdict.name, roleComment: found.roleComment ?? null, databaseComment: found.databaseComment }, rules, new Date());
    if (!again)
        return 'its mark was removed since the list was read: left alone';
    return again.drop ? undefined : `used since the list was read: ${again.reason}`;
}

;// CONCATENATED MODULE: ./src/effects/main-step.ts
// The main step's lifecycle, kept out of the pipeline: a log section per stage, a cancelled job (SIGINT, then SIGTERM),
// one failure report with what had changed, and cleanup. The pipeline (main.ts) hands it the report it builds, so a
// cancel or a failure at any point can say what had changed by then.








/** Starts the lifecycle of one main step: a cancelled job is passed on to flyctl and reported once. */
function startMainStep() {
    let currentStage = 'Read inputs';
    let app = '<app>';
    let report;
    let teardown;
    let pruning;
    let interrupted;
    // One failure message and one summary per run: the first of a failure and a cancel reports, the other waits for it
    // (a failure already being reported stands: a cancel during its wait only cut the wait short).
    let failure;
    const failOnce = (describe) => (failure ??= describe().then(async ({ message, summary }) => {
        lib_core/* setFailed */.C1(message);
        if (summary && report_writer_summaryEnabled())
            await summary(message).catch(() => undefined);
    }));
    const pending = [];
    const cancelNotes = [];
    const cleanups = [];
    const cleanUp = () => {
        for (const cleanup of cleanups.splice(0))
            cleanup();
    };
    // A cancelled job gets SIGINT, then SIGTERM: pass it on to flyctl, stop it outright if it lingers, say what had
    // changed, and leave no temporary file behind. A second signal means no more waiting.
    const onSignal = (signal) => {
        if (interrupted)
            return killAllFlyctl();
        interrupted = signal;
        void stopAllFlyctl(signal)
            .then(() => {
            cleanUp();
            if (pruning) {
                const stopped = pruning;
                return failOnce(async () => ({
                    message: describePruneInterruption(signal, currentStage, stopped),
                    summary: message => report_writer_appendSummary(pruneSummary(app, stopped, false, message))
                }));
            }
            return failOnce(async () => ({
                message: [
                    teardown ? describeTeardownInterruption(signal, currentStage, app, teardown) : describeInterruption(signal, currentStage, app, report),
                    ...cancelNotes
                ].join(' '),
                summary: message => (report ? writeSummary({ ...report, failure: message }) : writeStoppedSummary(app, message))
            }));
        })
            .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // Last resort (an uncaught error, process.exit): no flyctl outlives the action.
    process.once('exit', killAllFlyctl);
    // The post step then reads what this step saved, never what a later step put in the job's env.
    claimState();
    return {
        stage: async (name, work) => {
            const started = performance.now();
            currentStage = name;
            return lib_core/* group */.Os(name, async () => {
                try {
                    return await work();
                }
                finally {
                    lib_core/* info */.pq(`[time] ${name}: ${Math.round(performance.now() - started)} ms`);
                }
            });
        },
        forApp: name => void (app = name),
        track: tracked => (report = tracked),
        trackTeardown: tracked => (teardown = tracked),
        trackPrune: tracked => (pruning = tracked),
        waitBeforeFailure: promise => void pending.push(promise.catch(() => undefined)),
        noteForCancel: note => void cancelNotes.push(note),
        onCleanup: cleanup => void cleanups.push(cleanup),
        fail: async (error) => {
            // A cancelled job: the signal handler says what happened, once.
            if (interrupted)
                return;
            await failOnce(async () => {
                await Promise.all(pending);
                const message = [text_errorMessage(error), ...(report ? undoNotes(report) : [])].join(' ');
                // Once the plan exists, the summary still tells what was found and what had changed before the failure.
                const failed = report;
                return { message, summary: failed ? message => writeSummary({ ...failed, failure: message }) : undefined };
            });
        },
        end: () => {
            if (interrupted)
                return;
            cleanUp();
            process.off('SIGTERM', onSignal);
            process.off('SIGINT', onSignal);
        }
    };
}

;// CONCATENATED MODULE: ./src/effects/tunnel.ts
// The tunnel route: `fly proxy` (or `fly mpg proxy`) detached from the step, with a private FLY_CONFIG_DIR under
// RUNNER_TEMP, proven by a real login; and its cleanup (proxy, agent, this run's WireGuard peer, the directory).








/** openTunnel failed; it has already cleaned up (`cleanupWarnings` says what it could not). */
class TunnelError extends Error {
    saved;
    cleanupWarnings;
    name = 'TunnelError';
    constructor(message, saved, cleanupWarnings) {
        super(cleanupWarnings.length ? `${message} ${cleanupWarnings.join(' ')}` : message);
        this.saved = saved;
        this.cleanupWarnings = cleanupWarnings;
    }
}
/** Bounds of the short calls and the waits; tests shorten them. */
const TUNNEL_DEADLINES = {
    /** `fly agent stop`, `fly wireguard remove`. */
    shortCallMs: 30_000,
    /** After SIGTERM, how long the proxy has to exit before SIGKILL (flyctl needs ~1 s, plus up to 5 s of shutdown). */
    proxyStopMs: 8_000,
    /** One login attempt (connect plus `select version()`). */
    loginAttemptMs: 10_000,
    initialBackoffMs: 500,
    maxBackoffMs: 4_000
};
/** The private FLY_CONFIG_DIR's name under RUNNER_TEMP (the post step trusts no other directory). */
const tunnel_CONFIG_DIR_PREFIX = 'fly-pg-expose-tunnel-';
async function openTunnel(options) {
    if (Boolean(options.app) === Boolean(options.mpgCluster))
        throw new Error('openTunnel: give exactly one of app and mpgCluster');
    const target = options.app ? { kind: 'app', app: options.app } : { kind: 'mpg', cluster: options.mpgCluster ?? '' };
    const deadline = Date.now() + options.timeoutMs;
    // Short name: the agent's unix socket path must stay under ~100 bytes.
    const configDir = external_node_fs_namespaceObject.mkdtempSync(external_node_path_namespaceObject.join(options.runnerTemp, tunnel_CONFIG_DIR_PREFIX));
    external_node_fs_namespaceObject.chmodSync(configDir, 0o700);
    const env = tunnelEnv(options.env ?? process.env, { token: options.token, configDir });
    const saved = { flyctlBin: options.flyctlBin, configDir };
    options.onSaved?.({ ...saved });
    const sslmode = tunnelSslMode(target);
    const shown = `flyctl ${proxyArgs(target, options.localPort ?? 0).join(' ')}`;
    let proxy;
    let lastError = '';
    let starts = 0;
    let logins = 0;
    let delay = TUNNEL_DEADLINES.initialBackoffMs;
    const fail = async (message) => {
        const { warnings } = await tunnel_closeTunnel(saved, { token: options.token, env: options.env });
        throw new TunnelError(message, saved, warnings);
    };
    for (;;) {
        if (!proxy || proxy.exited()) {
            starts += 1;
            lib_core/* info */.pq(`$ ${shown}${starts > 1 ? ` (start ${starts})` : ''}`);
            // Saved as soon as it runs: a job cancelled during the start still has its proxy stopped by the post step.
            const onSpawn = (pid) => {
                saved.proxyPid = pid;
                options.onSaved?.({ ...saved });
            };
            const started = await startProxy(options.flyctlBin, proxyArgs(target, options.localPort ?? 0), env, configDir, starts, deadline, onSpawn);
            if ('pid' in started) {
                proxy = started;
                options.onSaved?.({ ...saved, ...peerOf(configDir) });
            }
            if ('failure' in started) {
                proxy = undefined;
                const kind = started.stalled ? 'tunnel' : classifyProxyFailure(started.failure);
                const text = started.stalled
                    ? `\`${shown}\` printed no ready line by the end of the ${seconds(options.timeoutMs)} budget and was stopped`
                    : `\`${shown}\` exited${started.exitCode === null ? '' : ` (exit ${started.exitCode})`} before it was ready: ${started.failure}`;
                if (kind !== 'tunnel' && kind !== 'other')
                    return fail(`${text}. ${nextStepForProxyFailure(kind, target, options.localPort)}`);
                // A start cut short by the deadline says less than the failure that made us start again: keep that one.
                if (!started.stalled || !lastError)
                    lastError = text;
                lib_core/* info */.pq(`${text}; retrying`);
            }
        }
        if (proxy?.ready) {
            logins += 1;
            try {
                const serverVersion = await login(proxy.ready.port, options.credentials, sslmode, Math.min(TUNNEL_DEADLINES.loginAttemptMs, Math.max(deadline - Date.now(), 1)));
                Object.assign(saved, peerOf(configDir));
                options.onSaved?.({ ...saved });
                lib_core/* info */.pq(`Tunnel ready: ${TUNNEL_HOST}:${proxy.ready.port} reaches ${proxy.ready.remote} (${serverVersion.split(' on ')[0]})`);
                return {
                    url: tunnelUrl(options.credentials, proxy.ready.port, sslmode),
                    host: TUNNEL_HOST,
                    port: proxy.ready.port,
                    sslmode,
                    serverVersion,
                    saved: { ...saved }
                };
            }
            catch (error) {
                const code = error.code;
                lastError = `logging in through the tunnel failed: ${text_errorMessage(error)}`;
                // A wrong password or database will not get better with another try.
                if (code === '28P01' || code === '28000' || code === '3D000') {
                    return fail(`The tunnel is up, but ${lastError}. Check the database credentials (database-url, or username and password).`);
                }
                lib_core/* info */.pq(`${lastError}; retrying`);
            }
        }
        const remaining = deadline - Date.now();
        if (remaining <= delay) {
            const tries = `${starts} start${starts === 1 ? '' : 's'} and ${logins} login${logins === 1 ? '' : 's'} within ${seconds(options.timeoutMs)}`;
            const kind = classifyProxyFailure(lastError);
            return fail(`The tunnel did not become ready (${tries}): ${lastError || 'no answer'}. ${nextStepForProxyFailure(kind === 'other' ? 'tunnel' : kind, target)}`);
        }
        await new Promise(resolve => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, TUNNEL_DEADLINES.maxBackoffMs);
    }
}
/**
 * Stops the proxy, then the agent (its own process group: it outlives the proxy), removes every peer recorded in the
 * private config.yml (all of them this run's), and removes the directory. Never throws; each failure is a warning.
 */
async function tunnel_closeTunnel(saved, options) {
    const warnings = [];
    const removedPeers = [];
    try {
        // Only the process that runs with this tunnel's config dir: a pid from saved state may have been reused since.
        if (saved.proxyPid && isTunnelProcess(saved.proxyPid, saved.configDir) && !(await stopProcessGroup(saved.proxyPid))) {
            warnings.push(`The tunnel's flyctl proxy (pid ${saved.proxyPid}) did not stop; the runner ends it with the job.`);
        }
        if (!external_node_fs_namespaceObject.existsSync(saved.configDir))
            return { warnings, removedPeers };
        if (options.flyctlMissing) {
            warnings.push(`No flyctl to stop the tunnel's agent with (${options.flyctlMissing}); the runner ends it with the job.`);
            for (const peer of readPeers(saved))
                warnings.push(peerRemovalWarning(peer, options.flyctlMissing));
            return { warnings, removedPeers };
        }
        const env = tunnelEnv(options.env ?? process.env, { token: options.token, configDir: saved.configDir });
        const fly = flyctl_createFlyctl(saved.flyctlBin, options.token, saved.configDir, DEADLINES, env);
        const agentFailure = await failureOf(fly, ['agent', 'stop'], saved.configDir);
        if (agentFailure && !/agent not running/.test(agentFailure)) {
            warnings.push(`\`flyctl agent stop\` failed (${agentFailure}); the runner ends the agent with the job.`);
        }
        const peers = readPeers(saved);
        for (const peer of peers) {
            const removalFailure = await failureOf(fly, ['wireguard', 'remove', peer.org, peer.name], saved.configDir);
            if (!removalFailure) {
                removedPeers.push(peer);
                lib_core/* info */.pq(`Removed this run's WireGuard peer "${peer.name}" from organization ${peer.org}.`);
            }
            else {
                warnings.push(peerRemovalWarning(peer, removalFailure));
            }
        }
        if (external_node_path_namespaceObject.basename(saved.configDir).startsWith(tunnel_CONFIG_DIR_PREFIX))
            external_node_fs_namespaceObject.rmSync(saved.configDir, { recursive: true, force: true });
    }
    catch (error) {
        warnings.push(`Cleaning up the tunnel failed: ${text_errorMessage(error)}`);
    }
    return { warnings, removedPeers };
}
/** Starts the proxy detached, its output in a log file (pipes would keep the step alive), and waits for its ready line. */
async function startProxy(bin, args, env, configDir, attempt, deadline, onSpawn) {
    const logPath = external_node_path_namespaceObject.join(configDir, `proxy-${attempt}.log`);
    const fd = external_node_fs_namespaceObject.openSync(logPath, 'a', 0o600);
    // cwd: the private dir, so no fly.toml of the workspace is picked up.
    const child = (0,external_node_child_process_namespaceObject.spawn)(bin, args, { cwd: configDir, env, detached: true, stdio: ['ignore', fd, fd] });
    external_node_fs_namespaceObject.closeSync(fd);
    child.unref();
    let exitCode;
    child.once('exit', (code, signal) => (exitCode = code ?? (signal ? null : 1)));
    const spawnError = new Promise(resolve => child.once('error', resolve));
    let error;
    void spawnError.then(e => (error = e));
    const pid = child.pid;
    if (pid !== undefined)
        onSpawn(pid);
    for (;;) {
        const log = readText(logPath);
        const ready = parseReadyLine(log);
        if (ready && pid !== undefined && exitCode === undefined)
            return { pid, ready, exited: () => exitCode !== undefined };
        if (error)
            return { failure: error.message, exitCode: null, stalled: false };
        if (exitCode !== undefined)
            return { failure: proxyErrorText(log) || 'no output', exitCode, stalled: false };
        if (Date.now() >= deadline) {
            if (pid !== undefined)
                await stopProcessGroup(pid);
            return { failure: proxyErrorText(log), exitCode: null, stalled: true };
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}
/** SIGTERM to the process group, SIGKILL after the grace period. True once it is gone. */
async function stopProcessGroup(pid) {
    if (!alive(pid))
        return true;
    tunnel_signalGroup(pid, 'SIGTERM');
    const until = Date.now() + TUNNEL_DEADLINES.proxyStopMs;
    while (Date.now() < until) {
        if (!alive(pid))
            return true;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    tunnel_signalGroup(pid, 'SIGKILL');
    await new Promise(resolve => setTimeout(resolve, 200));
    return !alive(pid);
}
function tunnel_signalGroup(pid, signal) {
    try {
        process.kill(-pid, signal);
    }
    catch {
        try {
            process.kill(pid, signal);
        }
        catch {
            // gone
        }
    }
}
/** Whether `pid` runs with FLY_CONFIG_DIR=`configDir` (where there is no /proc to tell, it is taken to be). */
function isTunnelProcess(pid, configDir) {
    if (!external_node_fs_namespaceObject.existsSync('/proc/self/environ'))
        return true;
    try {
        return external_node_fs_namespaceObject.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`FLY_CONFIG_DIR=${configDir}`);
    }
    catch {
        return false;
    }
}
/** Running and not a zombie (a zombie of ours is reaped by node once we return to the event loop). */
function alive(pid) {
    try {
        process.kill(pid, 0);
    }
    catch {
        return false;
    }
    try {
        const stat = external_node_fs_namespaceObject.readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    }
    catch {
        return true;
    }
}
// --- readiness ---
async function login(port, credentials, sslmode, timeoutMs) {
    const pg = await loadPg();
    const client = new pg.Client({
        host: TUNNEL_HOST,
        port,
        user: credentials.user,
        password: credentials.password,
        database: credentials.database,
        ssl: sslmode === 'disable' ? false : { rejectUnauthorized: false },
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs
    });
    client.on('error', () => undefined); // a dropped tunnel surfaces as the query's error
    const timer = setTimeout(() => void client.end().catch(() => undefined), timeoutMs + 1000);
    try {
        await client.connect();
        const result = await client.query('select version()');
        return result.rows[0]?.version ?? '';
    }
    finally {
        clearTimeout(timer);
        await client.end().catch(() => undefined);
    }
}
// --- short flyctl calls of the cleanup ---
/** Runs one cleanup call (bounded like every flyctl call): why it failed, as text, or undefined when it did not. */
async function failureOf(fly, args, cwd) {
    try {
        await fly.run(args, { cwd, timeoutMs: TUNNEL_DEADLINES.shortCallMs });
        return undefined;
    }
    catch (error) {
        if (error instanceof FlyctlTimeoutError)
            return `no answer within ${seconds(TUNNEL_DEADLINES.shortCallMs)}`;
        return error instanceof FlyctlError ? error.flyMessage : text_errorMessage(error);
    }
}
// --- config dir ---
function readText(file) {
    try {
        return external_node_fs_namespaceObject.readFileSync(file, 'utf8');
    }
    catch {
        return '';
    }
}
/** This run's peer, once flyctl has written it (org and name for the post step and the log). */
function peerOf(configDir) {
    const [peer] = peersFromConfigYaml(readText(external_node_path_namespaceObject.join(configDir, 'config.yml')));
    return peer ? { org: peer.org, peerName: peer.name } : {};
}
/** The peers config.yml lists, or the one saved when config.yml is gone. */
function readPeers(saved) {
    const peers = peersFromConfigYaml(readText(external_node_path_namespaceObject.join(saved.configDir, 'config.yml')));
    if (peers.length === 0 && saved.org && saved.peerName)
        return [{ key: saved.org, org: saved.org, name: saved.peerName }];
    return peers;
}

;// CONCATENATED MODULE: ./src/pure/tunnel-report.ts
// What a `route: tunnel` run tells the user: the plan in the log, the outputs and the job summary (pure; the route
// in effects/tunnel-route.ts sets and writes them). Never a secret.






/** The tunnel's target in words: `app pg-app` or `Managed Postgres cluster <id>`. */
function targetName(target) {
    return target.kind === 'app' ? `app ${target.app}` : `Managed Postgres cluster ${target.cluster}`;
}
/** What the route changes: nothing public, on Fly only a WireGuard peer the post step removes. */
const NOTHING_PUBLIC = 'nothing on Fly changes for the database: no IP, no service, no deploy, no restart';
/** The plan as log lines. */
function tunnelPlan(target, localPort) {
    const remote = target.kind === 'app'
        ? `${target.app}.internal:5432 (HAProxy on every started member forwards to the primary), sslmode=disable: postgres-flex has no server TLS, the hop is loopback plus WireGuard`
        : "the cluster's direct address, port 5432, sslmode=require (Managed Postgres serves TLS)";
    return [
        `route: tunnel: \`flyctl ${proxyArgs(target, localPort).join(' ')}\` on the runner, detached for the rest of the job (a private FLY_CONFIG_DIR)`,
        `reaches: ${remote}`,
        `listens on: 127.0.0.1:${localPort === 0 ? '<a free port>' : localPort}`,
        NOTHING_PUBLIC,
        "flyctl's agent makes a WireGuard peer for this run; the post step stops the proxy and the agent and removes the peer when the job ends",
        ...describeExposure({ addresses: [], ports: [] })
    ];
}
/** `PostgreSQL 16.11 on x86_64...` -> `16.11`. */
function shortServerVersion(text) {
    return text.match(/^PostgreSQL (\S+)/)?.[1] ?? text;
}
/** The outputs of a tunnel run by name: the URL names the proxy on the runner; nothing public, nothing changed. */
function tunnelOutputs(report) {
    const { opened } = report;
    return {
        ...(opened ? { [OUTPUTS.databaseUrl]: opened.url, [OUTPUTS.jdbcUrl]: jdbcUrl(opened.endpoint) } : {}),
        [OUTPUTS.host]: opened?.endpoint.host ?? '',
        [OUTPUTS.port]: opened ? String(opened.endpoint.port) : '',
        [OUTPUTS.ipv4]: '',
        [OUTPUTS.ipv6]: '',
        [OUTPUTS.image]: '',
        [OUTPUTS.postgresVersion]: opened ? shortServerVersion(opened.serverVersion) : '',
        [OUTPUTS.tlsVersion]: '',
        [OUTPUTS.deployed]: 'false',
        [OUTPUTS.changed]: 'false',
        [OUTPUTS.flyctlVersion]: report.flyctlVersion,
        [OUTPUTS.databaseName]: '',
        [OUTPUTS.username]: '',
        [OUTPUTS.password]: '',
        [OUTPUTS.created]: 'false'
    };
}
/** The job summary of a tunnel run, as HTML. */
function tunnelSummary(report) {
    const { opened, target } = report;
    const name = targetName(target);
    const title = report.failure
        ? `fly-pg-expose: tunnel to ${name} failed`
        : report.dryRun
            ? `fly-pg-expose: dry run of a tunnel to ${name}`
            : `fly-pg-expose: ${name} is reachable through a tunnel at ${opened?.endpoint.host}:${opened?.endpoint.port}`;
    const rows = [
        ['Route', `tunnel: \`flyctl ${proxyArgs(target, opened?.endpoint.port ?? report.localPort).join(' ')}\` on the runner`],
        ['Changed on Fly', NOTHING_PUBLIC],
        [
            'WireGuard peer',
            opened?.peer
                ? `${opened.peer.name} in ${opened.peer.org}: removed by the post step when the job ends`
                : report.dryRun
                    ? 'none made (dry run)'
                    : "this run's peer, if one was made, is removed by the post step when the job ends"
        ],
        [
            'Encryption',
            target.kind === 'app' ? 'WireGuard to Fly; the runner hop is loopback (postgres-flex has no server TLS)' : 'WireGuard to Fly, and TLS to the server'
        ],
        ['Server', opened ? opened.serverVersion : 'not checked'],
        ['flyctl', report.flyctlVersion]
    ];
    return [
        summary_html_heading(title, 2),
        report.failure ? failureParagraph(report.failure) : '',
        resultTable(rows.map(([what, result]) => [what, summary_html_textHtml(result)])),
        opened ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(opened.url))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`) : '',
        paragraph('<strong>What is public</strong>') + summary_html_list(describeExposure({ addresses: [], ports: [] }).map(summary_html_textHtml))
    ].join('');
}

;// CONCATENATED MODULE: ./src/effects/tunnel-route.ts
// `route: tunnel`: the main step opens flyctl's WireGuard proxy on the runner (effects/tunnel.ts), proves it with a
// login, and outputs a URL on 127.0.0.1; nothing public changes. The post step closes it: the proxy, the agent and
// this run's WireGuard peer, whatever became of the main step (the main step saves what that needs as it appears).











/** The main step of `route: tunnel`, after flyctl is installed: plan, open, outputs, summary. */
async function openTunnelRoute(step, flyctl, inputs) {
    // A pinned version was judged with the inputs; this is the one `latest` resolved to.
    const minimum = flyctlMinimum('tunnel');
    if (compareFlyctlVersions(flyctl.version, minimum.since) < 0) {
        throw new Error(`flyctl ${flyctl.version} is too old for \`route: tunnel\`: ${minimum.what} needs flyctl ${minimum.since} or newer. Pin \`flyctl-version\` to ${minimum.since} or later. Nothing was changed.`);
    }
    const target = inputs.mpgCluster ? { kind: 'mpg', cluster: inputs.mpgCluster } : { kind: 'app', app: inputs.app };
    const report = { target, flyctlVersion: flyctl.version, localPort: inputs.localPort, dryRun: inputs.dryRun };
    await step.stage('Plan', async () => {
        for (const line of tunnelPlan(target, inputs.localPort))
            lib_core/* info */.pq(line);
        for (const notice of inputs.notices)
            (notice.level === 'warning' ? lib_core/* warning */.$e : lib_core/* info */.pq)(notice.message);
    });
    if (inputs.dryRun) {
        lib_core/* info */.pq('dry-run: no tunnel was opened, nothing was changed.');
        return publishTunnel(report);
    }
    const runnerTemp = process.env.RUNNER_TEMP;
    if (!runnerTemp)
        throw new Error('RUNNER_TEMP is not set: `route: tunnel` runs on a GitHub Actions runner (its private flyctl config lives there).');
    step.noteForCancel('A tunnel this run started (flyctl proxy, its agent, a WireGuard peer) is closed by the post step when the job ends; nothing public was changed.');
    let tunnel;
    try {
        tunnel = await step.stage(`Open a tunnel to ${targetName(target)}`, () => openTunnel({
            flyctlBin: flyctl.binPath,
            token: inputs.token,
            runnerTemp,
            ...(target.kind === 'app' ? { app: target.app } : { mpgCluster: target.cluster }),
            localPort: inputs.localPort,
            credentials: inputs.credentials,
            timeoutMs: inputs.verifyTimeoutSeconds * 1000,
            // Saved as each part appears (directory, proxy, peer): the post step closes it even after a cancel.
            onSaved: saved => lib_core/* saveState */.LZ(ephemeral_STATE.tunnel, JSON.stringify(saved))
        }));
    }
    catch (error) {
        const message = error instanceof TunnelError && error.cleanupWarnings.length === 0
            ? `${error.message} Nothing on Fly was changed for the database; the tunnel was closed and no WireGuard peer of this run is left.`
            : `${text_errorMessage(error)} Nothing on Fly was changed for the database.`;
        if (report_writer_summaryEnabled())
            await report_writer_appendSummary(tunnelSummary({ ...report, failure: message })).catch(() => undefined);
        throw new Error(message);
    }
    // The password's forms were masked with the inputs; the URL and its JDBC form as a whole too.
    lib_core/* setSecret */.Pq(tunnel.url);
    const endpoint = { host: tunnel.host, port: tunnel.port, sslmode: tunnel.sslmode, ...inputs.credentials };
    lib_core/* setSecret */.Pq(jdbcUrl(endpoint));
    const { org, peerName } = tunnel.saved;
    report.opened = { url: tunnel.url, endpoint, serverVersion: tunnel.serverVersion, ...(org && peerName ? { peer: { org, name: peerName } } : {}) };
    lib_core/* info */.pq(`public: nothing (no public address). ${targetName(target)} is reachable from this job only, at ${tunnel.host}:${tunnel.port}.`);
    exportConnection(inputs.exportEnv, endpoint, tunnel.url);
    await publishTunnel(report);
}
async function publishTunnel(report) {
    for (const [name, value] of Object.entries(tunnelOutputs(report)))
        lib_core/* setOutput */.uH(name, value);
    if (report_writer_summaryEnabled())
        await report_writer_appendSummary(tunnelSummary(report));
}
// ---- the post step
// What flyctl writes into a peer name and an org slug (internal/wireguard/wg.go): they reach flyctl's argv.
const ORG_SLUG = /^[a-z0-9][a-z0-9-]*$/;
const PEER_NAME = /^[A-Za-z0-9-]+$/;
/**
 * The tunnel the main step saved, when it is one this job's main step could have made: its config dir directly under
 * RUNNER_TEMP with our prefix. The saved flyctl path is not trusted: the post step installs the saved version itself.
 */
function parseSavedTunnel(text, runnerTemp) {
    try {
        const saved = JSON.parse(text);
        const { configDir, proxyPid, org, peerName } = saved;
        if (!runnerTemp || typeof configDir !== 'string' || !path.isAbsolute(configDir))
            return undefined;
        if (path.dirname(configDir) !== path.resolve(runnerTemp) || !path.basename(configDir).startsWith(CONFIG_DIR_PREFIX))
            return undefined;
        if (proxyPid !== undefined && !(Number.isInteger(proxyPid) && proxyPid > 1))
            return undefined;
        const peer = typeof org === 'string' && ORG_SLUG.test(org) && typeof peerName === 'string' && PEER_NAME.test(peerName) ? { org, peerName } : {};
        return { configDir, ...(proxyPid ? { proxyPid } : {}), ...peer };
    }
    catch {
        return undefined;
    }
}
/**
 * The post step of a tunnel run: stops the proxy and the agent and removes this run's WireGuard peer. It reads only
 * the token, the saved tunnel and the saved flyctl version. Never fails the job: what it cannot do is a warning with
 * the exact command to finish it.
 */
async function releaseTunnel() {
    const text = core.getState(STATE.tunnel);
    if (!text)
        return;
    const tokens = [core.getInput('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN];
    for (const token of tokens)
        if (token)
            core.setSecret(token);
    const saved = parseSavedTunnel(text, process.env.RUNNER_TEMP);
    if (!saved) {
        return core.warning('fly-pg-expose: the saved tunnel state is not one this job made, so nothing was stopped. Check `fly wireguard list <org>` and remove the peers named interactive-<runner host>-... by hand.');
    }
    const token = tokens.map(value => value?.trim()).find(Boolean) ?? '';
    let flyctlBin = '';
    let flyctlMissing;
    try {
        const version = core.getState(STATE.flyctlVersion);
        if (!EXACT_VERSION.test(version))
            throw new Error(`the main step saved no flyctl version (got "${version}")`);
        flyctlBin = (await installFlyctl(version, flyctlSources(process.env))).binPath;
    }
    catch (error) {
        flyctlMissing = `flyctl could not be installed: ${errorMessage(error)}`;
    }
    const { warnings, removedPeers } = await closeTunnel({ ...saved, flyctlBin }, { token, flyctlMissing });
    for (const warning of warnings)
        core.warning(warning);
    if (warnings.length === 0)
        core.info('fly-pg-expose: the tunnel is closed: no proxy, no agent and no WireGuard peer of this run is left.');
    if (summaryEnabled()) {
        const lines = [
            ...removedPeers.map(peer => `WireGuard peer ${peer.name} in ${peer.org}: removed`),
            ...warnings,
            ...(warnings.length === 0 ? ['The proxy and the agent were stopped.'] : [])
        ];
        await appendSummary(heading('fly-pg-expose: tunnel closed', 3) + list(lines.map(textHtml))).catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/pure/weak-points.ts
/**
 * The least estimated entropy a password needs: guessing it then takes 2^64 tries, out of reach online and costly
 * offline even against a leaked hash. `fly pg create` makes passwords of 15 random letters and digits (flyctl
 * `helpers.RandString(15)`, crypto/rand): about 89 bits, well above.
 */
const MIN_PASSWORD_BITS = 64;
/** How to get a least-privilege role today (one place, so the advice can grow with the action). */
const LEAST_PRIVILEGE_ADVICE = "create a role with only the rights the job needs (`fly pg connect -a <app>`, then `CREATE ROLE app_ci LOGIN PASSWORD ...` and GRANTs), and pass that role's URL instead, or set `role` (with `privileges: read`, `write` or `migrate`) or `preview-database` to have the action make one and hand out its URL";
// A small list of passwords attackers try first (the most common entries of public breach lists).
const COMMON_PASSWORDS = new Set([
    'password',
    'password1',
    'password123',
    'passw0rd',
    '123456',
    '12345678',
    '123456789',
    '1234567890',
    'qwerty',
    'qwerty123',
    'abc123',
    'letmein',
    'welcome',
    'admin',
    'admin123',
    'root',
    'postgres',
    'postgres123',
    'changeme',
    'secret',
    'iloveyou',
    'monkey',
    'dragon',
    'master',
    'trustno1',
    'football',
    'baseball',
    'superman',
    'sunshine',
    'princess',
    'shadow',
    'michael',
    'default',
    'test',
    'test123',
    'guest',
    'database',
    'fly',
    'flyio'
]);
/**
 * About how many bits an attacker must guess (pure): each character is worth the size of the alphabets the password
 * draws from (lowercase, uppercase, digits, ASCII symbols, anything else), except one that continues a run of three
 * (`aaa`, `abc`, `321`), which an attacker guesses in about one bit. Meant for random passwords: a word with a few
 * changes is caught by the common-password check, not here.
 */
function passwordBits(password) {
    const chars = [...password];
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, /[^\x21-\x7e]/];
    const sizes = [26, 26, 10, 32, 100];
    const alphabet = classes.reduce((sum, pattern, i) => sum + (chars.some(char => pattern.test(char)) ? sizes[i] : 0), 0);
    const perChar = Math.log2(Math.max(alphabet, 2));
    const code = (i) => chars[i].codePointAt(0) ?? 0;
    let bits = 0;
    for (let i = 0; i < chars.length; i++) {
        const step = i >= 2 ? code(i) - code(i - 1) : NaN;
        const continuesRun = Math.abs(step) <= 1 && code(i - 1) - code(i - 2) === step;
        bits += continuesRun ? 1 : perChar;
    }
    return bits;
}
/** A common password with the usual decorations: case, leetspeak, and digits or symbols around it (`P@ssw0rd123!`). */
function isCommon(password) {
    const lower = password.toLowerCase();
    const core = lower
        .replace(/^[^a-z@$]+|[^a-z0-9@$]+$/g, '')
        .replace(/\d+$/, '')
        .replace(/[0134@$5!]/g, char => ({ 0: 'o', 1: 'i', 3: 'e', 4: 'a', '@': 'a', $: 's', 5: 's', '!': 'i' })[char] ?? char);
    return COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(core.replace(/i/g, 'l'));
}
/** Why a password is weak, or undefined when it is not (checked before any change: it needs no connection). */
function passwordWeakness(password) {
    if (isCommon(password))
        return 'is a common password, among the first an attacker tries';
    const bits = passwordBits(password);
    if (bits < MIN_PASSWORD_BITS) {
        // The estimate itself stays out of the message: a public log would tell an attacker how short the password is.
        return `is easy to guess (under ${MIN_PASSWORD_BITS} bits estimated: too short, too few kinds of characters, or runs like "aaa" and "123"; 15 random letters and digits, as \`fly pg create\` makes, give about 89)`;
    }
    return undefined;
}
function weakPasswordWarning(user, password) {
    const weakness = passwordWeakness(password);
    return (weakness &&
        `The password of role "${user}" ${weakness}, and the database is now reachable from the internet: use a long random password (e.g. \`openssl rand -base64 32\`).`);
}
/** Why the sslmode written into the URL is weak, or undefined (node-postgres reads prefer as verify-full; libpq does not). */
function sslmodeWarning(sslmode) {
    if (sslmode !== 'prefer')
        return undefined;
    return 'The URL says sslmode=prefer, which lets psql and other libpq clients fall back to an unencrypted connection when TLS fails: whoever sits on the network can force that and read the password. Use `sslmode: require` or `verify-full`.';
}
/**
 * The roles every postgres-flex cluster makes superusers: `postgres` (OPERATOR_PASSWORD, the one `fly pg create`
 * prints) and `flypgadmin` (SU_PASSWORD). A URL of either is known to be a superuser's before any connection.
 */
const FLEX_SUPERUSERS = ['postgres', 'flypgadmin'];
/**
 * Whether the URL the run outputs is the admin's own (the one place that decides it): not when a preview database
 * or a least-privilege `role` is made and handed out instead.
 */
function handsOutAdmin(inputs) {
    return !inputs.previewDatabase && !inputs.ciRole;
}
/** The admin's URL is handed out and its user is one postgres-flex always makes a superuser: known before any change. */
function knownSuperuser(inputs) {
    return handsOutAdmin(inputs) && FLEX_SUPERUSERS.includes(inputs.credentials.user);
}
function superuserWarning(user, known) {
    const what = known ? `a superuser (postgres-flex makes "${user}" one on every cluster)` : 'a superuser';
    return `The URL logs in as "${user}", ${what}, over the internet: whoever gets this URL owns the whole cluster. Prefer a least-privilege role: ${LEAST_PRIVILEGE_ADVICE}.`;
}
/** The weak points the inputs alone show (the password, a known superuser handed out, the sslmode): judged before any change. */
function inputWeakPoints(inputs) {
    const { user, password } = inputs.credentials;
    return [weakPasswordWarning(user, password), knownSuperuser(inputs) ? superuserWarning(user, true) : undefined, sslmodeWarning(inputs.sslmode)].filter((warning) => Boolean(warning));
}
/** Warnings from what the verified connection showed. */
function connectionWarnings(user, facts, tlsVersion) {
    const warnings = [];
    if (facts.superuser)
        warnings.push(superuserWarning(user, false));
    if (facts.authentication === 'md5' || facts.passwordEncryption === 'md5') {
        const what = facts.authentication === 'md5' ? `role "${user}"'s password is stored as md5` : 'the server stores new passwords as md5 (`password_encryption`)';
        warnings.push(`On this server ${what}, a hash weaker than SCRAM-SHA-256: set \`password_encryption = scram-sha-256\` and set the password again (\`\\password ${user}\` in psql).`);
    }
    if (/^TLSv1(\.[01])?$/.test(tlsVersion) || tlsVersion === 'SSLv3') {
        warnings.push(`The connection negotiated ${tlsVersion}, older than TLS 1.2: check the proxy in front of the database.`);
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/main.ts
// The action, one stage a line: inputs -> flyctl -> read -> plan -> allocate -> service -> verify -> URL -> report
// (or, with `route: tunnel`, inputs -> flyctl -> the tunnel route).
// Signals, failure reports and cleanup live in effects/main-step.ts; each stage is one call into the module that owns it.























/** A weak point found with `strict: true`: an error instead of a warning. */
class StrictError extends Error {
    name = 'StrictError';
}
async function run(flyctlSource = { install: install_installFlyctl, create: flyctl_createFlyctl }) {
    const step = startMainStep();
    try {
        const inputs = readInputs(name => lib_core/* getInput */.V4(name), lib_core/* setSecret */.Pq, process.env, { refuseUnknown: true });
        step.forApp(inputs.app || `cluster ${inputs.mpgCluster}`);
        const flyctl = await step.stage('Install flyctl', () => flyctlSource.install(inputs.flyctlVersion, install_flyctlSources(process.env)));
        // The post step uses this exact flyctl (never `latest` again).
        rememberFlyctl(flyctl.version);
        // Nothing public: flyctl's WireGuard proxy on the runner, closed by the post step.
        if (inputs.route === 'tunnel')
            return await openTunnelRoute(step, flyctl, inputs);
        const fly = flyctlSource.create(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP);
        step.onCleanup(fly.cleanup);
        if (inputs.mode === 'teardown')
            return await tearDown(step, fly, inputs, flyctl.version);
        if (inputs.mode === 'prune')
            return await prune(step, fly, inputs, flyctl.version);
        const reading = step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
        // The TLS check needs only the inputs: one quiet attempt starts beside the reads (which are already spawned).
        const early = inputs.dryRun ? undefined : startEarlyCheck(inputs);
        if (early)
            step.onCleanup(early.abandon);
        const state = await reading;
        const plan = planExposure(inputs, state);
        // Its result stands only when nothing on Fly changes; otherwise the check runs again after the change.
        if (!isNoop(plan))
            early?.abandon();
        const members = membersOf(plan, state);
        // Judged before any change: the password, a user postgres-flex always makes a superuser, the sslmode.
        const weakInputs = inputWeakPoints(inputs);
        const report = step.track(newRunReport(inputs, plan, flyctl.version, weakInputs));
        const warnings = [...plan.warnings, ...(inputs.strict ? [] : weakInputs)];
        const preview = inputs.previewDatabase ? { name: inputs.previewDatabase, template: inputs.previewTemplate } : undefined;
        await step.stage('Plan', async () => logPlan(report, members, { notices: inputs.notices, warnings, preview, ciRole: inputs.ciRole }));
        if (weakInputs.length > 0 && inputs.strict)
            throw new StrictError(`\`strict: true\`: ${weakInputs.join(' ')} Nothing was changed.`);
        if (inputs.dryRun) {
            lib_core/* info */.pq('dry-run: nothing was changed.');
            return await publish(report);
        }
        // Prepared (and checked) before any write, so a fly.toml that is unsafe to deploy changes nothing.
        const flyToml = plan.deploy.needed && plan.method === 'deploy' ? await step.stage('Prepare fly.toml', () => prepareFlyToml(fly, inputs, members)) : undefined;
        const ips = await allocatePublicIps(step, fly, inputs, plan, state, report);
        await addPgTlsService(step, fly, inputs, plan, members, flyToml, report);
        // Nothing on Fly changed: the attempt made beside the reads counts (it was the first).
        report.connection = await step.stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () => verifyExposure(inputs, isNoop(plan) ? early : undefined, line => lib_core/* info */.pq(line)));
        lib_core/* info */.pq(`Connected with ${report.connection.tlsVersion} to PostgreSQL ${report.connection.serverVersion}.`);
        await ips.settled(step);
        report.exposure = publicExposure(members, plan, report.ips ?? {}, inputs.port);
        for (const line of describeExposure(report.exposure))
            lib_core/* info */.pq(line);
        judgeConnection(inputs, report);
        await outputUrl(step, inputs, report);
        await publish(report);
    }
    catch (error) {
        await step.fail(error);
    }
    finally {
        step.end();
    }
}
/** The plan's members as the cluster read found them (the plan keeps their restart order, this the read's). */
function membersOf(plan, state) {
    return state.machines.filter(machine => plan.members.some(member => member.id === machine.id));
}
/** What the verified connection shows of the exposure's strength: warnings, or with `strict` the failure. */
function judgeConnection(inputs, report) {
    if (!report.connection)
        return;
    // A preview's or CI role is made least-privilege by the action: the admin being a superuser is then expected. A user
    // known to be a superuser by its name was judged with the inputs already.
    const facts = !handsOutAdmin(inputs) || knownSuperuser(inputs) ? { ...report.connection.facts, superuser: false } : report.connection.facts;
    const weakPoints = connectionWarnings(inputs.credentials.user, facts, report.connection.tlsVersion);
    report.weakPoints = [...(report.weakPoints ?? []), ...weakPoints];
    if (weakPoints.length > 0 && inputs.strict)
        throw new StrictError(`\`strict: true\`: ${weakPoints.join(' ')}`);
    for (const warning of weakPoints)
        lib_core/* warning */.$e(warning);
}
/**
 * The URL the run outputs: the admin's with the public host, the preview's or the CI role's. Its other forms (JDBC,
 * libpq's variables) name the same verified endpoint; every form is masked before it is set or exported.
 */
async function outputUrl(step, inputs, report) {
    const { host, port, sslmode } = inputs;
    report.databaseUrl = externalUrl(inputs.internalUrl, host, port, sslmode);
    report.endpoint = { host, port, sslmode, ...inputs.credentials };
    const previewName = inputs.previewDatabase;
    if (previewName) {
        report.previewStarted = previewName;
        report.preview = await step.stage(`Preview database ${previewName}`, () => openPreview(inputs, previewName, credentials => verifyTls({ ...inputs, credentials })));
        report.databaseUrl = report.preview.url;
        report.endpoint = { host, port, sslmode, user: previewName, database: previewName, password: report.preview.password };
    }
    const role = inputs.ciRole;
    if (role) {
        report.ciRoleStarted = role.name;
        report.ciRole = await step.stage(`Grant CI role ${role.name}`, () => grantCiRole(inputs, role, credentials => verifyTls({ ...inputs, credentials })));
        report.databaseUrl = report.ciRole.url;
        report.endpoint = { host, port, sslmode, user: role.name, database: report.ciRole.database, password: report.ciRole.password };
    }
    // The password's forms were masked with the inputs (or when the preview or role was made); the JDBC URL as a whole too.
    lib_core/* setSecret */.Pq(jdbcUrl(report.endpoint));
    exportConnection(inputs.exportEnv, report.endpoint, report.databaseUrl);
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 2250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 8253:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util/types");

/***/ }),

/***/ 6058:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  fM: () => (/* binding */ addPath),
  Yz: () => (/* binding */ core_debug),
  dN: () => (/* binding */ exportVariable),
  V4: () => (/* binding */ getInput),
  Os: () => (/* binding */ group),
  pq: () => (/* binding */ info),
  _o: () => (/* binding */ isDebug),
  LZ: () => (/* binding */ saveState),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ core_setSecret),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, endGroup, error, getBooleanInput, getIDToken, getMultilineInput, getState, markdownSummary, notice, platform, setCommandEcho, startGroup, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(6982);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js + 2 modules
var lib = __nccwpck_require__(1090);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 2 modules
var lib_exec = __nccwpck_require__(5260);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    command_issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        command_issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${external_path_.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    command_issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    command_issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 5260:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec)
});

// UNUSED EXPORTS: getExecOutput

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
// EXTERNAL MODULE: external "child_process"
var external_child_process_ = __nccwpck_require__(5317);
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(6928);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io.js
var io = __nccwpck_require__(8701);
// EXTERNAL MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util = __nccwpck_require__(90);
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!io_util/* isRooted */.Qh(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield io/* which */.K7(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield io_util/* exists */.t2(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 1090:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Qq: () => (/* binding */ HttpClient)
});

// UNUSED EXPORTS: Headers, HttpClientError, HttpClientResponse, HttpCodes, MediaTypes, getProxyUrl, isHttps

// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(8611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(5692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
;// CONCATENATED MODULE: ./src/bundle-shims/undici.ts
// Stand-in for undici in the bundle only (tsconfig.json `paths`; tests and type checks of our code do not use it).
// @actions/http-client imports undici for one method, getAgentDispatcher (a fetch dispatcher behind a proxy), which
// neither @actions/core nor @actions/tool-cache calls: their requests go through node's http and http-client's own
// proxy tunnel. The real undici is 900 KB of the bundle and was loaded at every start. Whatever constructs it fails
// loudly instead of quietly ignoring a proxy.
class ProxyAgent {
    constructor() {
        throw new Error('fly-pg-expose does not bundle undici: ProxyAgent is not available (see src/bundle-shims/undici.ts).');
    }
}

;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 90:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ lstat),
/* harmony export */   Ck: () => (/* binding */ mkdir),
/* harmony export */   Cy: () => (/* binding */ readdir),
/* harmony export */   H8: () => (/* binding */ IS_WINDOWS),
/* harmony export */   Qh: () => (/* binding */ isRooted),
/* harmony export */   YN: () => (/* binding */ symlink),
/* harmony export */   dJ: () => (/* binding */ stat),
/* harmony export */   h_: () => (/* binding */ readlink),
/* harmony export */   k6: () => (/* binding */ chmod),
/* harmony export */   m3: () => (/* binding */ copyFile),
/* harmony export */   rm: () => (/* binding */ rm),
/* harmony export */   t2: () => (/* binding */ exists),
/* harmony export */   vr: () => (/* binding */ tryGetExecutablePath),
/* harmony export */   y1: () => (/* binding */ unlink)
/* harmony export */ });
/* unused harmony exports open, rename, rmdir, UV_FS_O_EXLOCK, READONLY, isDirectory, getCmdPath */
/* harmony import */ var fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9896);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs__WEBPACK_IMPORTED_MODULE_0__.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs__WEBPACK_IMPORTED_MODULE_0__.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = path__WEBPACK_IMPORTED_MODULE_1__.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path__WEBPACK_IMPORTED_MODULE_1__.dirname(filePath);
                        const upperName = path__WEBPACK_IMPORTED_MODULE_1__.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path__WEBPACK_IMPORTED_MODULE_1__.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map

/***/ }),

/***/ 8701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ which),
/* harmony export */   U$: () => (/* binding */ mkdirP),
/* harmony export */   Yz: () => (/* binding */ rmRF),
/* harmony export */   cp: () => (/* binding */ cp)
/* harmony export */ });
/* unused harmony exports mv, findInPath */
/* harmony import */ var assert__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2613);
/* harmony import */ var path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6928);
/* harmony import */ var _io_util_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(90);
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(dest)) ? yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path__WEBPACK_IMPORTED_MODULE_1__.join(dest, path__WEBPACK_IMPORTED_MODULE_1__.basename(source))
            : dest;
        if (!(yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path__WEBPACK_IMPORTED_MODULE_1__.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return __awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter(this, void 0, void 0, function* () {
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        (0,assert__WEBPACK_IMPORTED_MODULE_0__.ok)(fsPath, 'a path argument must be provided');
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .mkdir */ .Ck(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .isRooted */ .Qh(tool)) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path__WEBPACK_IMPORTED_MODULE_1__.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .tryGetExecutablePath */ .vr(path__WEBPACK_IMPORTED_MODULE_1__.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return __awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .readdir */ .Cy(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .chmod */ .k6(destDir, (yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .stat */ .dJ(sourceDir)).mode);
    });
}
// Buffered file copy
function copyFile(srcFile, destFile, force) {
    return __awaiter(this, void 0, void 0, function* () {
        if ((yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .lstat */ .$1(destFile);
                yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .unlink */ .y1(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .chmod */ .k6(destFile, '0666');
                    yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .unlink */ .y1(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .readlink */ .h_(srcFile);
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .symlink */ .YN(symlinkFull, destFile, _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .IS_WINDOWS */ .H8 ? 'junction' : null);
        }
        else if (!(yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .exists */ .t2(destFile)) || force) {
            yield _io_util_js__WEBPACK_IMPORTED_MODULE_2__/* .copyFile */ .m3(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
