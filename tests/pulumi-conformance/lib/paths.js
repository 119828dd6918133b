'use strict';
// Where the things under test live. Everything is located from the repository root (the folder holding
// Provisioner.sln) so the suite runs the same from the lead's checkout, a worktree, or CI's fresh clone.
const fs = require('node:fs');
const path = require('node:path');

function findRepoRoot(start = __dirname) {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'Provisioner.sln'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Provisioner.sln above ${start}: run the suite from inside the repository`);
  }
}

const repoRoot = findRepoRoot();

// The engine finds a project plugin as <dir>/pulumi-resource-<pkg>; Pulumi.yaml points plugins.providers at ./bin.
const pluginBinary = process.env.AEP_PLUGIN_BINARY || path.join(repoRoot, 'bin', 'pulumi-resource-aep');

// shared/ sits beside the repository (CI copies it there); a git worktree may sit one level deeper, so the nearest
// ancestor holding shared/reference wins. AEP_SHARED_REFERENCE overrides for other layouts.
function findSharedReference() {
  if (process.env.AEP_SHARED_REFERENCE) return process.env.AEP_SHARED_REFERENCE;
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'reference');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(repoRoot, '..', 'shared', 'reference');
  }
}
const sharedReference = findSharedReference();

const emulatorProject = path.join(repoRoot, 'src', 'Provisioner.Emulator');
// A built emulator starts in well under a second; `dotnet run` would rebuild each time, so prefer the dll.
const emulatorDll = process.env.AEP_EMULATOR_DLL ||
  path.join(emulatorProject, 'bin', 'Release', 'net10.0', 'Provisioner.Emulator.dll');

function requirePluginBinary() {
  if (!fs.existsSync(pluginBinary)) {
    throw new Error(
      `plugin binary not found at ${pluginBinary}. Publish it first: ` +
      '`dotnet publish src/Provisioner.PulumiProvider -c Release -o bin` (from the repository root).');
  }
  try {
    fs.accessSync(pluginBinary, fs.constants.X_OK);
  } catch {
    throw new Error(`plugin binary ${pluginBinary} is not executable (the engine execs it directly): chmod +x it or re-publish`);
  }
  return pluginBinary;
}

module.exports = { repoRoot, pluginBinary, sharedReference, emulatorProject, emulatorDll, requirePluginBinary };
