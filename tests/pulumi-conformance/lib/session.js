'use strict';
// One engine-eye view of the world per test: an emulator (shared by a test file), a fake engine, a freshly launched
// plugin that has been through Handshake → GetPluginInfo → CheckConfig → Configure, and teardown that always runs.
const { after } = require('node:test');
const { startEmulator } = require('./emulator');
const { startFakeEngine } = require('./engine');
const { launchPlugin } = require('./plugin');
const { Driver } = require('./driver');
const { secret } = require('./props');

const MIXPANEL_SPEC = Object.freeze({ id: 'fd2c8ff3-1de0-4f6b-8fa8-4264784870eb', version: '1.0' });

/** Provider config pointing at the emulator (what Pulumi.local.yaml holds). */
function emulatorConfig(emulator, overrides = {}) {
  const root = emulator.baseUrl.replace(/\/$/, '');
  const c = emulator.credentials;
  return { endpoint: root, imsEndpoint: root, clientId: c.clientId, clientSecret: c.clientSecret, orgId: c.orgId, sandboxName: c.sandboxName, ...overrides };
}

/**
 * The seed's Mixpanel base connection as a Pulumi YAML program would send it: the password comes from secret config,
 * so it is secret-wrapped; with `wrapParams` the whole params object is (the schema marks auth.params secret).
 */
function mixpanelInputs({ name, description, password = 'mixpanel-password', username = 'mixpanel-user', wrapParams = false } = {}) {
  const params = { host: 'https://data.mixpanel.com', username, password: secret(password) };
  const inputs = {
    name: name ?? `conformance-${Math.random().toString(36).slice(2, 10)}`,
    connectionSpec: { ...MIXPANEL_SPEC },
    auth: { specName: 'Basic Authentication', params: wrapParams ? secret(params) : params },
  };
  if (description !== undefined) inputs.description = description;
  return inputs;
}

/**
 * Registers file-level hooks: one emulator per test file. Returns an object whose `session(t, opts)` launches a
 * plugin for test `t` and registers its teardown on `t`, so processes die even when the test fails.
 */
function useWorld({ emulatorArgs = [], clientSecret } = {}) {
  // Started by the first test that needs it (not in a `before` hook: a failing hook only *cancels* the tests, and
  // the suite must count every test that cannot run as failed).
  const world = { emulator: null, _starting: null };
  world.start = async () => {
    world._starting ??= startEmulator({ args: emulatorArgs, clientSecret });
    world.emulator = await world._starting;
    return world.emulator;
  };
  after(async () => {
    const e = await world._starting?.catch(() => null);
    if (e) await e.stop();
  });

  world.session = async (t, { configure = true, config = {}, env = {}, engine: withEngine = true, flags } = {}) => {
    await world.start();
    const engine = withEngine ? await startFakeEngine() : null;
    let plugin;
    try {
      plugin = await launchPlugin({ engineAddress: engine?.address ?? '127.0.0.1:1', env, flags });
    } catch (e) {
      if (engine) await engine.stop();
      throw e;
    }
    const s = { emulator: world.emulator, engine, plugin, driver: new Driver(plugin), config: null, closed: false };
    s.close = async () => {
      if (s.closed) return s.exit;
      s.closed = true;
      s.exit = await plugin.close();
      if (engine) await engine.stop();
      return s.exit;
    };
    t.after(() => s.close());
    await s.driver.handshake(engine?.address ?? '127.0.0.1:1');
    await s.driver.getPluginInfo();
    if (configure) s.config = await s.driver.configureProvider(emulatorConfig(world.emulator, config));
    return s;
  };
  return world;
}

module.exports = { useWorld, emulatorConfig, mixpanelInputs, MIXPANEL_SPEC };
