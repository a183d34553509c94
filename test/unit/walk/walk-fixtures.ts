// Helpers for template-driven walk tests: read a fixture of test/fixtures/walk (tests run from the
// repository root), optionally edit its text, analyse it and trace flows in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';
import type { Analysis, AnalyzeOptions } from '../../../server/src/analyze/types';
import type { FlowSpec, WalkSettings } from '../../../server/src/walk/types';
import type { Hop, TraceResult } from '../../../shared/protocol';

export const WALK_FIXTURES = join('test', 'fixtures', 'walk');

export function fixture(name: string): string {
  return readFileSync(join(WALK_FIXTURES, name), 'utf8');
}

/** Replaces each `from` text (which must occur) by `to`: a variant of a fixture made at test time. */
export function edit(text: string, ...pairs: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`fixture edit: "${from}" not found`);
    out = out.split(from).join(to);
  }
  return out;
}

export function analyze(text: string, options?: AnalyzeOptions): Analysis {
  const a = analyzeText(text, options);
  if (!a.model) throw new Error(`no model: ${JSON.stringify(a.problems)}`);
  return a;
}

export function trace(text: string, spec: Partial<FlowSpec> & { from: string; to: string }, settings?: WalkSettings): TraceResult {
  const a = analyze(text);
  return traceInModel(a, { protocol: 'tcp', ...spec }, settings);
}

export function hopsOf(t: TraceResult, direction: 'forward' | 'return'): Hop[] {
  return t.hops.filter((h) => h.direction === direction);
}

export function hopAt(t: TraceResult, resource: string, direction: 'forward' | 'return', nth = 0): Hop {
  const list = t.hops.filter((h) => h.resource === resource && h.direction === direction);
  if (!list[nth]) throw new Error(`no ${direction} hop #${nth} at ${resource}; hops: ${t.hops.map((h) => `${h.direction}:${h.resource}`).join(', ')}`);
  return list[nth];
}

/** The text a range of the fixture covers, to check that diagnostics land on the right element. */
export function textAt(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}
