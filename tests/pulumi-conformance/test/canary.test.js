'use strict';
// Secrets never surface: unique canary values go through every call a user's `pulumi up/refresh/import/destroy`
// makes, including failures, and are then searched for everywhere a person or the state file could see them.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { useWorld, emulatorConfig, mixpanelInputs } = require('../lib/session');
const { LifeCycle } = require('../lib/lifecycle');
const { canarySightings } = require('../lib/canary');
const { UNKNOWN } = require('../lib/props');

const canary = (what) => `${what}-canary-${crypto.randomUUID()}`;

describe('canary secrets', () => {
  const world = useWorld();

  test('a unique source password appears nowhere outside a secret wrapper, across the whole lifecycle and its failures', async (t) => {
    const s = await world.session(t);
    const pw1 = canary('pw');
    const pw2 = canary('pw');
    const inputs = mixpanelInputs({ password: pw1, description: 'v1' });
    const rotated = mixpanelInputs({ name: inputs.name, password: pw2, description: 'v2' });
    const wrapped = mixpanelInputs({ name: inputs.name, password: pw2, description: 'v3', wrapParams: true });
    const run = await new LifeCycle(s, {
      name: 'canary',
      create: { inputs },
      updates: [{ inputs }, { inputs: rotated, expect: 'update' }, { inputs: wrapped }],
      destroy: false,
    }).run();
    const st = run.state;
    const d = s.driver;

    // refresh, drift, refresh again, import
    await d.read({ name: 'canary', id: st.id, properties: st.outputs, inputs: st.inputs });
    await s.emulator.patchConnection(st.id, [{ op: 'replace', path: '/description', value: 'drifted' }]);
    const refreshed = await d.read({ name: 'canary', id: st.id, properties: st.outputs, inputs: st.inputs });
    await d.read({ name: 'canary-import', id: st.id });
    await d.invoke('aep:flowservice:exploreRoot', { connectionId: st.id });

    // failure paths: a stale etag, a Check failure next to the secret, unknowns in preview
    await d.update({ name: 'canary', id: st.id, olds: st.outputs, news: { ...st.inputs, description: 'stale' }, oldInputs: st.inputs }).catch(() => {});
    const broken = mixpanelInputs({ password: pw1 });
    delete broken.auth.params.username;
    await d.check({ name: 'canary-bad', news: broken });
    await d.diff({ name: 'canary', id: st.id, olds: refreshed.outputs, news: { ...st.inputs, description: UNKNOWN }, oldInputs: st.inputs });
    await d.delete({ name: 'canary', id: st.id, outputs: refreshed.outputs, oldInputs: st.inputs });

    // A program that sends auth.params wholly plain (no per-value secret): Check's returned inputs, and the inputs a
    // partial failure (ErrorResourceInitFailed) hands back, must still wrap them, or they are stored unencrypted.
    const pw3 = canary('pw');
    const plain = mixpanelInputs({ password: pw3 });
    plain.auth.params.password = pw3;
    const pc = await d.check({ name: 'canary-plain', news: plain });
    await s.emulator.setFaults({ kind: 'status', status: 400, method: 'GET', path: '/connections/*', count: 1 });
    t.after(() => world.emulator.clearFaults());
    const partial = await d.create({ name: 'canary-plain', inputs: pc.inputs }).then(() => null, (e) => e.rpc);
    assert.ok(partial?.details.some((x) => x.type === 'pulumirpc.ErrorResourceInitFailed'), 'the read-back failure is a partial failure');
    await s.close();

    for (const pw of [pw1, pw2, pw3]) assert.deepEqual(canarySightings(s, pw), [], 'the source password leaked');
    assert.equal(s.plugin.stdoutAfterPort, '', 'stdout carries nothing but the port line, even after a whole lifecycle');
  });

  test('a unique client secret appears nowhere: not in CheckConfig output beyond the engine\'s own echo, logs, errors', async (t) => {
    const cs = canary('cs');
    // The engine hands config over in three places: PULUMI_CONFIG at launch, CheckConfig news, Configure args/variables.
    const s = await world.session(t, {
      configure: false,
      env: { PULUMI_CONFIG: JSON.stringify({ ...emulatorConfig(world.emulator), clientSecret: cs }) },
    });
    const checked = await s.driver.checkConfig(emulatorConfig(s.emulator, { clientSecret: cs }));
    // The emulator only accepts its own secret, so this secret is wrong: the failure path is where leaks happen.
    try {
      await s.driver.configure(checked.inputs);
      const c = await s.driver.check({ name: 'cs', news: mixpanelInputs() });
      await s.driver.create({ name: 'cs', inputs: c.inputs });
    } catch (e) {
      if (!e.rpc) throw e;
    }
    assert.ok(s.plugin.errors.length > 0, 'a wrong client secret must make some call fail');
    await s.close();
    // CheckConfig gets the secret plain from the engine, which re-marks `clientSecret` itself (reference §12.2, §12.16).
    const engineEcho = (method, path) => method === 'checkConfig' && path === 'inputs.clientSecret';
    assert.deepEqual(canarySightings(s, cs, engineEcho), [], 'the client secret leaked');
  });
});

describe('canary client secret that the service accepts', () => {
  const clientSecret = canary('cs-valid');
  // An emulator whose IMS accepts exactly this secret, so the secret travels through a whole successful lifecycle.
  const world = useWorld({ clientSecret });

  test('a working client secret appears nowhere across a whole lifecycle (PULUMI_CONFIG, CheckConfig, Configure, CRUD)', async (t) => {
    await world.start();
    const s = await world.session(t, {
      configure: false,
      env: { PULUMI_CONFIG: JSON.stringify(emulatorConfig(world.emulator)) },
    });
    assert.equal(world.emulator.credentials.clientSecret, clientSecret);
    const checked = await s.driver.checkConfig(emulatorConfig(s.emulator));
    assert.deepEqual(checked.failures, []);
    await s.driver.configure(checked.inputs);
    const run = await new LifeCycle(s, {
      name: 'cs-canary',
      // The connection really exists: the canary secret was exchanged for a token and used.
      create: { inputs: mixpanelInputs({ name: 'cs-canary-connection', description: 'a' }), hook: (st) => s.emulator.mustGetConnection(st.id) },
      updates: [{ inputs: mixpanelInputs({ name: 'cs-canary-connection', description: 'b' }), expect: 'update' }],
      destroy: false,
    }).run();
    await s.driver.read({ name: 'cs-canary', id: run.state.id, properties: run.state.outputs, inputs: run.state.inputs });
    await s.driver.invoke('aep:flowservice:getConnectionSpec', { connectionSpecId: run.state.inputs.connectionSpec.id });
    await s.driver.delete({ name: 'cs-canary', id: run.state.id, outputs: run.state.outputs, oldInputs: run.state.inputs });
    await s.close();
    const engineEcho = (method, path) => method === 'checkConfig' && path === 'inputs.clientSecret';
    assert.deepEqual(canarySightings(s, clientSecret, engineEcho), [], 'the client secret leaked');
  });
});
