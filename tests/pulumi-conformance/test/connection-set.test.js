'use strict';
// aep:flowservice:BaseConnectionSet — a whole definitions file as one resource — as `pulumi preview` / `up` /
// `refresh` / `destroy` drive it: only missing connections are created, a second up writes nothing, each edit of the
// file makes exactly the write it needs, the preview names each changed key, and a partial failure keeps what was done.
const fs = require('node:fs');
const path = require('node:path');
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { useWorld } = require('../lib/session');
const { repoRoot } = require('../lib/paths');
const { LifeCycle } = require('../lib/lifecycle');
const { writes } = require('../lib/emulator');
const { secret, isSecret, isUnknown } = require('../lib/props');
const A = require('../lib/assertions');

const SET = 'aep:flowservice:BaseConnectionSet';
/** The connection an edit adds and a later edit removes (tests/fixtures, shared with the C# ConnectionSetTests). */
const EXTRA_CONNECTION = fs.readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'extra-connection.yaml'), 'utf8');
const MIXPANEL_SPEC = 'fd2c8ff3-1de0-4f6b-8fa8-4264784870eb';

/** Unique canary secrets per test, under the names infra/connections.yaml references. */
function canaries(tag) {
  return {
    mixpanelPassword: `canary-${tag}-mixpanel`,
    s3LandingSecretKey: `canary-${tag}-s3`,
    salesforcePassword: `canary-${tag}-sfdc`,
    salesforceSecurityToken: `canary-${tag}-token`,
  };
}

/**
 * A definitions file shaped like infra/connections.yaml, with names unique to `tag` (the emulator is shared by
 * the file's tests, and the set adopts connections by exact name).
 */
function definitions(tag, { extra = false, s3Description = 'Nightly partner drops' } = {}) {
  let text = `connections:
  mixpanel:
    name: ${tag} Mixpanel
    description: Mixpanel events
    source: mixpanel
    auth:
      specName: Basic Authentication
      params:
        host: https://data.mixpanel.com
        username: mixpanel-service-account
        password: { secret: mixpanelPassword }
  s3-landing:
    name: ${tag} S3 landing
    description: ${s3Description}
    source: amazon-s3
    auth:
      specName: Access Key
      params:
        s3AccessKey: AKIAEXAMPLELANDING01
        s3SecretKey: { secret: s3LandingSecretKey }
  salesforce-crm:
    name: ${tag} Salesforce CRM
    connectionSpec: { id: cfc0fee1-7dc0-40ef-b73e-d8b134c436f5, version: "1.0" }
    auth:
      specName: Basic Authentication
      params:
        environmentUrl: https://example.my.salesforce.com
        username: aep-integration@example.com
        password: { secret: salesforcePassword }
        securityToken: { secret: salesforceSecurityToken }
`;
  if (extra) text += EXTRA_CONNECTION.replace('name: Mixpanel EU', `name: ${tag} Mixpanel EU`);
  return text;
}

/** The set's inputs as Pulumi YAML sends them: `secrets` wrapped whole (the schema marks it secret). */
function setInputs(tag, secrets, opts = {}) {
  const { retainOnRemove, ...defs } = opts;
  const inputs = { definitions: definitions(tag, defs), secrets: secret(secrets) };
  if (retainOnRemove !== undefined) inputs.retainOnRemove = retainOnRemove;
  return inputs;
}

const methods = (calls) => writes(calls).map((c) => c.method).sort();
const keyPath = (key) => `connections["${key}"]`;

