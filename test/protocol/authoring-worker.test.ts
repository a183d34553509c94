// The worker answers flow-authoring requests from the text's parse and the endpoint names it already
// holds: a request about a newer text than the one analysed neither waits for nor starts its analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { handleJob } from '../../server/src/lsp/worker/analysis-worker';
import { AuthoringState } from '../../server/src/lsp/worker/authoring';
import { LiveStates } from '../../server/src/lsp/worker/live-states';
import { fixturePath } from './lsp-client';

const YAML = readFileSync(fixturePath('app-db.yaml'), 'utf8');

test('completion on a newer text is answered without analysing it, from the names of the last analysis', () => {
  const states = new LiveStates();
  const authoring = new AuthoringState();
  const uri = 'file:///tmp/authoring-worker.yaml';
  const analysed = handleJob(states, { id: 1, kind: 'analyze', uri, version: 1, text: YAML, options: {} }, authoring);
  assert.ok(analysed.ok);
  const text = YAML.replace('To: Db\n        Protocol: tcp\n        Port: 5432', 'To: Da\n        Protocol: tcp\n        Port: 5432');
  const offset = text.indexOf('To: Da') + 'To: D'.length;
  const reply = handleJob(states, { id: 2, kind: 'authoring', uri, version: 2, text, options: {}, request: { what: 'completion', offset } }, authoring);
  assert.ok(reply.ok);
  const items = reply.authoring?.completion?.items ?? [];
  assert.match(items.find((i) => i.label === 'Db')?.documentation ?? '', /DbSubnet/);
  // The live analysis still holds version 1: nothing analysed the typed text.
  assert.equal(states.newest(uri)?.text, YAML);
  // Closing the document drops what the worker kept for it.
  handleJob(states, { id: 3, kind: 'forget', uri }, authoring);
  assert.equal(states.newest(uri), undefined);
});

test('a worker that never analysed the document builds the endpoint names from the text alone', () => {
  const states = new LiveStates();
  const uri = 'file:///tmp/authoring-fresh.yaml';
  const offset = YAML.indexOf('To: Db') + 'To: D'.length;
  const reply = handleJob(states, { id: 1, kind: 'authoring', uri, version: 1, text: YAML, options: {}, request: { what: 'completion', offset } });
  assert.ok(reply.ok);
  assert.ok(reply.authoring?.completion?.items.some((i) => i.label === 'App' && i.detail === 'AWS::EC2::Instance'));
  assert.equal(states.newest(uri), undefined);
});

test('the outline of a text the live analysis answered incrementally comes from that analysis, as from a parse', () => {
  const states = new LiveStates();
  const authoring = new AuthoringState();
  const uri = 'file:///tmp/authoring-outline.yaml';
  handleJob(states, { id: 1, kind: 'analyze', uri, version: 1, text: YAML, options: {} }, authoring);
  states.prepare(uri);
  const text = YAML.replace('ImageId: ami-12345678\n      SubnetId: !Ref AppSubnet', 'ImageId: ami-87654321\n      SubnetId: !Ref AppSubnet');
  handleJob(states, { id: 2, kind: 'analyze', uri, version: 2, text, options: {} }, authoring);
  const newest = states.newest(uri)!;
  assert.equal(newest.text, text);
  assert.equal(newest.ready(), undefined, 'the edit was answered incrementally');
  const fromAnalysis = handleJob(states, { id: 3, kind: 'authoring', uri, version: 2, text, options: {}, request: { what: 'symbols' } }, authoring);
  assert.ok(fromAnalysis.ok);
  assert.equal(states.newest(uri)!.ready(), undefined, 'no whole analysis was made for the outline');
  // The same outline as from the text's parse (a fresh worker state has only that).
  const fromParse = handleJob(new LiveStates(), { id: 4, kind: 'authoring', uri, version: 2, text, options: {}, request: { what: 'symbols' } });
  assert.ok(fromParse.ok);
  const shape = (symbols: typeof fromParse.authoring) =>
    JSON.stringify(symbols?.symbols?.map((s) => [s.name, s.range, s.children?.map((c) => [c.name, c.detail, c.range, c.children?.map((r) => [r.name, r.range, r.selectionRange])])]));
  assert.equal(shape(fromAnalysis.authoring), shape(fromParse.authoring));
});
