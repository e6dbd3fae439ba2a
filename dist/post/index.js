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

/***/ 489:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   TJ: () => (/* binding */ releaseEphemeralIps),
/* harmony export */   XO: () => (/* binding */ EXACT_VERSION),
/* harmony export */   c4: () => (/* binding */ STATE)
/* harmony export */ });
/* unused harmony exports claimState, rememberFlyctl, addressesToRelease, rememberForRelease */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6058);
/* harmony import */ var _install_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6709);
/* harmony import */ var _flyctl_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2420);
/* harmony import */ var _pure_text_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(8339);
/* harmony import */ var _report_writer_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(534);
/* harmony import */ var _pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4906);
// `ephemeral: true`: the public IPs this run allocated are released by the post step when the job ends, whether it
// passed, failed or was cancelled. The main step records them (core.saveState) as soon as each exists.







/** The saved state's names (the runner hands them to the post step as STATE_<name>). */
const STATE = { ephemeral: 'ephemeral', flyctlVersion: 'flyctlVersion', tunnel: 'tunnel' };
// An exact version, as the inputs accept it (no `latest`): it names a directory of the tool cache.
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/**
 * Saves every name the post step reads, empty, as the main step starts: the runner then hands the post step these
 * values, never a STATE_* variable a later step put in the job's environment (GITHUB_ENV). Saved state wins there.
 */
function claimState() {
    for (const name of Object.values(STATE))
        core.saveState(name, '');
}
/**
 * The main step's flyctl, for the post step: it releases with that exact binary from the tool cache, so it neither
 * asks the releases endpoint again nor depends on any input but the token.
 */
function rememberFlyctl(version) {
    core.saveState(STATE.flyctlVersion, version);
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
    core.saveState(STATE.ephemeral, JSON.stringify({ app, addresses }));
}
/**
 * The post step: release what the main step recorded. Never fails the job; says what to release by hand.
 * It reads only the token, `ephemeral` and `app`: an input that changed meaning since the main step (a removed
 * `config` file) cannot stop the release. The state is trusted only as far as the inputs allow: a later step can add
 * STATE_* variables through GITHUB_ENV, so nothing is released unless `ephemeral` is true, and only on `app`.
 */
async function releaseEphemeralIps() {
    // Masked before anything can print them.
    const tokens = [_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .getInput */ .V4('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN];
    for (const token of tokens)
        if (token)
            _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .setSecret */ .Pq(token);
    if (_actions_core__WEBPACK_IMPORTED_MODULE_1__/* .getInput */ .V4('ephemeral').trim().toLowerCase() !== 'true') {
        return _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq('fly-pg-expose: not an ephemeral run (`ephemeral` is not true): nothing to release.');
    }
    const saved = _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .getState */ .Gu(STATE.ephemeral);
    if (!saved)
        return _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq('fly-pg-expose: nothing to release (the main step allocated no address, or did not run).');
    const app = _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .getInput */ .V4('app').trim();
    const recorded = parseState(saved);
    if (!recorded || recorded.app !== app) {
        return _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`fly-pg-expose: the saved state does not name this step's app "${app}" with a list of addresses, so nothing was released. Check \`fly ips list -a ${app}\` and release by hand what this job allocated.`);
    }
    const { addresses } = recorded;
    if (addresses.length === 0)
        return _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`fly-pg-expose: this run allocated no public address on ${app}: nothing to release.`);
    const byHand = (address) => `\`fly ips release ${address} -a ${app}\``;
    const released = [];
    const gone = [];
    const failed = [];
    let cleanup = () => undefined;
    try {
        const token = tokens.map(value => value?.trim()).find(Boolean);
        if (!token)
            throw new Error('no Fly token: the `fly-api-token` input and FLY_API_TOKEN/FLY_ACCESS_TOKEN are empty');
        const version = _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .getState */ .Gu(STATE.flyctlVersion);
        if (!EXACT_VERSION.test(version))
            throw new Error(`the main step saved no flyctl version (got "${version}")`);
        const flyctl = await (0,_install_js__WEBPACK_IMPORTED_MODULE_2__/* .installFlyctl */ .Ew)(version, (0,_install_js__WEBPACK_IMPORTED_MODULE_2__/* .flyctlSources */ .tJ)(process.env));
        const fly = (0,_flyctl_js__WEBPACK_IMPORTED_MODULE_3__/* .createFlyctl */ .pV)(flyctl.binPath, token, process.env.RUNNER_TEMP);
        cleanup = fly.cleanup;
        for (const address of addresses) {
            try {
                await fly.run(['ips', 'release', address, '-a', app]);
                released.push(address);
            }
            catch (error) {
                // Released already, e.g. by a later `mode: teardown` step with `release-ips`: what this step wanted.
                if (/Could not find IP address/i.test((0,_pure_text_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error))) {
                    gone.push(address);
                    _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`${address} was released already (by another step or run).`);
                    continue;
                }
                failed.push(address);
                _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`Could not release ${address} from ${app} (${(0,_pure_text_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error)}): release it by hand with ${byHand(address)}.`);
            }
        }
    }
    catch (error) {
        const done = [...released, ...gone, ...failed];
        for (const address of addresses.filter(a => !done.includes(a)))
            failed.push(address);
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`Could not release this run's addresses (${(0,_pure_text_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error)}): release them by hand with ${failed.map(byHand).join(', ')}.`);
    }
    finally {
        cleanup();
    }
    if (released.length > 0)
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`Released ${released.join(', ')} from ${app}: the database is no longer public on them.`);
    if (process.env.GITHUB_STEP_SUMMARY) {
        const lines = [
            ...released.map(address => `${address}: released`),
            ...gone.map(address => `${address}: released already`),
            ...failed.map(address => `${address}: NOT released, run ${byHand(address)}`),
            'A pg_tls service this run added stays on the machines (removing it would restart them again).'
        ];
        await (0,_report_writer_js__WEBPACK_IMPORTED_MODULE_4__/* .appendSummary */ .fe)((0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .heading */ .R_)(`fly-pg-expose: ephemeral addresses of ${app}`, 3) + (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .list */ .p_)(lines.map(_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .textHtml */ .Zr)));
    }
}
/** The recorded state, or undefined when it is not what the main step writes (only IP addresses reach flyctl's argv). */
function parseState(saved) {
    try {
        const { app, addresses } = JSON.parse(saved);
        const valid = typeof app === 'string' && Array.isArray(addresses) && addresses.every(address => typeof address === 'string' && (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(address) !== 0);
        return valid ? { app, addresses } : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 2420:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  YE: () => (/* binding */ DEADLINES),
  v2: () => (/* binding */ FlyctlError),
  Wq: () => (/* binding */ FlyctlTimeoutError),
  pV: () => (/* binding */ createFlyctl)
});

// UNUSED EXPORTS: FlyctlInterruptedError, READ_RETRY, flyErrorMessage, flyctlEnv, isTransientFlyError, killAllFlyctl, nextStepFor, runningFlyctl, stopAllFlyctl

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __nccwpck_require__(6058);
// EXTERNAL MODULE: ./src/pure/child-env.ts
var child_env = __nccwpck_require__(1346);
// EXTERNAL MODULE: ./src/pure/text.ts
var pure_text = __nccwpck_require__(8339);
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
        super([(0,pure_text/* asSentence */.KG)(`\`flyctl ${command}\` failed (exit ${exitCode}): ${flyMessage}`), nextStep].filter(Boolean).join(' '));
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
        super(command, -1, `no answer within ${(0,pure_text/* seconds */.YA)(waitedMs)}`, '');
        this.waitedMs = waitedMs;
        this.mayHaveChanged = mayHaveChanged;
        this.message = `\`flyctl ${command}\` did not finish within ${(0,pure_text/* seconds */.YA)(waitedMs)} and was stopped. ${(0,pure_text/* asSentence */.KG)(mayHaveChanged)}`;
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
    return { ...(0,child_env/* childEnv */.g)(base), FLY_ACCESS_TOKEN: token, CI: 'true', NO_COLOR: '1' };
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
function createFlyctl(binPath, token, tempRoot = external_node_os_.tmpdir(), deadlines = DEADLINES, env = flyctlEnv(process.env, token)) {
    const workDirs = [];
    const makeWorkDir = (prefix) => {
        const dir = external_node_fs_.mkdtempSync(external_node_path_.join(tempRoot, `fly-pg-expose-${prefix}-`));
        workDirs.push(dir);
        return dir;
    };
    let defaultCwd;
    async function run(args, options = {}) {
        const cwd = options.cwd ?? (defaultCwd ??= makeWorkDir('run'));
        const shown = args.join(' ');
        if (stopping)
            throw new FlyctlInterruptedError(shown, stopping);
        core/* info */.pq(`$ flyctl ${shown}`);
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
                core/* info */.pq(`flyctl ${args.join(' ')}: attempt ${attempt} failed (${(0,pure_text/* errorMessage */.gJ)(error)}); retrying in ${delay} ms`);
            }
        });
        const { value } = await read.catch((error) => {
            // Retried to the end: nothing to fix on the user's side, so call it an outage and name the next step.
            if (!(error instanceof FlyctlError) || !isTransientFlyError(error))
                throw error;
            if (error instanceof FlyctlTimeoutError) {
                throw new FlyctlTimeoutError(error.command, error.waitedMs, `${(0,pure_text/* asSentence */.KG)(error.mayHaveChanged)} Check https://status.flyio.net and the runner's network, then rerun the job`);
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
            external_node_fs_.rmSync(dir, { recursive: true, force: true });
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
        const child = (0,external_node_child_process_.spawn)(binPath, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
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
    return (0,pure_text/* withoutGraphqlQuery */.Om)(message || 'no error message');
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


/***/ }),

/***/ 6709:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  tJ: () => (/* binding */ flyctlSources),
  Ew: () => (/* binding */ installFlyctl)
});

