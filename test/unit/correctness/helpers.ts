// Helpers for the correctness tests: read a fixture of test/fixtures/correctness (tests run from the
// repository root), make variants of it at test time, analyse it and trace flows in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceResult } from '../../../shared/protocol';

export function fixture(name: string): string {
  return readFileSync(join('test', 'fixtures', 'correctness', name), 'utf8');
}

// Variants, analysis and traces work as for the walk fixtures.
import { analyze } from '../walk/walk-fixtures';
export { analyze, edit, trace } from '../walk/walk-fixtures';

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
