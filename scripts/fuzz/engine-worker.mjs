// Worker thread for the long fuzz run: loads the bundled engine (path in workerData.engine), analyses each
// text it is sent, and answers with the outcome and any contract violation (see check-analysis.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { checkAnalysis, summarize } from './check-analysis.mjs';

const engine = createRequire(import.meta.url)(workerData.engine);

parentPort.on('message', ({ id, text }) => {
  const t0 = performance.now();
  try {
    const a = engine.analyzeText(text, {});
    const ms = performance.now() - t0;
    const s = summarize(a);
    const violations = checkAnalysis(a, text);
    // The fast YAML reader must equal the reference reader on fuzzed input.
    let readers = 'skipped';
    const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (engine.compareReaders && !/^\s*[[{]/.test(t) && t.length <= 2_000_000) {
      const v = engine.compareReaders(t);
      readers = v.kind;
      if (v.kind === 'different') violations.push(`fast and reference YAML readers differ: ${v.where}`);
    }
    parentPort.postMessage({ id, status: 'ok', ms, readers, violations, findings: s.findings, isTemplate: s.isTemplate });
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
    parentPort.postMessage({ id, status: 'throw', ms: performance.now() - t0, violations: [], error, findings: 0, isTemplate: false });
  }
});
