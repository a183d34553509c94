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
