'use strict';
// A lifecycle runner modelled on pulumi-go-provider's integration.LifeCycleTest (protocol reference §10.1), driving
// the real plugin over gRPC in the engine's order (§4):
//   Check(olds={}) → Create(preview) → Create
//   for each update: Check(olds=previous inputs) → Diff → none | Update(preview) → Update | replace
//   Delete
// Replacement follows the engine: Create(new) then Delete(old), or Delete(old) then Create(new) when the provider
// (or the step's own deleteBeforeReplace option) asks for it. Every step records the API calls it caused, taken from
// the emulator's journal, so tests can assert "no API call" and "exactly one PATCH".
const assert = require('node:assert/strict');

function isReplace(diff) {
  return diff.replaces.length > 0 || Object.values(diff.detailedDiff).some((d) => d.kind.endsWith('_REPLACE'));
}

class LifeCycle {
  /**
   * @param {object} spec
   * @param {string} spec.name resource name (the URN's last part)
   * @param {string} [spec.type] resource type token (default: the driver's, aep:flowservice:BaseConnection)
   * @param {{inputs: object, expectFailures?: Function, hook?: Function}} spec.create
   * @param {Array<{inputs: object, expect?: 'none'|'update'|'replace', deleteBeforeReplace?: boolean, hook?: Function}>} [spec.updates]
   * @param {boolean} [spec.destroy] run the final Delete (default true)
   */
  constructor(session, spec) {
    this.s = session;
    this.spec = { updates: [], destroy: true, ...spec };
    this.trace = []; // {op, preview?, calls, result}
    this.state = null; // {id, inputs, outputs} as the engine would keep it
  }

  async step(op, fn, extra = {}) {
    const [result, calls] = await this.s.emulator.observe(fn);
    const entry = { op, ...extra, calls, result };
    this.trace.push(entry);
    return entry;
  }

  async run() {
    if (!(await this.create())) return this;
    for (const [i, u] of this.spec.updates.entries()) await this.update(u, i);
    if (this.spec.destroy) await this.destroy();
    return this;
  }

  // The steps below are also used one at a time, to interleave several resources in the engine's dependency order
  // (a chain whose inputs are the previous resources' ids).

  /** Check → Create(preview) → Create. False when the spec expected Check failures (then nothing was created). */
  async create(createSpec = this.spec.create) {
    const d = this.s.driver;
    const { name, type } = this.spec;
    const check = await this.step('check', () => d.check({ name, type, olds: {}, news: createSpec.inputs }));
    if (createSpec.expectFailures) {
      createSpec.expectFailures(check.result.failures);
      return false;
    }
    assert.deepEqual(check.result.failures, [], 'Check of the create inputs reported failures');
    const inputs = check.result.inputs;

    await this.step('create', () => d.create({ name, type, inputs, preview: true }), { preview: true });
    const created = await this.step('create', () => d.create({ name, type, inputs }), { preview: false });
    this.state = { id: created.result.id, inputs, outputs: created.result.outputs };
    if (createSpec.hook) await createSpec.hook(this.state, this);
    return true;
  }

  /** One later `pulumi up` with new inputs: Check → Diff → nothing | Update(preview) → Update | replacement. */
  async update(u, i) {
    const d = this.s.driver;
    const { name, type } = this.spec;
    const prev = this.state;
    const c = await this.step('check', () => d.check({ name, type, olds: prev.inputs, news: u.inputs }), { update: i });
    assert.deepEqual(c.result.failures, [], `Check of update #${i} reported failures`);
    const news = c.result.inputs;
    const diff = (await this.step('diff', () => d.diff({ name, type, id: prev.id, olds: prev.outputs, news, oldInputs: prev.inputs }), { update: i })).result;
    const kind = diff.changes === 'DIFF_NONE' ? 'none' : isReplace(diff) ? 'replace' : 'update';
    if (u.expect) assert.equal(kind, u.expect, `update #${i}: expected ${u.expect}, the plugin's Diff says ${kind}: ${JSON.stringify(diff)}`);

    if (kind === 'none') {
      // The engine does nothing for an unchanged resource; the state keeps the new inputs.
      this.state = { ...prev, inputs: news };
    } else if (kind === 'update') {
      await this.step('update', () => d.update({ name, type, id: prev.id, olds: prev.outputs, news, oldInputs: prev.inputs, preview: true }), { update: i, preview: true });
      const up = await this.step('update', () => d.update({ name, type, id: prev.id, olds: prev.outputs, news, oldInputs: prev.inputs }), { update: i, preview: false });
      this.state = { id: prev.id, inputs: news, outputs: up.result.outputs };
    } else {
      await this.step('create', () => d.create({ name, type, inputs: news, preview: true }), { update: i, preview: true, replacement: true });
      const dbr = u.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      const del = () => this.step('delete', () => d.delete({ name, type, id: prev.id, outputs: prev.outputs, oldInputs: prev.inputs }), { update: i, replaced: true });
      if (dbr) await del();
      const made = await this.step('create', () => d.create({ name, type, inputs: news }), { update: i, preview: false, replacement: true });
      if (!dbr) await del();
      this.state = { id: made.result.id, inputs: news, outputs: made.result.outputs };
    }
    if (u.hook) await u.hook(this.state, { kind, diff, previous: prev }, this);
    return kind;
  }

  /** `pulumi destroy` of this resource: Delete with the state's id, outputs and inputs. */
  async destroy() {
    const { name, type } = this.spec;
    const { id, outputs, inputs: oldInputs } = this.state;
    await this.step('delete', () => this.s.driver.delete({ name, type, id, outputs, oldInputs }));
  }

  /** Trace entries matching the filter object, e.g. {op: 'create', preview: true}. */
  steps(filter) { return this.trace.filter((e) => Object.entries(filter).every(([k, v]) => e[k] === v)); }
}

module.exports = { LifeCycle, isReplace };
