// `packetwalk diff --format markdown`: a pull-request comment. Flows first (what reviewers need), resource
// changes folded below. Table cells are escaped so a message with `|` or a newline keeps the table whole.
import type { ReachabilityDiff } from '../../../shared/protocol';
import { towardsExpectation } from '../analyze/diff/flow-changes';
import { changeKind, outcomeWords, summary } from './diff-words';

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

export function diffMarkdown(d: ReachabilityDiff, label: { before: string; after: string }): string {
  const out: string[] = [`### packetwalk: reachability changes (${cell(label.before)} → ${cell(label.after)})`, ''];
  if (d.flows.length === 0) {
    out.push('No flow changed its verdict or path.', '');
  } else {
    out.push('| | Flow | Change | Before | After | Where it changed |', '|---|---|---|---|---|---|');
    for (const c of d.flows) {
      const how = towardsExpectation(c);
      const icon = how === 'broken' ? '🔴' : how === 'repaired' ? '🟢' : '⚪';
      const name = `${c.file ? `${cell(c.file)}: ` : ''}\`${cell(c.name)}\`${c.implied ? ' (implied)' : ''}`;
      out.push(`| ${icon} | ${name} | ${cell(changeKind(c))} | ${cell(outcomeWords(c.before))} | ${cell(outcomeWords(c.after))} | ${cell(c.changedHop ?? '')} |`);
    }
    out.push('');
  }
  if (d.resources.length > 0) {
    out.push(`<details><summary>Resource changes (${d.resources.length})</summary>`, '', '| Change | Resource | Type |', '|---|---|---|');
    for (const r of d.resources) out.push(`| ${r.change} | ${r.file ? `${cell(r.file)}: ` : ''}\`${cell(r.id)}\` | ${cell(r.type)} |`);
    out.push('', '</details>', '');
  }
  out.push(`_${summary(d)}._`);
  return out.join('\n') + '\n';
}
