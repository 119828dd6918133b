'use strict';
// Plays the engine's side of each RPC: builds requests the way the engine fills them (protocol reference §3, §4,
// §8) from plain JS property maps, and hands back plain JS results. Tests speak in property maps, not protobuf.
const crypto = require('node:crypto');
const path = require('node:path');
const { pb, pluginpb, Empty } = require('./stubs');
const { toStruct, fromStruct, secret, isSecret } = require('./props');
const { urnFor } = require('./plugin');
const paths = require('./paths');

const PKG = 'aep';
const CONNECTION = 'aep:flowservice:BaseConnection';
const PROVIDER_TYPE = `pulumi:providers:${PKG}`;
const PROVIDER_URN = urnFor(PROVIDER_TYPE, 'default');
const PLUGIN_VERSION_HINT = '0.1.0';
// Keys a user sets with `pulumi config set --secret`; the engine re-marks exactly these as secret in Configure.args.
const SECRET_CONFIG_KEYS = ['clientSecret', 'accessToken'];

const DIFF_CHANGES = Object.fromEntries(Object.entries(pb.DiffResponse.DiffChanges).map(([k, v]) => [v, k]));
const DIFF_KINDS = Object.fromEntries(Object.entries(pb.PropertyDiff.Kind).map(([k, v]) => [v, k]));

class Driver {
  constructor(plugin) { this.plugin = plugin; }

  async handshake(engineAddress) {
    const dir = path.dirname(paths.pluginBinary);
    const req = new pb.ProviderHandshakeRequest();
    req.setEngineAddress(engineAddress);
    req.setRootDirectory(dir);
    req.setProgramDirectory(paths.repoRoot);
    req.setConfigureWithUrn(true);
    req.setSupportsRefreshBeforeUpdate(true);
    req.setInvokeWithPreview(true);
    const r = await this.plugin.call('handshake', req);
    return { acceptSecrets: r.getAcceptSecrets(), acceptResources: r.getAcceptResources(), acceptOutputs: r.getAcceptOutputs() };
  }

  async attach(address) {
    const req = new pluginpb.PluginAttach();
    req.setAddress(address);
    await this.plugin.call('attach', req);
  }

  async getPluginInfo() { return (await this.plugin.call('getPluginInfo', new Empty())).getVersion(); }

  async getSchema() {
    const req = new pb.GetSchemaRequest();
    req.setVersion(0);
    return JSON.parse((await this.plugin.call('getSchema', req)).getSchema());
  }

