'use strict';
// Pulumi property values as plain JS, and their google.protobuf.Struct form (protocol reference §6).
// Special values are objects tagged by the signature key; unknowns are a sentinel string.
const { Struct } = require('google-protobuf/google/protobuf/struct_pb.js');

const SIG = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
// The typed unknown sentinels the engine also recognises; a plugin may legitimately answer with any of them.
const UNKNOWNS = new Set([UNKNOWN,
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7', '3eeb2bf0-c639-47a8-9e75-3b44932eb421',
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2', '030794c1-ac77-496b-92df-f27374a8bd58',
  'e48ece36-62e2-4504-bad9-02848725956a', 'dd056dcd-154b-4c76-9bd3-c8f88648b5ff']);

const secret = (value) => ({ [SIG]: SECRET_SIG, value });
const isSecret = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && v[SIG] === SECRET_SIG;
const isUnknown = (v) => typeof v === 'string' && UNKNOWNS.has(v);

const toStruct = (obj) => Struct.fromJavaScript(obj ?? {});
const fromStruct = (s) => (s ? s.toJavaScript() : undefined);

/** Deep copy with every secret wrapper removed: what the value *means*, for comparisons. */
function reveal(v) {
  if (isSecret(v)) return reveal(v.value);
  if (Array.isArray(v)) return v.map(reveal);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
  return v;
}

/** Value at a dotted path, looking through secret wrappers; `insideSecret` says whether any wrapper was crossed. */
function at(v, dotted) {
  let insideSecret = false;
  let cur = v;
  for (const key of dotted.split('.')) {
    while (isSecret(cur)) { insideSecret = true; cur = cur.value; }
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return { found: false, insideSecret, value: undefined };
    cur = cur[key];
  }
  while (isSecret(cur)) { insideSecret = true; cur = cur.value; }
  return { found: true, insideSecret, value: cur };
}

/** Dotted paths of every string (or object key) containing `needle` that is NOT inside a secret wrapper. */
function plainOccurrences(v, needle, path = '') {
  if (isSecret(v)) return [];
  const hits = [];
  if (typeof v === 'string') { if (v.includes(needle)) hits.push(path || '(root)'); return hits; }
  if (Array.isArray(v)) { v.forEach((x, i) => hits.push(...plainOccurrences(x, needle, `${path}[${i}]`))); return hits; }
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (k.includes(needle)) hits.push(`${p} (key)`);
      hits.push(...plainOccurrences(x, needle, p));
    }
  }
  return hits;
}

/** Dotted paths of every unknown sentinel anywhere in the value (secrets included). */
function unknownPaths(v, path = '') {
  if (isUnknown(v)) return [path || '(root)'];
  if (isSecret(v)) return unknownPaths(v.value, path);
  if (Array.isArray(v)) return v.flatMap((x, i) => unknownPaths(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => unknownPaths(x, path ? `${path}.${k}` : k));
  return [];
}

module.exports = { SIG, SECRET_SIG, UNKNOWN, secret, isSecret, isUnknown, toStruct, fromStruct, reveal, at, plainOccurrences, unknownPaths };
