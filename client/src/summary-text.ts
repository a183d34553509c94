// The status bar wording for a flow summary. Pure (no vscode import) so it is unit-tested.
import type { FlowSummary } from '../../shared/protocol';

/** The text, tooltip and severity shown for one summary; pure so it can be checked without an editor. */
export function describeSummary(s: FlowSummary): { text: string; tooltip: string; severity: 'ok' | 'error' | 'warning' } {
  const flows = (n: number) => `${n} flow${n === 1 ? '' : 's'}`;
  if (s.stale) {
    return {
      text: `$(warning) ${flows(s.total)} (stale)`,
      tooltip: 'Packet Walk: the template does not parse; the results shown are from the last text that did.',
      severity: 'warning',
    };
  }
  if (s.total === 0) {
    return { text: '$(circle-large-outline) no flows', tooltip: 'Packet Walk: no declared flows in this template.', severity: 'ok' };
  }
  if (s.failing > 0) {
    return {
      text: `$(error) ${s.failing} of ${flows(s.total)} failing`,
      tooltip: `Packet Walk: ${s.failing} declared flow(s) do not behave as expected, ${s.unknown} undecided.`,
      severity: 'error',
    };
  }
  if (s.unknown > 0) {
    return {
      text: `$(question) ${s.unknown} of ${flows(s.total)} unknown`,
      tooltip: 'Packet Walk: some declared flows depend on values the template does not fix (see the warnings).',
      severity: 'warning',
    };
  }
  return { text: `$(pass) ${flows(s.total)} ok`, tooltip: 'Packet Walk: every declared flow behaves as expected.', severity: 'ok' };
}

