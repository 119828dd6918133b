'use strict';
// The Flow Service + IMS emulator, out of process, plus what a test needs from it: its journal (to prove "no API
// call" / "exactly one PATCH"), a reset, fault injection, and a direct Flow Service client for changing things
// behind the plugin's back (drift, deletion, stale etags).
const fs = require('node:fs');
const { Child } = require('./child');
const paths = require('./paths');

const CREDENTIALS = Object.freeze({
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  orgId: 'EMULATOR00000000000000000@AdobeOrg',
  sandboxName: 'prod',
});
const FLOW_PREFIX = 'data/foundation/flowservice';

/** @param {{args?: string[], clientSecret?: string, timeoutMs?: number}} [opts] clientSecret: the one the IMS accepts */
async function startEmulator({ args = [], clientSecret, timeoutMs = 60_000 } = {}) {
  let command, argv;
  if (fs.existsSync(paths.emulatorDll)) {
    command = 'dotnet';
    argv = [paths.emulatorDll, '--urls', 'http://127.0.0.1:0', ...args];
  } else {
    throw new Error(`emulator not built at ${paths.emulatorDll}. Build it first: ` +
      '`dotnet build src/Provisioner.Emulator -c Release` (npm test does this in its pretest step), or set AEP_EMULATOR_DLL');
  }
  const child = new Child('emulator', command, argv, {
    cwd: paths.repoRoot,
    // The emulator takes its client secret from the environment only, never from the command line.
    env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', ...(clientSecret ? { EMULATOR_CLIENT_SECRET: clientSecret } : {}) },
  });
  const m = await child.waitFor('"Now listening on:" line',
    () => /Now listening on:\s*(http:\/\/127\.0\.0\.1:\d+)/.exec(child.stdout + child.stderr), timeoutMs);
  return new Emulator(child, m[1] + '/', { ...CREDENTIALS, ...(clientSecret ? { clientSecret } : {}) });
}

class Emulator {
  constructor(child, baseUrl, credentials) {
    this.child = child;
    this.baseUrl = baseUrl; // gateway root, ends with '/'
    this.flowUrl = baseUrl + FLOW_PREFIX;
    this.credentials = Object.freeze(credentials);
    this._token = null;
  }

  async _admin(method, path, body) {
    const res = await fetch(this.baseUrl + '_emulator/' + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator admin ${method} ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Requests the emulator served, oldest first, as {method, path, status}; admin calls are not API calls. */
  async journal() {
    const raw = await this._admin('GET', 'journal');
    return raw.entries
      .map((e) => ({ method: e.method.toUpperCase(), path: e.path, status: e.status, fault: e.fault ?? null }))
      .filter((e) => !e.path.startsWith('/_emulator'));
  }
  clearJournal() { return this._admin('DELETE', 'journal'); }
  reset() { return this._admin('POST', 'reset'); }
  /** Rules as the emulator's admin API takes them: {kind: status|latency|drop, status, latencyMs, count, method, path}. */
  setFaults(body) { return this._admin('POST', 'faults', body); }
  clearFaults() { return this._admin('DELETE', 'faults'); }
  /** Makes GET /connections/{id}/test answer {"result": false} for this connection (until reset). */
  rejectCredentials(connectionId) { return this._admin('POST', `connections/${encodeURIComponent(connectionId)}/credentials/reject`); }

  /** Every connection the service holds (admin view, secrets masked), to count leaks and duplicates. */
  async allConnections() { return (await this._admin('GET', 'connections')).items; }
  /** Every source connection, target connection and flow (admin view, each with its `kind`: the route's name). */
  async allResources() { return (await this._admin('GET', 'resources')).items; }

  /** Runs fn and returns [its result, the API calls it caused]. The journal is cleared first. */
  async observe(fn) {
    await this.clearJournal();
    const result = await fn();
    return [result, await this.journal()];
  }

  // ---- a direct client, standing in for "someone else changed it in the AEP UI" ----

  async token() {
    if (this._token) return this._token;
    const res = await fetch(this.baseUrl + 'ims/token/v3', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret,
        scope: 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext',
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new Error(`emulator IMS token → ${res.status}: ${await res.text()}`);
    this._token = (await res.json()).access_token;
    return this._token;
  }

  async flow(method, path, { body, headers = {}, sandbox = this.credentials.sandboxName } = {}) {
    const res = await fetch(`${this.flowUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token()}`,
        'x-api-key': this.credentials.clientId,
        'x-gw-ims-org-id': this.credentials.orgId,
        'x-sandbox-name': sandbox,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? safeJson(text) : undefined };
  }

  /** The live connection, or null when the API says 404. */
  async getConnection(id) {
    const r = await this.flow('GET', `/connections/${id}`);
    if (r.status === 404) return null;
    if (r.status !== 200) throw new Error(`GET connection ${id} → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.items[0];
  }

  /** The live connection, failing clearly if the service has none. */
  async mustGetConnection(id) {
    const c = await this.getConnection(id);
    if (!c) throw new Error(`connection ${JSON.stringify(id)} does not exist in the service`);
    return c;
  }

  async createConnection(body) {
    const r = await this.flow('POST', '/connections', { body });
    if (r.status !== 201 && r.status !== 200) throw new Error(`POST connection → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body; // {id, etag}
  }

  /** A JSON Patch behind the plugin's back, with the current etag; returns the new etag. */
  async patchConnection(id, ops) {
    const current = await this.getConnection(id);
    if (!current) throw new Error(`cannot patch connection ${id} behind the plugin's back: the service has no such connection`);
    const r = await this.flow('PATCH', `/connections/${id}`, { body: ops, headers: { 'if-match': current.etag } });
    if (r.status !== 200) throw new Error(`PATCH connection ${id} → ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.etag;
  }

  async deleteConnection(id) {
    const r = await this.flow('DELETE', `/connections/${id}`);
    if (![200, 202, 204].includes(r.status)) throw new Error(`DELETE connection ${id} → ${r.status}: ${JSON.stringify(r.body)}`);
  }

  stop() { return this.child.stop('SIGTERM'); }
}

function safeJson(text) { try { return JSON.parse(text); } catch { return text; } }

/** Journal entries that change something in the Flow Service (IMS token exchanges are not writes). */
const writes = (calls) => calls.filter((c) => c.method !== 'GET' && c.method !== 'HEAD' && c.path.includes('/flowservice'));

module.exports = { startEmulator, Emulator, CREDENTIALS, writes };
