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
/* harmony export */   BV: () => (/* binding */ markMainStep),
/* harmony export */   Wr: () => (/* binding */ rememberForRelease),
/* harmony export */   dd: () => (/* binding */ addressesToRelease),
/* harmony export */   fd: () => (/* binding */ releaseEphemeral),
/* harmony export */   pq: () => (/* binding */ isPostStep)
/* harmony export */ });
/* unused harmony export STATE */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6058);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5181);
/* harmony import */ var _install_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5109);
/* harmony import */ var _flyctl_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(426);
/* harmony import */ var _pure_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(9971);
/* harmony import */ var _report_writer_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7952);
/* harmony import */ var _pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4906);
// `ephemeral: true`: the public IPs this run allocated are released by the post step when the job ends, whether it
// passed, failed or was cancelled. The main step records them (core.saveState) as soon as each exists.







/** The saved state's names (the runner hands them to the post step as STATE_<name>). */
const STATE = { isPost: 'isPost', ephemeral: 'ephemeral' };
/** Marks the main step, so the same bundle knows it runs as the post step next time. */
function markMainStep() {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(STATE.isPost, 'true');
}
function isPostStep() {
    return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(STATE.isPost) === 'true';
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
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .saveState */ .LZ(STATE.ephemeral, JSON.stringify({ app, addresses }));
}
/** The post step: release what the main step recorded. Never fails the job; says what to release by hand. */
async function releaseEphemeral() {
    const saved = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getState */ .Gu(STATE.ephemeral);
    if (!saved)
        return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq('fly-pg-expose: nothing to release (not an ephemeral run, or it allocated no address).');
    const { app, addresses } = JSON.parse(saved);
    if (addresses.length === 0)
        return _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`fly-pg-expose: this run allocated no public address on ${app}: nothing to release.`);
    const byHand = (address) => `\`fly ips release ${address} -a ${app}\``;
    const released = [];
    const failed = [];
    let cleanup = () => undefined;
    try {
        const inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(name => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4(name), _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq, process.env);
        const flyctl = await (0,_install_js__WEBPACK_IMPORTED_MODULE_2__/* .installFlyctl */ .Ew)(inputs.flyctlVersion, (0,_install_js__WEBPACK_IMPORTED_MODULE_2__/* .releaseSources */ .sn)(process.env));
        const fly = (0,_flyctl_js__WEBPACK_IMPORTED_MODULE_3__/* .createFlyctl */ .pV)(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP);
        cleanup = fly.cleanup;
        for (const address of addresses) {
            try {
                await fly.run(['ips', 'release', address, '-a', app]);
                released.push(address);
            }
            catch (error) {
                failed.push(address);
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not release ${address} from ${app} (${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error)}): release it by hand with ${byHand(address)}.`);
            }
        }
    }
    catch (error) {
        for (const address of addresses.filter(a => !released.includes(a) && !failed.includes(a)))
            failed.push(address);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`Could not release this run's addresses (${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .errorMessage */ .gJ)(error)}): release them by hand with ${failed.map(byHand).join(', ')}.`);
    }
    finally {
        cleanup();
    }
    if (released.length > 0)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`Released ${released.join(', ')} from ${app}: the database is no longer public on them.`);
    if (process.env.GITHUB_STEP_SUMMARY) {
        const lines = [
            ...released.map(address => `${address}: released`),
            ...failed.map(address => `${address}: NOT released, run ${byHand(address)}`),
            'A pg_tls service this run added stays on the machines (removing it would restart them again).'
        ];
        await (0,_report_writer_js__WEBPACK_IMPORTED_MODULE_4__/* .appendSummary */ .fe)((0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .heading */ .R_)(`fly-pg-expose: ephemeral addresses of ${app}`, 3) + (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .list */ .p_)(lines.map(_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_5__/* .textHtml */ .Zr)));
    }
}


/***/ }),

/***/ 426:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  YE: () => (/* binding */ DEADLINES),
  v2: () => (/* binding */ FlyctlError),
  p5: () => (/* binding */ FlyctlInterruptedError),
  Wq: () => (/* binding */ FlyctlTimeoutError),
  pV: () => (/* binding */ createFlyctl),
  AV: () => (/* binding */ isTransientFlyError),
  Sb: () => (/* binding */ killAllFlyctl),
  Ag: () => (/* binding */ stopAllFlyctl)
});

// UNUSED EXPORTS: READ_RETRY, flyErrorMessage, flyctlEnv, nextStepFor, runningFlyctl

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __nccwpck_require__(6058);
// EXTERNAL MODULE: ./src/pure/errors.ts
var errors = __nccwpck_require__(9971);
// EXTERNAL MODULE: ./src/pure/retry.ts
var retry = __nccwpck_require__(2316);
;// CONCATENATED MODULE: ./src/effects/flyctl.ts
// Runs flyctl: from a clean temporary directory, with the token only in the child's environment, each call with a
// deadline, and every running call reachable so a cancelled job can stop it (its whole process group).







class FlyctlError extends Error {
    command;
    exitCode;
    flyMessage;
    name = 'FlyctlError';
    constructor(command, exitCode, flyMessage, nextStep = nextStepFor(flyMessage, command)) {
        super([(0,errors/* asSentence */.KG)(`\`flyctl ${command}\` failed (exit ${exitCode}): ${flyMessage}`), nextStep].filter(Boolean).join(' '));
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
        this.message = `\`flyctl ${command}\` did not finish within ${seconds(waitedMs)} and was stopped. ${(0,errors/* asSentence */.KG)(mayHaveChanged)}`;
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
const DEADLINES = {
    /** One attempt of a read (reads are retried within READ_RETRY). */
    readAttemptMs: 15_000,
    /** One IP allocation or `config save`. */
    callMs: 60_000,
    /** After SIGTERM (ours, or the runner's passed on), how long flyctl has to stop cleanly before SIGKILL. */
    killGraceMs: 4_000
};
/** The environment flyctl runs with: ours, without any token variable but the one we set. */
function flyctlEnv(base, token) {
    const env = {};
    for (const [key, value] of Object.entries(base)) {
        if (value !== undefined)
            env[key] = value;
    }
    // An empty FLY_ACCESS_TOKEN would hide FLY_API_TOKEN in flyctl: set exactly one.
    delete env.FLY_API_TOKEN;
    env.FLY_ACCESS_TOKEN = token;
    env.CI = 'true';
    env.NO_COLOR = '1';
    return env;
}
/** How reads are retried; tests shorten it. */
const READ_RETRY = {
    initialDelayMs: 500,
    maxDelayMs: 4000,
    timeoutMs: 5000
};
function createFlyctl(binPath, token, tempRoot = external_node_os_.tmpdir()) {
    const env = flyctlEnv(process.env, token);
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
        const timeoutMs = options.timeoutMs ?? DEADLINES.callMs;
        const result = await runBounded(binPath, args, { cwd, env, timeoutMs, stream: Boolean(options.streamOutput) });
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
        run([...args, '--json'], { timeoutMs: DEADLINES.readAttemptMs });
        const read = (0,retry/* retryWithBackoff */.Z)(attempt, isTransientFlyError, {
            ...READ_RETRY,
            onRetry: (error, attempt, delay) => {
                attempts = attempt + 1;
                core/* info */.pq(`flyctl ${args.join(' ')}: attempt ${attempt} failed (${(0,errors/* errorMessage */.gJ)(error)}); retrying in ${delay} ms`);
            }
        });
        const { value } = await read.catch((error) => {
            // Retried to the end: nothing to fix on the user's side, so call it an outage and name the next step.
            if (!(error instanceof FlyctlError) || !isTransientFlyError(error))
                throw error;
            if (error instanceof FlyctlTimeoutError) {
                throw new FlyctlTimeoutError(error.command, error.waitedMs, `${(0,errors/* asSentence */.KG)(error.mayHaveChanged)} Check https://status.flyio.net and the runner's network, then rerun the job`);
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
// Every flyctl process still running, so a cancelled job can pass its signal on and stop them.
const running = new Set();
const interruptedBy = new WeakMap();
let stopping;
/** Signals flyctl's whole process group (it runs detached, as its own group); false once it is gone. */
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
/** SIGTERM, then SIGKILL for the whole group if it has not exited after the grace period. */
function terminate(child, signal = 'SIGTERM') {
    if (!signalGroup(child, signal))
        return;
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), DEADLINES.killGraceMs);
    kill.unref();
    child.once('exit', () => {
        clearTimeout(kill);
        // Whatever flyctl started and left behind in its group goes with it.
        signalGroup(child, 'SIGKILL');
    });
}
function runBounded(binPath, args, options) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_namespaceObject.spawn)(binPath, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        running.add(child);
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
            terminate(child);
        }, options.timeoutMs);
        child.once('error', error => {
            clearTimeout(deadline);
            running.delete(child);
            reject(error);
        });
        child.once('close', (code, signal) => {
            clearTimeout(deadline);
            running.delete(child);
            resolve({ stdout, stderr, exitCode: code ?? (signal ? 128 : 1), timedOut, stoppedBy: interruptedBy.get(child) });
        });
    });
}
/** The flyctl commands running now. */
function runningFlyctl() {
    return running.size;
}
/**
 * The job is being cancelled: start no new flyctl, pass `signal` on to every running one (flyctl cancels its work
 * and exits 127), give them `graceMs`, then SIGKILL their process groups. Resolves once all are gone.
 */
async function stopAllFlyctl(signal, graceMs = DEADLINES.killGraceMs) {
    stopping ??= signal;
    const children = [...running];
    const exited = children.map(child => new Promise(resolve => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve()))));
    for (const child of children) {
        interruptedBy.set(child, signal);
        signalGroup(child, signal);
    }
    const kill = setTimeout(() => children.forEach(child => signalGroup(child, 'SIGKILL')), graceMs);
    await Promise.all(exited);
    clearTimeout(kill);
}
/** Last resort on exit: no flyctl outlives the action. */
function killAllFlyctl() {
    for (const child of running)
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
/** fly-go wraps API errors as `failed to run <whole GraphQL query>: <message>`: keep only the message. */
function withoutGraphqlQuery(message) {
    const wrapped = message.match(/^failed to run (?:query|mutation)\b[\s\S]*\}\s*:\s*(.+)$/);
    return wrapped ? `Fly API: ${wrapped[1]}` : message;
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
function seconds(ms) {
    return `${Math.round(ms / 100) / 10} s`;
}


/***/ }),

