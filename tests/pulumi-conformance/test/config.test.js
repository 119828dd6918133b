'use strict';
// Provider configuration: CheckConfig → Configure as the engine sends them (protocol reference §3.4, §8, §12).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { useWorld, emulatorConfig, mixpanelInputs } = require('../lib/session');
const { plainOccurrences } = require('../lib/props');
const A = require('../lib/assertions');

const bare = (k) => k.replace(/^aep:(config:)?/, '');

/**
 * The engine shows missing config either as CheckConfig failures or as a Configure error carrying
 * ConfigureErrorMissingKeys. Returns the bare key names reported, whichever way the plugin chose, and the texts.
 */
async function reportedMissingKeys(driver, config) {
  const checked = await driver.checkConfig(config);
  if (checked.failures.length) {
    return { via: 'CheckConfig', keys: checked.failures.map((f) => bare(f.property)), texts: checked.failures.map((f) => f.reason) };
  }
  const err = await A.rpcFailure(driver.configure(checked.inputs));
  A.assertCleanFailure(err, 'Configure with missing keys');
  const detail = err.details.find((d) => d.type === 'pulumirpc.ConfigureErrorMissingKeys');
  assert.ok(detail, `Configure failed without a ConfigureErrorMissingKeys detail: ${JSON.stringify(err)}`);
  return { via: 'Configure', keys: detail.missingKeys.map((k) => bare(k.name)), texts: [err.message, ...detail.missingKeys.map((k) => k.description)] };
}

