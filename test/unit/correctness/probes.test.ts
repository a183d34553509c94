// Probe templates written from the AWS documentation, each flow with the verdict the documentation
// gives and the page that says so (test/fixtures/probes/expected.json: `why` and `source` per flow).
// A flow agrees when the verdict is the expected one (or one of `accept`), a blocked flow names the
// expected element (or one of `altResources`) among its blockers and not the `notCode` code, and a
// `problemAt` flow also has an error-level template problem inside one of those resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';
import type { Analysis } from '../../../server/src/analyze/types';
import { hopsText } from './helpers';

interface Probe {
  file: string;
  flow: string;
  from: string;
  to: string;
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  port?: number;
  expect: 'reachable' | 'blocked' | 'unknown';
  accept?: string[];
  blockedAt?: { resource: string; code?: string };
  altResources?: string[];
  notCode?: string;
  problemAt?: string[];
  why: string;
  source: string;
}

const ROOT = join('test', 'fixtures', 'probes');
const probes: Probe[] = JSON.parse(readFileSync(join(ROOT, 'expected.json'), 'utf8'));
const byFile = new Map<string, Probe[]>();
for (const p of probes) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);

function problemInside(a: Analysis, ids: string[]): boolean {
  const ranges = ids.map((id) => a.resolved?.resources.get(id)?.range).filter((r) => r !== undefined);
  return a.problems.some((p) => p.severity === 'error' && ranges.some((r) => p.range.start >= r!.start && p.range.end <= r!.end));
}

for (const [file, list] of byFile) {
  test(`probes of ${file}: ${list.map((p) => p.flow).join(', ')}`, () => {
    const a = analyzeText(readFileSync(join(ROOT, file), 'utf8'));
    assert.ok(a.model, `${file} builds a model`);
    for (const p of list) {
      const t = traceInModel(a, { from: p.from, to: p.to, protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}) });
      const what = `${p.flow} (${p.from} → ${p.to} ${p.protocol}/${p.port ?? ''}): ${p.why} [${p.source}]\n${hopsText(t)}`;
      assert.ok([p.expect, ...(p.accept ?? [])].includes(t.verdict), `verdict ${t.verdict}, expected ${p.expect}: ${what}`);
      if (t.verdict === 'blocked' && p.expect === 'blocked' && p.blockedAt) {
        const names = [p.blockedAt.resource, ...(p.altResources ?? [])];
        assert.ok(t.blockers.some((b) => names.includes(b.resource)), `blocked at ${t.blockers.map((b) => b.resource).join(', ')}, expected one of ${names.join(', ')}: ${what}`);
      }
      if (p.notCode) assert.ok(!t.blockers.some((b) => b.code === p.notCode), `must not be ${p.notCode}: ${what}`);
      if (p.problemAt) assert.ok(problemInside(a, p.problemAt), `an error problem on ${p.problemAt.join(' or ')} expected: ${what}`);
    }
  });
}
