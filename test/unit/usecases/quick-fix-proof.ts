// The proof every quick fix must pass: applied to the template text and analysed again, the text parses,
// the flow it fixes is reachable, its finding is gone, and no other flow, declared or implied, changes
// verdict. Also the same template in the other styles a fix must keep: JSON (any indentation) and YAML
// with flow-style Properties and long-form intrinsics, made from the fixture at test time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Document, isMap, isPair, isScalar, type YAMLMap } from 'yaml';
import { analyzeText } from '../../../server/src/analyze/analyze';
import type { Analysis } from '../../../server/src/analyze/types';
import { quickFixes, type QuickFix } from '../../../server/src/usecases/quick-fixes';
import type { OffsetEdit } from '../../../server/src/analyze/flow-edit';
import { parseTemplate } from '../../../server/src/template/parse';
import { plainOf } from '../../../server/src/template/plain';

const fixtures = resolve(__dirname, '../../../../test/fixtures');
export const read = (p: string) => readFileSync(join(fixtures, p), 'utf8');

export function apply(text: string, edits: OffsetEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** Every flow's verdict, declared and implied (implied ones prefixed). */
export function verdicts(a: Analysis): Map<string, string> {
  return new Map([...a.flows.map((r) => [r.flow.name, r.trace.verdict] as const), ...(a.implied ?? []).map((r) => [`implied: ${r.flow.name}`, r.trace.verdict] as const)]);
}

/** The flows blocked, among other places, at the element and code of the fixed finding: the fix may free them too. */
function blockedThere(a: Analysis, resource: string | undefined, code: string): Set<string> {
  const there = (t: { blockers: Array<{ resource: string; code: string }> }) => t.blockers.some((b) => b.resource === resource && b.code === code);
  return new Set([...a.flows.filter((r) => r.flow.expect === 'reachable' && there(r.trace)).map((r) => r.flow.name), ...(a.implied ?? []).filter((r) => there(r.trace)).map((r) => `implied: ${r.flow.name}`)]);
}

/** The one fix of `code` offered for `flow`'s finding, applied and proved; returns the fixed text and the fix. */
export function prove(text: string, code: string, flow: string): { after: string; fix: QuickFix } {
  const before = analyzeText(text);
  const finding = before.findings.find((f) => f.code === code && f.flows?.includes(flow));
  assert.ok(finding, `a ${code} finding for ${flow}: ${before.findings.map((f) => f.code).join(', ')}`);
  const fixes = quickFixes(before, finding.range).filter((f) => f.code === code && f.range.start === finding.range.start);
  assert.equal(fixes.length, 1, `one ${code} fix: ${fixes.map((f) => f.title).join('; ')}`);
  assert.equal(fixes[0].preferred, true, 'the only fix of its finding is preferred');
  const after = apply(text, fixes[0].edits);
  const again = analyzeText(after);
  assert.deepEqual(again.parse.problems, [], `the fixed text parses cleanly:\n${after}`);
  const was = verdicts(before);
  const now = verdicts(again);
  assert.equal(was.get(flow), 'blocked');
  assert.equal(now.get(flow), 'reachable', `${flow} after "${fixes[0].title}":\n${after}`);
  // Every other flow keeps its verdict, except one expected reachable that the same element blocked, which may be freed too.
  const freed = blockedThere(before, finding.resource, code);
  for (const [name, verdict] of was) {
    if (name === flow || (freed.has(name) && now.get(name) === 'reachable')) continue;
    assert.equal(now.get(name), verdict, `${name} keeps its verdict after "${fixes[0].title}"`);
  }
  assert.equal(now.size, was.size, 'no flow appears or disappears');
  assert.ok(!again.findings.some((f) => f.code === code && f.flows?.includes(flow)), 'the finding is gone');
  return { after, fix: fixes[0] };
}

/** The fixes offered for the findings of `code` (none expected, in the "not offered" tests). */
export function fixesFor(text: string, code: string): QuickFix[] {
  return quickFixes(analyzeText(text)).filter((f) => f.code === code);
}

function plain(text: string): unknown {
  const parse = parseTemplate(text);
  assert.ok(parse.root, 'the fixture parses');
  return plainOf(parse.root);
}

/** The template as JSON, pretty-printed with `indent` spaces. */
export function asJson(text: string, indent: number): string {
  return `${JSON.stringify(plain(text), null, indent)}\n`;
}

/** The template as YAML whose resources write Properties as flow maps, intrinsics in long form (`Ref: X`). */
export function asFlowYaml(text: string): string {
  const doc = new Document(plain(text));
  const resources = (doc.contents as YAMLMap).get('Resources', true);
  assert.ok(isMap(resources));
  for (const pair of resources.items) {
    if (!isPair(pair) || !isMap(pair.value)) continue;
    const props = pair.value.get('Properties', true);
    if (isMap(props)) props.flow = true;
  }
  const out = doc.toString({ lineWidth: 0 });
  assert.ok(!isScalar(resources));
  return out;
}