describe('provider configuration', () => {
  const world = useWorld();

  test('a complete config passes CheckConfig and Configure', async (t) => {
    const s = await world.session(t, { configure: false });
    const checked = await s.driver.checkConfig(emulatorConfig(s.emulator));
    assert.deepEqual(checked.failures, []);
    const r = await s.driver.configure(checked.inputs);
    assert.equal(r.acceptSecrets, true);
    assert.equal(r.supportsPreview, true);
  });

  test('CheckConfig returns the client secret secret-wrapped or as the user sent it, never newly exposed', async (t) => {
    const s = await world.session(t, { configure: false });
    const checked = await s.driver.checkConfig(emulatorConfig(s.emulator, { clientSecret: 'cs-checkconfig-canary' }));
    // The engine sends it plain here and re-marks the user's secret keys itself; anything else must be wrapped.
    const hits = plainOccurrences(checked.inputs, 'cs-checkconfig-canary').filter((p) => p !== 'clientSecret');
    assert.deepEqual(hits, [], 'the client secret appears in CheckConfig output outside clientSecret');
  });

  test('no config at all: every missing key is reported (not a crash), and the plugin keeps serving', async (t) => {
    const s = await world.session(t, { configure: false });
    const { via, keys, texts } = await reportedMissingKeys(s.driver, {});
    // sandboxName may default (AEP's default sandbox is prod); the org and the credentials cannot.
    assert.ok(keys.includes('orgId'), `${via} should report orgId missing; reported ${JSON.stringify(keys)}`);
    assert.ok(keys.includes('clientId') || keys.includes('accessToken'), `${via} should report the missing credentials; reported ${JSON.stringify(keys)}`);
    for (const text of texts) assert.ok(text && text.length > 5, 'each report says something');
    assert.ok(await s.driver.getPluginInfo());
  });

  test('client id without its secret: clientSecret (or accessToken) is reported missing', async (t) => {
    const s = await world.session(t, { configure: false });
    const config = emulatorConfig(s.emulator);
    delete config.clientSecret;
    const { via, keys } = await reportedMissingKeys(s.driver, config);
    assert.ok(keys.includes('clientSecret') || keys.includes('accessToken'), `${via} reported ${JSON.stringify(keys)}`);
    assert.ok(!keys.includes('clientId') && !keys.includes('orgId'), `keys that are set must not be reported: ${JSON.stringify(keys)}`);
  });

  test('AEP_* environment variables stand in for missing config keys', async (t) => {
    const full = () => emulatorConfig(world.emulator);
    const s = await world.session(t, {
      configure: false,
      env: {
        AEP_ENDPOINT: full().endpoint, AEP_IMS_ENDPOINT: full().imsEndpoint, AEP_CLIENT_ID: full().clientId,
        AEP_CLIENT_SECRET: full().clientSecret, AEP_ORG_ID: full().orgId, AEP_SANDBOX_NAME: full().sandboxName,
      },
    });
    const checked = await s.driver.checkConfig({});
    assert.deepEqual(checked.failures, [], 'env fallbacks satisfy CheckConfig');
    // A secret taken from the environment must not land in the provider's state in plain text (reference §12.16).
    assert.deepEqual(plainOccurrences(checked.inputs, full().clientSecret), [], 'AEP_CLIENT_SECRET echoed in plain text by CheckConfig');
    await s.driver.configure(checked.inputs, { userSecretKeys: [] });
    const c = await s.driver.check({ name: 'envconn', news: mixpanelInputs() });
    assert.deepEqual(c.failures, []);
    const made = await s.driver.create({ name: 'envconn', inputs: c.inputs });
    assert.ok(await s.emulator.getConnection(made.id), 'a connection was created with env-only config');
    await s.driver.delete({ name: 'envconn', id: made.id, outputs: made.outputs, oldInputs: c.inputs });
  });

  test('an access token can stand in for client credentials', async (t) => {
    const s = await world.session(t, { configure: false });
    const config = emulatorConfig(s.emulator, { accessToken: await s.emulator.token() });
    delete config.clientSecret;
    const checked = await s.driver.checkConfig(config);
    assert.deepEqual(checked.failures, []);
    await s.driver.configure(checked.inputs);
    const c = await s.driver.check({ name: 'tok', news: mixpanelInputs() });
    const made = await s.driver.create({ name: 'tok', inputs: c.inputs });
    assert.ok(await s.emulator.getConnection(made.id));
    await s.driver.delete({ name: 'tok', id: made.id, outputs: made.outputs, oldInputs: c.inputs });
  });

  test('wrong client secret: a clean error that names the problem and not the secret', async (t) => {
    const s = await world.session(t, { configure: false });
    const wrong = 'cs-wrong-secret-canary-7f3a';
    const checked = await s.driver.checkConfig(emulatorConfig(s.emulator, { clientSecret: wrong }));
    let err;
    try {
      await s.driver.configure(checked.inputs);
      const c = await s.driver.check({ name: 'denied', news: mixpanelInputs() });
      err = await A.rpcFailure(s.driver.create({ name: 'denied', inputs: c.inputs }));
    } catch (e) {
      if (!e.rpc) throw e;
      err = e.rpc;
    }
    A.assertCleanFailure(err, 'wrong client secret');
    assert.match(err.message, /auth|credential|token|IMS|401|403|denied|invalid/i, `say it is an authentication problem: ${err.message}`);
    assert.ok(!err.message.includes(wrong), 'the error message must not carry the client secret');
    assert.ok(!s.plugin.stderr.includes(wrong), 'stderr must not carry the client secret');
    assert.ok(!s.engine.logs.some((l) => l.message.includes(wrong)), 'engine logs must not carry the client secret');
  });

  test('DiffConfig: unchanged config or a rotated client secret never replaces the provider (and so every connection)', async (t) => {
    const s = await world.session(t, { configure: false });
    const before = await s.driver.checkConfig(emulatorConfig(s.emulator));
    const rotated = await s.driver.checkConfig(emulatorConfig(s.emulator, { clientSecret: 'a-rotated-secret' }));
    for (const [what, news] of [['unchanged config', before.inputs], ['a rotated client secret', rotated.inputs]]) {
      let d;
      try {
        d = await s.driver.diffConfig(before.inputs, news);
      } catch (e) {
        // UNIMPLEMENTED is a valid answer: the engine then assumes no replacement.
        if (e.rpc?.codeName === 'UNIMPLEMENTED') return;
        throw e;
      }
      assert.deepEqual(d.replaces, [], `${what} must not replace the provider: ${JSON.stringify(d)}`);
      assert.ok(!Object.values(d.detailedDiff).some((x) => x.kind.endsWith('_REPLACE')), `${what}: no *_REPLACE in detailedDiff`);
      if (what === 'unchanged config') assert.notEqual(d.changes, 'DIFF_SOME', 'unchanged config is not a change');
    }
  });
});
