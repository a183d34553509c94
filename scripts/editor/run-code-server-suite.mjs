// Runs an extension-host test suite (test-electron shape: a module exporting run()) inside the real VS Code
// workbench served by code-server, in headless Chromium. Relays the suite's console, exits with its code.
// Usage: node scripts/editor/run-code-server-suite.mjs [--suite out/test/editor/extension.suite.js]
//        [--workspace test/fixtures/editor/workspace] [--timeout 420]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, launchChromium, repoRoot, startCodeServer, workbenchUrl } from './code-server.mjs';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', default: 'out/test/editor/extension.suite.js' },
    workspace: { type: 'string', default: 'test/fixtures/editor/workspace' },
    timeout: { type: 'string', default: '420' },
    verbose: { type: 'boolean', default: false },
  },
});
const suite = resolve(repoRoot, values.suite);
const workspace = resolve(repoRoot, values.workspace);
if (!existsSync(suite)) fail(`${suite} does not exist (build it with: node esbuild.mjs --tests-only)`);
if (!existsSync(join(repoRoot, 'dist/client.js')) || !existsSync(join(repoRoot, 'dist/server.js'))) fail('dist/ is not built (node esbuild.mjs)');

const started = Date.now();
const verbose = values.verbose || !!process.env.PACKETWALK_EDITOR_VERBOSE;
const server = await startCodeServer(workspace, { log: (l) => verbose && console.log(l) });
let context;
let finished = false;

async function finish(code, why) {
  if (finished) return;
  finished = true;
  if (why) console.log(why);
  clearTimeout(timer);
  try { await context?.close(); } catch { /* browser already gone */ }
  await server.stop();
  console.log(`code-server suite ${code === 0 ? 'passed' : 'FAILED'} (exit ${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code);
}

const timer = setTimeout(() => void finish(1, `FAIL: the suite did not finish within ${values.timeout} s`), Number(values.timeout) * 1000);
process.on('SIGINT', () => void finish(130, 'interrupted'));
process.on('SIGTERM', () => void finish(143, 'terminated'));

try {
  context = await launchChromium(join(server.dir, 'chromium'));
  const page = context.pages()[0] ?? (await context.newPage());
  // The workbench reports the suite's console through codeAutomationLog and its end through codeAutomationExit.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    (type === 'error' ? console.error : console.log)(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => void finish(Number(code) || 0));
  if (verbose) page.on('console', (m) => console.log(`[workbench] ${m.text()}`));
  page.on('crash', () => void finish(1, 'FAIL: the workbench page crashed'));
  const url = workbenchUrl(server.port, server.workspace, { extensionDevelopmentPath: repoRoot, extensionTestsPath: suite });
  await page.goto(url);
} catch (e) {
  await finish(1, `FAIL: ${e instanceof Error ? e.stack : String(e)}`);
}