// UNUSED EXPORTS: InstallError, TOOL_NAME, assetPlatform, releaseAssetUrl, versionFromAssetUrl

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __nccwpck_require__(6058);
// EXTERNAL MODULE: ./src/pure/child-env.ts
var child_env = __nccwpck_require__(1346);
// EXTERNAL MODULE: ./src/pure/text.ts
var pure_text = __nccwpck_require__(8339);
;// CONCATENATED MODULE: ./src/effects/install.ts
// Installs flyctl through the runner's tool cache, keyed as superfly/flyctl-actions (setup-flyctl) keys it.








const TOOL_NAME = 'flyctl';
const RELEASES_API = 'https://api.fly.io/app/flyctl_releases';
const DOWNLOAD_BASE = 'https://github.com/superfly/flyctl/releases/download';
class InstallError extends Error {
    name = 'InstallError';
}
function flyctlSources(env) {
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
async function installFlyctl(requested, sources) {
    const target = assetPlatform(process.platform, external_node_os_.arch());
    // A pinned version never asks the releases endpoint: the cache, then GitHub's release asset.
    const { version, url } = requested === 'latest'
        ? await resolveLatest(sources.releasesApi, target)
        : { version: requested, url: releaseAssetUrl(sources.downloadBase, requested, target) };
    let dir = findCached(version, target.cpu);
    const cacheHit = dir !== '';
    if (cacheHit) {
        core/* info */.pq(`flyctl ${version} found in the tool cache: ${dir}`);
    }
    else {
        dir = await downloadToCache(url, version, target.cpu);
    }
    linkFly(dir);
    core/* addPath */.fM(dir);
    return { version, binPath: external_node_path_.join(dir, TOOL_NAME), cacheHit };
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
    for (const arch of new Set([cpu, external_node_os_.arch()])) {
        const dir = external_node_path_.join(cache, TOOL_NAME, version, arch);
        if (external_node_fs_.existsSync(dir) && external_node_fs_.existsSync(`${dir}.complete`))
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
        throw new InstallError(`Could not resolve the latest flyctl from ${endpoint} (${(0,pure_text/* errorMessage */.gJ)(error)}). Pin a version with the \`flyctl-version\` input (e.g. 0.4.87): pinned versions download straight from GitHub.`);
    }
    const version = versionFromAssetUrl(body);
    if (!version) {
        throw new InstallError(`Fly's releases endpoint answered with no usable download URL. Pin \`flyctl-version\` instead of \`latest\`.`);
    }
    return { version, url: body };
}
async function downloadToCache(url, version, cpu) {
    const tc = await __nccwpck_require__.e(/* import() */ 805).then(__nccwpck_require__.bind(__nccwpck_require__, 9805));
    core/* info */.pq(`Downloading flyctl ${version} from ${url}`);
    let archive;
    try {
        archive = await tc.downloadTool(url);
    }
    catch (error) {
        throw new InstallError(`Could not download flyctl ${version} from ${url}: ${(0,pure_text/* errorMessage */.gJ)(error)}. Check that the version exists on https://github.com/superfly/flyctl/releases.`);
    }
    const extracted = external_node_fs_.mkdtempSync(external_node_path_.join(process.env.RUNNER_TEMP || external_node_os_.tmpdir(), 'flyctl-'));
    try {
        try {
            await extractTar(archive, extracted);
        }
        catch (error) {
            throw new InstallError(`The flyctl ${version} download is not a valid tarball (${(0,pure_text/* errorMessage */.gJ)(error)}). Nothing was cached; rerun the job.`);
        }
        finally {
            external_node_fs_.rmSync(archive, { force: true });
        }
        if (!external_node_fs_.existsSync(external_node_path_.join(extracted, TOOL_NAME))) {
            throw new InstallError(`The flyctl ${version} tarball has no \`flyctl\` binary. Nothing was cached; pin another version.`);
        }
        // Only a complete, checked directory enters the cache, so a broken download never poisons later runs.
        return await tc.cacheDir(extracted, TOOL_NAME, version, cpu);
    }
    finally {
        external_node_fs_.rmSync(extracted, { recursive: true, force: true });
    }
}
/**
 * `tar -xzf`, with the allow-listed environment every child gets (childEnv): tool-cache's extractTar would start tar
 * with all of ours, inputs and runner tokens included, and takes no environment. GNU and BSD tar read these flags alike.
 */
async function extractTar(archive, dest) {
    try {
        await (0,external_node_util_namespaceObject.promisify)(external_node_child_process_.execFile)('tar', ['-xzf', archive, '-C', dest], { env: (0,child_env/* childEnv */.g)(process.env) });
    }
    catch (error) {
        const { code, stderr } = error;
        const said = stderr?.trim().split('\n')[0];
        throw new Error(`tar failed (exit ${code ?? 'unknown'})${said ? `: ${said}` : ''}`, { cause: error });
    }
}
/** Release tarballs hold only `flyctl`; users and docs say `fly`, so put a link beside it. */
function linkFly(dir) {
    const link = external_node_path_.join(dir, 'fly');
    if (external_node_fs_.existsSync(link))
        return;
    try {
        external_node_fs_.symlinkSync(TOOL_NAME, link);
    }
    catch (error) {
        core/* debug */.Yz(`Could not add the fly link: ${(0,pure_text/* errorMessage */.gJ)(error)}`);
    }
}


/***/ }),