/***/ 5181:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ko: () => (/* binding */ readInputs)
/* harmony export */ });
/* unused harmony exports InputError, parseInputs, secretsOf */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _pure_url_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9475);
// Turns the raw action inputs into one typed, validated Inputs value. Every input check lives here.



/** An input the action cannot use: the run stops before any flyctl call, with this message. */
class InputError extends Error {
    name = 'InputError';
}
const SSL_MODES = ['require', 'verify-ca', 'verify-full', 'prefer', 'no-verify'];
// Fly app names: lowercase letters, digits and dashes, starting with a letter or digit.
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const FLYCTL_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
function parseInputs(read, env) {
    const app = read('app').trim();
    if (!app)
        throw new InputError('Input `app` is required: the Fly app name of your Postgres cluster.');
    if (!APP_NAME.test(app) || app.endsWith('-')) {
        throw new InputError(`Input \`app\` is not a valid Fly app name: "${app}". Use the name shown by \`fly apps list\` (lowercase letters, digits and dashes).`);
    }
    // A blank variable (a missing secret, or one pasted as whitespace) is no token: flyctl would trim it to nothing.
    const token = read('fly-api-token').trim() || env.FLY_ACCESS_TOKEN?.trim() || env.FLY_API_TOKEN?.trim() || '';
    if (!token) {
        throw new InputError('No Fly token: set the `fly-api-token` input or the FLY_API_TOKEN environment variable (e.g. from `fly tokens create deploy`).');
    }
    const { internalUrl, credentials } = readConnection(read, app);
    const host = read('host').trim() || `${app}.fly.dev`;
    if (!/^[A-Za-z0-9.-]+$/.test(host) && !/^\[?[0-9a-fA-F:]+\]?$/.test(host)) {
        throw new InputError(`Input \`host\` is not a hostname: "${host}".`);
    }
    return {
        app,
        token,
        internalUrl,
        credentials,
        flyctlVersion: readFlyctlVersion(read('flyctl-version')),
        ipv4: oneOf(read, 'ipv4', ['dedicated', 'shared', 'none'], 'dedicated'),
        ipv6: readBoolean(read, 'ipv6', true),
        port: readPort(read('port')),
        host,
        configPath: readConfigPath(read('config'), env.GITHUB_WORKSPACE || process.cwd()),
        deploy: oneOf(read, 'deploy', ['auto', 'always', 'never'], 'auto'),
        method: oneOf(read, 'method', ['deploy', 'machines'], 'deploy'),
        image: oneOf(read, 'image', ['major', 'running'], 'major'),
        tls: oneOf(read, 'tls', ['verify-full', 'require'], 'verify-full'),
        sslmode: oneOf(read, 'sslmode', SSL_MODES, 'require'),
        verifyTimeoutSeconds: readVerifyTimeout(read('verify-timeout')),
        deployTimeoutSeconds: readDeployTimeout(read('deploy-timeout')),
        dryRun: readBoolean(read, 'dry-run', false),
        strict: readBoolean(read, 'strict', false),
        ephemeral: readBoolean(read, 'ephemeral', false),
        exportEnv: readExportEnv(read('export-env')),
        ...readPreview(read, credentials)
    };
}
// GitHub will not let a step set these through GITHUB_ENV: the default GITHUB_* and RUNNER_* variables, and
// NODE_OPTIONS (refused by the runner since 2023 for security).
const RESERVED_ENV = /^(GITHUB_|RUNNER_)|^NODE_OPTIONS$/i;
function readExportEnv(raw) {
    const name = raw.trim();
    if (!name)
        return undefined;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new InputError(`Input \`export-env\` must be an environment variable name (letters, digits and _, not starting with a digit), like DATABASE_URL, not "${name}".`);
    }
    if (RESERVED_ENV.test(name)) {
        throw new InputError(`Input \`export-env\` cannot be "${name}": GitHub does not let a step set GITHUB_*, RUNNER_* or NODE_OPTIONS. Use a name like DATABASE_URL.`);
    }
    return name;
}
// Preview names: lowercase letters, digits, `_` and `-`, starting with a letter, at most 63 bytes (Postgres's limit).
const PREVIEW_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
// Names a preview must never take: the cluster's own databases and roles (postgres-flex's repmgr and flypgadmin).
const RESERVED_NAMES = ['postgres', 'template0', 'template1', 'repmgr', 'flypgadmin', 'public'];
function readPreview(read, admin) {
    const mode = oneOf(read, 'mode', ['expose', 'teardown'], 'expose');
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
function readConnection(read, app) {
    const databaseUrl = read('database-url').trim();
    const password = read('password');
    if (databaseUrl) {
        if (password) {
            throw new InputError('Give either `database-url` or `password`, not both: the password would be ambiguous.');
        }
        const { url, credentials } = parseGivenUrl(databaseUrl);
        const internalApp = url.hostname.match(/^([a-z0-9-]+)\.(flycast|internal)$/)?.[1];
        if (internalApp && internalApp !== app) {
            throw new InputError(`database-url points at app "${internalApp}" but input \`app\` is "${app}": pass the connection string of the same cluster.`);
        }
        return { internalUrl: url, credentials };
    }
    if (!password) {
        throw new InputError('No database credentials: set `database-url` (the string `fly pg create` printed) or `password` (with `username` and `database`).');
    }
    const credentials = {
        user: read('username').trim() || 'postgres',
        password,
        database: read('database').trim() || 'postgres'
    };
    return { internalUrl: (0,_pure_url_js__WEBPACK_IMPORTED_MODULE_2__/* .urlFromCredentials */ .gT)(credentials), credentials };
}
function parseGivenUrl(raw) {
    try {
        return (0,_pure_url_js__WEBPACK_IMPORTED_MODULE_2__/* .parseDatabaseUrl */ .mx)(raw);
    }
    catch (error) {
        throw error instanceof _pure_url_js__WEBPACK_IMPORTED_MODULE_2__/* .DatabaseUrlError */ .PT ? new InputError(error.message) : error;
    }
}
function readFlyctlVersion(raw) {
    const value = raw.trim() || 'latest';
    if (value === 'latest')
        return value;
    const match = value.match(FLYCTL_VERSION);
    if (!match) {
        throw new InputError(`Input \`flyctl-version\` must be \`latest\` or a version like 0.4.87, not "${value}".`);
    }
    return match[1];
}
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
    const root = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(workspace);
    const resolved = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(root, value);
    if (!isInside(root, resolved)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}".`);
    }
    if (!node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(resolved) || !node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(resolved).isFile()) {
        throw new InputError(`Input \`config\` names "${value}", but there is no such file in the workspace.`);
    }
    // A link inside the workspace may lead out of it: judge where it really points.
    const real = node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(resolved);
    if (!isInside(node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync(root), real)) {
        throw new InputError(`Input \`config\` must be a file inside the workspace (${root}), not "${value}": it links to ${real}.`);
    }
    return resolved;
}
function isInside(root, file) {
    return file === root || file.startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_1__.sep);
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
 */
function readInputs(getInput, setSecret, env) {
    for (const name of ['fly-api-token', 'password', 'database-url']) {
        const raw = getInput(name);
        if (raw)
            setSecret(raw);
    }
    if (env.FLY_ACCESS_TOKEN)
        setSecret(env.FLY_ACCESS_TOKEN);
    if (env.FLY_API_TOKEN)
        setSecret(env.FLY_API_TOKEN);
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
        ...(0,_pure_url_js__WEBPACK_IMPORTED_MODULE_2__/* .passwordForms */ .pX)(password, inputs.internalUrl.password),
        inputs.internalUrl.href,
        (0,_pure_url_js__WEBPACK_IMPORTED_MODULE_2__/* .externalUrl */ .z)(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode)
    ];
}


/***/ }),

/***/ 5109:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ew: () => (/* binding */ installFlyctl),
/* harmony export */   sn: () => (/* binding */ releaseSources)
/* harmony export */ });
/* unused harmony exports TOOL_NAME, InstallError, assetPlatform, releaseAssetUrl, versionFromAssetUrl */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6058);
/* harmony import */ var _pure_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9971);
// Installs flyctl through the runner's tool cache, keyed as superfly/flyctl-actions (setup-flyctl) keys it.





