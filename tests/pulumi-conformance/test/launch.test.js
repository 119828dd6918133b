'use strict';
// Launch and handshake exactly as the engine does (protocol reference §4 steps 1–5, §5).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const paths = require('../lib/paths');
const { launchPlugin } = require('../lib/plugin');
const { startFakeEngine } = require('../lib/engine');
const { Driver } = require('../lib/driver');
const { pb } = require('../lib/stubs');
const { grpc } = require('../lib/stubs');

const SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Launch with a fake engine; both are torn down after the test whatever happens. */
async function launched(t, opts = {}) {
  const engine = await startFakeEngine();
  t.after(() => engine.stop());
  const plugin = await launchPlugin({ engineAddress: opts.noAddress ? undefined : engine.address, ...opts });
  t.after(() => plugin.close());
  return { engine, plugin, driver: new Driver(plugin) };
}

describe('launch', () => {
  test('the published plugin exists (publish it first: dotnet publish src/Provisioner.PulumiProvider -c Release -o bin)', () => {
    assert.ok(fs.existsSync(paths.pluginBinary),
      `${paths.pluginBinary} is missing. Publish it first: \`dotnet publish src/Provisioner.PulumiProvider -c Release -o bin\``);
    paths.requirePluginBinary();
  });

  test('stdout carries only "<port>\\n"; Handshake, GetPluginInfo and GetSchema answer', async (t) => {
    const { engine, plugin, driver } = await launched(t);
    const hs = await driver.handshake(engine.address);
    assert.equal(hs.acceptSecrets, true, 'the plugin re-wraps secrets itself, so it must accept them');
    assert.match(await driver.getPluginInfo(), SEMVER, 'GetPluginInfo returns a semver version');
    const schema = await driver.getSchema();
    assert.equal(schema.name, 'aep');
    assert.ok(schema.resources['aep:flowservice:BaseConnection'], 'the schema declares aep:flowservice:BaseConnection');
    const exit = await plugin.close();
    assert.equal(plugin.stdoutAfterPort, '', 'nothing may follow the port line on stdout (it goes to the CLI\'s logs)');
    assert.ok(exit.code === 0 || exit.signal === 'SIGINT', `SIGINT should end the plugin cleanly, got ${JSON.stringify(exit)}; stderr:\n${plugin.stderr.slice(-2000)}`);
    assert.doesNotMatch(plugin.stderr, /Unhandled exception/i);
  });

  test('the engine address is the last argument; --logtostderr, -v=N and --tracing X are ignored', async (t) => {
    const engine = await startFakeEngine();
    t.after(() => engine.stop());
    const plugin = await launchPlugin({ engineAddress: engine.address, flags: ['--logtostderr', '-v=9', '--tracing', '127.0.0.1:9'] });
    t.after(() => plugin.close());
    const driver = new Driver(plugin);
    await driver.handshake(engine.address);
    assert.match(await driver.getPluginInfo(), SEMVER);
  });

  test('attach mode: starts with no arguments, then takes the engine address from Handshake / Attach', async (t) => {
    const { engine, plugin, driver } = await launched(t, { noAddress: true, flags: [] });
    await driver.handshake(engine.address);
    await driver.attach(engine.address);
    assert.match(await driver.getPluginInfo(), SEMVER);
    assert.equal(plugin.stdoutAfterPort, '');
  });

  test('RPCs the plugin does not offer answer UNIMPLEMENTED, and the plugin keeps serving', async (t) => {
    const { plugin, driver } = await launched(t);
    const err = await plugin.callExpectingError('parameterize', new pb.ParameterizeRequest());
    assert.equal(err.code, grpc.status.UNIMPLEMENTED, `Parameterize: ${err.codeName} ${err.message}`);
    assert.match(await driver.getPluginInfo(), SEMVER);
  });

  test('Cancel is acknowledged, and SIGINT then ends the process', async (t) => {
    const { plugin, driver } = await launched(t);
    await driver.cancel();
    const exit = await plugin.child.stop('SIGINT', 10_000);
    assert.ok(exit.code === 0 || exit.signal === 'SIGINT', `exit after SIGINT: ${JSON.stringify(exit)}`);
  });
});