/***/ 534:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  fe: () => (/* binding */ appendSummary),
  cj: () => (/* binding */ report_writer_summaryEnabled)
});

// UNUSED EXPORTS: exportConnection, logPlan, publish, setOutputs, setTeardownOutputs, writeStoppedSummary, writeSummary, writeTeardownSummary

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var lib_core = __nccwpck_require__(6058);
// EXTERNAL MODULE: ./src/pure/outputs.ts
var outputs = __nccwpck_require__(5248);
// EXTERNAL MODULE: ./src/pure/summary-html.ts
var summary_html = __nccwpck_require__(4906);
;// CONCATENATED MODULE: ./src/pure/report.ts
// What the user sees: the plan in the log, the outputs, and the job summary, as plain values (report-writer.ts sets
// and writes them). Never a secret.







/** The plan as log lines, one change per line. */
function report_describePlan(plan, port) {
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
function report_runOutputs(report) {
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
function report_runSummary(report) {
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
        heading(title, 2),
        report.failure ? failureParagraph(report.failure) : '',
        resultTable(rows.map(([what, result]) => [what, textHtml(result)])),
        report.configChanges.length > 0 ? list(report.configChanges.map(textHtml)) : '',
        report.databaseUrl
            ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(report.databaseUrl))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`)
            : '',
        ...plan.warnings.map(warning => paragraph(`⚠️ ${textHtml(warning)}`)),
        report.exposure ? paragraph('<strong>What is public</strong>') + list(describeExposure(report.exposure).map(textHtml)) : '',
        ...(report.weakPoints ?? []).map(weakPoint => paragraph(`⚠️ ${textHtml(weakPoint)}`)),
        report.ephemeral ? paragraph(`⏳ ${textHtml(ephemeralNote(report.ephemeral))}`) : ''
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
function report_stoppedSummary(app, message) {
    return heading(`fly-pg-expose: stopped for ${app}`, 2) + failureParagraph(message);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./src/pure/flyctl-minimum.ts
var flyctl_minimum = __nccwpck_require__(7587);
;// CONCATENATED MODULE: ./src/effects/withheld-secrets.ts
// Why a run may have no Fly token at all: GitHub gives no secrets to a workflow run for a pull request from a fork,
// and only Dependabot secrets to a run Dependabot started (GitHub Docs, "Using secrets in GitHub Actions" and
// "Automating Dependabot with GitHub Actions"). The "No Fly token" error says so on those runs.

// The events that run in the base repository with the fork's code, and so get no secrets (pull_request_target does).
const PULL_REQUEST_EVENTS = (/* unused pure expression or super */ null && (['pull_request', 'pull_request_review', 'pull_request_review_comment']));
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
function withheld_secrets_noTokenMessage(env) {
    const message = 'No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).';
    const hint = withheldSecretsHint(env.GITHUB_EVENT_NAME, env.GITHUB_ACTOR, readEvent(env.GITHUB_EVENT_PATH));
    return hint ? `${message} ${hint}` : message;
}
function readEvent(file) {
    if (!file)
        return undefined;
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    catch {
        // No payload to read (a local run, a runner that wrote none): no hint, the plain message.
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/pure/tunnel.ts
var tunnel = __nccwpck_require__(5698);
;// CONCATENATED MODULE: ./src/pure/ci-role.ts
// A least-privilege login role for CI on the URL's database (`role` + `privileges`): the name and TTL checks made
// when the inputs are read, the verdict on the cluster as it is (refusals before any change), and the plan of
// statements that brings the role to its level, containing only what is missing (or beyond the level).
// Decided here; src/effects/ci-role.ts reads the facts and runs the plan.
const ci_role_PRIVILEGE_LEVELS = (/* unused pure expression or super */ null && (['read', 'write', 'migrate']));
/** Postgres cuts longer names to this many bytes (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;
// Names a CI role must never take: the cluster's own roles (postgres-flex's repmgr and flypgadmin) and PUBLIC.
const RESERVED_ROLES = (/* unused pure expression or super */ null && (['postgres', 'repmgr', 'flypgadmin', 'public', 'none', 'current_user', 'session_user', 'current_role']));
const ROLE_NAME = /^[a-z_][a-z0-9_-]*$/;
/** Why `name` cannot be the CI role (undefined: it can), judged from the inputs alone. */
function ci_role_roleNameProblem(name, adminUser) {
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
const MIN_TTL_S = (/* unused pure expression or super */ null && (5 * 60));
const MAX_TTL_S = (/* unused pure expression or super */ null && (366 * 86_400));
/** `90m`, `6h`, `30d` in seconds; a message (string) when it is none of these. */
function ci_role_parseLoginTtl(raw) {
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

;// CONCATENATED MODULE: ./src/pure/prune.ts
// `mode: prune` decides here: how old is too old (`preview-max-age`), which previews the workflow keeps
// (`preview-keep`), and, for each marked preview found, whether it is dropped and why. Runs nothing.



const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `preview-max-age`: a whole number and a unit (`90m`, `12h`, `14d`), in ms; `0d` (any unit) means every marked preview. */
function prune_parseMaxAge(raw) {
    const match = raw.match(/^(\d{1,5})([mhd])$/);
    if (!match) {
        return {
            problem: `Input \`preview-max-age\` must be a whole number of minutes, hours or days, like 90m, 12h or 14d (\`0d\`: every marked preview), not "${raw}".`
        };
    }
    return Number(match[1]) * UNIT_MS[match[2]];
}
/** `preview-keep`: names separated by commas or new lines (blank entries ignored), each once. */
function prune_parseKeepList(raw) {
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
    const rule = paragraph(textHtml(`Marked previews last used more than \`${report.maxAge}\` ago are dropped, unless named in \`preview-keep\`; a database without the fly-pg-expose mark is never touched.${dryRun ? ' Dry run: nothing was changed.' : ''}`));
    const rows = report.verdicts.map(verdict => {
        const { result, why } = pruneRow(verdict, report.outcomes[verdict.name], dryRun);
        return [textHtml(verdict.name), textHtml(verdict.lastUsed ?? 'unknown'), textHtml(result), textHtml(why)];
    });
    return (heading(title, 2) +
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
class InputError extends (/* unused pure expression or super */ null && (Error)) {
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
const inputs_LIBPQ_ENV = 'libpq';
const EXPORT_ENV_RESERVED = /^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|FLY_)/i;
function readExportEnv(raw) {
    const name = raw.trim();
    if (!name)
        return undefined;
    // Not a name: libpq's own variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE), which every
    // libpq tool reads, so `psql` and `pg_dump` need no arguments.
    if (name === inputs_LIBPQ_ENV)
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
    const ipv6 = net.isIPv6(bare) && !bare.includes('%');
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
const RESERVED_NAMES = (/* unused pure expression or super */ null && (['postgres', 'template0', 'template1', 'repmgr', 'flypgadmin', 'public']));
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
const REFUSED_ON_TUNNEL = (/* unused pure expression or super */ null && ([
    ['host', '', 'the tunnel URL names the proxy on the runner, 127.0.0.1'],
    ['port', '5432', 'use `local-port` for the runner port the tunnel listens on'],
    ['sslmode', '', 'the tunnel chooses it (disable for postgres-flex, which has no server TLS; require for Managed Postgres)'],
    ['mode', 'expose', 'a teardown runs on the public route'],
    ['release-ips', 'false', 'the tunnel allocates no IP'],
    ['preview-database', '', 'preview databases are made on the public route'],
    ['preview-template', '', 'preview databases are made on the public route']
]));
/** Settings of the public route's changes (none of which the tunnel makes): ignored, and the log says so. */
const IGNORED_ON_TUNNEL = (/* unused pure expression or super */ null && ([
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
]));
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
    const root = path.resolve(workspace);
    const resolved = path.resolve(root, value);
    if (!isInside(root, resolved)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}".`);
    }
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
        throw new InputError(`Input \`config\` names "${value}", but there is no such file in the workspace.`);
    }
    // A link inside the workspace may lead out of it: judge where it really points.
    const real = fs.realpathSync(resolved);
    if (!isInside(fs.realpathSync(root), real)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}": it links to ${real}.`);
    }
    return resolved;
}
function isInside(root, file) {
    return file === root || file.startsWith(root + path.sep);
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
function credentials_scramVerifier(password, salt = crypto.randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS) {
    if (!/^[\x20-\x7e]+$/.test(password))
        throw new Error('scramVerifier: only passwords of printable ASCII characters are supported');
    const salted = crypto.pbkdf2Sync(password, salt, iterations, 32, 'sha256');
    const hmac = (key, text) => crypto.createHmac('sha256', key).update(text).digest();
    const storedKey = crypto.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
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
        const bytes = crypto.createHmac('sha256', key).update(`${label}\0${block}`).digest();
        for (const byte of bytes) {
            // 248 = 4 * 62: bytes at or above it would favour the first characters.
            if (byte < 248 && password.length < DERIVED_LENGTH)
                password += ALPHABET[byte % ALPHABET.length];
        }
    }
    return password;
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
const admin_session_codeOf = (error) => String(error?.code ?? '');
const admin_session_lockWaitSeconds = (admin) => admin.verifyTimeoutSeconds ?? DEFAULT_LOCK_WAIT_S;
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
        options: `-c search_path=${ADMIN_SEARCH_PATH} -c statement_timeout=${STATEMENT_MS} -c lock_timeout=${admin_session_lockWaitSeconds(admin) * 1000}`,
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
        throw Object.assign(makeError(`Could not connect to ${admin.host}:${admin.port} as "${credentials.user}" to ${purpose}: ${errorMessage(error)}.`), {
            code: admin_session_codeOf(error)
        });
    }
    return client;
}
/** Runs `work` in an admin session to `database` (the admin's own by default), closed within a bound after. */
async function admin_session_withAdminSession(admin, purpose, makeError, work, database = admin.credentials.database) {
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
async function admin_session_canLogIn(admin, user, password, database) {
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
async function admin_session_takeAdvisoryLock(client, key, seconds, held) {
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
function admin_session_failureMessage(what, error, undo) {
    const code = admin_session_codeOf(error);
    return `Failed ${what}: ${errorMessage(error)}${code ? ` (SQLSTATE ${code})` : ''}.${undo ? ` ${undo}` : ''}`;
}

;// CONCATENATED MODULE: ./src/effects/preview-sql.ts




class PreviewError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'PreviewError';
}
/** Another run holds the preview's lock (creating, reusing or dropping it). */
class PreviewLockHeldError extends (/* unused pure expression or super */ null && (PreviewError)) {
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
            throw new PreviewError(`Template database "${template}" is in use: Postgres copies a template only while nobody else is connected to it (${errorMessage(error)}). Close the sessions on "${template}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. ${roleDone}`);
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
async function preview_sql_dropPreview(admin, name, options = {}) {
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
                throw new PreviewError(`${dropped}role "${name}" still owns objects or holds privileges in other databases (${errorMessage(error)}). In each of them run \`REASSIGN OWNED BY "${name}" TO postgres; DROP OWNED BY "${name}";\`, then rerun the teardown.`);
            }
            throw failure(`dropping role "${name}"`, error, dropped ? `${dropped}rerun the teardown to drop the role.` : undefined);
        }
        return { droppedDatabase: databaseExists, droppedRole: roleExists, terminatedSessions: terminated.rowCount ?? 0, adopted };
    });
}
/** The preview databases on the cluster: those carrying the fly-pg-expose mark, by name (read only). */
async function preview_sql_listPreviews(admin) {
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



class VerifyError extends (/* unused pure expression or super */ null && (Error)) {
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
    const later = await verify_verifyTls(request, { ...timing, timeoutMs: leftMs, onRetry: (error, attempt, delay) => timing.onRetry?.(error, attempt + 1, delay) });
    return { ...later, attempts: later.attempts + 1 };
}
async function verify_verifyTls(request, timing = {}) {
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
    const message = errorMessage(error);
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
    const timing = { onRetry: (error, attempt, delay) => log(`attempt ${attempt}: ${errorMessage(error)}; retrying in ${delay} ms`) };
    return early ? verifyAfterEarlyCheck(early, request, timing) : verify_verifyTls(request, timing);
}

;// CONCATENATED MODULE: ./src/effects/teardown.ts
// `mode: teardown`: drop a preview database and its role, and (with `release-ips`) release the public IPs.
// Reads the cluster like an exposing run, but never deploys, never allocates, and never touches another database.









/** Public addresses only: the Flycast `private_v6` (and egress addresses) stay, or the app loses its private reach. */
const PUBLIC_TYPES = (/* unused pure expression or super */ null && (['v4', 'shared_v4', 'v6']));
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
        const message = `Could not look for other previews before releasing the public IPs: ${asSentence(errorMessage(error))}`;
        if (inputs.strict)
            throw new Error(`\`strict: true\`: ${message} Nothing was changed.`);
        core.warning(`${message} Releasing them anyway: a preview on this cluster loses its connection.`);
        return;
    }
    if (others.length === 0)
        return;
    const message = otherPreviewsMessage(inputs.app, others);
    if (inputs.strict)
        throw new Error(`\`strict: true\`: ${message} Nothing was changed.`);
    core.warning(message);
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
            core.info(adoptionNote(plan.previewDatabase, 'drop'));
        core.info(`database "${plan.previewDatabase}": ${droppedDatabase ? 'dropped' : 'already gone'}; role: ${droppedRole ? 'dropped' : 'already gone'}; sessions ended: ${terminatedSessions}`);
    }
    for (const ip of plan.release) {
        try {
            await fly.run(['ips', 'release', ip.Address, '-a', inputs.app]);
        }
        catch (error) {
            if (/Could not find IP address/i.test(errorMessage(error))) {
                core.info(`${ip.Address} was released already (by another run).`);
                continue;
            }
            const done = [
                ...(report.dropped ? [`database and role "${plan.previewDatabase}" were dropped`] : []),
                ...(report.released.length > 0 ? [`released ${report.released.join(', ')}`] : [])
            ];
            throw new Error(`${asSentence(errorMessage(error))} ${done.length > 0 ? `Already done: ${done.join('; ')}. ` : ''}Rerun the teardown to release the rest (see \`fly ips list -a ${inputs.app}\`).`);
        }
        report.released.push(ip.Address);
        core.info(`released ${ip.Address} (${ip.Type})`);
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
function teardown_teardownOutputs(report, flyctlVersion, dryRun) {
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
function teardown_teardownSummary(app, report, dryRun, failure) {
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
    return heading(title, 2) + (failure ? failureParagraph(failure) : '') + resultTable(rows.map(([what, result]) => [textHtml(what), textHtml(result)]));
}
/** `mode: teardown`: read the cluster, then drop the preview and release the public IPs as asked. Never deploys. */
async function tearDown(step, fly, inputs, flyctlVersion) {
    const state = await step.stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
    const report = step.trackTeardown({ plan: planTeardown(inputs, state), released: [] });
    await step.stage('Plan teardown', async () => {
        for (const line of describeTeardown(report.plan, inputs))
            core.info(line);
    });
    try {
        if (inputs.dryRun)
            core.info('dry-run: nothing was changed.');
        else
            await step.stage('Tear down', () => runTeardown(fly, inputs, report.plan, () => verifyTls(inputs), report));
    }
    catch (error) {
        if (summaryEnabled())
            await writeTeardownSummary(inputs.app, report, false, errorMessage(error)).catch(() => undefined);
        throw error;
    }
    setTeardownOutputs(report, flyctlVersion, inputs.dryRun);
    if (summaryEnabled())
        await writeTeardownSummary(inputs.app, report, inputs.dryRun);
}

;// CONCATENATED MODULE: ./src/effects/report-writer.ts
// The effects of reporting: outputs set on the runner and summaries appended to GITHUB_STEP_SUMMARY. What they say is
// decided in report.ts and teardown.ts.






function setAll(outputs) {
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, value);
}
/** Appends HTML to the job summary. */
async function appendSummary(html) {
    await lib_core/* summary */.z.addRaw(html).write();
}
function setOutputs(report) {
    setAll(runOutputs(report));
}
function writeSummary(report) {
    return appendSummary(runSummary(report));
}
function writeStoppedSummary(app, message) {
    return appendSummary(stoppedSummary(app, message));
}
function report_writer_setTeardownOutputs(report, flyctlVersion, dryRun) {
    setAll(teardownOutputs(report, flyctlVersion, dryRun));
}
function report_writer_writeTeardownSummary(app, report, dryRun, failure) {
    return appendSummary(teardownSummary(app, report, dryRun, failure));
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
        core.info(line);
    for (const line of describeExposure(publicExposure(members, plan, plannedAddresses(plan), port)))
        core.info(line);
    for (const notice of known.notices)
        (notice.level === 'warning' ? core.warning : core.info)(notice.message);
    for (const warning of known.warnings)
        core.warning(warning);
    const { preview } = known;
    if (preview) {
        core.info(`preview: create database and role "${preview.name}"${preview.template ? ` from template "${preview.template}"` : ''}, or reuse them (same derived password)`);
    }
    if (known.ciRole)
        core.info(`CI role: create or update "${known.ciRole.name}" with ${known.ciRole.privileges} privileges, and output its URL instead of the admin's`);
}
/** `export-env`: the URL under the name given, or libpq's PG* variables, for the job's later steps (masked before). */
function exportConnection(exportEnv, endpoint, url) {
    if (exportEnv === LIBPQ_ENV) {
        for (const [name, value] of Object.entries(libpqEnvironment(endpoint)))
            core.exportVariable(name, value);
    }
    else if (exportEnv)
        core.exportVariable(exportEnv, url);
}


/***/ }),