const TOOL_NAME = 'flyctl';
const RELEASES_API = 'https://api.fly.io/app/flyctl_releases';
const DOWNLOAD_BASE = 'https://github.com/superfly/flyctl/releases/download';
class InstallError extends Error {
    name = 'InstallError';
}
function releaseSources(env) {
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
    const target = assetPlatform(process.platform, node_os__WEBPACK_IMPORTED_MODULE_1__.arch());
    // A pinned version never asks the releases endpoint: the cache, then GitHub's release asset.
    const { version, url } = requested === 'latest'
        ? await resolveLatest(sources.releasesApi, target)
        : { version: requested, url: releaseAssetUrl(sources.downloadBase, requested, target) };
    let dir = findCached(version, target.cpu);
    const cacheHit = dir !== '';
    if (cacheHit) {
        _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq(`flyctl ${version} found in the tool cache: ${dir}`);
    }
    else {
        dir = await downloadToCache(url, version, target.cpu);
    }
    linkFly(dir);
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .addPath */ .fM(dir);
    return { version, binPath: node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, TOOL_NAME), cacheHit };
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
    for (const arch of new Set([cpu, node_os__WEBPACK_IMPORTED_MODULE_1__.arch()])) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_2__.join(cache, TOOL_NAME, version, arch);
        if (node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(dir) && node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(`${dir}.complete`))
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
        throw new InstallError(`Could not resolve the latest flyctl from ${endpoint} (${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}). Pin a version with the \`flyctl-version\` input (e.g. 0.4.87): pinned versions download straight from GitHub.`);
    }
    const version = versionFromAssetUrl(body);
    if (!version) {
        throw new InstallError(`Fly's releases endpoint answered with no usable download URL. Pin \`flyctl-version\` instead of \`latest\`.`);
    }
    return { version, url: body };
}
async function downloadToCache(url, version, cpu) {
    const tc = await __nccwpck_require__.e(/* import() */ 805).then(__nccwpck_require__.bind(__nccwpck_require__, 9805));
    _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .info */ .pq(`Downloading flyctl ${version} from ${url}`);
    let archive;
    try {
        archive = await tc.downloadTool(url);
    }
    catch (error) {
        throw new InstallError(`Could not download flyctl ${version} from ${url}: ${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}. Check that the version exists on https://github.com/superfly/flyctl/releases.`);
    }
    let extracted;
    try {
        extracted = await tc.extractTar(archive);
    }
    catch (error) {
        throw new InstallError(`The flyctl ${version} download is not a valid tarball (${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}). Nothing was cached; rerun the job.`);
    }
    finally {
        node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync(archive, { force: true });
    }
    if (!node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(node_path__WEBPACK_IMPORTED_MODULE_2__.join(extracted, TOOL_NAME))) {
        throw new InstallError(`The flyctl ${version} tarball has no \`flyctl\` binary. Nothing was cached; pin another version.`);
    }
    // Only a complete, checked directory enters the cache, so a broken download never poisons later runs.
    return tc.cacheDir(extracted, TOOL_NAME, version, cpu);
}
/** Release tarballs hold only `flyctl`; users and docs say `fly`, so put a link beside it. */
function linkFly(dir) {
    const link = node_path__WEBPACK_IMPORTED_MODULE_2__.join(dir, 'fly');
    if (node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync(link))
        return;
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync(TOOL_NAME, link);
    }
    catch (error) {
        _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz(`Could not add the fly link: ${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)}`);
    }
}


/***/ }),

/***/ 193:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ loadPg)
/* harmony export */ });
let loading;
const loadPg = () => (loading ??= __nccwpck_require__.e(/* import() */ 849).then(__nccwpck_require__.bind(__nccwpck_require__, 3849)).then(module => module.default));


/***/ }),

/***/ 311:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  sr: () => (/* binding */ dropPreview),
  NA: () => (/* binding */ ensurePreview),
  bk: () => (/* binding */ generatePassword)
});

// UNUSED EXPORTS: PreviewError

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
// EXTERNAL MODULE: ./src/pure/errors.ts
var errors = __nccwpck_require__(9971);
// EXTERNAL MODULE: ./src/effects/pg-loader.ts
var pg_loader = __nccwpck_require__(193);
;// CONCATENATED MODULE: ./src/effects/preview.ts
// Preview environments: one database and one login role of the same name per pull request, on a shared cluster.
// Modelled on `fly pg attach` (flyctl internal/command/postgres/attach.go): a database and a user for a consumer, with
// a random alphanumeric password. Unlike attach, the role is no superuser: it owns its database and nothing else.
// Every identifier goes through escapeIdentifier, every password through escapeLiteral; no statement is ever logged.



class PreviewError extends Error {
    name = 'PreviewError';
}
// attach.go uses helpers.RandString(15): letters and digits from crypto/rand. Twice as long here (about 190 bits);
// letters and digits need no escaping in a URL.
const PASSWORD_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PASSWORD_LENGTH = 32;
const CONNECT_MS = 15_000;
function generatePassword() {
    let password = '';
    for (let i = 0; i < PASSWORD_LENGTH; i++)
        password += PASSWORD_ALPHABET[external_node_crypto_namespaceObject.randomInt(PASSWORD_ALPHABET.length)];
    return password;
}
// SQLSTATEs: duplicate_object (a role), duplicate_database, unique_violation (a concurrent CREATE losing the race on
// the catalog's unique index), object_in_use, invalid_catalog_name (no such database), dependent_objects_still_exist.
const DUPLICATE_OBJECT = '42710';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';
const OBJECT_IN_USE = '55006';
const NO_SUCH_DATABASE = '3D000';
const DEPENDENT_OBJECTS = '2BP01';
const codeOf = (error) => String(error?.code ?? '');
async function connect(admin, database = admin.credentials.database) {
    const { Client } = await (0,pg_loader/* loadPg */.Q)();
    const client = new Client({
        host: admin.host,
        port: admin.port,
        user: admin.credentials.user,
        password: admin.credentials.password,
        database,
        connectionTimeoutMillis: CONNECT_MS,
        ssl: { rejectUnauthorized: admin.tls === 'verify-full' }
    });
    client.on('error', () => {
        // A late socket error after we are done must not crash the process.
    });
    try {
        await client.connect();
    }
    catch (error) {
        throw new PreviewError(`Could not connect to ${admin.host}:${admin.port} as "${admin.credentials.user}" to manage preview databases: ${(0,errors/* errorMessage */.gJ)(error)}.`);
    }
    return client;
}
async function withClient(admin, work, database, lockName) {
    const client = await connect(admin, database);
    try {
        // Two runs for one preview (a push while the last one runs) take turns; runs for other previews never wait.
        // The lock is the session's: it ends with the connection, even when the run dies.
        if (lockName)
            await client.query("select pg_advisory_lock(hashtextextended('fly-pg-expose:' || $1, 0))", [lockName]);
        return await work(client);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** Refuses (before any write) to take over a role or database that is not a preview's: a superuser, or a database owned by someone else. */
async function checkOwnership(client, name, verb) {
    const role = await client.query('select rolsuper from pg_roles where rolname = $1', [name]);
    if (role.rows[0]?.rolsuper) {
        throw new PreviewError(`Role "${name}" is a superuser, not a preview role: refusing to ${verb} it. Choose another \`preview-database\` name.`);
    }
    const database = await client.query('select pg_get_userbyid(datdba) as owner from pg_database where datname = $1', [name]);
    const owner = database.rows[0]?.owner;
    if (owner !== undefined && owner !== name) {
        throw new PreviewError(`Database "${name}" exists and is owned by "${owner}", not by the preview role "${name}": refusing to ${verb} it. Choose another \`preview-database\` name.`);
    }
    return { roleExists: role.rows.length > 0, databaseExists: owner !== undefined };
}
/**
 * Creates the preview role and database, or reuses them and sets a fresh password (the old one cannot be read back).
 * Safe when another run creates the same or another preview at the same moment: "already exists" means reuse.
 * The caller masks `password` before calling.
 */
async function ensurePreview(admin, name, password, template, 
/** Runs before the lock is let go (a login check), so a concurrent run for the same preview cannot change the password first. */
whileLocked = async () => undefined) {
    let roleCreated = false;
    return withClient(admin, async (client) => {
        const role = client.escapeIdentifier(name);
        await checkOwnership(client, name, 'reuse');
        try {
            await client.query(`create role ${role} with login password ${client.escapeLiteral(password)}`);
            roleCreated = true;
        }
        catch (error) {
            if (![DUPLICATE_OBJECT, UNIQUE_VIOLATION].includes(codeOf(error)))
                throw failure(`creating role "${name}"`, error);
            await client.query(`alter role ${role} with login password ${client.escapeLiteral(password)}`).catch(error => {
                throw failure(`setting a new password for role "${name}"`, error);
            });
        }
        const created = await createDatabase(client, name, template, roleCreated);
        // A concurrent run may have created the database first: it must still be the preview's own.
        if (!created)
            await checkOwnership(client, name, 'reuse');
        // Other preview roles on the cluster must not connect to this one's database.
        await client.query(`revoke connect on database ${role} from public`);
        if (created && template)
            await handOverObjects(admin, name);
        await whileLocked();
        return { created, roleCreated };
    }, undefined, name);
}
async function createDatabase(client, name, template, roleCreated) {
    const database = client.escapeIdentifier(name);
    const from = template ? ` template ${client.escapeIdentifier(template)}` : '';
    try {
        await client.query(`create database ${database} owner ${database}${from}`);
        return true;
    }
    catch (error) {
        const code = codeOf(error);
        if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION)
            return false;
        const undo = `${roleCreated ? `Role "${name}" was created` : `Role "${name}" got a new password`}; \`mode: teardown\` with the same \`preview-database\` removes it.`;
        if (template && code === OBJECT_IN_USE) {
            throw new PreviewError(`Template database "${template}" is in use: Postgres copies a template only while nobody else is connected to it (${(0,errors/* errorMessage */.gJ)(error)}). Close the sessions on "${template}" (an app, a seeding job, psql), or mark it with \`ALTER DATABASE "${template}" WITH ALLOW_CONNECTIONS false\` once seeded, then rerun. ${undo}`);
        }
        if (template && code === NO_SUCH_DATABASE) {
            throw new PreviewError(`Template database "${template}" does not exist: create and seed it first, or check \`preview-template\`. ${undo}`);
        }
        throw failure(`creating database "${name}"`, error, undo);
    }
}
/**
 * A copy keeps the template's owners: hand the schemas, tables, views, sequences and functions of the new database
 * to the preview role, so its migrations can alter them. Runs inside the new database; names go through format('%I').
 */
async function handOverObjects(admin, name) {
    await withClient(admin, async (client) => {
        await client.query(`do $$
declare
  target text := ${client.escapeLiteral(name)};
  item record;
begin
  for item in select n.nspname from pg_namespace n
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' loop
    execute format('alter schema %I owner to %I', item.nspname, target);
  end loop;
  -- Tables, views, materialized views, foreign tables, and sequences no column owns (those follow their table).
  for item in select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
        and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) loop
    execute format('alter %s %I.%I owner to %I',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' when 'S' then 'sequence' else 'table' end,
      item.nspname, item.relname, target);
  end loop;
  for item in select p.oid::regprocedure as signature, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') loop
    execute format('alter %s %s owner to %I', case item.prokind when 'p' then 'procedure' else 'function' end, item.signature, target);
  end loop;
end $$`);
    }, name).catch(error => {
        throw failure(`handing the copied objects of "${name}" to its role`, error, `Database "${name}" was created from the template; \`mode: teardown\` removes it.`);
    });
}
/**
 * Drops the preview database and role: its sessions are ended first. A database or role already gone is fine,
 * so a teardown can run again. Never touches a database or role that is not the preview's own.
 */
async function dropPreview(admin, name) {
    return withClient(admin, async (client) => {
        const identifier = client.escapeIdentifier(name);
        const { roleExists, databaseExists } = await checkOwnership(client, name, 'drop');
        const terminated = await client.query('select pg_terminate_backend(pid) from pg_stat_activity where (datname = $1 or usename = $1) and pid <> pg_backend_pid()', [name]);
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
                throw new PreviewError(`${dropped}role "${name}" still owns objects or holds privileges in other databases (${(0,errors/* errorMessage */.gJ)(error)}). In each of them run \`REASSIGN OWNED BY "${name}" TO postgres; DROP OWNED BY "${name}";\`, then rerun the teardown.`);
            }
            throw failure(`dropping role "${name}"`, error, dropped ? `${dropped}rerun the teardown to drop the role.` : undefined);
        }
        return { droppedDatabase: databaseExists, droppedRole: roleExists, terminatedSessions: terminated.rowCount ?? 0 };
    }, undefined, name);
}
function failure(what, error, undo) {
    const code = codeOf(error);
    return new PreviewError(`Failed ${what}: ${(0,errors/* errorMessage */.gJ)(error)}${code ? ` (SQLSTATE ${code})` : ''}.${undo ? ` ${undo}` : ''}`);
}


