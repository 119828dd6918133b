// Sums the Counters of every .trx file under a folder and prints "passed failed".
// Node is used (not python) because the README promises only the .NET SDK and Node on a fresh machine.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const walk = (dir) => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : path.endsWith(".trx") ? [path] : [];
});

let passed = 0, failed = 0;
for (const file of walk(process.argv[2])) {
  const counters = readFileSync(file, "utf8").match(/<Counters\b[^>]*>/);
  if (!counters) { failed += 1; continue; }
  const attr = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) ?? [0, 0])[1]);
  passed += attr("passed");
  failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted");
}
console.log(`${passed} ${failed}`);