/***/ 2032:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  u_: () => (/* binding */ releaseTunnel)
});

// UNUSED EXPORTS: openTunnelRoute, parseSavedTunnel

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var lib_core = __nccwpck_require__(6058);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./src/pure/text.ts
var pure_text = __nccwpck_require__(8339);
// EXTERNAL MODULE: ./src/pure/tunnel.ts
var tunnel = __nccwpck_require__(5698);
// EXTERNAL MODULE: ./src/effects/flyctl.ts + 1 modules
var flyctl = __nccwpck_require__(2420);
;// CONCATENATED MODULE: ./src/effects/tunnel.ts
// The tunnel route: `fly proxy` (or `fly mpg proxy`) detached from the step, with a private FLY_CONFIG_DIR under
// RUNNER_TEMP, proven by a real login; and its cleanup (proxy, agent, this run's WireGuard peer, the directory).








/** openTunnel failed; it has already cleaned up (`cleanupWarnings` says what it could not). */
class tunnel_TunnelError extends Error {
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
const CONFIG_DIR_PREFIX = 'fly-pg-expose-tunnel-';
async function tunnel_openTunnel(options) {
    if (Boolean(options.app) === Boolean(options.mpgCluster))
        throw new Error('openTunnel: give exactly one of app and mpgCluster');
    const target = options.app ? { kind: 'app', app: options.app } : { kind: 'mpg', cluster: options.mpgCluster ?? '' };
    const deadline = Date.now() + options.timeoutMs;
    // Short name: the agent's unix socket path must stay under ~100 bytes.
    const configDir = fs.mkdtempSync(path.join(options.runnerTemp, CONFIG_DIR_PREFIX));
    fs.chmodSync(configDir, 0o700);
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
        const { warnings } = await closeTunnel(saved, { token: options.token, env: options.env });
        throw new tunnel_TunnelError(message, saved, warnings);
    };
    for (;;) {
        if (!proxy || proxy.exited()) {
            starts += 1;
            core.info(`$ ${shown}${starts > 1 ? ` (start ${starts})` : ''}`);
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
                core.info(`${text}; retrying`);
            }
        }
        if (proxy?.ready) {
            logins += 1;
            try {
                const serverVersion = await login(proxy.ready.port, options.credentials, sslmode, Math.min(TUNNEL_DEADLINES.loginAttemptMs, Math.max(deadline - Date.now(), 1)));
                Object.assign(saved, peerOf(configDir));
                options.onSaved?.({ ...saved });
                core.info(`Tunnel ready: ${TUNNEL_HOST}:${proxy.ready.port} reaches ${proxy.ready.remote} (${serverVersion.split(' on ')[0]})`);
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
                lastError = `logging in through the tunnel failed: ${errorMessage(error)}`;
                // A wrong password or database will not get better with another try.
                if (code === '28P01' || code === '28000' || code === '3D000') {
                    return fail(`The tunnel is up, but ${lastError}. Check the database credentials (database-url, or username and password).`);
                }
                core.info(`${lastError}; retrying`);
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
async function closeTunnel(saved, options) {
    const warnings = [];
    const removedPeers = [];
    try {
        // Only the process that runs with this tunnel's config dir: a pid from saved state may have been reused since.
        if (saved.proxyPid && isTunnelProcess(saved.proxyPid, saved.configDir) && !(await stopProcessGroup(saved.proxyPid))) {
            warnings.push(`The tunnel's flyctl proxy (pid ${saved.proxyPid}) did not stop; the runner ends it with the job.`);
        }
        if (!external_node_fs_.existsSync(saved.configDir))
            return { warnings, removedPeers };
        if (options.flyctlMissing) {
            warnings.push(`No flyctl to stop the tunnel's agent with (${options.flyctlMissing}); the runner ends it with the job.`);
            for (const peer of readPeers(saved))
                warnings.push((0,tunnel/* peerRemovalWarning */.Vu)(peer, options.flyctlMissing));
            return { warnings, removedPeers };
        }
        const env = (0,tunnel/* tunnelEnv */.cA)(options.env ?? process.env, { token: options.token, configDir: saved.configDir });
        const fly = (0,flyctl/* createFlyctl */.pV)(saved.flyctlBin, options.token, saved.configDir, flyctl/* DEADLINES */.YE, env);
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
                warnings.push((0,tunnel/* peerRemovalWarning */.Vu)(peer, removalFailure));
            }
        }
        if (external_node_path_.basename(saved.configDir).startsWith(CONFIG_DIR_PREFIX))
            external_node_fs_.rmSync(saved.configDir, { recursive: true, force: true });
    }
    catch (error) {
        warnings.push(`Cleaning up the tunnel failed: ${(0,pure_text/* errorMessage */.gJ)(error)}`);
    }
    return { warnings, removedPeers };
}
/** Starts the proxy detached, its output in a log file (pipes would keep the step alive), and waits for its ready line. */
async function startProxy(bin, args, env, configDir, attempt, deadline, onSpawn) {
    const logPath = path.join(configDir, `proxy-${attempt}.log`);
    const fd = fs.openSync(logPath, 'a', 0o600);
    // cwd: the private dir, so no fly.toml of the workspace is picked up.
    const child = spawn(bin, args, { cwd: configDir, env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
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
    signalGroup(pid, 'SIGTERM');
    const until = Date.now() + TUNNEL_DEADLINES.proxyStopMs;
    while (Date.now() < until) {
        if (!alive(pid))
            return true;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
    signalGroup(pid, 'SIGKILL');
    await new Promise(resolve => setTimeout(resolve, 200));
    return !alive(pid);
}
function signalGroup(pid, signal) {
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
    if (!external_node_fs_.existsSync('/proc/self/environ'))
        return true;
    try {
        return external_node_fs_.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`FLY_CONFIG_DIR=${configDir}`);
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
        const stat = external_node_fs_.readFileSync(`/proc/${pid}/stat`, 'utf8');
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
        if (error instanceof flyctl/* FlyctlTimeoutError */.Wq)
            return `no answer within ${(0,pure_text/* seconds */.YA)(TUNNEL_DEADLINES.shortCallMs)}`;
        return error instanceof flyctl/* FlyctlError */.v2 ? error.flyMessage : (0,pure_text/* errorMessage */.gJ)(error);
    }
}
// --- config dir ---
function readText(file) {
    try {
        return external_node_fs_.readFileSync(file, 'utf8');
    }
    catch {
        return '';
    }
}
/** This run's peer, once flyctl has written it (org and name for the post step and the log). */
function peerOf(configDir) {
    const [peer] = peersFromConfigYaml(readText(path.join(configDir, 'config.yml')));
    return peer ? { org: peer.org, peerName: peer.name } : {};
}
/** The peers config.yml lists, or the one saved when config.yml is gone. */
function readPeers(saved) {
    const peers = (0,tunnel/* peersFromConfigYaml */.Bn)(readText(external_node_path_.join(saved.configDir, 'config.yml')));
    if (peers.length === 0 && saved.org && saved.peerName)
        return [{ key: saved.org, org: saved.org, name: saved.peerName }];
    return peers;
}

// EXTERNAL MODULE: ./src/effects/ephemeral.ts
var ephemeral = __nccwpck_require__(489);
// EXTERNAL MODULE: ./src/effects/install.ts + 1 modules
var install = __nccwpck_require__(6709);
// EXTERNAL MODULE: ./src/effects/report-writer.ts + 11 modules
var report_writer = __nccwpck_require__(534);
// EXTERNAL MODULE: ./src/pure/flyctl-minimum.ts
var flyctl_minimum = __nccwpck_require__(7587);
// EXTERNAL MODULE: ./src/pure/summary-html.ts
var summary_html = __nccwpck_require__(4906);
// EXTERNAL MODULE: ./src/pure/outputs.ts
var outputs = __nccwpck_require__(5248);
;// CONCATENATED MODULE: ./src/pure/tunnel-report.ts
// What a `route: tunnel` run tells the user: the plan in the log, the outputs and the job summary (pure; the route
// in effects/tunnel-route.ts sets and writes them). Never a secret.






/** The tunnel's target in words: `app pg-app` or `Managed Postgres cluster <id>`. */
function tunnel_report_targetName(target) {
    return target.kind === 'app' ? `app ${target.app}` : `Managed Postgres cluster ${target.cluster}`;
}
/** What the route changes: nothing public, on Fly only a WireGuard peer the post step removes. */
const NOTHING_PUBLIC = 'nothing on Fly changes for the database: no IP, no service, no deploy, no restart';
/** The plan as log lines. */
function tunnel_report_tunnelPlan(target, localPort) {
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
function tunnel_report_tunnelOutputs(report) {
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
function tunnel_report_tunnelSummary(report) {
    const { opened, target } = report;
    const name = tunnel_report_targetName(target);
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
        heading(title, 2),
        report.failure ? failureParagraph(report.failure) : '',
        resultTable(rows.map(([what, result]) => [what, textHtml(result)])),
        opened ? paragraph(`DATABASE_URL: <code>${escapeHtml(redactedUrl(opened.url))}</code> (output <code>${OUTPUTS.databaseUrl}</code>)`) : '',
        paragraph('<strong>What is public</strong>') + list(describeExposure({ addresses: [], ports: [] }).map(textHtml))
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
            core.info(line);
        for (const notice of inputs.notices)
            (notice.level === 'warning' ? core.warning : core.info)(notice.message);
    });
    if (inputs.dryRun) {
        core.info('dry-run: no tunnel was opened, nothing was changed.');
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
            onSaved: saved => core.saveState(STATE.tunnel, JSON.stringify(saved))
        }));
    }
    catch (error) {
        const message = error instanceof TunnelError && error.cleanupWarnings.length === 0
            ? `${error.message} Nothing on Fly was changed for the database; the tunnel was closed and no WireGuard peer of this run is left.`
            : `${errorMessage(error)} Nothing on Fly was changed for the database.`;
        if (summaryEnabled())
            await appendSummary(tunnelSummary({ ...report, failure: message })).catch(() => undefined);
        throw new Error(message);
    }
    // The password's forms were masked with the inputs; the URL and its JDBC form as a whole too.
    core.setSecret(tunnel.url);
    const endpoint = { host: tunnel.host, port: tunnel.port, sslmode: tunnel.sslmode, ...inputs.credentials };
    core.setSecret(jdbcUrl(endpoint));
    const { org, peerName } = tunnel.saved;
    report.opened = { url: tunnel.url, endpoint, serverVersion: tunnel.serverVersion, ...(org && peerName ? { peer: { org, name: peerName } } : {}) };
    core.info(`public: nothing (no public address). ${targetName(target)} is reachable from this job only, at ${tunnel.host}:${tunnel.port}.`);
    exportConnection(inputs.exportEnv, endpoint, tunnel.url);
    await publishTunnel(report);
}
async function publishTunnel(report) {
    for (const [name, value] of Object.entries(tunnelOutputs(report)))
        core.setOutput(name, value);
    if (summaryEnabled())
        await appendSummary(tunnelSummary(report));
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
        if (!runnerTemp || typeof configDir !== 'string' || !external_node_path_.isAbsolute(configDir))
            return undefined;
        if (external_node_path_.dirname(configDir) !== external_node_path_.resolve(runnerTemp) || !external_node_path_.basename(configDir).startsWith(CONFIG_DIR_PREFIX))
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
    const text = lib_core/* getState */.Gu(ephemeral/* STATE */.c4.tunnel);
    if (!text)
        return;
    const tokens = [lib_core/* getInput */.V4('fly-api-token'), process.env.FLY_ACCESS_TOKEN, process.env.FLY_API_TOKEN];
    for (const token of tokens)
        if (token)
            lib_core/* setSecret */.Pq(token);
    const saved = parseSavedTunnel(text, process.env.RUNNER_TEMP);
    if (!saved) {
        return lib_core/* warning */.$e('fly-pg-expose: the saved tunnel state is not one this job made, so nothing was stopped. Check `fly wireguard list <org>` and remove the peers named interactive-<runner host>-... by hand.');
    }
    const token = tokens.map(value => value?.trim()).find(Boolean) ?? '';
    let flyctlBin = '';
    let flyctlMissing;
    try {
        const version = lib_core/* getState */.Gu(ephemeral/* STATE */.c4.flyctlVersion);
        if (!ephemeral/* EXACT_VERSION */.XO.test(version))
            throw new Error(`the main step saved no flyctl version (got "${version}")`);
        flyctlBin = (await (0,install/* installFlyctl */.Ew)(version, (0,install/* flyctlSources */.tJ)(process.env))).binPath;
    }
    catch (error) {
        flyctlMissing = `flyctl could not be installed: ${(0,pure_text/* errorMessage */.gJ)(error)}`;
    }
    const { warnings, removedPeers } = await closeTunnel({ ...saved, flyctlBin }, { token, flyctlMissing });
    for (const warning of warnings)
        lib_core/* warning */.$e(warning);
    if (warnings.length === 0)
        lib_core/* info */.pq('fly-pg-expose: the tunnel is closed: no proxy, no agent and no WireGuard peer of this run is left.');
    if ((0,report_writer/* summaryEnabled */.cj)()) {
        const lines = [
            ...removedPeers.map(peer => `WireGuard peer ${peer.name} in ${peer.org}: removed`),
            ...warnings,
            ...(warnings.length === 0 ? ['The proxy and the agent were stopped.'] : [])
        ];
        await (0,report_writer/* appendSummary */.fe)((0,summary_html/* heading */.R_)('fly-pg-expose: tunnel closed', 3) + (0,summary_html/* list */.p_)(lines.map(summary_html/* textHtml */.Zr))).catch(() => undefined);
    }
}


