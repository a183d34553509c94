// Takes the README picture docs/images/squiggle-hover.png: the real VS Code workbench (code-server in headless
// Chromium, no test payload) with the extension installed, an example template open, its packetwalk squiggle
// hovered. Also a check that a person would actually see the squiggle: it fails when none appears.
// Usage: node scripts/editor/screenshot.mjs [--workspace examples] [--file lambda-rds.yaml] [--out docs/images/squiggle-hover.png]
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fail, installExtensionCopy, launchChromium, quickOpen, repoRoot, startCodeServer, workbenchUrl } from './code-server.mjs';

const { values } = parseArgs({
  options: {
    workspace: { type: 'string', default: 'examples' },
    file: { type: 'string', default: 'lambda-rds.yaml' },
    out: { type: 'string', default: 'docs/images/squiggle-hover.png' },
    timeout: { type: 'string', default: '120' },
  },
});
const out = resolve(repoRoot, values.out);
const server = await startCodeServer(resolve(repoRoot, values.workspace));
let context;
const timer = setTimeout(async () => { await server.stop(); fail(`no screenshot within ${values.timeout} s`); }, Number(values.timeout) * 1000);

try {
  installExtensionCopy(server);
  context = await launchChromium(join(server.dir, 'chromium'));
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(workbenchUrl(server.port, server.workspace));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(1500);

  await quickOpen(page, values.file);

  // Wait for the analysis to reach the Problems count in the status bar, then go to the first problem
  // (scrolls it into view), and close the peek that F8 opens.
  await page.click('.monaco-editor .view-lines');
  await page.waitForFunction(() => /[1-9]/.test(document.querySelector('#status\\.problems')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.keyboard.press('F8');
  await page.waitForTimeout(600);
  await page.keyboard.press('Escape');
  const squiggle = await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30_000 });
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('the squiggle has no box on screen');
  const x = box.x + Math.min(box.width / 2, 40);
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 5, y);
  await page.mouse.move(x, y, { steps: 5 });
  const hover = await page.waitForSelector('.monaco-editor .monaco-hover:not(.hidden) .hover-contents', { timeout: 15_000 });
  const text = await hover.textContent();
  if (!/packetwalk|NACL/i.test(text ?? '')) throw new Error(`the hover does not show the packetwalk diagnostic: ${text}`);
  // The hover re-renders when the server's own hover joins the diagnostic's: wait for it, then check again.
  await page.waitForTimeout(800);
  const visible = page.locator('.monaco-editor .monaco-hover:not(.hidden) .hover-contents').first();
  if (!(await visible.isVisible())) throw new Error('the hover closed before the screenshot');
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}: hover says ${JSON.stringify((text ?? '').slice(0, 160))}…`);
} catch (e) {
  clearTimeout(timer);
  // Keep what the page showed, to see why.
  try { await context?.pages()[0]?.screenshot({ path: join(repoRoot, '.cache', 'screenshot-failure.png') }); } catch { /* no page */ }
  try { await context?.close(); } catch { /* gone */ }
  await server.stop();
  fail(e instanceof Error ? e.message : String(e));
}
clearTimeout(timer);
await context.close();
await server.stop();
