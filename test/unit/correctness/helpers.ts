// Helpers for the correctness tests: read a fixture of test/fixtures/correctness (tests run from the
// repository root), make variants of it at test time, analyse it and trace flows in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';
import type { Analysis, AnalyzeOptions } from '../../../server/src/analyze/types';
import type { FlowSpec, WalkSettings } from '../../../server/src/walk/types';
import type { TraceResult } from '../../../shared/protocol';

export function fixture(name: string): string {
  return readFileSync(join('test', 'fixtures', 'correctness', name), 'utf8');
}

/** Replaces each `from` text (which must occur) by `to`. */
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
  return traceInModel(analyze(text), { protocol: 'tcp', ...spec }, settings);
}

/** One line per hop, for assertion messages. */
export function hopsText(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} | ${h.reason}`).join('\n') + '\nassumptions: ' + t.assumptions.join(' | ');
}

/** The first hop that did not pass. */
export function firstNonPass(t: TraceResult) {
  return t.hops.find((h) => h.decision !== 'pass');
}

export function problemCodes(text: string): string[] {
  return analyze(text).problems.map((p) => p.code);
}
