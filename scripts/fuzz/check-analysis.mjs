// What "a clear answer" means for one engine run, as checks shared by the robustness suite and the long
// fuzz run: the Analysis has the contract's shape, every finding and problem carries a non-empty code and
// message, a valid severity and a range inside the text the offsets refer to (the input without a
// leading byte-order mark), and related locations are in range too. An internal exception that
// analyzeText caught and reported as ANALYSIS_FAILED counts as a crash.
//
// Pure. Returns a list of human-readable violations (empty when the answer is sound).

const SEVERITIES = new Set(['error', 'warning', 'info']);

function rangeIssue(r, len) {
  if (!r || typeof r !== 'object') return 'no range';
  const { start, end } = r;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `non-integer range ${JSON.stringify(r)}`;
  if (start < 0 || end < start || end > len) return `range ${start}-${end} outside 0-${len}`;
  return null;
}

export function checkAnalysis(analysis, input) {
  const out = [];
  if (!analysis || typeof analysis !== 'object') return ['analysis is not an object'];
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!analysis.parse || typeof analysis.parse !== 'object') out.push('analysis.parse missing');
  else if (analysis.parse.text !== text) out.push('parse.text is not the input without its BOM');
  const len = text.length;
  if (!Array.isArray(analysis.findings)) out.push('findings is not an array');
  for (const [i, f] of (analysis.findings ?? []).entries()) {
    const where = `finding[${i}] ${f?.code}`;
    if (typeof f?.code !== 'string' || !f.code) out.push(`${where}: no code`);
    // analyzeText turns an exception inside a stage into this finding: for the fuzz it is a crash.
    if (f?.code === 'ANALYSIS_FAILED') out.push(`${where}: internal exception caught by analyzeText: ${String(f.message).slice(0, 300)}`);
    if (typeof f?.message !== 'string' || !f.message.trim()) out.push(`${where}: no message`);
    if (!SEVERITIES.has(f?.severity)) out.push(`${where}: severity ${f?.severity}`);
    const ri = rangeIssue(f?.range, len);
    if (ri) out.push(`${where}: ${ri}`);
    if (!Array.isArray(f?.related)) out.push(`${where}: related is not an array`);
    for (const [j, rel] of (f?.related ?? []).entries()) {
      const rr = rangeIssue(rel?.range, len);
      if (rr) out.push(`${where} related[${j}]: ${rr}`);
      if (typeof rel?.message !== 'string') out.push(`${where} related[${j}]: no message`);
    }
    if (out.length > 20) break;
  }
  if (!Array.isArray(analysis.problems)) out.push('problems is not an array');
  for (const [i, p] of (analysis.problems ?? []).entries()) {
    const ri = rangeIssue(p?.range, len);
    if (ri) out.push(`problem[${i}] ${p?.code}: ${ri}`);
    if (out.length > 20) break;
  }
  return out;
}

/** A short, stable summary of an analysis (for logs and for comparing runs). */
export function summarize(analysis) {
  const findings = analysis?.findings ?? [];
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f && f.severity in bySeverity) bySeverity[f.severity]++;
  return { findings: findings.length, ...bySeverity, isTemplate: !!analysis?.isTemplate, flows: analysis?.flows?.length ?? 0 };
}
