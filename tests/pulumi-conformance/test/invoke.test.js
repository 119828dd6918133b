'use strict';
// Functions a program calls (Invoke): aep:flowservice:getConnectionSpec, exploreRoot and testConnection.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { useWorld, mixpanelInputs, MIXPANEL_SPEC } = require('../lib/session');
const { writes } = require('../lib/emulator');
const A = require('../lib/assertions');

/** All arrays of objects anywhere in v (explore answers are lists of {type, name, ...}). */
function arraysOfObjects(v, out = []) {
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) out.push(v);
    v.forEach((x) => arraysOfObjects(x, out));
  } else if (v && typeof v === 'object') Object.values(v).forEach((x) => arraysOfObjects(x, out));
  return out;
}

/**
 * Creates a Mixpanel base connection named `name`, then invokes `fn` on it while watching the emulator: the answer
 * carries no failures, nothing is written, the plugin called the service path `endpoint` matches, and the result
 * matches the outputs the schema declares for `fn`. Returns the connection made and the result.
 */
async function invokeOnNewConnection(s, name, fn, endpoint) {
  const token = `aep:flowservice:${fn}`;
  const c = await s.driver.check({ name, news: mixpanelInputs() });
  const made = await s.driver.create({ name, inputs: c.inputs });
  const [r, calls] = await s.emulator.observe(() => s.driver.invoke(token, { connectionId: made.id }));
  assert.deepEqual(r.failures, []);
  assert.deepEqual(writes(calls), [], `${fn} writes nothing`);
  assert.ok(calls.some((call) => endpoint.test(call.path)), `the plugin called the ${fn} endpoint: ${JSON.stringify(calls)}`);
  A.assertMatchesDeclared(r.result, (await s.driver.getSchema()).functions[token].outputs, `${fn} result`);
  return { made, result: r.result };
}

describe('Invoke', () => {
  const world = useWorld();

  test('getConnectionSpec returns the Mixpanel spec with its auth specs, and writes nothing', async (t) => {
    const s = await world.session(t);
    const [r, calls] = await s.emulator.observe(() => s.driver.invoke('aep:flowservice:getConnectionSpec', { connectionSpecId: MIXPANEL_SPEC.id }));
    assert.deepEqual(r.failures, []);
    A.assertNoWrites(calls, 'getConnectionSpec');
    const text = JSON.stringify(r.result);
    assert.ok(text.includes(MIXPANEL_SPEC.id), `the result names the spec id: ${text.slice(0, 500)}`);
    assert.ok(text.includes('Basic Authentication'), 'the result lists the auth spec "Basic Authentication"');
    A.assertFullyKnown(r.result, 'Invoke result');
    A.assertMatchesDeclared(r.result, (await s.driver.getSchema()).functions['aep:flowservice:getConnectionSpec'].outputs, 'getConnectionSpec result');
  });

  test('getConnectionSpec of an unknown id fails cleanly (failures or a clear non-INTERNAL error)', async (t) => {
    const s = await world.session(t);
    const unknownId = '00000000-0000-4000-8000-00000000beef';
    try {
      const r = await s.driver.invoke('aep:flowservice:getConnectionSpec', { connectionSpecId: unknownId });
      assert.ok(r.failures.length > 0, `an unknown spec id must not succeed silently: ${JSON.stringify(r)}`);
    } catch (e) {
      if (!e.rpc) throw e;
      A.assertCleanFailure(e.rpc, 'getConnectionSpec of an unknown id');
    }
  });

  test('getConnectionSpec without connectionSpecId reports a failure on that property', async (t) => {
    const s = await world.session(t);
    try {
      const r = await s.driver.invoke('aep:flowservice:getConnectionSpec', {});
      assert.ok(r.failures.some((f) => f.property === 'connectionSpecId'), JSON.stringify(r.failures));
    } catch (e) {
      if (!e.rpc) throw e;
      A.assertCleanFailure(e.rpc, 'getConnectionSpec without args');
      assert.match(e.rpc.message, /connectionSpecId/);
    }
  });

  test('exploreRoot lists the top level of the source behind a base connection', async (t) => {
    const s = await world.session(t);
    const { result } = await invokeOnNewConnection(s, 'explore', 'exploreRoot', /\/connections\/[^/]+\/explore/);
    const lists = arraysOfObjects(result);
    assert.ok(lists.some((l) => l.every((x) => typeof x.name === 'string' && typeof x.type === 'string')),
      `exploreRoot returns a list of {type, name, ...} items: ${JSON.stringify(result).slice(0, 500)}`);
  });

  test('exploreRoot of a connection that does not exist fails cleanly', async (t) => {
    const s = await world.session(t);
    try {
      const r = await s.driver.invoke('aep:flowservice:exploreRoot', { connectionId: '00000000-0000-4000-8000-00000000dead' });
      assert.ok(r.failures.length > 0, `must not succeed: ${JSON.stringify(r)}`);
    } catch (e) {
      if (!e.rpc) throw e;
      A.assertCleanFailure(e.rpc, 'exploreRoot of a missing connection');
    }
  });

  test('testConnection reports ok, then the rejection once the service rejects the credentials, and writes nothing', async (t) => {
    const s = await world.session(t);
    const { made, result: ok } = await invokeOnNewConnection(s, 'tested', 'testConnection', /\/connections\/[^/]+\/test$/);
    assert.equal(ok.result, true);

    await s.emulator.rejectCredentials(made.id);
    const rejected = await s.driver.invoke('aep:flowservice:testConnection', { connectionId: made.id });
    assert.deepEqual(rejected.failures, [], 'a rejected test is a result, not a failure');
    assert.equal(rejected.result.result, false);
    assert.match(rejected.result.message, /^failed: /);
  });
});
