// Drives the extension through the workbench UI the way a person does, in code-server + headless Chromium with
// the extension installed (no test payload): the squiggle is on screen, "Packet Walk: Trace Flow…" from the
// command palette with its pickers and port box, the trace view beside the editor (the drawn path: lanes, a
// box per hop in the theme's colours, the blocking mark, the hops after the drop; the hop tables below), the
// blocking box's link that moves the cursor to its element in the template, and "Save as declared flow" that
// edits the template. The drawn path is checked in the light, dark and both high-contrast themes. The window is
// 1280×800, and it writes docs/images/trace-view.png and trace-view-dark.png there (unless --skip-screenshot). Exits 1 with the reason on the first thing that does not happen.
import { mkdirSync, readFileSync } from 'node:fs';
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
  await page.setViewportSize({ width: 1280, height: 800 });
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

  // The drawn path, as the page renders it in the workbench's theme.
  const checkDrawn = async (theme) => {
    const drawn = await frame.evaluate(() => {
      const boxes = (lane) => [...document.querySelectorAll(`#lane-${lane} li.hop`)].map((li) => {
        const link = getComputedStyle(li.querySelector('.hop-link'));
        return { classes: li.className, text: li.textContent ?? '', border: link.borderLeftColor, colour: link.color, background: link.backgroundColor };
      });
      return { forward: boxes('forward'), back: boxes('return'), body: getComputedStyle(document.body).color,
        width: document.documentElement.clientWidth, scrollWidth: document.documentElement.scrollWidth };
    });
    if (drawn.forward.length < 3 || drawn.back.length < 3) throw new Error(`${theme}: the lanes hold ${drawn.forward.length} and ${drawn.back.length} boxes`);
    if (!drawn.forward.every((b) => b.classes === 'hop allow')) throw new Error(`${theme}: forward boxes: ${drawn.forward.map((b) => b.classes).join(', ')}`);
    const blocking = drawn.back.filter((b) => /\bblocking\b/.test(b.classes));
    if (blocking.length !== 1 || !/DbNacl/.test(blocking[0].text) || !/blocked here/i.test(blocking[0].text)) {
      throw new Error(`${theme}: the return lane's blocking mark: ${JSON.stringify(blocking.map((b) => b.text))}`);
    }
    const afterDrop = drawn.back.slice(drawn.back.indexOf(blocking[0]) + 1);
    if (afterDrop.length === 0 || !afterDrop.every((b) => /\bnot-reached\b/.test(b.classes))) throw new Error(`${theme}: the hops after the drop are not drawn as not reached`);
    // The theme's colours reach the page: a drop is not drawn in the colour of an allow or of a hop not
    // reached, none is unset, and box text is not drawn in its own background colour.
    const colours = new Set([drawn.forward[0].border, blocking[0].border, afterDrop[0].border]);
    if (colours.size !== 3 || [...colours].some((c) => !c || c === 'rgba(0, 0, 0, 0)')) throw new Error(`${theme}: box colours ${[...colours].join(' / ')}`);
    if ([drawn.forward[0], blocking[0]].some((b) => b.colour === b.background)) throw new Error(`${theme}: box text in its background colour`);
    if (drawn.scrollWidth > drawn.width + 1) throw new Error(`${theme}: the lanes overflow the view sideways (${drawn.scrollWidth} > ${drawn.width} px)`);
    step(`${theme}: ${drawn.forward.length} forward and ${drawn.back.length} return boxes, DbNacl marked blocked, ${afterDrop.length} not reached, box borders ${[...colours].join(' / ')}, no sideways scroll at ${drawn.width} px`);
    return drawn;
  };
  const light = await checkDrawn('Light Modern');
  if (!values['skip-screenshot']) {
    // The picture gives the template and the trace the whole window: the side bar closes first.
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('View: Close Primary Side Bar');
    const close = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close Primary Side Bar' }).first();
    await close.waitFor({ state: 'visible', timeout: 10_000 });
    await close.click();
    await page.mouse.move(200, 16); // off every control, so no tooltip shows
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(repoRoot, 'docs/images/trace-view.png') });
    step('wrote docs/images/trace-view.png (1280×800)');
  }

  // The same page in the dark and high-contrast themes, picked as a person does (Preferences: Color Theme);
  // the webview follows the workbench.
  let previous = light.body;
  for (const theme of ['Dark Modern', 'Dark High Contrast', 'Light High Contrast']) {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Preferences: Color Theme');
    const command = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first();
    await command.waitFor({ state: 'visible', timeout: 10_000 });
    await command.click();
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.waitForTimeout(300);
    await page.keyboard.type(theme);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme}$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click();
    await page.mouse.move(200, 16);
    await frame.waitForFunction((before) => getComputedStyle(document.body).color !== before, previous, { timeout: 20_000 });
    previous = (await checkDrawn(theme)).body;
    if (theme === 'Dark Modern' && !values['skip-screenshot']) {
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(repoRoot, 'docs/images/trace-view-dark.png') });
      step('wrote docs/images/trace-view-dark.png (1280×800)');
    }
  }

  // The blocking box is a link to its element: the cursor lands inside the DbNacl resource.
  const text = readFileSync(join(server.workspace, 'app-db.yaml'), 'utf8').split('\n');
  const first = text.indexOf('  DbNacl:') + 1;
  const next = text.findIndex((l, i) => i >= first && /^  [A-Za-z0-9]+:$/.test(l));
  const selection = page.locator('[id="status.editor.selection"]');
  const before = (await selection.textContent())?.trim();
  await frame.locator('#lane-return li.hop.blocking a.hop-link').click();
  await page.waitForFunction((b) => document.querySelector('[id="status.editor.selection"]')?.textContent?.trim() !== b, before, { timeout: 10_000 });
  const after = (await selection.textContent())?.trim() ?? '';
  const line = Number(after.match(/Ln (\d+)/)?.[1]);
  if (!(line >= first && line <= next)) throw new Error(`the blocking box's link moved the cursor to ${after}, not into DbNacl (lines ${first}-${next})`);
  step(`the blocking box's link moved the cursor into DbNacl (${before} → ${after})`);

  frame = await traceFrame();
  await frame.click('#save');
  await page.waitForSelector('.tabs-container .tab.dirty', { timeout: 10_000 });
  await page.waitForSelector('.notifications-toasts :text("as a declared flow")', { timeout: 10_000 });
  step('Save as declared flow edited the template');
  await done();
} catch (e) {
  await done(e instanceof Error ? e.message : String(e));
}
