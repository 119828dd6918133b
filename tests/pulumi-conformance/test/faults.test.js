'use strict';
// When the network or the service misbehaves: Cancel stops in-flight work, an ambiguous POST never leaks or
// duplicates a connection, and a failure after the POST keeps the connection in state (ErrorResourceInitFailed).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { setTimeout: sleep } = require('node:timers/promises');
const { useWorld, mixpanelInputs } = require('../lib/session');
const { grpc } = require('../lib/stubs');
const A = require('../lib/assertions');

describe('faults', () => {
  const world = useWorld();

  test('Cancel during a committed POST\'s delayed answer records the connection, never CANCELLED', async (t) => {
    const s = await world.session(t);
    t.after(() => world.emulator.clearFaults());
    const declared = mixpanelInputs();
    const c = await s.driver.check({ name: 'slow', news: declared });
    // The service commits the POST at once but holds its answer for 10 minutes; the Create's own gRPC deadline
    // (30 s) only bounds the test. (A 'latency' fault would wait *before* the commit and never reach this case.)
    await s.emulator.setFaults({ kind: 'delay-response', latencyMs: 600_000, method: 'POST', path: '/connections', count: 1 });
    const pending = A.rpcFailure(s.driver.create({ name: 'slow', inputs: c.inputs, timeoutMs: 30_000 }));
    let named = [];
    for (let i = 0; i < 400 && named.length === 0; i++) { // hang guard: the commit happens within milliseconds
      await sleep(25);
      named = (await s.emulator.allConnections()).filter((x) => x.name === declared.name);
    }
    assert.equal(named.length, 1, 'the POST committed on the service before Cancel');
    await s.driver.cancel();
    const err = await pending;
    assert.notEqual(err.code, grpc.status.DEADLINE_EXCEEDED, 'Create was still running when the deadline hit: Cancel did not cancel it');
    assert.notEqual(err.code, grpc.status.CANCELLED, 'CANCELLED tells the engine the create did not happen, but the connection exists: it would leak');
    const init = err.details.find((d) => d.type === 'pulumirpc.ErrorResourceInitFailed');
    assert.equal(init?.id, named[0].id, `the connection exists after the cancelled Create, so the error must carry its id: ${JSON.stringify(err)}`);
  });

  test('a POST whose answer is lost (committed, then the connection drops) leaks nothing and duplicates nothing', async (t) => {
    const s = await world.session(t);
    t.after(() => world.emulator.clearFaults());
    const inputs = mixpanelInputs();
    const c = await s.driver.check({ name: 'lost', news: inputs });
    await s.emulator.setFaults({ kind: 'drop', method: 'POST', path: '/connections', count: 1 });
    let id = null;
    let err = null;
    try {
      id = (await s.driver.create({ name: 'lost', inputs: c.inputs })).id;
    } catch (e) {
      if (!e.rpc) throw e;
      err = e.rpc;
    }
    const named = (await s.emulator.allConnections()).filter((x) => x.name === inputs.name);
    assert.ok(named.length <= 1, `a retried POST must not duplicate the connection: ${named.length} exist`);
    if (named.length === 1) {
      const recorded = id ?? err.details.find((d) => d.type === 'pulumirpc.ErrorResourceInitFailed')?.id;
      assert.equal(recorded, named[0].id,
        `the connection exists, so the engine must learn its id (CreateResponse.id or ErrorResourceInitFailed), else it leaks; error: ${JSON.stringify(err)}`);
    } else {
      assert.ok(err, 'Create reported success, but no connection exists');
    }
  });

  test('a failure after the POST succeeded carries ErrorResourceInitFailed with the id, so nothing leaks', async (t) => {
    const s = await world.session(t);
    t.after(() => world.emulator.clearFaults());
    const inputs = mixpanelInputs();
    const c = await s.driver.check({ name: 'half', news: inputs });
    // Every read of a single connection fails from now on; the POST itself works.
    await s.emulator.setFaults({ kind: 'status', status: 500, method: 'GET', path: '/connections/*' });
    let result = null;
    let err = null;
    try {
      result = await s.driver.create({ name: 'half', inputs: c.inputs });
    } catch (e) {
      if (!e.rpc) throw e;
      err = e.rpc;
    }
    const named = (await s.emulator.allConnections()).filter((x) => x.name === inputs.name);
    assert.equal(named.length, 1, 'the POST went through');
    if (err) {
      const init = err.details.find((d) => d.type === 'pulumirpc.ErrorResourceInitFailed');
      assert.ok(init, `Create failed after the POST without ErrorResourceInitFailed: the connection leaks (${err.codeName}: ${err.message})`);
      assert.equal(init.id, named[0].id);
      assert.ok(init.reasons.length > 0, 'reasons tell the user what went wrong');
    } else {
      assert.equal(result.id, named[0].id, 'Create succeeded without reading back: its id must be the new connection');
    }
  });
});
