// Language-server side: a typing storm against the real server over stdio. 2,000 incremental
// didChange edits sent as fast as the pipe takes them (NACL ports, SG CIDRs, resources added and
// removed, YAML broken and repaired), hover requests interleaved that must all be answered, then: the
// server is alive, its diagnostics for the final version equal those of a fresh open of the same text
// (as a second document), and its memory stayed bounded (RSS after < 2 × before + 100 MB).
// Then every hostile case opened as a document: each gets its diagnostics, and the server survives them all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LspClient, lineIndex, type PublishDiagnosticsParams } from '../../scripts/bench/lsp-client.mjs';
import { generateTemplate } from '../../scripts/bench/generate.mjs';
import { applyEdit, editMix } from '../../scripts/bench/edits.mjs';
import { hostileCases } from '../../scripts/fuzz/hostile.mjs';
import { scaledBound } from './engine-runner';

const SERVER = resolve('dist/server.js');
const EDITS = 2_000;
const HOVER_EVERY = 50;

/** Diagnostics as comparable data: the document's own URI replaced, order fixed. */
function normalize(p: PublishDiagnosticsParams, uri: string): string[] {
  return p.diagnostics
    .map((d) => JSON.stringify(d).split(JSON.stringify(uri).slice(1, -1)).join('<doc>'))
    .sort();
}

