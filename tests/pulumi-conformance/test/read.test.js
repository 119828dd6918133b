'use strict';
// `pulumi refresh` (Read with state) and `pulumi import` (Read with only an id), protocol reference §4.8–9, §7.4.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { useWorld, mixpanelInputs, MIXPANEL_SPEC } = require('../lib/session');
const { at, reveal } = require('../lib/props');
const A = require('../lib/assertions');

/** Check + Create a seed connection; returns what the engine's state holds for it. */
async function provision(s, name, opts = {}) {
  const checked = await s.driver.check({ name, news: mixpanelInputs(opts) });
  assert.deepEqual(checked.failures, []);
  const made = await s.driver.create({ name, inputs: checked.inputs });
  return { id: made.id, inputs: checked.inputs, outputs: made.outputs };
}

describe('Read: refresh and import', () => {
  const world = useWorld();

  test('refresh of an unchanged connection returns live values, makes no write, and leaves no diff behind', async (t) => {
    const s = await world.session(t);
    const st = await provision(s, 'refresh', { description: 'live', password: 'pw-refresh' });
    const [r, calls] = await s.emulator.observe(() => s.driver.read({ name: 'refresh', id: st.id, properties: st.outputs, inputs: st.inputs }));
    A.assertNoWrites(calls, 'Read');
    assert.equal(r.id, st.id);
    A.assertFullyKnown(r.outputs, 'Read');
    A.assertOutputsMatchInputs(r.outputs, st.inputs, 'Read');
    assert.equal(r.outputs.etag, (await s.emulator.mustGetConnection(st.id)).etag, 'etag is the live one');
    A.assertSecretsWrapped(r.outputs, ['pw-refresh'], 'Read outputs');
    assert.ok(r.inputs, 'Read returns inputs (the plugin always derives them)');
    A.assertSecretsWrapped(r.inputs, ['pw-refresh'], 'Read inputs');

    // No perpetual diff from server-side fields or masked secrets: the next up is DIFF_NONE.
    const d = await s.driver.diff({ name: 'refresh', id: st.id, olds: r.outputs, news: st.inputs, oldInputs: r.inputs });
    assert.equal(d.changes, 'DIFF_NONE', `after a refresh, unchanged inputs must diff to DIFF_NONE: ${JSON.stringify(d)}`);
  });

  test('drift made behind the plugin\'s back is visible after refresh, and the next up corrects it with one PATCH', async (t) => {
    const s = await world.session(t);
    const st = await provision(s, 'drift', { description: 'as declared' });
    await s.emulator.patchConnection(st.id, [{ op: 'replace', path: '/description', value: 'changed in the UI' }]);

    const r = await s.driver.read({ name: 'drift', id: st.id, properties: st.outputs, inputs: st.inputs });
    assert.equal(r.outputs.description, 'changed in the UI', 'refresh shows the live description');
    assert.notEqual(r.outputs.etag, st.outputs.etag, 'refresh picks up the new etag');
    assert.ok(r.inputs, 'Read returns inputs (the plugin always derives them)');
    assert.equal(reveal(r.inputs).description, 'changed in the UI', 'derived inputs follow the live value');

    const d = await s.driver.diff({ name: 'drift', id: st.id, olds: r.outputs, news: st.inputs, oldInputs: r.inputs });
    assert.equal(d.changes, 'DIFF_SOME');
    assert.deepEqual(d.diffs, ['description']);
    const [u, calls] = await s.emulator.observe(() => s.driver.update({ name: 'drift', id: st.id, olds: r.outputs, news: st.inputs, oldInputs: r.inputs }));
    assert.deepEqual(calls.filter((c) => c.method !== 'GET' && c.path.includes('/flowservice')).map((c) => c.method), ['PATCH']);
    assert.equal(u.outputs.description, 'as declared');
    assert.equal((await s.emulator.mustGetConnection(st.id)).description, 'as declared');
  });

  test('refresh of a connection deleted behind the plugin\'s back: empty id, no properties, no error', async (t) => {
    const s = await world.session(t);
    const st = await provision(s, 'vanished');
    await s.emulator.deleteConnection(st.id);
    const r = await s.driver.read({ name: 'vanished', id: st.id, properties: st.outputs, inputs: st.inputs });
    assert.equal(r.id, '', 'gone = empty id');
    assert.equal(r.hasProperties, false, 'gone = properties unset (an empty Struct would import an empty resource)');
  });

  test('import by id fills inputs from the live connection', async (t) => {
    const s = await world.session(t);
    const name = `imported-${Date.now()}`;
    const created = await s.emulator.createConnection({
      name, description: 'made outside Pulumi',
      connectionSpec: MIXPANEL_SPEC,
      auth: { specName: 'Basic Authentication', params: { host: 'https://data.mixpanel.com', username: 'someone', password: 'pw-import' } },
    });
    const [r, calls] = await s.emulator.observe(() => s.driver.read({ name: 'imported', id: created.id }));
    A.assertNoWrites(calls, 'import Read');
    assert.equal(r.id, created.id);
    assert.equal(r.hasProperties, true);
    A.assertFullyKnown(r.outputs, 'import Read');
    assert.ok(r.inputs, 'import requires ReadResponse.inputs, or the engine says the provider cannot import');
    const inputs = reveal(r.inputs);
    assert.equal(inputs.name, name);
    assert.equal(inputs.description, 'made outside Pulumi');
    assert.deepEqual(inputs.connectionSpec, MIXPANEL_SPEC);
    assert.equal(inputs.auth?.specName, 'Basic Authentication');
    A.assertSecretsWrapped(r.outputs, ['pw-import'], 'import outputs');
    A.assertSecretsWrapped(r.inputs, ['pw-import'], 'import inputs');
    // Whatever the plugin puts into the imported auth.params must be secret: it is the schema's secret property.
    const params = at(r.inputs, 'auth.params');
    assert.ok(params.found, 'imported inputs carry auth.params');
    assert.ok(params.insideSecret, 'imported auth.params must be secret-wrapped');
  });

  test('import of an id that does not exist: empty id, properties unset, no error', async (t) => {
    const s = await world.session(t);
    const r = await s.driver.read({ name: 'nothing', id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(r.id, '');
    assert.equal(r.hasProperties, false);
  });
});
