// Helpers for the review tests: read a fixture of test/fixtures/review (tests run from the repository
// root), analyse it and trace flows in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';
import type { AnalyzeOptions } from '../../../server/src/analyze/types';
import type { FlowSpec, WalkSettings } from '../../../server/src/walk/types';
import type { TraceResult } from '../../../shared/protocol';

export function review(name: string): string {
  return readFileSync(join('test', 'fixtures', 'review', name), 'utf8');
}

export function traceText(text: string, spec: Partial<FlowSpec> & { from: string; to: string }, options?: AnalyzeOptions, settings?: WalkSettings): TraceResult {
  const a = analyzeText(text, options);
  if (!a.model) throw new Error(`no model: ${JSON.stringify(a.problems)}`);
  return traceInModel(a, { protocol: 'tcp', ...spec }, settings);
}

/** One line per hop, for assertion messages. */
export function hopsText(t: TraceResult): string {
  return t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code} | ${h.reason}`).join('\n');
}
