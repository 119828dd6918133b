'use strict';
// Launch bin/pulumi-resource-aep the way the engine does (protocol reference §5): argv is
// [--logtostderr] [-v=N] <engine-address>, stdout must carry exactly "<port>\n", then dial 127.0.0.1:<port>.
// Every response and every error is recorded, so tests (and the canary scan) can look at all of it afterwards.
const { Child } = require('./child');
const paths = require('./paths');
const { grpc, pb, providerGrpc, Empty } = require('./stubs');
const { fromStruct } = require('./props');
const { describeError } = require('./grpc-errors');

const DEFAULT_CALL_TIMEOUT_MS = 60_000;
const URN_PREFIX = 'urn:pulumi:conformance::aep-conformance::';

/** The environment the engine gives a plugin, without any ambient AEP_* settings that would hide config bugs. */
function pluginEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AEP_') && !k.startsWith('PULUMI_')));
  return { ...env, PULUMI_PROJECT: 'aep-conformance', DOTNET_NOLOGO: '1', ...extra };
}

async function launchPlugin({ engineAddress, flags = ['--logtostderr', '-v=9'], env = {}, startTimeoutMs = 30_000 } = {}) {
  const bin = paths.requirePluginBinary();
  const args = engineAddress ? [...flags, engineAddress] : [...flags];
  const child = new Child('pulumi-resource-aep', bin, args, { cwd: paths.repoRoot, env: pluginEnv(env) });
  let port;
  try {
    const line = await child.waitFor('port line on stdout', () => {
      const nl = child.stdout.indexOf('\n');
      return nl >= 0 ? child.stdout.slice(0, nl) : null;
    }, startTimeoutMs);
    // The engine trims whitespace and parses an int 1..65535; anything else before it breaks startup.
    if (!/^\s*\d+\s*$/.test(line)) throw new Error(`plugin stdout did not start with a port line; got ${JSON.stringify(line)}`);
    port = parseInt(line.trim(), 10);
    if (!(port >= 1 && port <= 65535)) throw new Error(`port ${port} out of range`);
  } catch (e) {
    await child.stop('SIGKILL');
    throw e;
  }
  const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(),
    { 'grpc.max_receive_message_length': 400 * 1024 * 1024 });
  return new Plugin(child, client, port);
}

class Plugin {
  constructor(child, client, port) {
    this.child = child;
    this.client = client;
    this.port = port;
    this.calls = [];  // {method, request: JS summary, response: JS summary} for every successful call
    this.errors = []; // describeError() of every failed call, plus the method
  }

  get stderr() { return this.child.stderr; }
  /** Whatever the plugin wrote to stdout after its port line (must stay empty). */
  get stdoutAfterPort() { return this.child.stdout.slice(this.child.stdout.indexOf('\n') + 1); }

  /** A promise for one unary RPC, bounded by a deadline so a hung plugin fails the test instead of hanging it. */
  call(method, request, { timeoutMs = DEFAULT_CALL_TIMEOUT_MS } = {}) {
    const deadline = new Date(Date.now() + timeoutMs);
    return new Promise((resolve, reject) => {
      this.client[method](request, new grpc.Metadata(), { deadline }, (err, resp) => {
        if (err) {
          const info = { method, ...describeError(err) };
          this.errors.push(info);
          const e = new Error(`${method} failed with ${info.codeName}: ${info.message}`);
          e.rpc = info;
          reject(e);
          return;
        }
        this.calls.push({ method, response: summarize(method, resp) });
        resolve(resp);
      });
    });
  }

  /** Calls `method` expecting a failure; returns describeError() of it. */
  async callExpectingError(method, request, opts) {
    try {
      await this.call(method, request, opts);
    } catch (e) {
      if (e.rpc) return e.rpc;
      throw e;
    }
    throw new Error(`${method} succeeded but a failure was expected`);
  }

  /** The engine's shutdown: Cancel (5 s budget), close the connection, SIGINT, SIGKILL after 5 s. */
  async close() {
    if (!this.child.exit) {
      try { await this.call('cancel', new Empty(), { timeoutMs: 5000 }); } catch { /* a dead plugin is reported by its test */ }
    }
    this.client.close();
    return this.child.stop('SIGINT', 5000);
  }
}

/** The property values a response carries, as plain JS (for secret and canary checks). */
function summarize(method, r) {
  switch (method) {
    case 'check': case 'checkConfig':
      return { inputs: fromStruct(r.getInputs()), failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    case 'create': return { id: r.getId(), properties: fromStruct(r.getProperties()) };
    case 'read': return { id: r.getId(), properties: fromStruct(r.getProperties()), inputs: fromStruct(r.getInputs()) };
    case 'update': return { properties: fromStruct(r.getProperties()) };
    case 'invoke': return { return: fromStruct(r.getReturn()), failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
    case 'diff': return r.toObject();
    case 'getSchema': return { schema: r.getSchema() };
    default: return r && typeof r.toObject === 'function' ? r.toObject() : {};
  }
}

const urnFor = (type, name) => `${URN_PREFIX}${type}::${name}`;

module.exports = { launchPlugin, Plugin, urnFor, pluginEnv, pb };
