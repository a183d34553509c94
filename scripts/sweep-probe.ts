// The probe of the corpus sweep (scripts/sweep-corpus.mjs bundles this file with esbuild at run time):
// for one template, traces every ordered pair of the given endpoints (and `internet` to each) on tcp 443
// and counts the verdicts, in particular the `unknown` ones that are unknown only because a component
// is not modelled (UNSUPPORTED_COMPONENT on a hop, or an endpoint the walk cannot use).
import { analyzeText, traceInModel } from '../server/src/analyze/analyze';

export interface ProbeCounts {
  probed: number;
  reachable: number;
  blocked: number;
  unknown: number;
  unsupported: number;
  /** The endpoints an unsupported verdict started or ended at, most frequent first. */
  unsupportedAt: string[];
}

const UNSUPPORTED_ENDPOINT = 'packetwalk cannot use';

export function probe(text: string, endpoints: string[]): ProbeCounts {
  const out: ProbeCounts = { probed: 0, reachable: 0, blocked: 0, unknown: 0, unsupported: 0, unsupportedAt: [] };
  const analysis = analyzeText(text);
  if (!analysis.model) return out;
  const tally = new Map<string, number>();
  const pairs: Array<[string, string]> = [];
  for (const a of endpoints) for (const b of endpoints) if (a !== b) pairs.push([a, b]);
  for (const b of endpoints) pairs.push(['internet', b]);
  for (const [from, to] of pairs) {
    const t = traceInModel(analysis, { from, to, protocol: 'tcp', port: 443 });
    out.probed++;
    out[t.verdict]++;
    if (t.verdict !== 'unknown') continue;
    const unsupported = t.hops.some((h) => h.code === 'UNSUPPORTED_COMPONENT') || t.assumptions.some((a) => a.includes(UNSUPPORTED_ENDPOINT));
    if (!unsupported) continue;
    out.unsupported++;
    const at = t.hops.find((h) => h.code === 'UNSUPPORTED_COMPONENT')?.resource ?? (t.assumptions.find((a) => a.includes(UNSUPPORTED_ENDPOINT))?.match(/^(?:source|destination) (\S+):/)?.[1] ?? '?');
    tally.set(at, (tally.get(at) ?? 0) + 1);
  }
  out.unsupportedAt = [...tally].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k}×${n}`);
  return out;
}