/***/ }),

/***/ 7952:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   GI: () => (/* binding */ writeTeardownSummary),
/* harmony export */   Jn: () => (/* binding */ writeStoppedSummary),
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   fe: () => (/* binding */ appendSummary),
/* harmony export */   n0: () => (/* binding */ setOutputs),
/* harmony export */   z: () => (/* binding */ setTeardownOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6058);
/* harmony import */ var _pure_report_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1230);
/* harmony import */ var _teardown_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9028);
// The effects of reporting: outputs set on the runner and summaries appended to GITHUB_STEP_SUMMARY. What they say is
// decided in report.ts and teardown.ts.



function setAll(outputs) {
    for (const [name, value] of Object.entries(outputs))
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value);
}
/** Appends HTML to the job summary. */
async function appendSummary(html) {
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw(html).write();
}
function setOutputs(report) {
    setAll((0,_pure_report_js__WEBPACK_IMPORTED_MODULE_1__/* .runOutputs */ .MR)(report));
}
function writeSummary(report) {
    return appendSummary((0,_pure_report_js__WEBPACK_IMPORTED_MODULE_1__/* .runSummary */ .KL)(report));
}
function writeStoppedSummary(app, message) {
    return appendSummary((0,_pure_report_js__WEBPACK_IMPORTED_MODULE_1__/* .stoppedSummary */ .k2)(app, message));
}
function setTeardownOutputs(report, flyctlVersion, dryRun) {
    setAll((0,_teardown_js__WEBPACK_IMPORTED_MODULE_2__/* .teardownOutputs */ .fv)(report, flyctlVersion, dryRun));
}
function writeTeardownSummary(app, report, dryRun, failure) {
    return appendSummary((0,_teardown_js__WEBPACK_IMPORTED_MODULE_2__/* .teardownSummary */ .DO)(app, report, dryRun, failure));
}


/***/ }),

/***/ 9028:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DO: () => (/* binding */ teardownSummary),
/* harmony export */   H6: () => (/* binding */ describeTeardownInterruption),
/* harmony export */   UC: () => (/* binding */ planTeardown),
/* harmony export */   Wu: () => (/* binding */ describeTeardown),
/* harmony export */   ck: () => (/* binding */ runTeardown),
/* harmony export */   fv: () => (/* binding */ teardownOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6058);
/* harmony import */ var _pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5248);
/* harmony import */ var _pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4906);
/* harmony import */ var _pure_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9971);
/* harmony import */ var _preview_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(311);
// `mode: teardown`: drop a preview database and its role, and (with `release-ips`) release the public IPs.
// Reads the cluster like an exposing run, but never deploys, never allocates, and never touches another database.





/** Public addresses only: the Flycast `private_v6` (and egress addresses) stay, or the app loses its private reach. */
const PUBLIC_TYPES = ['v4', 'shared_v4', 'v6'];
function planTeardown(inputs, state) {
    return {
        previewDatabase: inputs.previewDatabase,
        release: inputs.releaseIps ? state.ips.filter(ip => PUBLIC_TYPES.includes(ip.Type)) : [],
        reachable: state.ips.some(ip => PUBLIC_TYPES.includes(ip.Type))
    };
}
function describeTeardown(plan, inputs) {
    const lines = [];
    if (plan.previewDatabase)
        lines.push(`end the sessions of "${plan.previewDatabase}", drop database "${plan.previewDatabase}" and role "${plan.previewDatabase}" (a missing one is fine)`);
    if (inputs.releaseIps) {
        lines.push(plan.release.length > 0
            ? `release public IPs ${plan.release.map(ip => `${ip.Address} (${ip.Type})`).join(', ')}; the private Flycast address stays`
            : 'no public IPs to release: the cluster is private already');
    }
    lines.push('no deploy, no restart, no allocation');
    return lines;
}
/** Drops first (it needs the public address to connect), then releases. `verify` proves the admin can connect. */
async function runTeardown(fly, inputs, plan, verify, report) {
    if (plan.previewDatabase) {
        // The drop goes through the public address; without one the TLS check would only wait out verify-timeout.
        if (!plan.reachable) {
            throw new Error(`App "${inputs.app}" has no public IP, so the teardown cannot reach Postgres to drop "${plan.previewDatabase}". Nothing was changed. Drop it from inside Fly (\`fly pg connect -a ${inputs.app}\`, then DROP DATABASE "${plan.previewDatabase}" WITH (FORCE); DROP ROLE "${plan.previewDatabase}";), or expose the cluster first.`);
        }
        await verify();
        report.dropped = await (0,_preview_js__WEBPACK_IMPORTED_MODULE_3__/* .dropPreview */ .sr)(inputs, plan.previewDatabase);
        const { droppedDatabase, droppedRole, terminatedSessions } = report.dropped;
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`database "${plan.previewDatabase}": ${droppedDatabase ? 'dropped' : 'already gone'}; role: ${droppedRole ? 'dropped' : 'already gone'}; sessions ended: ${terminatedSessions}`);
    }
    for (const ip of plan.release) {
        try {
            await fly.run(['ips', 'release', ip.Address, '-a', inputs.app]);
        }
        catch (error) {
            if (/Could not find IP address/i.test((0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error))) {
                _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${ip.Address} was released already (by another run).`);
                continue;
            }
            const done = [
                ...(report.dropped ? [`database and role "${plan.previewDatabase}" were dropped`] : []),
                ...(report.released.length > 0 ? [`released ${report.released.join(', ')}`] : [])
            ];
            throw new Error(`${(0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .asSentence */ .KG)((0,_pure_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error))} ${done.length > 0 ? `Already done: ${done.join('; ')}. ` : ''}Rerun the teardown to release the rest (see \`fly ips list -a ${inputs.app}\`).`);
        }
        report.released.push(ip.Address);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`released ${ip.Address} (${ip.Type})`);
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
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.databaseName]: name,
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.username]: name,
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.created]: 'false',
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.releasedIps]: report.released.join(' '),
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.changed]: String(!dryRun && (Boolean(report.dropped?.droppedDatabase || report.dropped?.droppedRole) || report.released.length > 0)),
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.deployed]: 'false',
        [_pure_outputs_js__WEBPACK_IMPORTED_MODULE_1__/* .OUTPUTS */ .p.flyctlVersion]: flyctlVersion
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
    return (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__/* .heading */ .R_)(title, 2) + (failure ? (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__/* .failureParagraph */ .P5)(failure) : '') + (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__/* .resultTable */ .AD)(rows.map(([what, result]) => [(0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__/* .textHtml */ .Zr)(what), (0,_pure_summary_html_js__WEBPACK_IMPORTED_MODULE_2__/* .textHtml */ .Zr)(result)]));
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7621);
/* harmony import */ var _effects_ephemeral_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(489);
// Entry point of the bundled action (dist/index.js): the main step, or the post step action.yml declares.


