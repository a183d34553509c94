// Drives the extension through the workbench UI the way a person does, in code-server + headless Chromium with
// the extension installed (no test payload): the squiggle is on screen, "Packet Walk: Trace Flow…" from the
// command palette with its pickers and port box, the trace view beside the editor (verdict, hop tables), a hop
// link that moves the cursor to its line, and "Save as declared flow" that edits the template. It also
// writes docs/images/trace-view.png. Exits 1 with the reason on the first thing that does not happen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, installExtensionCopy, launchChromium, quickOpen, repoRoot, startCodeServer, workbenchUrl } from './code-server.mjs';

const { values } = parseArgs({ options: { timeout: { type: 'string', default: '180' }, 'skip-screenshot': { type: 'boolean', default: false } } });
const started = Date.now();
const server = await startCodeServer(join(repoRoot, 'test/fixtures/editor/workspace'));
let context;
let page;
const timer = setTimeout(() => void done(`did not finish within ${values.timeout} s`), Number(values.timeout) * 1000);

async function done(error) {
  clearTimeout(timer);
  if (error && page) {
    try { mkdirSync(join(repoRoot, '.cache'), { recursive: true }); await page.screenshot({ path: join(repoRoot, '.cache', 'ui-check-failure.png') }); } catch { /* no page */ }
  }
  try { await context?.close(); } catch { /* gone */ }
  await server.stop();
  if (error) fail(`UI check: ${error} (see .cache/ui-check-failure.png)`);
  console.log(`UI check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}

const step = (what) => console.log(`ok - ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/** In the open quick pick, type `text` and accept the row whose label is exactly `label`. */
async function pick(text, label) {
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(text);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
}

/** The trace view's inner frame (webviews nest two iframes), once it shows a verdict. */
async function traceFrame() {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      try {
        if (await f.$('#verdict')) return f;
      } catch { /* frame navigating */ }
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the trace view did not appear');
}

try {
  installExtensionCopy(server);
  context = await launchChromium(join(server.dir, 'chromium'));
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(workbenchUrl(server.port, server.workspace));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(1500);

  await quickOpen(page, 'app-db.yaml');
  await page.click('.monaco-editor .view-lines');
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#status\\.problems')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.keyboard.press('F8');
  await page.waitForTimeout(500);
  await page.keyboard.press('Escape');
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 20_000 });
  step('the template shows an error squiggle and a Problems count');
  const status = await page.locator('.statusbar-item', { hasText: /flows? failing/ }).first().textContent({ timeout: 10_000 });
  if (!/1 of 1 flow failing/.test(status ?? '')) throw new Error(`status bar says ${JSON.stringify(status)}`);
  step(`the status bar says "${status?.trim()}"`);

  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('Packet Walk: Trace Flow');
  const cmd = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Packet Walk: Trace Flow' }).first();
  await cmd.waitFor({ state: 'visible', timeout: 10_000 });
  await cmd.click();
  await pick('App', 'App');
  await pick('Db', 'Db');
  await pick('tcp', 'tcp');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('99999');
  await page.waitForSelector('.quick-input-message:has-text("At most 65535")', { timeout: 5_000 });
  step('the port box refuses 99999');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5432');
  await page.keyboard.press('Enter');
  step('picked App → Db tcp 5432 through the palette');

  let frame = await traceFrame();
  const verdict = (await frame.textContent('#verdict'))?.trim();
  if (verdict !== 'Blocked') throw new Error(`the trace view says ${JSON.stringify(verdict)}`);
  const body = (await frame.textContent('body')) ?? '';
  if (!/Forward path/.test(body) || !/Return path/.test(body) || !/DbNacl/.test(body)) throw new Error('the trace view lacks the hop tables or the NACL');
  step('the trace view shows Blocked, both hop tables and DbNacl');
  if (!values['skip-screenshot']) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(repoRoot, 'docs/images/trace-view.png') });
    step('wrote docs/images/trace-view.png');
  }

  const selection = page.locator('[id="status.editor.selection"]');
  const before = (await selection.textContent())?.trim();
  const drop = frame.locator('tr.drop a.reveal').first();
  await drop.click();
  await page.waitForFunction((b) => document.querySelector('[id="status.editor.selection"]')?.textContent?.trim() !== b, before, { timeout: 10_000 });
  step(`the dropping hop's link moved the cursor (${before} → ${(await selection.textContent())?.trim()})`);

  frame = await traceFrame();
  await frame.click('#save');
  await page.waitForSelector('.tabs-container .tab.dirty', { timeout: 10_000 });
  await page.waitForSelector('.notifications-toasts :text("as a declared flow")', { timeout: 10_000 });
  step('Save as declared flow edited the template');
  await done();
} catch (e) {
  await done(e instanceof Error ? e.message : String(e));
}
