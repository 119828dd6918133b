'use strict';
// Where a leaked secret could surface to a person or into state: the plugin's stdout and stderr, every engine Log
// message, every error (message and details), and every value the plugin returned outside a secret wrapper.
const { plainOccurrences } = require('./props');

/**
 * @param {object} s session ({plugin, engine})
 * @param {string} canary the unique secret value
 * @param {(method: string, path: string) => boolean} [allowed] occurrences the engine itself causes
 *   (e.g. CheckConfig echoing a secret the engine sent plain and re-marks itself)
 * @returns {string[]} human-readable places where the canary was found
 */
function canarySightings(s, canary, allowed = () => false) {
  const seen = [];
  if (s.plugin.child.stdout.includes(canary)) seen.push('plugin stdout');
  if (s.plugin.child.stderr.includes(canary)) seen.push(`plugin stderr: …${around(s.plugin.child.stderr, canary)}…`);
  for (const l of s.engine?.logs ?? []) if (JSON.stringify(l).includes(canary)) seen.push(`engine Log (${l.severity}): ${l.message.slice(0, 200)}`);
  for (const e of s.plugin.errors) {
    if (e.message.includes(canary)) seen.push(`${e.method} error message: ${e.message.slice(0, 200)}`);
    for (const d of e.details) for (const p of plainOccurrences(d, canary)) seen.push(`${e.method} error detail ${d.type} at ${p}`);
  }
  for (const c of s.plugin.calls) {
    for (const p of plainOccurrences(c.response, canary)) if (!allowed(c.method, p)) seen.push(`${c.method} response at ${p} (not secret-wrapped)`);
  }
  return seen;
}

function around(text, needle) {
  const i = text.indexOf(needle);
  return text.slice(Math.max(0, i - 80), i + needle.length + 40).replaceAll(needle, '<CANARY>');
}

module.exports = { canarySightings };