/***/ }),

/***/ 6661:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _effects_ephemeral_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(489);
/* harmony import */ var _effects_tunnel_route_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2032);
// Entry point of the post step (dist/post/index.js, action.yml `post:`): releases what an `ephemeral` run allocated
// and closes a `route: tunnel` run's tunnel; does nothing (no flyctl call) otherwise.


await (0,_effects_ephemeral_js__WEBPACK_IMPORTED_MODULE_0__/* .releaseEphemeralIps */ .TJ)();
await (0,_effects_tunnel_route_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseTunnel */ .u_)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 1346:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ childEnv)
/* harmony export */ });
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


/***/ }),

/***/ 7587:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* unused harmony exports FLYCTL_REQUIREMENTS, compareFlyctlVersions, flyctlMinimum, PUBLIC_FLYCTL_MINIMUM, TUNNEL_FLYCTL_MINIMUM, flyctlTooOld */
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


/***/ }),

/***/ 5248:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* unused harmony export OUTPUTS */
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


/***/ }),

/***/ 4906:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R_: () => (/* binding */ heading),
/* harmony export */   Zr: () => (/* binding */ textHtml),
/* harmony export */   p_: () => (/* binding */ list)
/* harmony export */ });
/* unused harmony exports paragraph, resultTable, table, failureParagraph, escapeHtml */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
// The job summary's HTML as a plain string, in the markup core.summary writes (same tags, a line end after each
// block), so what a run reports can be built and tested without writing a file. Content is HTML: escape text first.

