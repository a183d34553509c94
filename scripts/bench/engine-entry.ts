// The engine as the benchmark sees it: analyzeText, plus the same pipeline split into timed stages
// (parse, resolve, model, walk, findings) so that each stage's cost can be reported. The stage split
// follows server/src/analyze/analyze.ts; `analyzeText` itself is timed too, as the reference total.
// Bundled on the fly by scripts/bench/run.mjs and scripts/fuzz/run-long.mjs (esbuild), never shipped.
import { analyzeText, specOf } from '../../server/src/analyze/analyze';
import { flowFindings } from '../../server/src/analyze/findings';
import type { FlowResult } from '../../server/src/analyze/types';
import { parseTemplate } from '../../server/src/template/parse';
import { resolveTemplate } from '../../server/src/template/resolve';
import { buildModel } from '../../server/src/model/build';
import { checkEndpoint } from '../../server/src/walk/endpoints';
import { traceFlow } from '../../server/src/walk/trace';

export { analyzeText };
// The editor's path: one LiveDocument per open document, fed every edited text.
export { LiveDocument } from '../../server/src/analyze/live/live-document';
export { fullResult } from '../../server/src/analyze/live/results';
// For the long fuzz run: the fast YAML reader checked against the reference reader on each mutant.
export { compareReaders } from '../../server/src/template/yaml/reader-equality';

export interface StageTimes {
  parse: number;
  resolve: number;
  model: number;
  walk: number;
  findings: number;
  total: number;
  flows: number;
  findingCount: number;
  resources: number;
}

/** Runs the pipeline once on `text`, timing each stage (ms). */
export function timeStages(text: string): StageTimes {
  const t0 = performance.now();
  const parse = parseTemplate(text);
  const t1 = performance.now();
  const resolved = resolveTemplate(parse, {});
  const t2 = performance.now();
  const model = buildModel(resolved);
  const t3 = performance.now();
  const flows: FlowResult[] = [];
  for (const flow of model.flows) {
    if (checkEndpoint(model, flow.from) ?? checkEndpoint(model, flow.to)) continue;
    const trace = traceFlow(model, specOf(flow), {});
    flows.push({ flow, trace, asExpected: trace.verdict === flow.expect });
  }
  const t4 = performance.now();
  const findings = flowFindings(flows, false);
  const t5 = performance.now();
  const resources = parse.root && parse.root.kind === 'map' ? parse.root.entries.find((e) => e.key === 'Resources') : undefined;
  return {
    parse: t1 - t0,
    resolve: t2 - t1,
    model: t3 - t2,
    walk: t4 - t3,
    findings: t5 - t4,
    total: t5 - t0,
    flows: flows.length,
    findingCount: findings.length,
    resources: resources && resources.value.kind === 'map' ? resources.value.entries.length : 0,
  };
}
// For the live sweep: addresses, to write flows that name a template's own subnets and interfaces.
export { formatIp, formatCidr, cidrContainsIp, parseIp } from '../../server/src/net/ip';
