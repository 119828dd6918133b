'use strict';
// What the engine reads from a failed call: the status code, the message, and the typed details in
// grpc-status-details-bin (ErrorResourceInitFailed, ConfigureErrorMissingKeys, InputPropertiesError).
const { grpc, pb, statuspb } = require('./stubs');
const errorspb = require('@pulumi/pulumi/proto/errors_pb.js');
const { fromStruct } = require('./props');

const CODE_NAMES = Object.fromEntries(Object.entries(grpc.status).map(([k, v]) => [v, k]));
// The engine reads these as "the resource's state is unknown" (protocol reference §7.5).
const STATE_UNKNOWN_CODES = new Set([grpc.status.UNKNOWN, grpc.status.INTERNAL, grpc.status.DATA_LOSS]);

const DECODERS = {
  'pulumirpc.ErrorResourceInitFailed': (b) => {
    const m = pb.ErrorResourceInitFailed.deserializeBinary(b);
    return { id: m.getId(), properties: fromStruct(m.getProperties()), inputs: fromStruct(m.getInputs()), reasons: m.getReasonsList() };
  },
  'pulumirpc.ConfigureErrorMissingKeys': (b) => ({
    missingKeys: pb.ConfigureErrorMissingKeys.deserializeBinary(b).getMissingkeysList()
      .map((k) => ({ name: k.getName(), description: k.getDescription() })),
  }),
  'pulumirpc.InputPropertiesError': (b) => ({
    errors: errorspb.InputPropertiesError.deserializeBinary(b).getErrorsList()
      .map((e) => ({ propertyPath: e.getPropertyPath(), reason: e.getReason() })),
  }),
};

/** {code, codeName, message, details:[{type, ...decoded}]} for a grpc-js error. */
function describeError(err) {
  const details = [];
  const bin = err.metadata?.get?.('grpc-status-details-bin') ?? [];
  if (bin.length) {
    for (const any of statuspb.Status.deserializeBinary(bin[0]).getDetailsList()) {
      const type = any.getTypeUrl().replace(/^type\.googleapis\.com\//, '');
      const decode = DECODERS[type];
      details.push({ type, ...(decode ? decode(any.getValue_asU8()) : {}) });
    }
  }
  return { code: err.code, codeName: CODE_NAMES[err.code], message: err.details ?? err.message, details };
}

module.exports = { describeError, CODE_NAMES, STATE_UNKNOWN_CODES };
