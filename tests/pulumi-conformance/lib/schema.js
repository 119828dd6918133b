'use strict';
// Reading the plugin's package schema the way Pulumi's tools do: validation against Pulumi's own JSON Schemas
// (shared/reference/pulumi-schemas, draft 2020-12) and `#/types/...` references resolved as codegen resolves them.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const paths = require('./paths');

/** A compiled validator for one of Pulumi's schemas (e.g. 'package-metaschema.json', 'project.json'). */
function validator(file) {
  const full = path.join(paths.sharedReference, 'pulumi-schemas', file);
  assert.ok(fs.existsSync(full), `${full} not found: shared/ must sit beside the repository, or set AEP_SHARED_REFERENCE to its reference/ folder`);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(full, 'utf8')));
}

/** The last validation's errors, one per line. */
function explain(validate) {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

/** Resolve a property spec through local `#/types/...` references. */
function deref(schema, prop) {
  const ref = prop?.$ref ?? prop?.items?.$ref;
  if (ref && ref.startsWith('#/types/')) return schema.types[decodeURIComponent(ref.slice('#/types/'.length))];
  return prop;
}

module.exports = { validator, explain, deref };
