// Shared plumbing for the code-server based runs (the in-editor suite and the screenshot): finds the
// editors, starts code-server on 127.0.0.1 with isolated XDG folders, and opens headless Chromium through
// playwright-core. Isolated XDG folders and user settings keep it quiet and offline.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const editorCache = process.env.PACKETWALK_EDITOR_CACHE || '/var/cache/packetwalk-editors';
const INSTALL_HINT = 'run scripts/editor/install-editors.sh';

/** Path of an executable on PATH, or undefined. */
export function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Missing editors are failures, never skips (only the test-electron runner may skip). */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

export function findCodeServer() {
  const cached = join(editorCache, 'node_modules', '.bin', 'code-server');
  const found = process.env.CODE_SERVER || (existsSync(cached) ? cached : which('code-server'));
  if (!found) fail(`code-server 4.100.3 not found in ${editorCache} or on PATH (${INSTALL_HINT})`);
  return found;
}

export function findChromium() {
  const found = process.env.CHROMIUM || which('chromium') || which('chromium-browser');
  if (!found) fail(`chromium not found (${INSTALL_HINT})`);
  return found;
}

export function loadPlaywright() {
  for (const base of [repoRoot, editorCache]) {
    try {
      return createRequire(join(base, 'package.json'))('playwright-core');
    } catch {
      /* try the next place */
    }
  }
  fail(`playwright-core not found in the repository or ${editorCache} (${INSTALL_HINT})`);
}

async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts code-server on a throw-away COPY of `source` (the suite edits files; the repository's fixtures must
 * never change) and resolves once it answers. Returns { port, dir, workspace, stop }.
 * The process runs in its own process group so stop() can end it and its children by its own PID.
 */
export async function startCodeServer(source, { log = () => {} } = {}) {
  const bin = findCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'packetwalk-code-server-'));
  const workspace = join(dir, 'workspace');
  cpSync(source, workspace, { recursive: true });
  for (const d of ['xdg/config', 'xdg/data', 'xdg/cache', 'extensions', 'user/User', 'chromium']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'user/User/settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'workbench.tips.enabled': false,
    'editor.hover.delay': 100,
    'editor.hover.sticky': true,
    'editor.stickyScroll.enabled': false,
    'workbench.colorTheme': 'Default Light Modern',
    // The suite edits fixtures in memory; they must never be written back.
    'files.autoSave': 'off',
    'files.hotExit': 'off',
  }, null, 2));
  const port = await freePort();
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(dir, 'xdg/config'),
    XDG_DATA_HOME: join(dir, 'xdg/data'),
    XDG_CACHE_HOME: join(dir, 'xdg/cache'),
  };
  const child = spawn(bin, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override',
    '--extensions-dir', join(dir, 'extensions'), '--user-data-dir', join(dir, 'user'), workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => log(`[code-server] ${String(d).trimEnd()}`));
  child.stderr.on('data', (d) => log(`[code-server] ${String(d).trimEnd()}`));
  let exited = false;
  child.on('exit', () => (exited = true));

  /** Ends code-server's whole process group (it forks file watchers and extension hosts): TERM, then KILL. */
  const stop = async () => {
    if (child.pid) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const end = Date.now() + 3000;
      while (!exited && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* the group is gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) { await stop(); fail('code-server exited during start-up'); }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { await stop(); fail('code-server did not answer within 60 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, dir, workspace, stop, pid: child.pid };
}

/** Headless Debian Chromium through playwright-core; never downloads a browser. */
export async function launchChromium(userDataDir) {
  const { chromium } = loadPlaywright();
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The workbench URL for a folder, optionally with the test payload (extension development + tests paths). */
export function workbenchUrl(port, folder, payload) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const entries = [['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]];
    if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

/**
 * "Installs" the extension into a started code-server the way a .vsix lays it out (manifest + bundles in the
 * extensions folder), for the runs that open the workbench without a test payload. Call before opening the page.
 */
export function installExtensionCopy(server) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const ext = join(server.dir, 'extensions', `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(join(ext, 'dist'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(ext, 'package.json'));
  for (const f of ['client.js', 'server.js', 'analysis-worker.js']) cpSync(join(repoRoot, 'dist', f), join(ext, 'dist', f));
  return ext;
}

/** Opens a workspace file through Quick Open, as a person would. */
export async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(file);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
}
