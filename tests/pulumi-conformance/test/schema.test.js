'use strict';
// Contract tests against Pulumi's own JSON Schemas (shared/reference/pulumi-schemas, draft 2020-12):
// the plugin's GetSchema output against the package metaschema, the repository's Pulumi.yaml against the project
// schema. Plus what Pulumi YAML reads from the schema: secrets and replaceOnChanges (reference §9).
const { describe, test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const paths = require('../lib/paths');
const { launchPlugin } = require('../lib/plugin');
const { startFakeEngine } = require('../lib/engine');
const { Driver } = require('../lib/driver');
const { validator, explain, deref } = require('../lib/schema');

const CONNECTION = 'aep:flowservice:BaseConnection';
const FUNCTIONS = ['aep:flowservice:getConnectionSpec', 'aep:flowservice:exploreRoot', 'aep:flowservice:testConnection'];

describe('package schema (GetSchema)', () => {
  // One plugin process serves all schema tests, as the engine's schema loader does; fetched on first use so a
  // failure fails each test instead of cancelling them.
  let fetching;
  const closers = [];
  const getSchema = () => (fetching ??= (async () => {
    const engine = await startFakeEngine();
    closers.push(() => engine.stop());
    const plugin = await launchPlugin({ engineAddress: engine.address });
    closers.push(() => plugin.close());
    const driver = new Driver(plugin);
    await driver.handshake(engine.address);
    return driver.getSchema();
  })());
  after(async () => { for (const c of closers.reverse()) await c(); });

  test('validates against Pulumi\'s package metaschema', async () => {
    const schema = await getSchema();
    const validate = validator('package-metaschema.json');
    assert.ok(validate(schema), `GetSchema output is not a valid Pulumi package schema:\n${explain(validate)}`);
  });

  test('names the package aep, gives a semver version and a description', async () => {
    const schema = await getSchema();
    assert.equal(schema.name, 'aep');
    assert.match(schema.version ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(schema.description, 'a package description');
  });

  test('config and provider inputs: all keys, secrets marked, env fallbacks documented, no reserved names', async () => {
    const schema = await getSchema();
    const keys = ['endpoint', 'imsEndpoint', 'clientId', 'clientSecret', 'orgId', 'sandboxName', 'accessToken'];
    for (const where of [schema.config?.variables, schema.provider?.inputProperties]) {
      assert.ok(where, 'config.variables and provider.inputProperties are declared');
      for (const k of keys) {
        assert.ok(where[k], `${k} is declared`);
        assert.ok(where[k].description, `${k} has a description`);
      }
      for (const k of ['clientSecret', 'accessToken']) assert.equal(where[k].secret, true, `${k} is secret`);
      for (const k of ['clientId', 'orgId', 'sandboxName', 'endpoint']) assert.notEqual(where[k].secret, true, `${k} is not secret`);
      assert.ok(!('version' in where) && !('pulumi' in where), 'version/pulumi are reserved provider input names');
    }
    // Generated SDKs apply defaultInfo; if the schema documents env fallbacks, they must be the plugin's own names.
    const env = { endpoint: 'AEP_ENDPOINT', imsEndpoint: 'AEP_IMS_ENDPOINT', clientId: 'AEP_CLIENT_ID', clientSecret: 'AEP_CLIENT_SECRET',
      orgId: 'AEP_ORG_ID', sandboxName: 'AEP_SANDBOX_NAME', accessToken: 'AEP_ACCESS_TOKEN' };
    for (const [k, v] of Object.entries(env)) {
      const documented = schema.config.variables[k].defaultInfo?.environment;
      if (documented) assert.deepEqual(documented, [v], `config ${k} documents env var ${v}`);
    }
  });

  test('BaseConnection: inputs, outputs with descriptions; auth.params secret; connectionSpec replaces', async () => {
    const schema = await getSchema();
    const r = schema.resources?.[CONNECTION];
    assert.ok(r, `${CONNECTION} is declared`);
    assert.ok(r.description, 'the resource has a description');
    for (const k of ['name', 'description', 'connectionSpec', 'auth']) {
      assert.ok(r.inputProperties?.[k], `input ${k}`);
      assert.ok(r.inputProperties[k].description, `input ${k} has a description`);
    }
    for (const k of ['name', 'description', 'connectionSpec', 'auth', 'etag', 'state', 'createdAt', 'updatedAt', 'sandboxName', 'imsOrgId']) {
      assert.ok(r.properties?.[k], `output ${k}`);
      assert.ok(r.properties[k].description, `output ${k} has a description`);
    }
    for (const k of ['name', 'connectionSpec']) assert.ok(r.requiredInputs?.includes(k), `${k} is a required input`);
    assert.ok(!r.requiredInputs?.includes('auth'), 'auth is optional (a spec with no auth, e.g. Data Landing Zone)');
    assert.ok(r.required?.includes('etag'), 'etag is a required output');

    const spec = deref(schema, r.inputProperties.connectionSpec);
    assert.ok(spec?.properties?.id && spec.properties.version, 'connectionSpec has id and version');
    assert.equal(r.inputProperties.connectionSpec.replaceOnChanges ?? r.properties.connectionSpec.replaceOnChanges, true,
      'connectionSpec is replaceOnChanges (the API cannot patch it)');

    for (const [what, auth] of [['input', r.inputProperties.auth], ['output', r.properties.auth]]) {
      const t = deref(schema, auth);
      assert.ok(t?.properties?.specName && t.properties.params, `${what} auth has specName and params`);
      assert.equal(t.properties.params.secret, true, `${what} auth.params is secret`);
    }
  });

  test('functions getConnectionSpec and exploreRoot are declared with their inputs', async () => {
    const schema = await getSchema();
    for (const f of FUNCTIONS) assert.ok(schema.functions?.[f], `${f} is declared`);
    assert.ok(schema.functions[FUNCTIONS[0]].inputs?.properties?.connectionSpecId, 'getConnectionSpec takes connectionSpecId');
    assert.ok(schema.functions[FUNCTIONS[1]].inputs?.properties?.connectionId, 'exploreRoot takes connectionId');
    assert.ok(schema.functions[FUNCTIONS[2]].inputs?.properties?.connectionId, 'testConnection takes connectionId');
  });
});

describe('project file (Pulumi.yaml)', () => {
  test('validates against Pulumi\'s project schema and points the aep plugin at ./bin', () => {
    const file = path.join(paths.repoRoot, 'Pulumi.yaml');
    assert.ok(fs.existsSync(file), `${file} is missing`);
    const project = YAML.parse(fs.readFileSync(file, 'utf8'));
    const validate = validator('project.json');
    assert.ok(validate(project), `Pulumi.yaml is not a valid Pulumi project:\n${explain(validate)}`);
    assert.equal(project.runtime === 'yaml' || project.runtime?.name === 'yaml', true, 'runtime: yaml');
    const aep = project.plugins?.providers?.find((p) => p.name === 'aep');
    assert.ok(aep, 'plugins.providers has an aep entry');
    // The engine resolves `path` relative to Pulumi.yaml and expects a DIRECTORY holding pulumi-resource-aep.
    assert.equal(path.resolve(paths.repoRoot, aep.path), path.dirname(paths.pluginBinary));
    if (project.main) assert.ok(fs.existsSync(path.resolve(paths.repoRoot, project.main)), `main: ${project.main} exists`);
    if (project.stackConfigDir) assert.ok(fs.existsSync(path.resolve(paths.repoRoot, project.stackConfigDir)), `stackConfigDir: ${project.stackConfigDir} exists`);
  });
});
