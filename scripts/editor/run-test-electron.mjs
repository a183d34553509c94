// Runs the in-editor suite in desktop VS Code through the standard @vscode/test-electron runTests, for
// machines that have VS Code. The binary comes from VSCODE_EXECUTABLE or a known install location; this
// machine class has none (and no internet to download one), so then it prints a skip line and exits 0:
// the only skip the project allows. The same suite runs in code-server (run-code-server-suite.mjs) always.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, which } from './code-server.mjs';

const candidates = [
  process.env.VSCODE_EXECUTABLE,
  which('code'),
  '/usr/share/code/code',
  '/usr/bin/code',
  '/snap/bin/code',
  '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
  join(repoRoot, '.vscode-test'),
].filter(Boolean);

/** A VS Code binary: the env var, a desktop install, or one @vscode/test-electron downloaded earlier. */
function findVsCode() {
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    if (c.endsWith('.vscode-test')) {
      // test-electron's own download cache: .vscode-test/vscode-linux-x64-<version>/code
      for (const sub of ['vscode-linux-x64-stable', 'vscode-linux-x64-insiders']) {
        const bin = join(c, sub, 'code');
        if (existsSync(bin)) return bin;
      }
      continue;
    }
    return c;
  }
  return undefined;
}

const vscodeExecutablePath = findVsCode();
if (!vscodeExecutablePath) {
  console.log('SKIP test-electron: no desktop VS Code binary on this machine (set VSCODE_EXECUTABLE to run it); the same suite ran in code-server.');
  process.exit(0);
}

const { runTests } = await import('@vscode/test-electron');
const dir = mkdtempSync(join(tmpdir(), 'packetwalk-test-electron-'));
const workspace = join(dir, 'workspace');
cpSync(join(repoRoot, 'test/fixtures/editor/workspace'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/test/editor/extension.suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(dir, 'user'), '--skip-welcome', '--skip-release-notes'],
  });
} catch (e) {
  console.error(`FAIL: test-electron: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`test-electron suite ${code === 0 ? 'passed' : 'FAILED'} (exit ${code})`);
process.exit(code);