  /** CheckConfig as the default provider gets it: bare keys, secrets PLAIN, plus `version`. */
  async checkConfig(config, olds = {}) {
    const req = new pb.CheckRequest();
    req.setUrn(PROVIDER_URN);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct({ ...config, version: PLUGIN_VERSION_HINT }));
    req.setName('default');
    req.setType(PROVIDER_TYPE);
    return checkResult(await this.plugin.call('checkConfig', req));
  }

  /** DiffConfig as the engine sends it when the provider already exists in state (old state vs new checked config). */
  async diffConfig(oldConfig, newConfig) {
    return this.diff({ method: 'diffConfig', name: 'default', id: '5ee1a1e0-0000-4000-8000-000000000001', olds: oldConfig, news: newConfig, oldInputs: oldConfig, type: PROVIDER_TYPE, urn: PROVIDER_URN });
  }

  /** Configure with what CheckConfig returned; the user's secret keys re-wrapped in args, plain in variables. */
  async configure(checkedConfig, { userSecretKeys = SECRET_CONFIG_KEYS, preview = false } = {}) {
    const req = configureRequest(checkedConfig, userSecretKeys, preview);
    const r = await this.plugin.call('configure', req);
    return { acceptSecrets: r.getAcceptsecrets(), supportsPreview: r.getSupportspreview(), acceptResources: r.getAcceptresources(), acceptOutputs: r.getAcceptoutputs() };
  }

  configureRequest(checkedConfig, userSecretKeys = SECRET_CONFIG_KEYS) { return configureRequest(checkedConfig, userSecretKeys, false); }

  /** CheckConfig then Configure, failing loudly on CheckConfig failures. Returns the checked config. */
  async configureProvider(config) {
    const checked = await this.checkConfig(config);
    if (checked.failures.length) throw new Error(`CheckConfig failures: ${JSON.stringify(checked.failures)}`);
    await this.configure(checked.inputs);
    return checked.inputs;
  }

  async check({ name, olds = {}, news, type = CONNECTION }) {
    const req = new pb.CheckRequest();
    req.setUrn(urnFor(type, name));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setRandomseed(crypto.randomBytes(32));
    req.setName(name);
    req.setType(type);
    return checkResult(await this.plugin.call('check', req));
  }

  async diff({ name, id, olds, news, oldInputs, ignoreChanges = [], type = CONNECTION, method = 'diff', urn }) {
    const req = new pb.DiffRequest();
    req.setId(id);
    req.setUrn(urn ?? urnFor(type, name));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setIgnorechangesList(ignoreChanges);
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    req.setName(name);
    req.setType(type);
    const r = await this.plugin.call(method, req);
    const detailedDiff = {};
    r.getDetaileddiffMap().forEach((v, k) => { detailedDiff[k] = { kind: DIFF_KINDS[v.getKind()], inputDiff: v.getInputdiff() }; });
    return {
      changes: DIFF_CHANGES[r.getChanges()], diffs: r.getDiffsList(), replaces: r.getReplacesList(), stables: r.getStablesList(),
      deleteBeforeReplace: r.getDeletebeforereplace(), hasDetailedDiff: r.getHasdetaileddiff(), detailedDiff,
    };
  }

  /** `timeoutMs` bounds the RPC (the harness's deadline); `timeout` is the engine's customTimeouts value in seconds. */
  async create({ name, inputs, preview = false, timeout = 0, type = CONNECTION, timeoutMs }) {
    const req = new pb.CreateRequest();
    req.setUrn(urnFor(type, name));
    req.setProperties(toStruct(inputs));
    req.setTimeout(timeout);
    req.setPreview(preview);
    req.setName(name);
    req.setType(type);
    const r = await this.plugin.call('create', req, { timeoutMs });
    return { id: r.getId(), outputs: fromStruct(r.getProperties()) ?? {} };
  }

  /** Refresh when `properties`/`inputs` are given; import (only the id) when they are not. */
  async read({ name, id, properties, inputs, type = CONNECTION }) {
    const req = new pb.ReadRequest();
    req.setId(id);
    req.setUrn(urnFor(type, name));
    if (properties) req.setProperties(toStruct(properties));
    if (inputs) req.setInputs(toStruct(inputs));
    req.setName(name);
    req.setType(type);
    const r = await this.plugin.call('read', req);
    return { id: r.getId(), hasProperties: r.hasProperties(), outputs: fromStruct(r.getProperties()), inputs: fromStruct(r.getInputs()) };
  }

  async update({ name, id, olds, news, oldInputs, preview = false, timeout = 0, ignoreChanges = [], type = CONNECTION }) {
    const req = new pb.UpdateRequest();
    req.setId(id);
    req.setUrn(urnFor(type, name));
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    req.setTimeout(timeout);
    req.setIgnorechangesList(ignoreChanges);
    req.setPreview(preview);
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    req.setName(name);
    req.setType(type);
    const r = await this.plugin.call('update', req);
    return { outputs: fromStruct(r.getProperties()) ?? {} };
  }

  async delete({ name, id, outputs, oldInputs, timeout = 0, type = CONNECTION }) {
    const req = new pb.DeleteRequest();
    req.setId(id);
    req.setUrn(urnFor(type, name));
    req.setProperties(toStruct(outputs));
    req.setTimeout(timeout);
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    req.setName(name);
    req.setType(type);
    await this.plugin.call('delete', req);
  }

  async invoke(tok, args, { preview = false } = {}) {
    const req = new pb.InvokeRequest();
    req.setTok(tok);
    req.setArgs(toStruct(args));
    req.setPreview(preview);
    const r = await this.plugin.call('invoke', req);
    return { result: fromStruct(r.getReturn()), failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
  }

  cancel(opts) { return this.plugin.call('cancel', new Empty(), opts); }
}

function checkResult(r) {
  return { inputs: fromStruct(r.getInputs()) ?? {}, failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })) };
}

function configureRequest(checkedConfig, userSecretKeys, preview) {
  const args = {};
  for (const [k, v] of Object.entries(checkedConfig)) args[k] = userSecretKeys.includes(k) && !isSecret(v) ? secret(v) : v;
  const req = new pb.ConfigureRequest();
  const vars = req.getVariablesMap();
  for (const [k, v] of Object.entries(checkedConfig)) {
    if (k === 'version') continue; // the engine leaves `version` out of variables
    const plain = isSecret(v) ? v.value : v;
    vars.set(`${PKG}:config:${k}`, typeof plain === 'string' ? plain : JSON.stringify(plain));
  }
  req.setArgs(toStruct(args));
  req.setAcceptsecrets(true);
  req.setAcceptresources(true);
  req.setSendsOldInputs(true);
  req.setSendsOldInputsToDelete(true);
  req.setId(preview ? '04da6b54-80e4-46f7-96ec-b56ff0331ba9' : crypto.randomUUID());
  req.setUrn(PROVIDER_URN);
  req.setName('default');
  req.setType(PROVIDER_TYPE);
  return req;
}

module.exports = { Driver, PKG, CONNECTION, PROVIDER_URN, SECRET_CONFIG_KEYS, DIFF_CHANGES, DIFF_KINDS };