/** As core.summary wraps: an empty element is written as its opening tag alone. */
function wrap(tag, content) {
    return content ? `<${tag}>${content}</${tag}>` : `<${tag}>`;
}
function heading(html, level) {
    return wrap(`h${level}`, html) + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL;
}
function paragraph(html) {
    return wrap('p', html) + EOL;
}
function list(items) {
    return wrap('ul', items.map(item => wrap('li', item)).join('')) + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL;
}
/** The two-column table every summary has: what was looked at, and what came of it. */
function resultTable(rows) {
    return table(['What', 'Result'], rows);
}
/** A table with a header row; cells are HTML. */
function table(headers, rows) {
    const header = wrap('tr', headers.map(cell => wrap('th', cell)).join(''));
    return wrap('table', header + rows.map(cells => wrap('tr', cells.map(cell => wrap('td', cell)).join(''))).join('')) + EOL;
}
/**
 * Our messages as summary HTML: escaped, with their `code` spans as <code> (GitHub renders no markdown inside an
 * HTML block, so backticks would show as they are).
 */
function textHtml(text) {
    return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
/** The line a failed or stopped run opens its summary with. */
function failureParagraph(message) {
    return paragraph(`❌ ${textHtml(message)}`);
}
/** Text as the job summary's HTML shows it (the summary is HTML: `<` and `&` in a message must not become markup). */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}