await ((0,_effects_ephemeral_js__WEBPACK_IMPORTED_MODULE_1__/* .isPostStep */ .pq)() ? (0,_effects_ephemeral_js__WEBPACK_IMPORTED_MODULE_1__/* .releaseEphemeral */ .fd)() : (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 7621:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __nccwpck_require__(6058);
// EXTERNAL MODULE: ./src/effects/inputs.ts
var effects_inputs = __nccwpck_require__(5181);
// EXTERNAL MODULE: ./src/effects/install.ts
var install = __nccwpck_require__(5109);
// EXTERNAL MODULE: ./src/effects/flyctl.ts + 1 modules
var effects_flyctl = __nccwpck_require__(426);
;// CONCATENATED MODULE: ./src/effects/cluster.ts
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

// EXTERNAL MODULE: ./src/pure/plan.ts + 1 modules
var pure_plan = __nccwpck_require__(6378);
// EXTERNAL MODULE: ./src/pure/errors.ts
var errors = __nccwpck_require__(9971);
// EXTERNAL MODULE: ./src/pure/retry.ts
var retry = __nccwpck_require__(2316);
;// CONCATENATED MODULE: ./src/effects/ips.ts
// Allocates the public IPs the plan asks for, both at once; then converges with runs that did the same meanwhile
// (its wait runs while the deploy and the TLS check do).





const ALLOCATION_ATTEMPTS = 3;
const TYPE_OF = { dedicated: 'v4', shared: 'shared_v4', v6: 'v6' };
class AllocationError extends Error {
    name = 'AllocationError';
}
async function allocateMissingIps(fly, app, plan, sleep = retry/* realSleep */.u, onAllocated = () => undefined) {
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
        throw new AllocationError(`${(0,errors/* asSentence */.KG)((0,errors/* errorMessage */.gJ)(ipv4.reason))} Allocating the IPv6 failed too: ${(0,errors/* errorMessage */.gJ)(ipv6.reason)}`);
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
async function settleFreshAddresses(fly, app, plan, listed, listedAt, sleep = retry/* realSleep */.u, now = Date.now) {
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
    return Object.fromEntries(used.map(([field, type, address]) => [field, (0,pure_plan/* keeperOf */.yD)(again, type)?.Address ?? address]));
}
/**
 * Waits out the creation second of every fresh address, then keeps the one all runs keep: those this run just
 * allocated (it releases its own duplicate) and a concurrent run's seconds-old ones. Both wait at once.
 */
async function settleAddresses(fly, app, plan, ips, read, sleep = retry/* realSleep */.u) {
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
async function convergeWithConcurrentRuns(fly, app, plan, ips, sleep = retry/* realSleep */.u) {
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
        const keeper = (0,pure_plan/* keeperOf */.yD)(listed, mine.type);
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
                message: `Another run allocated ${keeper.Address} first, and releasing this run's duplicate ${mine.address} failed (${(0,errors/* errorMessage */.gJ)(error)}). Release it with \`fly ips release ${mine.address} -a ${app}\`${mine.type === 'v4' ? ': a dedicated IPv4 is billed while allocated' : ''}.`
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
            const { stdout } = await fly.run(allocateArgs(app, kind), {
                timeoutMs: effects_flyctl/* DEADLINES */.YE.callMs,
                mayHaveChanged: `The ${kind} IP may have been allocated anyway`
            });
            return addressIn(stdout, kind);
        }
        catch (error) {
            if (!(0,effects_flyctl/* isTransientFlyError */.AV)(error) || attempt >= ALLOCATION_ATTEMPTS)
                throw error;
            await sleep(500 * attempt);
            const ips = await listIps(fly, app);
            const allocated = ips.find(ip => ip.Type === TYPE_OF[kind]);
            if (allocated) {
                core/* info */.pq(`The ${kind} IP allocation reported an error but went through: ${allocated.Address}`);
                unsure.add(allocated.Address);
                return allocated.Address;
            }
            core/* info */.pq(`Allocating the ${kind} IP failed (${(0,errors/* errorMessage */.gJ)(error)}); none was allocated, trying again.`);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
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

// EXTERNAL MODULE: ./src/pure/pg-tls-service.ts
var pg_tls_service = __nccwpck_require__(7939);
;// CONCATENATED MODULE: ./src/pure/fly-config.ts
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
    if (!services.some(service => (0,pg_tls_service/* servesPgTlsOn */.Qx)(service, request.port))) {
        desired.services = [...withoutPort(services, request.port, changes), pgTlsService(request.port)];
        changes.push(`added [[services]] ${request.port} -> ${pg_tls_service/* POSTGRES_PORT */.KG} with handlers ["pg_tls"]`);
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
        internal_port: pg_tls_service/* POSTGRES_PORT */.KG,
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
            `  internal_port = ${pg_tls_service/* POSTGRES_PORT */.KG}`,
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

;// CONCATENATED MODULE: ./src/effects/config.ts
// Gets the app's fly.toml (saved from Fly, or the user's file), patches it, and writes it where deploy will read it.






async function prepareConfig(fly, request, members) {
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
    const file = external_node_path_.join(dir, 'fly.toml');
    external_node_fs_.writeFileSync(file, patched.text);
    for (const change of patched.changes)
        core/* info */.pq(`fly.toml: ${change}`);
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
        return { text: external_node_fs_.readFileSync(request.configPath, 'utf8'), source: `The \`config\` file ${request.configPath}` };
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
        if (!(error instanceof effects_flyctl/* FlyctlTimeoutError */.Wq))
            throw error;
        core/* info */.pq(`${(0,errors/* errorMessage */.gJ)(error)} Trying once more.`);
        return save();
    });
    return { text: external_node_fs_.readFileSync(external_node_path_.join(dir, 'fly.toml'), 'utf8'), source: `The config saved from Fly for "${request.app}"` };
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
        if (!(error instanceof effects_flyctl/* FlyctlError */.v2) || error instanceof effects_flyctl/* FlyctlInterruptedError */.p5)
            throw error;
        if (error instanceof effects_flyctl/* FlyctlTimeoutError */.Wq) {
            throw new DeployError(`The deploy of ${imageRef} to "${app}" did not finish within \`deploy-timeout\` (${timeoutSeconds} s) and flyctl was stopped. Some machines may already run the new config and others not, or still be restarting. Check \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing), with a larger \`deploy-timeout\` if the machines are just slow to start.`);
        }
        // A deploy restarts Postgres: repeating it blindly could restart a struggling cluster again.
        throw new DeployError(`The deploy of ${imageRef} to "${app}" failed (flyctl exit ${error.exitCode}): ${(0,errors/* asSentence */.KG)(error.flyMessage)} It was not retried. Check the machines with \`fly status -a ${app}\` and \`fly machines list -a ${app}\`; once they are healthy, rerun this action (it deploys again only if the pg_tls service is still missing).`);
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
            await fly.run(['machine', 'update', id, '-a', app, '--port', (0,pg_tls_service/* pgTlsPortFlag */.IB)(port), '--yes', '--wait-timeout', String(timeoutSeconds)], {
                streamOutput: true,
                timeoutMs: timeoutSeconds * 1000,
                mayHaveChanged: `It may have updated and restarted member ${id}`
            });
        }
        catch (error) {
            if (!(error instanceof effects_flyctl/* FlyctlError */.v2) || error instanceof effects_flyctl/* FlyctlInterruptedError */.p5)
                throw error;
            const untouched = order.slice(index + 1);
            // Never repeated: the update may have gone through and restarted the member before the health wait failed.
            throw new MachineUpdateError([
                (0,errors/* asSentence */.KG)(`\`fly machine update\` of member ${id} of "${app}" failed (flyctl exit ${error.exitCode}): ${error.flyMessage}`),
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

;// CONCATENATED MODULE: ./src/effects/add-service.ts
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
async function addServiceOnce(fly, request, change) {
    const lacking = await membersLacking(fly, request);
    if (lacking.length === 0) {
        core/* info */.pq(`Another run added the pg_tls service on port ${request.port} meanwhile: nothing to restart.`);
        return 'added by another run';
    }
    try {
        await change(lacking);
        return 'added';
    }
    catch (error) {
        const holder = (0,errors/* errorMessage */.gJ)(error).match(LEASE_HELD)?.[1];
        if (!holder)
            throw error;
        return waitForLeaseHolder(fly, request, holder, error);
    }
}
async function waitForLeaseHolder(fly, request, holder, cause) {
    const { app, port, waitMs } = request;
    const sleep = request.sleep ?? retry/* realSleep */.u;
    const seconds = Math.round(waitMs / 1000);
    core/* info */.pq(`The members are leased by ${holder}: another run is changing them. Waiting up to ${seconds} s for the pg_tls service on port ${port}.`);
    const deadline = Date.now() + waitMs;
    for (let delay = 1000;; delay = Math.min(delay * 2, 5000)) {
        const lacking = await membersLacking(fly, request);
        if (lacking.length === 0) {
            core/* info */.pq(`The pg_tls service on port ${port} is there now, added by the run that held the lease: this run restarts nothing.`);
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
    const line = (0,errors/* errorMessage */.gJ)(cause).match(/failed to (?:acquire leases|obtain lease):.*?lease currently held by [^\s,]+(?:, expires at \S+?Z)?/)?.[0];
    return line ? ` flyctl said: ${line}.` : '';
}
async function membersLacking(fly, request) {
    const machines = (await fly.json(['machines', 'list', '-a', request.app])) ?? [];
    return request.memberIds.filter(id => {
        const machine = machines.find(m => m.id === id);
        return machine !== undefined && !(0,pure_plan/* servesPgTls */.Fo)(machine, request.port);
    });
}

// EXTERNAL MODULE: ./src/effects/ephemeral.ts
var ephemeral = __nccwpck_require__(489);
// EXTERNAL MODULE: ./src/pure/exposure.ts
var exposure = __nccwpck_require__(5093);
;// CONCATENATED MODULE: ./src/pure/weak-points.ts
const MIN_PASSWORD_LENGTH = 16;
/** How to get a least-privilege role today (one place, so the advice can grow with the action). */
const LEAST_PRIVILEGE_ADVICE = "create a role with only the rights the job needs (`fly pg connect -a <app>`, then `CREATE ROLE app_ci LOGIN PASSWORD ...` and GRANTs), or give `preview-database` to have the action make one, and pass that role's URL instead";
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
/** Why a password is weak, or undefined when it is not (checked before any change: it needs no connection). */
function passwordWeakness(password) {
    if (COMMON_PASSWORDS.has(password.toLowerCase()))
        return 'is a common password, among the first an attacker tries';
    if (password.length < MIN_PASSWORD_LENGTH)
        return `is shorter than ${MIN_PASSWORD_LENGTH} characters`;
    return undefined;
}
function weakPasswordWarning(user, password) {
    const weakness = passwordWeakness(password);
    return (weakness &&
        `The password of role "${user}" ${weakness}, and the database is now reachable from the internet: use a long random password (e.g. \`openssl rand -base64 32\`).`);
}
/** Warnings from what the verified connection showed. */
function connectionWarnings(user, facts, tlsVersion) {
    const warnings = [];
    if (facts.superuser) {
        warnings.push(`The URL logs in as "${user}", a superuser, over the internet: whoever gets this URL owns the whole cluster. Prefer a least-privilege role: ${LEAST_PRIVILEGE_ADVICE}.`);
    }
    if (facts.authentication === 'md5' || facts.passwordEncryption === 'md5') {
        const what = facts.authentication === 'md5' ? `role "${user}"'s password is stored as md5` : 'the server stores new passwords as md5 (`password_encryption`)';
        warnings.push(`On this server ${what}, a hash weaker than SCRAM-SHA-256: set \`password_encryption = scram-sha-256\` and set the password again (\`\\password ${user}\` in psql).`);
    }
    if (/^TLSv1(\.[01])?$/.test(tlsVersion) || tlsVersion === 'SSLv3') {
        warnings.push(`The connection negotiated ${tlsVersion}, older than TLS 1.2: check the proxy in front of the database.`);
    }
    return warnings;
}

// EXTERNAL MODULE: ./src/effects/pg-loader.ts
var pg_loader = __nccwpck_require__(193);
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
/** How long closing a connection may take before its socket is destroyed (a server that never answers). */
const CLOSE_MS = 1_000;
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
        const { value, attempts } = await (0,retry/* retryWithBackoff */.Z)(remainingMs => connectOnce(request, remainingMs), isTransient, {
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
    const { Client } = await (0,pg_loader/* loadPg */.Q)();
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
        await closeWithin(client, CLOSE_MS);
    }
}
/** Ends the session politely, or destroys the socket when the server does not answer the goodbye. */
async function closeWithin(client, ms) {
    let timer;
    const late = new Promise(resolve => (timer = setTimeout(() => resolve('late'), ms)));
    const ended = await Promise.race([
        client.end().then(() => 'ended', () => 'ended'),
        late
    ]);
    clearTimeout(timer);
    if (ended === 'late')
        streamOf(client).destroy();
}
/** The client's socket (pg keeps it on its connection; its types leave it out). */
function streamOf(client) {
    return client.connection.stream;
}
function codeOf(error) {
    return String(error?.code ?? '');
}
function isTransient(error) {
    if (TRANSIENT_CODES.has(codeOf(error)))
        return true;
    return error instanceof Error && TRANSIENT_MESSAGES.test(error.message) && !CERTIFICATE_CODES.test(codeOf(error));
}
/** One message per failure a user can meet, naming what to do next. */
function explain(error, request) {
    const where = `${request.host}:${request.port}`;
    const code = codeOf(error);
    const message = (0,errors/* errorMessage */.gJ)(error);
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

// EXTERNAL MODULE: ./src/pure/url.ts
var pure_url = __nccwpck_require__(9475);
// EXTERNAL MODULE: ./src/effects/preview.ts + 1 modules
var preview = __nccwpck_require__(311);
;// CONCATENATED MODULE: ./src/effects/preview-step.ts
// The preview step of an exposing run: mask a fresh password, create or reuse the preview, prove its URL works.



/** Creates or reuses the preview; `verify` logs in with the new credentials, so the URL output is known to work. */
async function openPreview(inputs, name, verify) {
    const password = (0,preview/* generatePassword */.bk)();
    const credentials = { user: name, password, database: name };
    const internal = new URL(inputs.internalUrl.href);
    internal.username = encodeURIComponent(name);
    internal.password = password;
    internal.pathname = `/${encodeURIComponent(name)}`;
    const url = (0,pure_url/* externalUrl */.z)(internal, inputs.host, inputs.port, inputs.sslmode);
    // Masked before the password reaches Postgres or any line of the log.
    for (const secret of [...(0,pure_url/* passwordForms */.pX)(password), url])
        core/* setSecret */.Pq(secret);
    const { created, roleCreated } = await (0,preview/* ensurePreview */.NA)(inputs, name, password, inputs.previewTemplate, () => verify(credentials));
    core/* info */.pq(`database "${name}": ${created ? (inputs.previewTemplate ? `created from "${inputs.previewTemplate}"` : 'created') : 'reused'}; role "${name}": ${roleCreated ? 'created' : 'reused with a new password'}; logged in as "${name}"`);
    return { name, password, created, url };
}

// EXTERNAL MODULE: ./src/effects/teardown.ts
var teardown = __nccwpck_require__(9028);
// EXTERNAL MODULE: ./src/pure/report.ts
var pure_report = __nccwpck_require__(1230);
// EXTERNAL MODULE: ./src/effects/report-writer.ts
var report_writer = __nccwpck_require__(7952);
;// CONCATENATED MODULE: ./src/main.ts
// The action, one stage a line: inputs -> flyctl -> state -> plan -> apply -> verify -> report.






















/** A weak point found with `strict: true`: an error instead of a warning. */
class StrictError extends Error {
    name = 'StrictError';
}
/** The stage running now, named when a cancelled job says where it stopped. */
let currentStage = 'Read inputs';
async function run() {
    let cleanupTemp = () => undefined;
    let app = '<app>';
    let report;
    let interrupted;
    let teardownReport;
    let early;
    // Waiting out the creation second of fresh public IPs runs beside the deploy and the TLS check.
    let settling;
    // A cancelled job gets SIGINT, then SIGTERM: pass it on to flyctl, stop it outright if it lingers, say what had
    // changed, and leave no temporary config behind. A second signal means no more waiting.
    const onSignal = (signal) => {
        if (interrupted)
            return (0,effects_flyctl/* killAllFlyctl */.Sb)();
        interrupted = signal;
        void (0,effects_flyctl/* stopAllFlyctl */.Ag)(signal)
            .then(async () => {
            cleanupTemp();
            const message = teardownReport
                ? (0,teardown/* describeTeardownInterruption */.H6)(signal, currentStage, app, teardownReport)
                : [(0,pure_report/* describeInterruption */.Nr)(signal, currentStage, app, report), ...previewInterrupted(currentStage, report)].join(' ');
            core/* setFailed */.C1(message);
            if (process.env.GITHUB_STEP_SUMMARY) {
                await (report ? (0,report_writer/* writeSummary */.Sy)({ ...report, failure: message }) : (0,report_writer/* writeStoppedSummary */.Jn)(app, message)).catch(() => undefined);
            }
        })
            .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // Last resort (an uncaught error, process.exit): no flyctl outlives the action.
    process.once('exit', effects_flyctl/* killAllFlyctl */.Sb);
    // The same bundle runs again as the post step: this tells it so (it releases only what `ephemeral` recorded).
    (0,ephemeral/* markMainStep */.BV)();
    try {
        const inputs = (0,effects_inputs/* readInputs */.Ko)(name => core/* getInput */.V4(name), core/* setSecret */.Pq, process.env);
        app = inputs.app;
        const flyctl = await stage('Install flyctl', () => (0,install/* installFlyctl */.Ew)(inputs.flyctlVersion, (0,install/* releaseSources */.sn)(process.env)));
        const fly = (0,effects_flyctl/* createFlyctl */.pV)(flyctl.binPath, inputs.token, process.env.RUNNER_TEMP);
        cleanupTemp = fly.cleanup;
        if (inputs.mode === 'teardown')
            return await main_teardown(fly, inputs, flyctl.version, started => (teardownReport = started));
        const reading = stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
        // The TLS check needs only the inputs: one quiet attempt starts beside the reads (which are already spawned).
        early = inputs.dryRun ? undefined : startEarlyCheck(inputs);
        const state = await reading;
        const plan = (0,pure_plan/* planExposure */.Lc)(inputs, state);
        // Its result stands only when nothing on Fly changes; otherwise the check runs again after the change.
        if (!(0,pure_plan/* isNoop */.X5)(plan))
            early?.abandon();
        const members = state.machines.filter(machine => plan.members.some(member => member.id === machine.id));
        // Judged before any change: the password needs no connection.
        const weakPassword = weakPasswordWarning(inputs.credentials.user, inputs.credentials.password);
        await stage('Plan', async () => {
            for (const line of (0,pure_report/* describePlan */.df)(plan, inputs.port))
                core/* info */.pq(line);
            const planned = {
                ipv4: plan.existing.ipv4 ?? (plan.allocate.ipv4 ? `a new ${plan.allocate.ipv4} IPv4` : undefined),
                ipv6: plan.existing.ipv6 ?? (plan.allocate.ipv6 ? 'a new IPv6' : undefined)
            };
            for (const line of (0,exposure/* describeExposure */.B)((0,exposure/* publicExposure */.f)(members, plan, planned, inputs.port)))
                core/* info */.pq(line);
            for (const warning of plan.warnings)
                core/* warning */.$e(warning);
            if (weakPassword && !inputs.strict)
                core/* warning */.$e(weakPassword);
            if (inputs.previewDatabase) {
                core/* info */.pq(`preview: create database and role "${inputs.previewDatabase}"${inputs.previewTemplate ? ` from template "${inputs.previewTemplate}"` : ''}, or reuse them with a new password`);
            }
        });
        report = {
            app: inputs.app,
            host: inputs.host,
            port: inputs.port,
            flyctlVersion: flyctl.version,
            plan,
            dryRun: inputs.dryRun,
            deployed: false,
            updatedMembers: [],
            configChanges: [],
            weakPoints: weakPassword ? [weakPassword] : []
        };
        if (weakPassword && inputs.strict)
            throw new StrictError(`\`strict: true\`: ${weakPassword} Nothing was changed.`);
        if (inputs.dryRun) {
            core/* info */.pq('dry-run: nothing was changed.');
            return await finish(report);
        }
        if (inputs.configPath && plan.method === 'machines')
            core/* warning */.$e('`config` is not used with `method: machines`: no fly.toml is deployed.');
        // Prepare (and check) the config before any write, so a config that is unsafe to deploy changes nothing.
        const memberIds = members.map(member => member.id);
        const deploying = plan.deploy.needed && plan.method === 'deploy';
        const config = deploying ? await stage('Prepare fly.toml', () => prepareConfig(fly, inputs, members)) : undefined;
        const running = report;
        if (plan.allocate.ipv4 || plan.allocate.ipv6) {
            // Filled in as each address is allocated, so an interruption can name what was already allocated.
            running.ips = { ...plan.existing, ...(plan.allocate.ipv4 ? { ipv4: undefined } : {}), ...(plan.allocate.ipv6 ? { ipv6: undefined } : {}) };
            // Each address is recorded as soon as it exists, so a failed or cancelled run still releases it when ephemeral.
            const mine = [];
            running.ips = await stage('Allocate public IPs', () => allocateMissingIps(fly, inputs.app, plan, undefined, (family, address, surelyOurs) => {
                running.ips = { ...running.ips, [family]: address };
                if (inputs.ephemeral && address && surelyOurs) {
                    mine.push(address);
                    (0,ephemeral/* rememberForRelease */.Wr)(inputs.app, mine);
                    // So a failure or a cancel says the post step releases it, not that it stays.
                    running.ephemeral = [...mine];
                }
            }));
        }
        else {
            running.ips = plan.existing;
        }
        // An address allocated a moment ago (by this run or a concurrent one) is used only once it is sure to stay.
        const waits = [];
        const timedSleep = (ms) => (waits.push(performance.now() + ms), (0,retry/* realSleep */.u)(ms));
        settling = settleAddresses(fly, inputs.app, plan, running.ips, { ips: state.ips, readAt: state.readAt ?? 0 }, timedSleep).then(settled => {
            running.ips = settled.ips;
            if (inputs.ephemeral) {
                // What this run allocated and keeps (never a concurrent run's address, never one there before).
                running.ephemeral = (0,ephemeral/* addressesToRelease */.dd)(running.ips, { ipv4: Boolean(plan.allocate.ipv4), ipv6: plan.allocate.ipv6 });
                (0,ephemeral/* rememberForRelease */.Wr)(inputs.app, running.ephemeral);
            }
            return settled.notices;
        });
        // Awaited after the TLS check, or by the failure path: never left to reject unheard.
        settling.catch(() => undefined);
        // Another run may add the service meanwhile: change only what still lacks it (`deploy: always` deploys anyway).
        const serviceRequest = { app: inputs.app, port: inputs.port, memberIds, waitMs: inputs.deployTimeoutSeconds * 1000 };
        const addService = (change) => inputs.deploy === 'always' ? change(memberIds).then(() => 'added') : addServiceOnce(fly, serviceRequest, change);
        if (config && plan.image.deployRef) {
            const imageRef = plan.image.deployRef;
            report.serviceOutcome = await stage(`Deploy ${imageRef}`, () => addService(() => {
                running.deployStartedOn = memberIds;
                return deployConfig(fly, inputs.app, config, imageRef, memberIds, inputs.deployTimeoutSeconds);
            }));
            report.deployed = report.serviceOutcome === 'added';
            if (report.deployed)
                report.configChanges = config.changes;
        }
        if (plan.deploy.needed && plan.method === 'machines') {
            const updated = report.updatedMembers;
            report.serviceOutcome = await stage('Update members one at a time', () => addService(lacking => updateMembers(fly, inputs.app, inputs.port, plan, lacking, inputs.deployTimeoutSeconds, id => updated.push(id))));
            report.deployed = updated.length > 0;
        }
        const timing = {
            onRetry: (error, attempt, delay) => core/* info */.pq(`attempt ${attempt}: ${(0,errors/* errorMessage */.gJ)(error)}; retrying in ${delay} ms`)
        };
        // Nothing on Fly changed: the attempt made beside the reads counts (it was the first).
        const checkedEarly = (0,pure_plan/* isNoop */.X5)(plan) ? early : undefined;
        report.connection = await stage(`Verify TLS to ${inputs.host}:${inputs.port}`, () => checkedEarly ? verifyAfterEarlyCheck(checkedEarly, inputs, timing) : verifyTls(inputs, timing));
        core/* info */.pq(`Connected with ${report.connection.tlsVersion} to PostgreSQL ${report.connection.serverVersion}.`);
        await settled(settling, waits, running);
        report.exposure = (0,exposure/* publicExposure */.f)(members, plan, running.ips, inputs.port);
        for (const line of (0,exposure/* describeExposure */.B)(report.exposure))
            core/* info */.pq(line);
        // A preview's role is made least-privilege by the action: the admin being a superuser is then expected.
        const facts = inputs.previewDatabase ? { ...report.connection.facts, superuser: false } : report.connection.facts;
        const weakPoints = connectionWarnings(inputs.credentials.user, facts, report.connection.tlsVersion);
        report.weakPoints = [...(report.weakPoints ?? []), ...weakPoints];
        if (weakPoints.length > 0 && inputs.strict)
            throw new StrictError(`\`strict: true\`: ${weakPoints.join(' ')}`);
        for (const warning of weakPoints)
            core/* warning */.$e(warning);
        report.databaseUrl = (0,pure_url/* externalUrl */.z)(inputs.internalUrl, inputs.host, inputs.port, inputs.sslmode);
        const previewName = inputs.previewDatabase;
        if (previewName) {
            report.preview = await stage(`Preview database ${previewName}`, () => openPreview(inputs, previewName, credentials => verifyTls({ ...inputs, credentials })));
            report.databaseUrl = report.preview.url;
        }
        // Masked already (the inputs registered it; a preview URL when it was made): the runner masks it in later steps too.
        if (inputs.exportEnv)
            core/* exportVariable */.dN(inputs.exportEnv, report.databaseUrl);
        await finish(report);
    }
    catch (error) {
        // A cancelled job: the signal handler says what happened, once.
        if (interrupted)
            return;
        // Its public IPs settled (this run's duplicate released) before the undo notes name them.
        await settling?.catch(() => undefined);
        // After a write, say what this run had changed and how to undo it.
        const message = [(0,errors/* errorMessage */.gJ)(error), ...(report ? (0,pure_report/* undoNotes */.sF)(report) : [])].join(' ');
        core/* setFailed */.C1(message);
        // Once the plan exists, the summary still tells what was found and what had changed before the failure.
        if (report && process.env.GITHUB_STEP_SUMMARY)
            await (0,report_writer/* writeSummary */.Sy)({ ...report, failure: message }).catch(() => undefined);
    }
    finally {
        early?.abandon();
        if (!interrupted) {
            cleanupTemp();
            process.off('SIGTERM', onSignal);
            process.off('SIGINT', onSignal);
        }
    }
}
/** `mode: teardown`: read the cluster, then drop the preview and release the public IPs as asked. Never deploys. */
async function main_teardown(fly, inputs, flyctlVersion, onStart) {
    const state = await stage(`Read ${inputs.app}`, () => readCluster(fly, inputs.app));
    const report = { plan: (0,teardown/* planTeardown */.UC)(inputs, state), released: [] };
    onStart(report);
    await stage('Plan teardown', async () => {
        for (const line of (0,teardown/* describeTeardown */.Wu)(report.plan, inputs))
            core/* info */.pq(line);
    });
    try {
        if (inputs.dryRun)
            core/* info */.pq('dry-run: nothing was changed.');
        else {
            await stage('Tear down', () => (0,teardown/* runTeardown */.ck)(fly, inputs, report.plan, () => verifyTls(inputs), report));
        }
    }
    catch (error) {
        if (process.env.GITHUB_STEP_SUMMARY)
            await (0,report_writer/* writeTeardownSummary */.GI)(inputs.app, report, false, (0,errors/* errorMessage */.gJ)(error)).catch(() => undefined);
        throw error;
    }
    (0,report_writer/* setTeardownOutputs */.z)(report, flyctlVersion, inputs.dryRun);
    if (process.env.GITHUB_STEP_SUMMARY)
        await (0,report_writer/* writeTeardownSummary */.GI)(inputs.app, report, inputs.dryRun);
}
/** A run cancelled while it made the preview: the role and database may exist, or have a new password. */
function previewInterrupted(stage, report) {
    if (!stage.startsWith('Preview database ') || report?.preview)
        return [];
    const name = stage.slice('Preview database '.length);
    return [
        `The preview role and database "${name}" may have been created, or the role given a new password: rerun (it reuses them) or tear them down with \`mode: teardown\`.`
    ];
}
/** Waits for the public IPs to settle, logging what the wait added beyond the stages it ran beside. */
async function settled(settling, waits, report) {
    const settle = async () => {
        const awaitedAt = performance.now();
        for (const notice of await settling)
            (notice.level === 'warning' ? core/* warning */.$e : core/* info */.pq)(notice.message);
        // The benchmark reads this line: the part of the wait that no other stage covered.
        const uncovered = Math.max(0, Math.round(Math.max(...waits) - awaitedAt));
        if (waits.length > 0)
            core/* info */.pq(`[wait] ${uncovered} ms more for the creation second of fresh public IPs to end, so runs allocating at once keep the same ones`);
    };
    // A log section only when there was something to wait for.
    await (waits.length > 0 ? stage('Settle public IPs', settle) : settle());
    if (report.ephemeral)
        core/* info */.pq((0,pure_report/* ephemeralNote */.op)(report.ephemeral));
}
async function finish(report) {
    (0,report_writer/* setOutputs */.n0)(report);
    if (process.env.GITHUB_STEP_SUMMARY)
        await (0,report_writer/* writeSummary */.Sy)(report);
}
/** One log section per stage, closed with how long it took (the benchmark reads these lines). */
async function stage(name, work) {
    const started = performance.now();
    currentStage = name;
    return core/* group */.Os(name, async () => {
        try {
            return await work();
        }
        finally {
            core/* info */.pq(`[time] ${name}: ${Math.round(performance.now() - started)} ms`);
        }
    });
}


/***/ }),

/***/ 9971:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KG: () => (/* binding */ asSentence),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
// Small text helpers: errors as the sentences a workflow log shows, and text made safe for the job summary's HTML.
/** The message of anything thrown. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Ends the text with a full stop unless it already ends a sentence (or a parenthesis). */
function asSentence(text) {
    return /[.!?)]$/.test(text) ? text : `${text}.`;
}
/** Text as the job summary's HTML shows it (the summary is HTML: `<` and `&` in a message must not become markup). */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}


/***/ }),

/***/ 5093:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ describeExposure),
/* harmony export */   f: () => (/* binding */ publicExposure)
/* harmony export */ });
/* harmony import */ var _pg_tls_service_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7939);

// postgres-flex (flyctl flypg/launcher.go): 5432 is HAProxy, which routes to the primary; 5433 is each member's Postgres.
function whatAnswers(internalPort) {
    if (internalPort === _pg_tls_service_js__WEBPACK_IMPORTED_MODULE_0__/* .POSTGRES_PORT */ .KG)
        return 'HAProxy, which routes to the primary';
    if (internalPort === 5433)
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
        ports.set(port, { port, internalPort: _pg_tls_service_js__WEBPACK_IMPORTED_MODULE_0__/* .POSTGRES_PORT */ .KG, handlers: ['pg_tls'], publicBefore: false });
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


/***/ }),

