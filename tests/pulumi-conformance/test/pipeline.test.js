'use strict';
// The pipeline resources (SourceConnection, TargetConnection, Dataflow) as the engine drives a program that chains
// them by id, like infra/Main.yaml: base connection → source connection → target connection → dataflow. Preview
// with unknown ids, up in dependency order, in-place updates, a replacement, enable/disable, refresh, import,
// destroy in reverse order, a lost create answer, and the base connection's secret kept out of all of it.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { useWorld, mixpanelInputs, MIXPANEL_SPEC } = require('../lib/session');
const { LifeCycle } = require('../lib/lifecycle');
const { writes } = require('../lib/emulator');
const { UNKNOWN, isUnknown, reveal } = require('../lib/props');
const { canarySightings } = require('../lib/canary');
const { validator, explain, deref } = require('../lib/schema');
const A = require('../lib/assertions');

const TYPE = Object.freeze({
  base: 'aep:flowservice:BaseConnection',
  source: 'aep:flowservice:SourceConnection',
  target: 'aep:flowservice:TargetConnection',
  flow: 'aep:flowservice:Dataflow',
});
// Adobe's ids (reference: connection-spec catalog, flow specs): the Data Lake target, the flow spec pairing Mixpanel
// with it, and a second flow spec (cloud storage, e.g. Amazon S3) for a replacement.
const DATA_LAKE_SPEC = Object.freeze({ id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c', version: '1.0' });
const REST_STORAGE_TO_AEP = Object.freeze({ id: '6499120c-0b15-42dc-936e-847ea3c24d72', version: '1.0' });
const CLOUD_STORAGE_TO_AEP = Object.freeze({ id: '9753525b-82c7-4dce-8a9b-5ccfce2b9876', version: '1.0' });
const AMAZON_S3_SPEC = Object.freeze({ id: 'ecadc60c-7455-4d87-84dc-2a0e293d997b', version: '1.0' });

const FLOW_PREFIX = '/data/foundation/flowservice';
const ROUTE = Object.freeze({ [TYPE.source]: 'sourceConnections', [TYPE.target]: 'targetConnections', [TYPE.flow]: 'flows' });

// What a program declares, as infra/Main.yaml does; `tag` keeps names unique per test.
const sourceInputs = (tag, baseConnectionId, extra = {}) => ({
  name: `events-${tag}`, baseConnectionId, connectionSpec: { ...MIXPANEL_SPEC },
  data: { format: 'json' }, params: { projectId: '2384945', timezone: 'Europe/London' }, ...extra,
});
const targetInputs = (tag, extra = {}) => ({
  name: `dataset-${tag}`, connectionSpec: { ...DATA_LAKE_SPEC },
  data: { format: 'parquet_xdm' }, params: { dataSetId: '5f1ef9ffb7d8a4194bf4ee2b' }, ...extra,
});
const flowInputs = (tag, sourceId, targetId, extra = {}) => ({
  name: `flow-${tag}`, description: 'every 15 minutes', flowSpec: { ...REST_STORAGE_TO_AEP },
  sourceConnectionIds: [sourceId], targetConnectionIds: [targetId],
  // interval is a string in the schema (OAS ScheduleSpecDTO), so a typed SDK sends "15".
  scheduleParams: { startTime: 1700000000, frequency: 'minute', interval: '15', backfill: true },
  transformations: [{ name: 'Mapping', params: { mappingId: 'bf5286a9c1ad4266baca76ba3adc9366', mappingVersion: '0' } }],
  enabled: true, ...extra,
});

const tagOf = () => crypto.randomUUID().slice(0, 8);
/** Flow Service writes of one step as "METHOD route[/…]" (ids elided), e.g. "POST flows", "POST flows/{id}/action". */
const writeLines = (calls) => writes(calls).map((c) => `${c.method} ${c.path.slice(FLOW_PREFIX.length + 1).replace(/\/[0-9a-f-]{8,}/gi, '/{id}')}`);

/** The live object (GET as the service shows it), or null on 404. */
async function live(emulator, type, id) {
  const r = await emulator.flow('GET', `/${ROUTE[type]}/${id}`);
  if (r.status === 404) return null;
  assert.equal(r.status, 200, `GET ${ROUTE[type]}/${id} → ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.items[0];
}

/** Every object of a kind with this name, from the emulator's admin view. */
async function named(emulator, type, name) {
  return (await emulator.allResources()).filter((x) => x.kind === ROUTE[type] && x.name === name);
}

/** One LifeCycle per resource of the chain; `create()`/`update()`/`destroy()` are called in the engine's order. */
function chain(s, tag, password) {
  const base = new LifeCycle(s, { name: 'mixpanel', type: TYPE.base, create: { inputs: mixpanelInputs({ name: `base-${tag}`, password }) } });
  const source = new LifeCycle(s, { name: 'events', type: TYPE.source });
  const target = new LifeCycle(s, { name: 'dataset', type: TYPE.target });
  const flow = new LifeCycle(s, { name: 'flow', type: TYPE.flow });
  return { base, source, target, flow };
}

/** `pulumi up` of a fresh stack: each resource created once the ids it takes are known. */
async function upChain(c, tag) {
  await c.base.create();
  await c.source.create({ inputs: sourceInputs(tag, c.base.state.id) });
  await c.target.create({ inputs: targetInputs(tag) });
  await c.flow.create({ inputs: flowInputs(tag, c.source.state.id, c.target.state.id) });
}

describe('pipeline resources (SourceConnection, TargetConnection, Dataflow)', () => {
  const world = useWorld();

  test('GetSchema declares the three resources: inputs, outputs, required, replaceOnChanges, a valid package', async (t) => {
    const s = await world.session(t, { configure: false });
    const schema = await s.driver.getSchema();
    const validate = validator('package-metaschema.json');
    assert.ok(validate(schema), `GetSchema output is not a valid Pulumi package schema:\n${explain(validate)}`);

    const expected = {
      [TYPE.source]: { inputs: ['name', 'description', 'baseConnectionId', 'connectionSpec', 'data', 'params'],
        required: ['name', 'baseConnectionId', 'connectionSpec'], outputs: ['etag'], replaces: ['baseConnectionId', 'connectionSpec'] },
      [TYPE.target]: { inputs: ['name', 'description', 'connectionSpec', 'data', 'params'],
        required: ['name', 'connectionSpec'], outputs: ['etag'], replaces: ['connectionSpec'] },
      [TYPE.flow]: { inputs: ['name', 'description', 'flowSpec', 'sourceConnectionIds', 'targetConnectionIds', 'scheduleParams', 'transformations', 'enabled'],
        required: ['name', 'flowSpec', 'sourceConnectionIds', 'targetConnectionIds'], outputs: ['etag', 'state', 'lastRun'],
        replaces: ['flowSpec', 'sourceConnectionIds', 'targetConnectionIds'] },
    };
    for (const [type, e] of Object.entries(expected)) {
      const r = schema.resources?.[type];
      assert.ok(r, `${type} is declared`);
      assert.ok(r.description, `${type} has a description`);
      for (const k of e.inputs) {
        assert.ok(r.inputProperties?.[k]?.description, `${type}: input ${k} is declared with a description`);
        assert.ok(r.properties?.[k]?.description, `${type}: output ${k} (echoing the input) is declared with a description`);
      }
      assert.deepEqual(Object.keys(r.inputProperties).sort(), [...e.inputs].sort(), `${type}: exactly the documented inputs`);
      for (const k of e.outputs) assert.ok(r.properties?.[k]?.description, `${type}: output ${k} is declared with a description`);
      for (const k of e.required) assert.ok(r.requiredInputs?.includes(k), `${type}: ${k} is a required input`);
      assert.ok(r.required?.includes('etag'), `${type}: etag is always in the outputs`);
      for (const k of e.inputs) {
        const replaces = r.inputProperties[k].replaceOnChanges === true || r.properties[k].replaceOnChanges === true;
        assert.equal(replaces, e.replaces.includes(k), `${type}: ${k} ${e.replaces.includes(k) ? 'must' : 'must not'} be replaceOnChanges`);
      }
      // None of these objects carries a secret: credentials live on the base connection only.
      assert.ok(!JSON.stringify(r).includes('"secret":true'), `${type} declares no secret property`);
    }
    const flow = schema.resources[TYPE.flow];
    for (const k of ['sourceConnectionIds', 'targetConnectionIds']) {
      assert.equal(flow.inputProperties[k].type, 'array', `Dataflow.${k} is a list`);
      assert.equal(flow.inputProperties[k].items?.type, 'string', `Dataflow.${k} holds ids (strings)`);
    }
    assert.equal(flow.inputProperties.enabled.type, 'boolean');
    assert.equal(flow.inputProperties.enabled.default, true, 'enabled defaults to true');
    const spec = deref(schema, flow.inputProperties.flowSpec);
    assert.ok(spec?.properties?.id && spec.properties.version, 'flowSpec has id and version');
  });

  test('the chain as the engine drives it: preview, up, no-op up, updates, disable, refresh, import, replace, destroy', async (t) => {
    const s = await world.session(t);
    const schema = await s.driver.getSchema();
    const tag = tagOf();
    const c = chain(s, tag);
    const d = s.driver;

    // ---- `pulumi preview` of a new stack: every id a resource takes is unknown, and nothing calls AEP.
    const [previewed, previewCalls] = await s.emulator.observe(async () => {
      const out = {};
      const steps = [
        ['mixpanel', TYPE.base, c.base.spec.create.inputs],
        ['events', TYPE.source, sourceInputs(tag, UNKNOWN)],
        ['dataset', TYPE.target, targetInputs(tag)],
        ['flow', TYPE.flow, flowInputs(tag, UNKNOWN, UNKNOWN)],
      ];
      for (const [name, type, news] of steps) {
        const checked = await d.check({ name, type, news });
        assert.deepEqual(checked.failures, [], `${type}: Check of a preview with unknown ids reports no failure`);
        out[type] = await d.create({ name, type, inputs: checked.inputs, preview: true });
      }
      return out;
    });
    A.assertNoApiCalls(previewCalls, 'preview of the whole chain (Check and Create(preview))');
    assert.ok(isUnknown(previewed[TYPE.source].outputs.baseConnectionId), 'the unknown base connection id stays unknown');
    assert.ok(isUnknown(previewed[TYPE.flow].outputs.sourceConnectionIds?.[0]), 'the unknown source id in the list stays unknown');
    for (const type of [TYPE.source, TYPE.target, TYPE.flow]) {
      assert.ok(isUnknown(previewed[type].outputs.etag), `${type}: preview etag is unknown`);
    }
    for (const k of ['state', 'lastRun']) assert.ok(isUnknown(previewed[TYPE.flow].outputs[k]), `Dataflow preview ${k} is unknown`);
    assert.equal(previewed[TYPE.flow].outputs.name, `flow-${tag}`, 'preview outputs echo the inputs');

    // ---- `pulumi up`: created in dependency order, one POST each, outputs complete and known.
    await upChain(c, tag);
    for (const [lc, route] of [[c.source, 'sourceConnections'], [c.target, 'targetConnections'], [c.flow, 'flows']]) {
      const type = lc.spec.type;
      const [created] = lc.steps({ op: 'create', preview: false });
      assert.deepEqual(writeLines(created.calls), [`POST ${route}`], `${type}: Create makes exactly one write, the POST`);
      A.assertNoApiCalls(lc.steps({ op: 'create', preview: true })[0].calls, `${type}: Create(preview)`);
      assert.ok(created.result.id, `${type}: CreateResponse.id is set`);
      A.assertFullyKnown(created.result.outputs, `${type} Create`);
      A.assertMatchesDeclared(created.result.outputs, schema.resources[type], `${type} Create outputs`);
      const now = await live(s.emulator, type, created.result.id);
      assert.ok(now, `${type} exists in the service after Create`);
      assert.equal(created.result.outputs.etag, now.etag, `${type}: etag output is the live etag`);
      assert.equal(now.name, lc.state.inputs.name);
    }
    assert.equal((await live(s.emulator, TYPE.source, c.source.state.id)).baseConnectionId, c.base.state.id, 'the source reads through the base connection');
    const liveFlow = await live(s.emulator, TYPE.flow, c.flow.state.id);
    assert.deepEqual(liveFlow.sourceConnectionIds, [c.source.state.id]);
    assert.deepEqual(liveFlow.targetConnectionIds, [c.target.state.id]);
    assert.equal(c.flow.state.outputs.state, 'enabled', 'the dataflow output shows the service\'s state');
    assert.equal(c.flow.state.outputs.enabled, true, 'enabled defaults to true');

    // ---- the same program again: DIFF_NONE everywhere, nothing written.
    for (const lc of [c.source, c.target, c.flow]) {
      assert.equal(await lc.update({ inputs: lc.state.inputs, expect: 'none' }, 'again'), 'none');
      for (const e of lc.steps({ update: 'again' })) A.assertNoWrites(e.calls, `${lc.spec.type} ${e.op} of unchanged inputs`);
    }

    // ---- a new description: in place, one PATCH with the etag, preview without API calls.
    for (const lc of [c.source, c.flow]) {
      const before = lc.state.outputs.etag;
      const kind = 'description' in lc.state.inputs ? 'UPDATE' : 'ADD'; // the source declared none at first
      await lc.update({ inputs: { ...lc.state.inputs, description: `changed ${tag}` }, expect: 'update' }, 'describe');
      const diff = lc.steps({ update: 'describe', op: 'diff' })[0].result;
      assert.deepEqual(diff.diffs, ['description'], `${lc.spec.type}: only description changed: ${JSON.stringify(diff)}`);
      assert.equal(diff.hasDetailedDiff, true);
      assert.equal(diff.detailedDiff.description?.kind, kind);
      A.assertNoApiCalls(lc.steps({ update: 'describe', op: 'update', preview: true })[0].calls, `${lc.spec.type} Update(preview)`);
      const [up] = lc.steps({ update: 'describe', op: 'update', preview: false });
      assert.deepEqual(writeLines(up.calls), [`PATCH ${ROUTE[lc.spec.type]}/{id}`], `${lc.spec.type}: Update makes one write, a PATCH`);
      assert.equal(up.result.outputs.description, `changed ${tag}`);
      assert.notEqual(up.result.outputs.etag, before, 'Update returns the new etag');
      assert.equal((await live(s.emulator, lc.spec.type, lc.state.id)).description, `changed ${tag}`);
    }

    // ---- `enabled: false`: an update (never a replacement) made with the service's disable action, no PATCH.
    await c.flow.update({ inputs: { ...c.flow.state.inputs, enabled: false }, expect: 'update' }, 'disable');
    const disableDiff = c.flow.steps({ update: 'disable', op: 'diff' })[0].result;
    assert.deepEqual(disableDiff.diffs, ['enabled']);
    assert.deepEqual(disableDiff.replaces, []);
    const [disabled] = c.flow.steps({ update: 'disable', op: 'update', preview: false });
    assert.deepEqual(writeLines(disabled.calls), ['POST flows/{id}/action'], 'disabling is the action, nothing else');
    assert.equal((await live(s.emulator, TYPE.flow, c.flow.state.id)).state, 'disabled');
    assert.equal(disabled.result.outputs.state, 'disabled');
    assert.equal(disabled.result.outputs.enabled, false);

    // ---- a change made outside Pulumi: refresh shows it, the next up puts the declared value back with one PATCH.
    const declared = c.flow.state.inputs;
    const current = await live(s.emulator, TYPE.flow, c.flow.state.id);
    const patched = await s.emulator.flow('PATCH', `/flows/${c.flow.state.id}`,
      { body: [{ op: 'replace', path: '/description', value: 'changed in the UI' }], headers: { 'if-match': current.etag } });
    assert.equal(patched.status, 200, `out-of-band PATCH: ${JSON.stringify(patched.body)}`);
    const [refreshed, refreshCalls] = await s.emulator.observe(() => d.read({ name: 'flow', type: TYPE.flow, id: c.flow.state.id, properties: c.flow.state.outputs, inputs: declared }));
    A.assertNoWrites(refreshCalls, 'refresh');
    assert.equal(refreshed.id, c.flow.state.id);
    A.assertFullyKnown(refreshed.outputs, 'Dataflow Read');
    assert.equal(refreshed.outputs.description, 'changed in the UI', 'refresh shows the live description');
    assert.equal(reveal(refreshed.inputs).description, 'changed in the UI', 'refreshed inputs follow the live value');
    assert.equal(refreshed.outputs.state, 'disabled');
    assert.notEqual(refreshed.outputs.etag, c.flow.state.outputs.etag, 'refresh picks up the new etag');
    c.flow.state = { id: refreshed.id, inputs: refreshed.inputs, outputs: refreshed.outputs };
    await c.flow.update({ inputs: declared, expect: 'update' }, 'after-refresh');
    assert.deepEqual(c.flow.steps({ update: 'after-refresh', op: 'diff' })[0].result.diffs, ['description']);
    assert.deepEqual(writeLines(c.flow.steps({ update: 'after-refresh', op: 'update', preview: false })[0].calls), ['PATCH flows/{id}']);
    assert.equal((await live(s.emulator, TYPE.flow, c.flow.state.id)).description, declared.description);

    // ---- `pulumi import` by id: every input from the service, and the program that declares them diffs to nothing.
    for (const lc of [c.source, c.target, c.flow]) {
      const type = lc.spec.type;
      const [imported, importCalls] = await s.emulator.observe(() => d.read({ name: `imported-${lc.spec.name}`, type, id: lc.state.id }));
      A.assertNoWrites(importCalls, `${type} import`);
      assert.equal(imported.id, lc.state.id);
      assert.ok(imported.inputs, `${type}: import requires ReadResponse.inputs`);
      A.assertFullyKnown(imported.outputs, `${type} import`);
      const inputs = reveal(imported.inputs);
      for (const [k, v] of Object.entries(reveal(lc.state.inputs))) {
        assert.deepEqual(inputs[k], v, `${type}: imported input ${k} is what the service holds`);
      }
      const checked = await d.check({ name: `imported-${lc.spec.name}`, type, news: lc.state.inputs });
      const again = await d.diff({ name: `imported-${lc.spec.name}`, type, id: imported.id, olds: imported.outputs, oldInputs: imported.inputs, news: checked.inputs });
      assert.equal(again.changes, 'DIFF_NONE', `${type}: the program matching the imported object must not diff (else \`pulumi import\` fails): ${JSON.stringify(again)}`);
    }

    // ---- replacement. A flowSpec change alone already replaces (Diff only; no API call).
    const [specDiff, specDiffCalls] = await s.emulator.observe(() => d.diff({ name: 'flow', type: TYPE.flow, id: c.flow.state.id,
      olds: c.flow.state.outputs, oldInputs: c.flow.state.inputs, news: { ...c.flow.state.inputs, flowSpec: { ...CLOUD_STORAGE_TO_AEP } } }));
    A.assertNoApiCalls(specDiffCalls, 'Diff');
    assert.ok(specDiff.replaces.includes('flowSpec'), `flowSpec must be in replaces: ${JSON.stringify(specDiff)}`);
    assert.equal(specDiff.deleteBeforeReplace, true, 'a dataflow replacement deletes the old flow first');
    assert.ok(Object.entries(specDiff.detailedDiff).some(([k, v]) => k.startsWith('flowSpec') && v.kind.endsWith('_REPLACE')), 'detailedDiff marks flowSpec *_REPLACE');
    // A source id that is unknown in a preview (its resource is being replaced) may change: shown as a replacement.
    const unknownId = await d.diff({ name: 'flow', type: TYPE.flow, id: c.flow.state.id, olds: c.flow.state.outputs, oldInputs: c.flow.state.inputs,
      news: { ...c.flow.state.inputs, sourceConnectionIds: [UNKNOWN] } });
    assert.ok(unknownId.replaces.includes('sourceConnectionIds'), `an unknown id shows as a replacement: ${JSON.stringify(unknownId)}`);

    // Carried out: the cloud-storage flow spec with a source of its own (an S3 source made outside this program,
    // since the service only pairs a flow spec with its sources). Delete the old dataflow, then create the new one:
    // two flows side by side would both run and write to the same dataset.
    const s3 = await s.emulator.flow('POST', '/sourceConnections', { body: { name: `s3-${tag}`, connectionSpec: AMAZON_S3_SPEC, data: { format: 'delimited' }, params: { path: '/landing' } } });
    assert.equal(s3.status, 201, `S3 source fixture: ${JSON.stringify(s3.body)}`);
    t.after(() => s.emulator.flow('DELETE', `/sourceConnections/${s3.body.id}`));
    const oldFlow = c.flow.state;
    await c.flow.update({ inputs: { ...oldFlow.inputs, flowSpec: { ...CLOUD_STORAGE_TO_AEP }, sourceConnectionIds: [s3.body.id] }, expect: 'replace' }, 'replace');
    const replaceDiff = c.flow.steps({ update: 'replace', op: 'diff' })[0].result;
    assert.equal(replaceDiff.deleteBeforeReplace, true, 'a dataflow is replaced delete-before-create (never two flows running)');
    A.assertNoApiCalls(c.flow.steps({ update: 'replace', op: 'create', preview: true })[0].calls, 'Create(preview) of the replacement');
    const order = c.flow.steps({ update: 'replace' }).filter((e) => e.op === 'delete' || (e.op === 'create' && !e.preview));
    assert.deepEqual(order.map((e) => writeLines(e.calls)), [['DELETE flows/{id}'], ['POST flows', 'POST flows/{id}/action']],
      'the old dataflow is deleted, then the new one created (and disabled, as declared)');
    assert.notEqual(c.flow.state.id, oldFlow.id, 'the replacement has a new id');
    assert.equal(await live(s.emulator, TYPE.flow, oldFlow.id), null, 'the old dataflow is gone');
    const replacement = await live(s.emulator, TYPE.flow, c.flow.state.id);
    assert.equal(replacement.flowSpec.id, CLOUD_STORAGE_TO_AEP.id);
    assert.equal(replacement.state, 'disabled', 'the replacement keeps `enabled: false`');

    // ---- `pulumi destroy`: dependants first, one DELETE each; an object already gone (404) is deleted.
    for (const lc of [c.flow, c.target, c.source, c.base]) await lc.destroy();
    for (const lc of [c.flow, c.target, c.source]) {
      assert.deepEqual(writeLines(lc.steps({ op: 'delete' }).at(-1).calls), [`DELETE ${ROUTE[lc.spec.type]}/{id}`], `${lc.spec.type}: one DELETE`);
      assert.equal(await live(s.emulator, lc.spec.type, lc.state.id), null, `${lc.spec.type} is gone`);
    }
    assert.equal(await s.emulator.getConnection(c.base.state.id), null, 'the base connection is gone');
    for (const lc of [c.flow, c.source]) {
      const [, calls] = await s.emulator.observe(() => lc.destroy());
      assert.ok(calls.some((x) => x.method === 'DELETE' && x.status === 404), `${lc.spec.type}: the second delete met a 404 and succeeded`);
    }
  });

  test('Check reports mistakes as failures naming the property, offline (no API call)', async (t) => {
    const s = await world.session(t);
    const tag = tagOf();
    const noDataSet = targetInputs(tag, { params: {} });
    const noBase = sourceInputs(tag, 'unused');
    delete noBase.baseConnectionId;
    const tooOften = flowInputs(tag, 'source-id', 'target-id', { scheduleParams: { startTime: 1700000000, frequency: 'minute', interval: '5' } });
    const badFrequency = flowInputs(tag, 'source-id', 'target-id', { scheduleParams: { startTime: 1700000000, frequency: 'fortnightly', interval: '1' } });
    const cases = [
      [TYPE.target, noDataSet, 'params.dataSetId'],
      [TYPE.source, noBase, 'baseConnectionId'],
      [TYPE.flow, tooOften, 'scheduleParams.interval'],
      [TYPE.flow, badFrequency, 'scheduleParams.frequency'],
      [TYPE.flow, { ...flowInputs(tag, 'source-id', 'target-id'), sourceConnectionIds: [] }, 'sourceConnectionIds'],
    ];
    const [results, calls] = await s.emulator.observe(() => Promise.all(cases.map(([type, news]) => s.driver.check({ name: 'bad', type, news }))));
    A.assertNoApiCalls(calls, 'Check');
    for (const [i, [type, , property]] of cases.entries()) {
      const { failures } = results[i];
      assert.ok(failures.some((f) => f.property === property && f.reason.length > 5), `${type}: a failure on ${property}: ${JSON.stringify(failures)}`);
      for (const f of failures) assert.doesNotMatch(f.reason, /Exception|\(Parameter '/, `${type}: no .NET exception in a user's face`);
    }
  });

  test('a create whose answer is lost (committed, connection dropped) is found by name: no duplicate, id recorded', async (t) => {
    const s = await world.session(t);
    t.after(() => world.emulator.clearFaults());
    const tag = tagOf();
    const c = chain(s, tag);
    await c.base.create();
    await c.target.create({ inputs: targetInputs(tag) });

    /** Create under a one-shot drop of the POST's answer; returns the id the engine learns (or null) and the error. */
    async function createLosingAnswer(name, type, inputs) {
      const checked = await s.driver.check({ name, type, news: inputs });
      assert.deepEqual(checked.failures, []);
      await s.emulator.setFaults({ kind: 'drop', method: 'POST', path: `/${ROUTE[type]}`, count: 1 });
      const [made, calls] = await s.emulator.observe(() => s.driver.create({ name, type, inputs: checked.inputs }).then(
        (r) => ({ id: r.id, outputs: r.outputs, inputs: checked.inputs, err: null }),
        (e) => {
          if (!e.rpc) throw e;
          const init = e.rpc.details.find((x) => x.type === 'pulumirpc.ErrorResourceInitFailed');
          return { id: init?.id ?? null, outputs: init?.properties, inputs: checked.inputs, err: e.rpc };
        }));
      await s.emulator.clearFaults();
      assert.ok(calls.some((x) => x.method === 'POST' && x.fault), `${type}: the POST's answer was dropped: ${JSON.stringify(calls)}`);
      return made;
    }

    const source = await createLosingAnswer('events', TYPE.source, sourceInputs(tag, c.base.state.id));
    const flow = source.id && await createLosingAnswer('flow', TYPE.flow, flowInputs(tag, source.id, c.target.state.id));
    for (const [type, made, name] of [[TYPE.source, source, `events-${tag}`], [TYPE.flow, flow, `flow-${tag}`]]) {
      const found = await named(s.emulator, type, name);
      assert.equal(found.length, 1, `${type}: the dropped POST had committed; exactly one object must exist, found ${found.length}`);
      assert.equal(made?.id, found[0].id,
        `${type}: the object exists, so the engine must learn its id (CreateResponse.id or ErrorResourceInitFailed); error: ${JSON.stringify(made?.err)}`);
    }
    for (const [type, made, name] of [[TYPE.flow, flow, 'flow'], [TYPE.target, { ...c.target.state }, 'dataset'], [TYPE.source, source, 'events']]) {
      await s.driver.delete({ name, type, id: made.id, outputs: made.outputs ?? {}, oldInputs: made.inputs });
    }
    await c.base.destroy();
  });

  test('the base connection\'s secret appears nowhere in the pipeline resources\' outputs or the plugin\'s output', async (t) => {
    const s = await world.session(t);
    const canary = `pw-canary-${crypto.randomUUID()}`;
    const tag = tagOf();
    const c = chain(s, tag, canary);
    await upChain(c, tag);
    const d = s.driver;
    const answers = [];
    for (const lc of [c.source, c.target, c.flow]) {
      const type = lc.spec.type;
      answers.push(...lc.trace.filter((e) => e.op !== 'check').map((e) => e.result));
      answers.push(await d.read({ name: lc.spec.name, type, id: lc.state.id, properties: lc.state.outputs, inputs: lc.state.inputs }));
      answers.push(await d.read({ name: `imported-${lc.spec.name}`, type, id: lc.state.id }));
    }
    await c.source.update({ inputs: { ...c.source.state.inputs, description: 'rotated nothing' }, expect: 'update' }, 'canary');
    answers.push(...c.source.steps({ update: 'canary' }).map((e) => e.result));
    for (const lc of [c.flow, c.target, c.source, c.base]) await lc.destroy();
    await s.close();

    const leaked = answers.filter((a) => JSON.stringify(a ?? null).includes(canary));
    assert.deepEqual(leaked, [], 'a pipeline resource answer carries the base connection\'s password, even wrapped');
    assert.deepEqual(canarySightings(s, canary), [], 'the base connection\'s password leaked');
    assert.ok(!s.plugin.child.stderr.includes(canary), 'plugin stderr');
  });
});
