'use strict';
// Assertions phrased the way the engine judges a provider's answers.
const assert = require('node:assert/strict');
const { unknownPaths, plainOccurrences, at, reveal } = require('./props');
const { STATE_UNKNOWN_CODES } = require('./grpc-errors');
const { writes } = require('./emulator');

// Outputs the plugin computes (server side); everything else in outputs echoes an input.
const COMPUTED_OUTPUTS = ['etag', 'state', 'createdAt', 'updatedAt', 'sandboxName', 'imsOrgId'];

/** A non-preview Create/Update/Read answer: the engine rejects any unknown in it. */
function assertFullyKnown(outputs, what) {
  assert.deepEqual(unknownPaths(outputs), [], `${what}: unknown values are only allowed in previews`);
}

/** Every secret input value must come back inside a secret wrapper (acceptSecrets=true: the engine won't re-mark). */
function assertSecretsWrapped(outputs, secretValues, what) {
  for (const v of secretValues) {
    assert.deepEqual(plainOccurrences(outputs, v), [], `${what}: a secret input appears outside a secret wrapper`);
  }
}

/** Outputs echo the user's inputs (meaning, ignoring secret wrappers) and add the server-side fields. */
function assertOutputsMatchInputs(outputs, inputs, what) {
  for (const key of ['name', 'description', 'connectionSpec']) {
    if (key in inputs) assert.deepEqual(reveal(outputs[key]), reveal(inputs[key]), `${what}: output ${key} should echo the input`);
  }
  assert.equal(at(outputs, 'auth.specName').value, reveal(inputs).auth.specName, `${what}: auth.specName`);
  assert.equal(typeof outputs.etag, 'string', `${what}: etag output`);
  assert.ok(outputs.etag.length > 0, `${what}: etag output is empty`);
}

/** A clean failure: the engine must not conclude "state unknown", and the message must say something. */
function assertCleanFailure(info, what) {
  assert.ok(!STATE_UNKNOWN_CODES.has(info.code), `${what}: gRPC ${info.codeName} tells the engine the state is unknown; use a specific code (message: ${info.message})`);
  assert.ok(info.message && info.message.length > 10, `${what}: error message too thin: ${JSON.stringify(info.message)}`);
  assert.doesNotMatch(info.message, /\bat [\w.<>]+\(.*\) in .*:line \d+|   at /, `${what}: the message carries a stack trace`);
}

function assertNoApiCalls(calls, what) {
  assert.deepEqual(calls, [], `${what}: expected no API call at all`);
}

function assertNoWrites(calls, what) {
  assert.deepEqual(writes(calls), [], `${what}: expected no write call`);
}

/** Values match what the package schema declares: no undeclared keys, every required key present. */
function assertMatchesDeclared(values, declared, what) {
  const keys = Object.keys(values);
  const undeclared = keys.filter((k) => !(k in (declared.properties ?? {})));
  assert.deepEqual(undeclared, [], `${what}: keys not declared in the schema (Pulumi YAML and SDKs would not see them)`);
  const missing = (declared.required ?? []).filter((k) => !keys.includes(k));
  assert.deepEqual(missing, [], `${what}: keys the schema says are always present are missing`);
}

/** Awaits a driver call that must fail over gRPC; returns describeError() of the failure. */
async function rpcFailure(promise) {
  try {
    await promise;
  } catch (e) {
    if (e.rpc) return e.rpc;
    throw e;
  }
  assert.fail('the call succeeded but a failure was expected');
}

module.exports = { rpcFailure, assertMatchesDeclared, COMPUTED_OUTPUTS, assertFullyKnown, assertSecretsWrapped, assertOutputsMatchInputs, assertCleanFailure, assertNoApiCalls, assertNoWrites };