describe('BaseConnectionSet', () => {
  const world = useWorld();

  test('lifecycle: Check → Create(preview, no API call) → Create → Diff none → add / change / remove one each → Read → Delete', async (t) => {
    const s = await world.session(t);
    const secrets = canaries('set-life');
    const base = setInputs('set-life', secrets);
    const added = setInputs('set-life', secrets, { extra: true });
    const changed = setInputs('set-life', secrets, { extra: true, s3Description: 'Hourly partner drops' });
    const removed = setInputs('set-life', secrets, { s3Description: 'Hourly partner drops' });
    let refreshed = null;
    let liveMixpanel = null;
    let liveS3 = null;
    const run = await new LifeCycle(s, {
      name: 'connections',
      type: SET,
      // Live checks happen in hooks: the lifecycle's destroy removes everything before the assertions run.
      create: { inputs: base, hook: async (st) => { liveMixpanel = await s.emulator.getConnection(st.outputs.connections.mixpanel.id); } },
      updates: [
        { inputs: base, expect: 'none' },
        { inputs: added, expect: 'update' },
        { inputs: changed, expect: 'update', hook: async (st) => { liveS3 = await s.emulator.getConnection(st.outputs.connections['s3-landing'].id); } },
        {
          inputs: removed,
          expect: 'update',
          hook: async (st) => {
            const [r, calls] = await s.emulator.observe(() => s.driver.read({ type: SET, name: 'connections', id: st.id, properties: st.outputs, inputs: st.inputs }));
            refreshed = { r, calls };
          },
        },
      ],
    }).run();
    const everything = Object.values(secrets);

    // Check: defaults applied, secrets kept wrapped.
    const [check] = run.steps({ op: 'check' });
    assert.equal(check.result.inputs.retainOnRemove, false);
    assert.equal(check.result.inputs.parallelism, 8);
    assert.ok(isSecret(check.result.inputs.secrets), 'checked secrets stay secret');

    // Create(preview): no API call; every key planned, each entry unknown.
    const [preview] = run.steps({ op: 'create', preview: true });
    A.assertNoApiCalls(preview.calls, 'Create(preview) of the set');
    assert.deepEqual(Object.keys(preview.result.outputs.connections).sort(), ['mixpanel', 's3-landing', 'salesforce-crm']);
    for (const v of Object.values(preview.result.outputs.connections)) assert.ok(isUnknown(v), `preview entry must be unknown: ${JSON.stringify(v)}`);

    // Create: one POST per connection; id/etag per key; the state output is secret; schema-conformant.
    const [create] = run.steps({ op: 'create', preview: false });
    assert.deepEqual(methods(create.calls), ['POST', 'POST', 'POST']);
    assert.ok(create.result.id, 'CreateResponse.id must not be empty');
    A.assertFullyKnown(create.result.outputs, 'Create');
    A.assertSecretsWrapped(create.result.outputs, everything, 'Create');
    assert.ok(isSecret(create.result.outputs.state), 'the recorded state holds secret params: it must be secret');
    const declared = (await s.driver.getSchema()).resources[SET];
    A.assertMatchesDeclared(create.result.outputs, declared, 'Create outputs');
    const ids = Object.fromEntries(Object.entries(create.result.outputs.connections).map(([k, v]) => [k, v.id]));
    assert.ok(liveMixpanel, 'the mixpanel connection exists right after Create');
    assert.equal(liveMixpanel.name, 'set-life Mixpanel');
    assert.equal(create.result.outputs.connections.mixpanel.etag, liveMixpanel.etag);
    assert.equal(create.result.outputs.connections.mixpanel.connectionSpecId, MIXPANEL_SPEC);

    // Unchanged second up: DIFF_NONE, no API call at all.
    for (const e of run.steps({ update: 0 })) A.assertNoApiCalls(e.calls, `${e.op} of the unchanged set`);
    assert.equal(run.steps({ update: 0, op: 'diff' })[0].result.changes, 'DIFF_NONE');

    // Each edit: a detailed diff naming exactly the key, never a replacement of the set, and exactly one write.
    const expectations = [
      { update: 1, key: 'mixpanel-eu', kind: 'ADD', write: ['POST'] },
      { update: 2, key: 's3-landing', kind: 'UPDATE', write: ['PATCH'] },
      { update: 3, key: 'mixpanel-eu', kind: 'DELETE', write: ['DELETE'] },
    ];
    for (const x of expectations) {
      const diff = run.steps({ update: x.update, op: 'diff' })[0].result;
      assert.equal(diff.changes, 'DIFF_SOME');
      assert.equal(diff.hasDetailedDiff, true);
      assert.deepEqual(diff.replaces, [], 'the set itself is never replaced');
      assert.deepEqual(diff.diffs, ['connections']);
      assert.deepEqual(Object.keys(diff.detailedDiff), [keyPath(x.key)], `update #${x.update}: ${JSON.stringify(diff.detailedDiff)}`);
      assert.equal(diff.detailedDiff[keyPath(x.key)].kind, x.kind);
      const [upPreview] = run.steps({ update: x.update, op: 'update', preview: true });
      A.assertNoApiCalls(upPreview.calls, `Update(preview) #${x.update}`);
      const [up] = run.steps({ update: x.update, op: 'update', preview: false });
      assert.deepEqual(methods(up.calls), x.write, `update #${x.update} writes exactly ${x.write}`);
      A.assertFullyKnown(up.result.outputs, `Update #${x.update}`);
      A.assertSecretsWrapped(up.result.outputs, everything, `Update #${x.update}`);
    }
    const [addPreview] = run.steps({ update: 1, op: 'update', preview: true });
    assert.ok(isUnknown(addPreview.result.outputs.connections['mixpanel-eu']), 'the added key is unknown in the preview');
    assert.equal(addPreview.result.outputs.connections.mixpanel.id, ids.mixpanel, 'unchanged keys keep their known values in the preview');
    const [patched] = run.steps({ update: 2, op: 'update', preview: false });
    assert.equal(patched.result.outputs.connections['s3-landing'].id, ids['s3-landing'], 'an update keeps the id');
    assert.equal(liveS3?.description, 'Hourly partner drops', 'the PATCH reached the service');

    // Read (refresh): reads only, all still there, secrets wrapped.
    A.assertNoWrites(refreshed.calls, 'Read');
    assert.deepEqual(Object.keys(refreshed.r.outputs.connections).sort(), ['mixpanel', 's3-landing', 'salesforce-crm']);
    A.assertFullyKnown(refreshed.r.outputs, 'Read');
    A.assertSecretsWrapped(refreshed.r.outputs, everything, 'Read');

    // Destroy: every recorded connection deleted, one DELETE each.
    const [del] = run.steps({ op: 'delete' });
    assert.deepEqual(methods(del.calls), ['DELETE', 'DELETE', 'DELETE']);
    for (const id of Object.values(ids)) assert.equal(await s.emulator.getConnection(id), null, `connection ${id} was deleted`);
  });

  test('a partial failure returns ErrorResourceInitFailed with everything already done, and the next up finishes the rest', async (t) => {
    const s = await world.session(t);
    t.after(() => world.emulator.clearFaults());
    const secrets = canaries('set-partial');
    const checked = await s.driver.check({ type: SET, name: 'partial', news: setInputs('set-partial', secrets) });
    assert.deepEqual(checked.failures, []);
    await s.emulator.setFaults({ kind: 'status', status: 400, method: 'POST', path: '/connections', count: 1 });

    const err = await A.rpcFailure(s.driver.create({ type: SET, name: 'partial', inputs: checked.inputs }));
    A.assertCleanFailure(err, 'partial Create of the set');
    const init = err.details.find((d) => d.type === 'pulumirpc.ErrorResourceInitFailed');
    assert.ok(init, `the failure must carry ErrorResourceInitFailed: ${JSON.stringify(err)}`);
    assert.ok(init.id, 'the partial failure carries the set id');
    const done = Object.keys(init.properties.connections).sort();
    assert.equal(done.length, 2, `two connections were created and are recorded: ${done}`);
    const failed = ['mixpanel', 's3-landing', 'salesforce-crm'].find((k) => !done.includes(k));
    assert.match(err.message, new RegExp(`${failed} \\(create\\):`), 'the message names the failed key and why');
    assert.ok(init.reasons.some((r) => r.includes(failed)));
    A.assertSecretsWrapped(init.properties, Object.values(secrets), 'ErrorResourceInitFailed properties');
    for (const v of Object.values(secrets)) assert.ok(!err.message.includes(v), 'no secret in the message');
    const named = (await s.emulator.allConnections()).filter((c) => c.name.startsWith('set-partial '));
    assert.equal(named.length, 2, 'nothing leaked beyond what is recorded');

    // The engine keeps id + properties; the next up diffs the missing key as ADD and creates only it.
    const diff = await s.driver.diff({ type: SET, name: 'partial', id: init.id, olds: init.properties, news: checked.inputs, oldInputs: checked.inputs });
    assert.deepEqual(Object.keys(diff.detailedDiff), [keyPath(failed)]);
    assert.equal(diff.detailedDiff[keyPath(failed)].kind, 'ADD');
    const [up, calls] = await s.emulator.observe(() => s.driver.update({ type: SET, name: 'partial', id: init.id, olds: init.properties, news: checked.inputs, oldInputs: checked.inputs }));
    assert.deepEqual(methods(calls), ['POST']);
    assert.equal(Object.keys(up.outputs.connections).length, 3);
    await s.driver.delete({ type: SET, name: 'partial', id: init.id, outputs: up.outputs, oldInputs: checked.inputs });
  });

  test('Check reports every problem of the file with line:col and key path; unknown values pass in preview', async (t) => {
    const s = await world.session(t);
    const secrets = canaries('set-check');
    const broken = definitions('set-check')
      .replace('source: amazon-s3', 'source: amazon-s4')
      .replace('{ secret: salesforcePassword }', '{ secret: salesforcePasswordTypo }');
    const r = await s.driver.check({ type: SET, name: 'bad', news: { definitions: broken, secrets: secret(secrets) } });
    assert.equal(r.failures.length, 2, JSON.stringify(r.failures));
    for (const f of r.failures) assert.equal(f.property, 'definitions');
    assert.ok(r.failures.some((f) => /^\d+:\d+ connections\.s3-landing\.source: unknown source alias 'amazon-s4'/.test(f.reason)), JSON.stringify(r.failures));
    const missing = r.failures.find((f) => f.reason.includes('salesforcePasswordTypo'));
    assert.match(missing.reason, /^\d+:\d+ connections\.salesforce-crm\.auth\.params\.password: .*secrets input/);
    for (const f of r.failures) for (const v of Object.values(secrets)) assert.ok(!f.reason.includes(v));

    const unknown = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
    const preview = await s.driver.check({ type: SET, name: 'later', news: { definitions: unknown, secrets: unknown } });
    assert.deepEqual(preview.failures, [], 'unknown definitions/secrets (preview) pass Check');
  });
});