test(`typing storm: ${EDITS} edits, interleaved hovers, then equal to a fresh open`, { timeout: scaledBound(300_000) }, async (t) => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run the build (node esbuild.mjs) first`);
  const client = new LspClient(SERVER);
  try {
    const init = await client.initialize(null);
    const sync = init.capabilities.textDocumentSync;
    const incremental = typeof sync === 'object' ? sync.change === 2 : sync === 2;

    const uri = 'file:///storm/landing-zone.yaml';
    let text = generateTemplate(8, 3);
    const firstDiags = client.waitForDiagnostics(uri, 1, scaledBound(60_000));
    client.open(uri, text, 1);
    const first = await firstDiags;
    assert.ok(first.params.diagnostics.length > 0, 'the storm template has planted mistakes: it must start with diagnostics');
    const rssBefore = client.rssMb();
    assert.ok(rssBefore !== null, 'server RSS readable from /proc');

    const mix = editMix(11);
    const hovers: Array<Promise<unknown>> = [];
    const kinds: Record<string, number> = {};
    let version = 1;
    let broken = 0;
    for (let k = 0; k < EDITS; k++) {
      const e = mix.next(text);
      kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
      if (e.kind === 'break-yaml') broken++;
      version++;
      if (incremental) {
        const pos = lineIndex(text);
        client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
      }
      text = applyEdit(text, e);
      if (!incremental) client.change(uri, version, [{ text }]);
      if (k % HOVER_EVERY === 0) {
        // Hover on a resource's logical ID line: must answer (null or a hover) while analyses churn.
        const at = text.indexOf('\n  V', Math.floor((k / EDITS) * text.length));
        const pos = lineIndex(text)(at < 0 ? 0 : at + 3);
        hovers.push(client.request('textDocument/hover', { textDocument: { uri }, position: pos }, scaledBound(30_000)));
      }
      // Let the pipe drain now and then, as an editor's event loop would between keystrokes.
      if (k % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    const settled = mix.settle(text);
    for (const e of settled.edits) {
      version++;
      const pos = lineIndex(text);
      if (incremental) client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
      text = applyEdit(text, e);
      if (!incremental) client.change(uri, version, [{ text }]);
    }
    const finalVersion = version;
    const finalDiags = await client.waitForDiagnostics(uri, finalVersion, scaledBound(120_000));

    const hoverResults = await Promise.allSettled(hovers);
    const hoverFailures = hoverResults.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(hoverFailures, [], `every hover during the storm must be answered (${hovers.length} sent)`);
    assert.equal(client.exited, null, 'the server is alive after the storm');

    const freshUri = 'file:///storm/fresh-copy.yaml';
    const freshWait = client.waitForDiagnostics(freshUri, 1, scaledBound(60_000));
    client.open(freshUri, text, 1);
    const fresh = await freshWait;
    assert.deepEqual(normalize(finalDiags.params, uri), normalize(fresh.params, freshUri), 'after the storm, the diagnostics equal those of a fresh open of the same text');

    const lateHover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 12, character: 4 } }, scaledBound(30_000));
    void lateHover;
    const rssAfter = client.rssMb();
    assert.ok(rssAfter !== null);
    t.diagnostic(`edits ${EDITS} (${incremental ? 'incremental' : 'full'} sync): ${JSON.stringify(kinds)}; yaml broken ${broken} times; hovers ${hovers.length}`);
    t.diagnostic(`diagnostics at the end: ${finalDiags.params.diagnostics.length}; RSS before ${rssBefore!.toFixed(0)} MB, after ${rssAfter.toFixed(0)} MB`);
    assert.ok(rssAfter < 2 * rssBefore! + 100, `RSS grew from ${rssBefore!.toFixed(0)} MB to ${rssAfter.toFixed(0)} MB (bound: 2 × before + 100 MB)`);
  } finally {
    await client.shutdown();
  }
});

test('hostile documents: each one answered with diagnostics, the server survives them all', { timeout: scaledBound(300_000) }, async (t) => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run the build (node esbuild.mjs) first`);
  const client = new LspClient(SERVER);
  try {
    await client.initialize(null);
    const unanswered: string[] = [];
    const rssBefore = client.rssMb();
    for (const c of hostileCases()) {
      const uri = `file:///hostile/${encodeURIComponent(c.name)}.${/^\uFEFF?\s*[[{]/.test(c.text) ? 'json' : 'yaml'}`;
      const wait = client.waitForDiagnostics(uri, 1, scaledBound(60_000));
      wait.catch(() => undefined);
      client.open(uri, c.text, 1, uri.endsWith('.json') ? 'json' : 'yaml');
      try {
        // A hover answers once the document's analysis is done (or after the server's short wait for
        // it): this proves responsiveness, and tells when a non-template has had its chance to publish.
        await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }, scaledBound(60_000));
        if (c.finding === true) {
          const d = await wait;
          if (d.params.diagnostics.length === 0) unanswered.push(`${c.name}: no diagnostics for a broken template`);
        } else {
          // Not a template (or fine): publishing nothing is a valid answer; wait only briefly.
          await Promise.race([wait, new Promise((r) => setTimeout(r, 300))]);
        }
      } catch (e) {
        unanswered.push(`${c.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        if (client.exited) break;
      }
      client.close(uri);
    }
    assert.equal(client.exited, null, `the server died on the hostile corpus; stderr: ${client.stderr.slice(-1500)}`);
    const hover = await client.request('textDocument/hover', { textDocument: { uri: 'file:///hostile/none.yaml' }, position: { line: 0, character: 0 } }, scaledBound(30_000)).catch((e: Error) => e);
    assert.ok(!(hover instanceof Error) || /not|unknown|document/i.test(hover.message), `server still answers requests: ${String(hover)}`);
    t.diagnostic(`RSS before ${rssBefore?.toFixed(0)} MB, after the hostile corpus ${client.rssMb()?.toFixed(0)} MB`);
    assert.deepEqual(unanswered, [], 'every hostile document gets an answer');
  } finally {
    await client.shutdown();
  }
});

// Liveness while typing: a person types steadily (one edit every 250 ms) on a large template. Whatever
// the machine's speed, a server that lets a running analysis finish and then analyses the newest text
// publishes intermediate results within about two analysis times; one that cancels every analysis
// still running when the next keystroke arrives publishes nothing until typing stops (starvation).
// The typing lasts four cold-analysis times (at least 8 s), so only starvation fails this.
test('results keep coming while a person types steadily on a large template (no starvation)', { timeout: scaledBound(300_000) }, async (t) => {
  assert.ok(existsSync(SERVER), `${SERVER} is missing: run the build (node esbuild.mjs) first`);
  const client = new LspClient(SERVER);
  try {
    await client.initialize(null);
    const uri = 'file:///storm/typing.yaml';
    let text = generateTemplate(60, 5);
    const first = client.waitForDiagnostics(uri, 1, scaledBound(120_000));
    const t0 = performance.now();
    client.open(uri, text, 1);
    await first;
    const cold = performance.now() - t0;
    const typingMs = Math.max(8_000, 4 * cold);
    const mix = editMix(23);
    let version = 1;
    const started = performance.now();
    while (performance.now() - started < typingMs) {
      const e = mix.next(text);
      version++;
      const pos = lineIndex(text);
      client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
      text = applyEdit(text, e);
      await new Promise((r) => setTimeout(r, 250));
    }
    const seenWhileTyping = client.diagnostics.get(uri)?.version ?? 1;
    const settled = mix.settle(text);
    for (const e of settled.edits) {
      version++;
      const pos = lineIndex(text);
      client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
      text = applyEdit(text, e);
    }
    // The newest version may already be answered (settling needed no edit and the server kept up).
    if ((client.diagnostics.get(uri)?.version ?? 0) < version) await client.waitForDiagnostics(uri, version, scaledBound(120_000));
    t.diagnostic(`cold analysis ${Math.round(cold)} ms; typed ${version - 1} edits over ${Math.round(typingMs)} ms; newest version with diagnostics while typing: ${seenWhileTyping}`);
    assert.ok(seenWhileTyping > 1, `no diagnostics for any edited version arrived during ${Math.round(typingMs / 1000)} s of steady typing (${version - 1} edits): analyses are cancelled before they finish`);
  } finally {
    await client.shutdown();
  }
});
