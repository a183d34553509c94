// Flows expected blocked of which a part gets through (an exposure) or a part cannot be decided: the code
// lens says so instead of "blocked", and the status-bar summary counts the undecided one as unknown (its
// finding is a warning), the exposed one as failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeLensTitle } from '../../server/src/features/lens';
import { flowSummary, type DocResults } from '../../server/src/lsp/connection/diagnostics';
import { flowLens } from '../../server/src/lsp/worker/snapshot';
import type { FlowResult } from '../../server/src/analyze/types';

function blockedFlow(name: string, extra: Partial<FlowResult>): FlowResult {
  return {
    flow: { name, from: 'internet', to: 'Db', protocol: 'tcp', port: { from: 5432, to: 5432 }, expect: 'blocked', origin: { resource: 'Db', range: { start: 0, end: 1 } }, declaredBy: 'metadata' },
    trace: { verdict: 'blocked', blockedAt: { resource: 'DbSg', direction: 'forward', code: 'ENI_SG_RULES_MISMATCH', message: 'm' }, blockers: [], assumptions: [], hops: [] },
    asExpected: true,
    ...extra,
  };
}

const exposed = blockedFlow('exposed', { asExpected: false, partlyReachable: 'placement DbSubnetB passes every check' });
const undecided = blockedFlow('undecided', { asExpected: false, partlyUndecided: 'ports 1024-2048 depend on parameter X' });
const fine = blockedFlow('fine', {});

test('code lens of a partly reachable or partly undecided flow names that part', () => {
  assert.match(codeLensTitle(exposed), /^✗ partly reachable \(expected blocked\): placement DbSubnetB/);
  assert.match(codeLensTitle(undecided), /^\? partly undecided \(expected blocked\): ports 1024-2048/);
  assert.match(codeLensTitle(fine), /^✓ blocked at DbSg \(forward\) · as expected$/);
});

test('the flow summary counts a partly undecided flow as unknown and a partly reachable one as failing', () => {
  const doc = TextDocument.create('file:///t.yaml', 'yaml', 1, '');
  const flows = [exposed, undecided, fine].map((result) => flowLens({ result, range: result.flow.origin.range }));
  const snapshot = { isTemplate: true, syntaxError: false, findings: [], parseProblems: [], flows };
  const results: DocResults = { current: { doc, snapshot, options: {} }, stale: false };
  const s = flowSummary('file:///t.yaml', 1, results);
  assert.deepEqual([s.total, s.asExpected, s.failing, s.unknown], [3, 1, 1, 1]);
});
