'use strict';
// The whole life of a base connection as `pulumi preview` / `pulumi up` / `pulumi destroy` drive it.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { useWorld, mixpanelInputs } = require('../lib/session');
const { LifeCycle } = require('../lib/lifecycle');
const { writes } = require('../lib/emulator');
const { UNKNOWN, isUnknown, at, reveal } = require('../lib/props');
const A = require('../lib/assertions');

const GENERIC_REST_SPEC = { id: '4e98f16f-87d6-4ef0-bdc6-7a2b0fe76e62', version: '1.0' };

describe('BaseConnection lifecycle', () => {
  const world = useWorld();

  test('create (preview, then real), unchanged second up, in-place update, destroy', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ description: 'first', password: 'pw-lifecycle-1' });
    let live = null;
    const run = await new LifeCycle(s, {
      name: 'conn',
      create: { inputs, hook: async (st) => { live = await s.emulator.getConnection(st.id); } },
      updates: [
        { inputs, expect: 'none' },
        { inputs: { ...inputs, description: 'second' }, expect: 'update' },
      ],
    }).run();

    // Create(preview): no API call at all, computed outputs unknown, inputs echoed.
    const [preview] = run.steps({ op: 'create', preview: true });
    A.assertNoApiCalls(preview.calls, 'Create(preview)');
    assert.equal(at(preview.result.outputs, 'name').value, inputs.name, 'preview outputs echo the name');
    assert.ok(isUnknown(preview.result.outputs.etag), `preview etag must be the unknown sentinel, got ${JSON.stringify(preview.result.outputs.etag)}`);
    for (const k of ['state', 'createdAt', 'updatedAt']) {
      const v = preview.result.outputs[k];
      assert.ok(v === undefined || isUnknown(v), `preview output ${k} must be unknown (or absent), got ${JSON.stringify(v)}`);
    }

    // Create: exactly one POST; id = the connection id; outputs complete and known.
    const [create] = run.steps({ op: 'create', preview: false });
    assert.deepEqual(writes(create.calls).map((c) => c.method), ['POST'], 'Create makes exactly one write, the POST');
    assert.ok(create.result.id, 'CreateResponse.id must not be empty');
    A.assertFullyKnown(create.result.outputs, 'Create');
    A.assertOutputsMatchInputs(create.result.outputs, inputs, 'Create');
    A.assertSecretsWrapped(create.result.outputs, ['pw-lifecycle-1'], 'Create');
    const declared = (await s.driver.getSchema()).resources['aep:flowservice:BaseConnection'];
    A.assertMatchesDeclared(create.result.outputs, declared, 'Create outputs');
    assert.ok(live, 'the connection exists in the service after Create');
    assert.equal(live.name, inputs.name);
    assert.equal(create.result.outputs.etag, live.etag, 'etag output is the live etag');

    // Second up with unchanged inputs: DIFF_NONE and no write.
    const unchanged = run.steps({ update: 0 });
    const diff0 = unchanged.find((e) => e.op === 'diff');
    assert.equal(diff0.result.changes, 'DIFF_NONE', `unchanged inputs must diff to DIFF_NONE: ${JSON.stringify(diff0.result)}`);
    for (const e of unchanged) A.assertNoWrites(e.calls, `${e.op} of unchanged inputs`);

    // Description change: DIFF_SOME with a detailed diff, in place; preview without API calls; one PATCH.
    const diff1 = run.steps({ update: 1, op: 'diff' })[0].result;
    assert.equal(diff1.changes, 'DIFF_SOME');
    assert.deepEqual(diff1.diffs, ['description']);
    assert.deepEqual(diff1.replaces, []);
    assert.equal(diff1.hasDetailedDiff, true, 'detailedDiff is ignored unless hasDetailedDiff is set');
    assert.deepEqual(Object.keys(diff1.detailedDiff), ['description']);
    assert.equal(diff1.detailedDiff.description.kind, 'UPDATE');
    const [upPreview] = run.steps({ update: 1, op: 'update', preview: true });
    A.assertNoApiCalls(upPreview.calls, 'Update(preview)');
    const [up] = run.steps({ update: 1, op: 'update', preview: false });
    assert.deepEqual(writes(up.calls).map((c) => c.method), ['PATCH'], 'Update makes exactly one write, a PATCH');
    A.assertFullyKnown(up.result.outputs, 'Update');
    assert.equal(up.result.outputs.description, 'second');
    assert.notEqual(up.result.outputs.etag, create.result.outputs.etag, 'Update returns the new etag');
    A.assertSecretsWrapped(up.result.outputs, ['pw-lifecycle-1'], 'Update');

    // Destroy: one DELETE, and the connection is gone.
    const [del] = run.steps({ op: 'delete' });
    assert.deepEqual(writes(del.calls).map((c) => c.method), ['DELETE']);
    assert.equal(await s.emulator.getConnection(create.result.id), null, 'destroy removed the connection');
  });

  test('changing the password is an in-place update of auth.params, and the new secret stays secret', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ password: 'pw-rotate-old' });
    const rotated = mixpanelInputs({ name: inputs.name, password: 'pw-rotate-new' });
    const run = await new LifeCycle(s, { name: 'rotate', create: { inputs }, updates: [{ inputs: rotated, expect: 'update' }] }).run();
    const diff = run.steps({ op: 'diff' })[0].result;
    assert.ok(diff.diffs.includes('auth'), `auth must be reported as changed: ${JSON.stringify(diff)}`);
    assert.ok(Object.keys(diff.detailedDiff).some((k) => k.startsWith('auth')), 'detailed diff names the auth path');
    const [up] = run.steps({ op: 'update', preview: false });
    assert.equal(writes(up.calls).length, 1, 'one PATCH');
    A.assertSecretsWrapped(up.result.outputs, ['pw-rotate-new', 'pw-rotate-old'], 'Update');
  });

  test('changing connectionSpec replaces: create the new connection, then delete the old', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ password: 'pw-replace' });
    const moved = { ...inputs, connectionSpec: { ...GENERIC_REST_SPEC } };
    const run = await new LifeCycle(s, {
      name: 'replace', create: { inputs }, updates: [{ inputs: moved, expect: 'replace' }], destroy: false,
    }).run();
    const diff = run.steps({ op: 'diff' })[0].result;
    assert.ok(diff.replaces.includes('connectionSpec'), `connectionSpec must be in replaces: ${JSON.stringify(diff)}`);
    assert.equal(diff.hasDetailedDiff, true);
    assert.ok(Object.entries(diff.detailedDiff).some(([k, v]) => k.startsWith('connectionSpec') && v.kind.endsWith('_REPLACE')),
      `detailedDiff marks connectionSpec as *_REPLACE: ${JSON.stringify(diff.detailedDiff)}`);

    const oldId = run.steps({ op: 'create', preview: false })[0].result.id;
    const newId = run.state.id;
    assert.notEqual(newId, oldId, 'the replacement has a new id');
    A.assertNoApiCalls(run.steps({ op: 'create', preview: true, replacement: true })[0].calls, 'Create(preview) of the replacement');
    // The engine's default order (and the plugin's deleteBeforeReplace choice, if any) was followed by the runner;
    // what matters to the user: the old connection is gone and the new one lives with the new spec.
    assert.equal(await s.emulator.getConnection(oldId), null, 'the old connection was deleted');
    const live = await s.emulator.getConnection(newId);
    assert.ok(live, `the replacement ${newId} exists in the service`);
    assert.equal(live.connectionSpec.id, GENERIC_REST_SPEC.id);
    await s.driver.delete({ name: 'replace', id: newId, outputs: run.state.outputs, oldInputs: run.state.inputs });
  });

  test('deleteBeforeReplace (user option) also works: delete old, then create new', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ password: 'pw-dbr' });
    const run = await new LifeCycle(s, {
      name: 'dbr', create: { inputs },
      updates: [{ inputs: { ...inputs, connectionSpec: { ...GENERIC_REST_SPEC } }, expect: 'replace', deleteBeforeReplace: true }],
    }).run();
    const steps = run.trace.filter((e) => e.update === 0 && (e.op === 'delete' || (e.op === 'create' && !e.preview)));
    assert.deepEqual(steps.map((e) => e.op), ['delete', 'create']);
    assert.deepEqual(writes(steps[0].calls).map((c) => c.method), ['DELETE'], 'the old connection is deleted first');
    assert.deepEqual(writes(steps[1].calls).map((c) => c.method), ['POST'], 'then the replacement is created');
    const oldId = run.steps({ op: 'create', preview: false })[0].result.id;
    assert.equal(await s.emulator.getConnection(oldId), null, 'the old connection is gone');
    assert.equal(await s.emulator.getConnection(run.state.id), null, 'and the final destroy removed the replacement');
  });

  test('delete of a connection that is already gone succeeds (404 = success)', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs();
    const checked = await s.driver.check({ name: 'gone', news: inputs });
    const { id, outputs } = await s.driver.create({ name: 'gone', inputs: checked.inputs });
    await s.emulator.deleteConnection(id);
    await s.driver.delete({ name: 'gone', id, outputs, oldInputs: checked.inputs });
    await s.driver.delete({ name: 'gone', id, outputs, oldInputs: checked.inputs });
  });

  test('Check reports user mistakes as CheckFailures, not gRPC errors', async (t) => {
    const s = await world.session(t);
    const noName = mixpanelInputs();
    delete noName.name;
    const r1 = await s.driver.check({ name: 'bad', news: noName });
    assert.ok(r1.failures.some((f) => f.property === 'name'), `missing name → a failure on "name": ${JSON.stringify(r1.failures)}`);

    const noPassword = mixpanelInputs();
    delete noPassword.auth.params.password;
    const r2 = await s.driver.check({ name: 'bad', news: noPassword });
    assert.ok(r2.failures.some((f) => f.property.startsWith('auth') && /password/.test(f.property + f.reason)),
      `missing required auth param → a failure naming auth.params.password: ${JSON.stringify(r2.failures)}`);

    const badSpecName = mixpanelInputs();
    badSpecName.auth.specName = 'No Such Auth';
    const r3 = await s.driver.check({ name: 'bad', news: badSpecName });
    assert.ok(r3.failures.some((f) => f.property.startsWith('auth')), `unknown specName → a failure on auth: ${JSON.stringify(r3.failures)}`);
    for (const f of [...r1.failures, ...r2.failures, ...r3.failures]) assert.ok(f.reason.length > 5, 'each failure says why');
  });

  test('unknown inputs (preview) pass Check, show as changes in Diff, and preview-create without API calls', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ password: 'pw-unknowns' });
    const withUnknowns = { ...inputs, description: UNKNOWN, auth: { ...inputs.auth, params: { ...inputs.auth.params, password: UNKNOWN } } };

    const [c, checkCalls] = await s.emulator.observe(() => s.driver.check({ name: 'unk', news: withUnknowns }));
    assert.deepEqual(c.failures, [], 'unknown values must not fail Check');
    assert.ok(isUnknown(c.inputs.description), 'Check passes an unknown description through');
    assert.ok(isUnknown(at(c.inputs, 'auth.params.password').value), 'Check passes an unknown password through');
    A.assertNoWrites(checkCalls, 'Check');

    const [p, calls] = await s.emulator.observe(() => s.driver.create({ name: 'unk', inputs: c.inputs, preview: true }));
    A.assertNoApiCalls(calls, 'Create(preview) with unknowns');
    assert.ok(isUnknown(p.outputs.etag));

    // An existing connection whose new description is not known yet.
    const real = await s.driver.check({ name: 'unk2', news: inputs });
    const made = await s.driver.create({ name: 'unk2', inputs: real.inputs });
    const [d, diffCalls] = await s.emulator.observe(() => s.driver.diff({
      name: 'unk2', id: made.id, olds: made.outputs, oldInputs: real.inputs, news: { ...real.inputs, description: UNKNOWN },
    }));
    assert.equal(d.changes, 'DIFF_SOME', 'an unknown new value is a change');
    assert.ok(d.diffs.includes('description'));
    A.assertNoWrites(diffCalls, 'Diff');
    const [u, upCalls] = await s.emulator.observe(() => s.driver.update({
      name: 'unk2', id: made.id, olds: made.outputs, oldInputs: real.inputs, news: { ...real.inputs, description: UNKNOWN }, preview: true,
    }));
    A.assertNoApiCalls(upCalls, 'Update(preview) with unknowns');
    assert.ok(isUnknown(u.outputs.description) || u.outputs.description === undefined, 'preview keeps the unknown description unknown');
    await s.driver.delete({ name: 'unk2', id: made.id, outputs: made.outputs, oldInputs: real.inputs });
  });

  test('a stale etag (412) fails the update cleanly and tells the user to run `pulumi refresh`', async (t) => {
    const s = await world.session(t);
    const inputs = mixpanelInputs({ description: 'v1' });
    const checked = await s.driver.check({ name: 'stale', news: inputs });
    const made = await s.driver.create({ name: 'stale', inputs: checked.inputs });
    await s.emulator.patchConnection(made.id, [{ op: 'replace', path: '/name', value: `${inputs.name}-changed-elsewhere` }]);

    const news = { ...checked.inputs, description: 'v2' };
    const err = await A.rpcFailure(s.driver.update({ name: 'stale', id: made.id, olds: made.outputs, news, oldInputs: checked.inputs }));
    A.assertCleanFailure(err, 'Update with a stale etag');
    assert.match(err.message, /pulumi refresh/, `the message must tell the user to run \`pulumi refresh\`: ${err.message}`);
    const live = await s.emulator.mustGetConnection(made.id);
    assert.equal(live.description, 'v1', 'the stale update changed nothing');
    assert.equal(reveal(live).name, `${inputs.name}-changed-elsewhere`);
  });
});
