'use strict';
// npm pretest: build the emulator the suite runs out of process (Release, like the published plugin). An up-to-date
// build is a quick no-op. The plugin is NOT built here: publishing it is the caller's step, and a missing plugin must
// fail the tests loudly rather than be papered over.
const { spawnSync } = require('node:child_process');
const paths = require('./paths');

if (process.env.AEP_EMULATOR_DLL) process.exit(0);
const r = spawnSync('dotnet', ['build', paths.emulatorProject, '-c', 'Release', '--nologo', '-v', 'q', '-clp:ErrorsOnly'],
  { stdio: 'inherit', cwd: paths.repoRoot, env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
if (r.status !== 0) {
  console.error(`pretest: building the emulator (${paths.emulatorProject}) failed; the conformance suite needs it.`);
  process.exit(r.status ?? 1);
}
