// `check --format text`: one `file:line:col severity CODE message` line per finding (1-based line and
// column, so terminals and editors turn them into links), related locations and quick fixes (`fix: …`)
// indented under it, and a summary line.
import type { CliFinding } from '../check';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function checkText(findings: readonly CliFinding[], filesChecked: number, baselineHidden?: number): string {
  const lines: string[] = [];
  for (const f of findings) {
    const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    lines.push(`${where} ${f.severity} ${f.code} ${f.message}`);
    // CDK: where the user's code created the construct, and its path in the construct tree.
    if (f.source) lines.push(`    ${f.source.file}:${f.source.line}:${f.source.column} created here${f.constructPath ? ` (${f.constructPath})` : ''}`);
    else if (f.constructPath) lines.push(`    construct ${f.constructPath}`);
    for (const r of f.related) {
      lines.push(`    ${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`);
    }
    for (const x of f.fixes ?? []) lines.push(`    fix: ${x.title}`);
  }
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${plural(findings.length, 'finding')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info) in ${plural(filesChecked, 'file')} checked` +
      (baselineHidden === undefined ? '' : `; ${plural(baselineHidden, 'finding')} accepted by the baseline not shown`),
  );
  return lines.join('\n') + '\n';
}