/***/ 5248:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ OUTPUTS)
/* harmony export */ });
// The action's outputs by the names action.yml declares (docs.test.ts checks the two list the same ones).
const OUTPUTS = {
    databaseUrl: 'database-url',
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
    releasedIps: 'released-ips'
};


/***/ }),

/***/ 7939:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IB: () => (/* binding */ pgTlsPortFlag),
/* harmony export */   KG: () => (/* binding */ POSTGRES_PORT),
/* harmony export */   Qx: () => (/* binding */ servesPgTlsOn)
/* harmony export */ });
/** The internal port the pg_tls service leads to: postgres-flex's HAProxy, which routes to the primary. */
const POSTGRES_PORT = 5432;
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


/***/ }),

/***/ 6378:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  X5: () => (/* binding */ isNoop),
  yD: () => (/* binding */ keeperOf),
  Lc: () => (/* binding */ planExposure),
  Fo: () => (/* binding */ servesPgTls)
});

// UNUSED EXPORTS: FLEX_REPOSITORIES, PlanError, majorOf

;// CONCATENATED MODULE: ./src/pure/members.ts
// fly-go machine_types.go: the reserved process groups `fly deploy` never deploys to.
const CONSOLE_GROUP = 'fly_app_console';
const RELEASE_COMMAND_GROUP = 'fly_app_release_command';
function sortMachines(machines) {
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

// EXTERNAL MODULE: ./src/pure/pg-tls-service.ts
var pg_tls_service = __nccwpck_require__(7939);
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
    const { members, others } = sortMachines(state.machines);
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
    return (machine.config?.services ?? []).some(service => (0,pg_tls_service/* servesPgTlsOn */.Qx)(service, port));
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


/***/ }),

