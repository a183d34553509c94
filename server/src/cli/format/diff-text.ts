// `packetwalk diff` as text: resource changes, then each flow that moved with the hop that changed.
import type { ReachabilityDiff } from '../../../../shared/protocol';
import { changeKind, flowLabel, outcomeWords, summary } from '../../review/diff-words';

const MARK = { added: '+', removed: '-', modified: '~' } as const;

export function diffText(d: ReachabilityDiff, label: { before: string; after: string }): string {
  const lines: string[] = [`Comparing ${label.before} → ${label.after}`, ''];
  lines.push(`Resources (${d.resources.length}):`);
  if (d.resources.length === 0) lines.push('  (none)');
  for (const r of d.resources) lines.push(`  ${MARK[r.change]} ${r.file ? `${r.file}: ` : ''}${r.id}  ${r.type}  (${r.change})`);
  lines.push('', `Flows whose verdict or path changed (${d.flows.length}):`);
  if (d.flows.length === 0) lines.push('  (none)');
  for (const c of d.flows) {
    lines.push(`  ${flowLabel(c)}: ${changeKind(c)}`);
    lines.push(`      before: ${outcomeWords(c.before)}`);
    lines.push(`      after:  ${outcomeWords(c.after)}`);
    if (c.changedHop) lines.push(`      changed at ${c.changedHop}`);
  }
  lines.push('', summary(d));
  return lines.join('\n') + '\n';
}
