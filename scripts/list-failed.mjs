// Prints the name and first message line of every failed .NET test (from the TRX files) and every failed Node test
// (from the TAP file), one per line. CI shows only the tail of its output, so .ci/run prints this just before the
// summary line: a failure must be findable without the whole log.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const [trxDir, tapFile] = process.argv.slice(2);
const walk = (dir) => !existsSync(dir) ? [] : readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : path.endsWith(".trx") ? [path] : [];
});
const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

for (const file of walk(trxDir)) {
  const xml = readFileSync(file, "utf8");
  for (const m of xml.matchAll(/<UnitTestResult\b([^>]*?)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    if (!/\boutcome="Failed"/.test(m[1])) continue;
    const name = decode((m[1].match(/\btestName="([^"]*)"/) ?? [, "?"])[1]);
    const message = decode(((m[2] ?? "").match(/<Message>([\s\S]*?)<\/Message>/) ?? [, ""])[1]).trim().split("\n")[0];
    console.log(`FAILED .NET ${name}: ${message.slice(0, 400)}`);
  }
}
if (tapFile && existsSync(tapFile)) {
  for (const line of readFileSync(tapFile, "utf8").split("\n")) {
    const m = line.match(/^\s*not ok \d+ - (.*)$/);
    if (m) console.log(`FAILED Node ${m[1]}`);
  }
}
