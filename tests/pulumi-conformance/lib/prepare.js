'use strict';
// npm pretest: make sure the emulator the suite runs out of process is built (Release, like the published plugin).
// Skipped when the dll is newer than every emulator source file (scripts/test.sh has just built the solution), or
// when AEP_EMULATOR_DLL names a build to use. The plugin is NOT built here: publishing it is the caller's step, and a
// missing plugin must fail the tests loudly rather than be papered over.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const paths = require('./paths');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'bin' || e.name === 'obj') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (process.env.AEP_EMULATOR_DLL) process.exit(0);
if (fs.existsSync(paths.emulatorDll) && fs.statSync(paths.emulatorDll).mtimeMs >= newestSource(paths.emulatorProject)) process.exit(0);

const r = spawnSync('dotnet', ['build', paths.emulatorProject, '-c', 'Release', '--nologo', '-v', 'q', '-clp:ErrorsOnly'],
  { stdio: ['ignore', 2, 2], cwd: paths.repoRoot, env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
if (r.status !== 0) {
  console.error(`pretest: building the emulator (${paths.emulatorProject}) failed; the conformance suite needs it.`);
  process.exit(r.status ?? 1);
}