/***/ 1230:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KL: () => (/* binding */ runSummary),
/* harmony export */   MR: () => (/* binding */ runOutputs),
/* harmony export */   Nr: () => (/* binding */ describeInterruption),
/* harmony export */   df: () => (/* binding */ describePlan),
/* harmony export */   k2: () => (/* binding */ stoppedSummary),
/* harmony export */   op: () => (/* binding */ ephemeralNote),
/* harmony export */   sF: () => (/* binding */ undoNotes)
/* harmony export */ });
/* harmony import */ var _outputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5248);
/* harmony import */ var _summary_html_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4906);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9971);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(6378);
/* harmony import */ var _pg_tls_service_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7939);
/* harmony import */ var _exposure_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(5093);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(9475);
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
        lines.push(`fly machine update --port ${(0,_pg_tls_service_js__WEBPACK_IMPORTED_MODULE_2__/* .pgTlsPortFlag */ .IB)(port)} on ${count} member(s), one at a time, replicas first and the primary last (${deploy.reason}): each restarts once and keeps its image`);
    }
    for (const member of plan.members)
        lines.push(`  member ${member.id} (${member.role ?? 'role unknown'}): ${memberChange(member)}`);
    for (const other of plan.others)
        lines.push(`  leave alone: ${other.kind} machine ${other.id} (not a Postgres member)`);
    if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .isNoop */ .X5)(plan))
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
        ...(report.databaseUrl ? { [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.databaseUrl]: report.databaseUrl } : {}),
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.host]: report.host,
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.port]: String(report.port),
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.ipv4]: ips?.ipv4 ?? plan.existing.ipv4 ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.ipv6]: ips?.ipv6 ?? plan.existing.ipv6 ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.image]: report.deployed && plan.method === 'deploy' ? (plan.image.deployRef ?? plan.image.running) : plan.image.running,
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.postgresVersion]: connection?.serverVersion ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.tlsVersion]: connection?.tlsVersion ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.deployed]: String(report.deployed),
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.changed]: String(!report.dryRun && !(0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .isNoop */ .X5)(plan)),
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.flyctlVersion]: report.flyctlVersion,
        // A preview's outputs describe its own role and database, never the admin's (the password was masked when made).
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.databaseName]: report.preview?.name ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.username]: report.preview?.name ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.password]: report.preview?.password ?? '',
        [_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.created]: String(report.preview?.created ?? false)
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
        ...(report.preview
            ? [['Preview database', `${report.preview.name} (${report.preview.created ? 'created' : 'reused, new password'})`]]
            : [])
    ];
    return [
        (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .heading */ .R_)(title, 2),
        report.failure ? (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .failureParagraph */ .P5)(report.failure) : '',
        (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .resultTable */ .AD)(rows.map(([what, result]) => [what, (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)(result)])),
        report.configChanges.length > 0 ? (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)(report.configChanges.map(_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)) : '',
        report.databaseUrl
            ? (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .paragraph */ .FY)(`DATABASE_URL: <code>${(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeHtml */ .ZD)((0,_url_js__WEBPACK_IMPORTED_MODULE_5__/* .redactedUrl */ .cQ)(report.databaseUrl))}</code> (output <code>${_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .OUTPUTS */ .p.databaseUrl}</code>)`)
            : '',
        ...plan.warnings.map(warning => (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .paragraph */ .FY)(`⚠️ ${(0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)(warning)}`)),
        report.exposure ? (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .paragraph */ .FY)('<strong>What is public</strong>') + (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .list */ .p_)((0,_exposure_js__WEBPACK_IMPORTED_MODULE_6__/* .describeExposure */ .B)(report.exposure).map(_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)) : '',
        ...(report.weakPoints ?? []).map(weakPoint => (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .paragraph */ .FY)(`⚠️ ${(0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)(weakPoint)}`)),
        report.ephemeral ? (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .paragraph */ .FY)(`⏳ ${(0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .textHtml */ .Zr)(ephemeralNote(report.ephemeral))}`) : ''
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
    return (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .heading */ .R_)(`fly-pg-expose: stopped for ${app}`, 2) + (0,_summary_html_js__WEBPACK_IMPORTED_MODULE_1__/* .failureParagraph */ .P5)(message);
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
    return [`Stopped by ${signal} during "${stage}": flyctl was stopped and no flyctl is left running; temporary files were removed.`, ...changes].join(' ');
}
/** What an `ephemeral` run leaves when the job ends. */
function ephemeralNote(addresses) {
    const released = addresses.length > 0
        ? `${addresses.join(' and ')} (allocated by this run) will be released when the job ends`
        : 'This run allocated no address, so none will be released';
    return `Ephemeral: ${released}; addresses that were there before stay. A pg_tls service added to the machines stays too (removing it would restart them again).`;
}


