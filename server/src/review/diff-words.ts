// Words shared by the text and markdown forms of `packetwalk diff`.
import type { FlowChange, FlowOutcome, ReachabilityDiff } from '../../../shared/protocol';
import { isBreakage, isExposure, towardsExpectation } from '../analyze/diff/flow-changes';

export function outcomeWords(o: FlowOutcome | null): string {
  if (!o) return 'absent';
  if (o.verdict !== 'blocked' || !o.blockedAt) return o.verdict;
  return `blocked at ${o.blockedAt.resource} (${o.blockedAt.direction}, ${o.blockedAt.code})`;
}

export function flowLabel(c: FlowChange): string {
  return `${c.implied ? '(implied) ' : ''}${c.file ? `${c.file}: ` : ''}${c.name}`;
}

/** What kind of change it is, for the reader who scans: the two that fail the command come first in words. */
export function changeKind(c: FlowChange): string {
  const how = towardsExpectation(c);
  const why = how === 'repaired' ? ' (now as expected)' : how === 'broken' ? ` (expected ${c.expect})` : '';
  if (isBreakage(c)) return `now blocked${why}`;
  if (isExposure(c)) return `now reachable${why}`;
  if (!c.before) return 'new flow';
  if (!c.after) return 'flow removed';
  if (c.before.verdict !== c.after.verdict) return `${c.before.verdict} → ${c.after.verdict}`;
  return 'path changed';
}

export function summary(d: ReachabilityDiff): string {
  const broken = d.flows.filter(isBreakage).length;
  const opened = d.flows.filter(isExposure).length;
  const flows = d.flows.length === 0 ? 'no flow changed its verdict or path' : `${d.flows.length} flow${d.flows.length === 1 ? '' : 's'} changed (${broken} now blocked, ${opened} now reachable)`;
  return `${flows}; ${d.resources.length} resource change${d.resources.length === 1 ? '' : 's'}`;
}