/***/ }),

/***/ 8339:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KG: () => (/* binding */ asSentence),
/* harmony export */   Om: () => (/* binding */ withoutGraphqlQuery),
/* harmony export */   YA: () => (/* binding */ seconds),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
// Small text helpers: errors as the sentences a workflow log shows.
/** The message of anything thrown. */
function errorMessage(error) {
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


/***/ }),

/***/ 5698:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ peersFromConfigYaml),
/* harmony export */   Vu: () => (/* binding */ peerRemovalWarning),
/* harmony export */   cA: () => (/* binding */ tunnelEnv)
/* harmony export */ });
/* unused harmony exports TUNNEL_HOST, proxyArgs, parseReadyLine, tunnelSslMode, tunnelUrl, proxyErrorText, classifyProxyFailure, nextStepForProxyFailure */
/* harmony import */ var _child_env_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1346);
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
        ...(0,_child_env_js__WEBPACK_IMPORTED_MODULE_0__/* .childEnv */ .g)(base),
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

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

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

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 6058:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  fM: () => (/* binding */ addPath),
  Yz: () => (/* binding */ core_debug),
  V4: () => (/* binding */ getInput),
  Gu: () => (/* binding */ getState),
  pq: () => (/* binding */ info),
  _o: () => (/* binding */ isDebug),
  Pq: () => (/* binding */ core_setSecret),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, endGroup, error, exportVariable, getBooleanInput, getIDToken, getMultilineInput, group, markdownSummary, notice, platform, saveState, setCommandEcho, setFailed, setOutput, startGroup, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
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
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
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




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
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
    return `${key}<<${delimiter}${os.EOL}${convertedValue}${os.EOL}${delimiter}`;
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
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var lib_exec = __nccwpck_require__(5781);
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
    issueCommand('set-env', { name }, convertedVal);
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
        file_command_issueFileCommand('PATH', inputPath);
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
    process.stdout.write(os.EOL);
    issueCommand('set-output', { name }, toCommandValue(value));
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
    issueCommand('error', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
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
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
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
    issueCommand('save-state', { name }, toCommandValue(value));
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

/***/ 5781:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec)
});

// UNUSED EXPORTS: getExecOutput

;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
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
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
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
/******/ var __webpack_exports__ = __nccwpck_require__(6661);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
