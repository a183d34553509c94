// `packetwalk check` shows the quick fixes of its findings: SARIF `fixes` (replacements in the finding's
// file, 1-based UTF-16 columns), a `fix:` line under the finding in text; the JSON finding keeps its shape.
// The SARIF replacement, applied to the file, makes the finding go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, cliJson, tempDir } from './run-cli';

const FILE = 'test/fixtures/fixes/route.yaml';

/** A SARIF replacement applied to a text (1-based lines and columns). */
function applyReplacement(text: string, r: { deletedRegion: { startLine: number; startColumn: number; endLine?: number; endColumn?: number }; insertedContent: { text: string } }): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const start = offset(r.deletedRegion.startLine, r.deletedRegion.startColumn);
  const end = offset(r.deletedRegion.endLine ?? r.deletedRegion.startLine, r.deletedRegion.endColumn ?? r.deletedRegion.startColumn);
  return text.slice(0, start) + r.insertedContent.text + text.slice(end);
}

test('check --format sarif carries the route fix; applied, the finding is gone', () => {
  const { data } = cliJson<any>(['check', FILE, '--format', 'sarif']);
  const result = data.runs[0].results.find((r: any) => r.ruleId === 'NO_ROUTE_TO_DESTINATION');
  assert.ok(result, JSON.stringify(data.runs[0].results.map((r: any) => r.ruleId)));
  assert.equal(result.fixes.length, 1);
  const fix = result.fixes[0];
  assert.equal(fix.description.text, 'Add route 0.0.0.0/0 → NAT gateway Nat to AppRt');
  assert.equal(fix.artifactChanges[0].artifactLocation.uri, FILE);
  const fixed = applyReplacement(fs.readFileSync(FILE, 'utf8'), fix.artifactChanges[0].replacements[0]);
  const dir = tempDir('packetwalk-fix');
  const out = path.join(dir, 'route.yaml');
  fs.writeFileSync(out, fixed);
  const again = cliJson<any>(['check', out, '--format', 'json']);
  assert.equal(again.run.status, 0, JSON.stringify(again.data));
  assert.ok(!again.data.findings.some((f: any) => f.code === 'NO_ROUTE_TO_DESTINATION'));
});

test('check text shows a fix line under the finding; JSON findings have no fixes key', () => {
  const text = cli(['check', FILE]);
  assert.match(text.stdout, /error NO_ROUTE_TO_DESTINATION [^\n]*\n(    [^\n]*\n)*    fix: Add route 0\.0\.0\.0\/0 → NAT gateway Nat to AppRt\n/);
  const { data } = cliJson<any>(['check', FILE, '--format', 'json']);
  assert.ok(data.findings.length > 0 && data.findings.every((f: any) => !('fixes' in f)));
});