/***/ }),

/***/ 2316:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ retryWithBackoff),
/* harmony export */   u: () => (/* binding */ realSleep)
/* harmony export */ });
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


/***/ }),

/***/ 4906:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ resultTable),
/* harmony export */   FY: () => (/* binding */ paragraph),
/* harmony export */   P5: () => (/* binding */ failureParagraph),
/* harmony export */   R_: () => (/* binding */ heading),
/* harmony export */   Zr: () => (/* binding */ textHtml),
/* harmony export */   p_: () => (/* binding */ list)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9971);
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
    return wrap('p', html) + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL;
}
function list(items) {
    return wrap('ul', items.map(item => wrap('li', item)).join('')) + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL;
}
/** The two-column table every summary has: what was looked at, and what came of it. */
function resultTable(rows) {
    const header = wrap('tr', wrap('th', 'What') + wrap('th', 'Result'));
    return wrap('table', header + rows.map(cells => wrap('tr', cells.map(cell => wrap('td', cell)).join(''))).join('')) + node_os__WEBPACK_IMPORTED_MODULE_0__.EOL;
}
/**
 * Our messages as summary HTML: escaped, with their `code` spans as <code> (GitHub renders no markdown inside an
 * HTML block, so backticks would show as they are).
 */
function textHtml(text) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeHtml */ .ZD)(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}
/** The line a failed or stopped run opens its summary with. */
function failureParagraph(message) {
    return paragraph(`❌ ${textHtml(message)}`);
}


/***/ }),

/***/ 9475:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PT: () => (/* binding */ DatabaseUrlError),
/* harmony export */   cQ: () => (/* binding */ redactedUrl),
/* harmony export */   gT: () => (/* binding */ urlFromCredentials),
/* harmony export */   mx: () => (/* binding */ parseDatabaseUrl),
/* harmony export */   pX: () => (/* binding */ passwordForms),
/* harmony export */   z: () => (/* binding */ externalUrl)
/* harmony export */ });
// Connection strings: parse the internal one, build the external one, list every form a secret can take.
/** A database-url that cannot be read; inputs.ts reports it as an InputError with the same message. */
class DatabaseUrlError extends Error {
    name = 'DatabaseUrlError';
}
/**
 * Reads user, password and database from an internal URL such as
 * `postgres://postgres:pw@my-db.flycast:5432/postgres`. Never echoes the URL: it holds a password.
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
    return { url, credentials };
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
/** The internal URL with only host, port and sslmode changed: user, password, database and other parameters stay. */
function externalUrl(internal, host, port, sslmode) {
    const url = new URL(internal.href);
    url.hostname = host;
    url.port = String(port);
    url.searchParams.set('sslmode', sslmode);
    return url.href;
}
/** The URL as the job summary shows it: the password replaced by `***`. */
function redactedUrl(url) {
    const copy = new URL(url);
    if (copy.password)
        copy.password = '***';
    return copy.href;
}
/** Every spelling of a password that could reach a log: raw, as the URL holds it, and fully encoded. */
function passwordForms(password, asInUrl) {
    const forms = new Set([password, encodeURIComponent(password), encodeURI(password)]);
    if (asInUrl)
        forms.add(asInUrl);
    return [...forms].filter(form => form.length > 0);
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

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

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
  Gu: () => (/* binding */ getState),
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

// UNUSED EXPORTS: ExitCode, endGroup, error, getBooleanInput, getIDToken, getMultilineInput, markdownSummary, notice, platform, setCommandEcho, startGroup, toPlatformPath, toPosixPath, toWin32Path

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
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
