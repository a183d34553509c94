// Hover explanations, in Markdown: on a declared flow, its verdict and the hop table both ways; on a
// template resource, the flows that pass through it and what it did to each (a NACL entry or a security
// group rule: the flows it decides). Nothing elsewhere. Pure: it reads plain inputs (HoverSource), which
// the analysis worker builds from the live analysis it holds for the document.
import type { ResourceSpan } from '../analyze/live/types';
import type { FlowResult } from '../analyze/types';
import type { Hop } from '../../../shared/protocol';
import type { NetworkModel } from '../model/types';
import type { Range } from '../template/located';
import { elementName, flowServiceText, hopPacketText, unknownReason } from './format';
import { pathSummary } from './path-summary';
import type { ImpliedFlowResult } from '../analyze/implied/types';
import { impliedFlowLines, impliedFlowsAt } from '../analyze/implied/at';

/** The NACL or security group a rule resource belongs to, and for a NACL entry the side it applies to. */
export interface RuleParent {
  id: string;
  egress?: boolean;
}

/** What a hover reads (every range in document offsets of the text hovered). */
export interface HoverSource {
  /**
   * The declared flows and their declaration ranges. Only the results' verdicts, names and hops are read
   * (not their ranges), so a live outline whose results use another coordinate space will do.
   */
  outline: ReadonlyArray<{ result: FlowResult; range: Range }>;
  resources: readonly ResourceSpan[];
  /** The flow results with hop ranges in document offsets (may be computed on first call). */
  flows(): readonly FlowResult[];
  /** The parent of a NACL entry or standalone SG rule resource (may build the model on first call). */
  parentOf(resource: ResourceSpan): RuleParent | undefined;
  /** The implied flows and their traces (document offsets; may be computed on first call). */
  implied?(): readonly ImpliedFlowResult[];
}

export const STALE_NOTE = '_The text does not parse: results from the last version that parsed._';

function contains(range: Range, offset: number): boolean {
  return range.start <= offset && offset <= range.end && range.end > range.start;
}

function within(inner: Range, outer: Range): boolean {
  return inner.end > inner.start && inner.start >= outer.start && inner.end <= outer.end;
}

/** Markdown for the hover at `offset` of the analysed text, or null when there is nothing to say there. */
export function hoverMarkdown(source: HoverSource, offset: number, stale: boolean): string | null {
  const body = flowHover(source, offset) ?? resourceHover(source, offset);
  if (body === null) return null;
  return stale ? `${STALE_NOTE}\n\n${body}` : body;
}

function flowHover(source: HoverSource, offset: number): string | null {
  let best: { result: FlowResult; range: Range } | undefined;
  for (const entry of source.outline) {
    const r = entry.range;
    if (!contains(r, offset)) continue;
    if (!best || r.end - r.start < best.range.end - best.range.start) best = entry;
  }
  return best ? flowMarkdown(best.result) : null;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function verdictLine(result: FlowResult): string {
  const { trace, flow } = result;
  if (trace.verdict === 'unknown') return `**? unknown** (expected ${flow.expect}): ${unknownReason(trace)}`;
  const mark = result.asExpected ? '✓' : '✗';
  return `**${mark} ${trace.verdict}** (expected ${flow.expect})`;
}

function hopTable(hops: Hop[]): string[] {
  const lines = ['| # | Element | Decision | Rule | Packet |', '|---|---|---|---|---|'];
  hops.forEach((hop, i) => {
    // Hops after the first drop only look for further blockers: a separator row says so.
    if (hop.afterDrop && (i === 0 || !hops[i - 1].afterDrop)) lines.push('| | _after the drop, looking for further blockers_ | | | |');
    const decision = hop.decision === 'pass' ? 'pass' : hop.decision === 'drop' ? '**drop**' : '_unknown_';
    const rule = hop.rule || hop.reason;
    lines.push(
      `| ${i + 1} | ${cell(elementName(hop.resource, hop.element))} \`${cell(hop.type)}\` | ${decision} | ${cell(rule)} | ${cell(hopPacketText(hop))} |`,
    );
  });
  return lines;
}

export function flowMarkdown(result: FlowResult): string {
  const { flow, trace } = result;
  const lines = [`**Flow \`${flow.name}\`** · ${flowServiceText(flow)} · \`${flow.from}\` → \`${flow.to}\``, '', verdictLine(result)];
  if (flow.description) lines.push('', flow.description);
  // The path at a glance before the details (code spans: names stay literal, nothing is read as Markdown).
  const glance = (['forward', 'return'] as const)
    .map((d) => ({ d, line: pathSummary(trace.hops.filter((h) => h.direction === d)) }))
    .filter((p) => p.line !== '')
    .map((p) => `${p.d === 'forward' ? 'Forward' : 'Return'}: \`${p.line.replace(/`/g, "'")}\``);
  if (glance.length > 0) lines.push('', glance.join('  \n'));
  if (trace.blockers.length > 0) {
    lines.push('', '**Blocked at**');
    for (const b of trace.blockers) {
      lines.push(`- \`${elementName(b.resource, b.element)}\` (${b.direction}, \`${b.code}\`): ${b.message}`);
    }
  }
  for (const direction of ['forward', 'return'] as const) {
    const hops = trace.hops.filter((h) => h.direction === direction);
    if (hops.length === 0) continue;
    lines.push('', `**${direction === 'forward' ? 'Forward' : 'Return'}**`, '', ...hopTable(hops));
  }
  if (trace.assumptions.length > 0) {
    lines.push('', '**Assumptions**');
    for (const a of trace.assumptions) lines.push(`- ${a}`);
  }
  return lines.join('\n');
}

function resourceAt(source: HoverSource, offset: number): ResourceSpan | undefined {
  return source.resources.find((r) => contains(r.range, offset));
}

/** The hops a resource decided: hops named after it, or whose deciding text lies inside its definition. */
export function hopsDecidedBy(result: FlowResult, resource: ResourceSpan): Hop[] {
  return result.trace.hops.filter((h) => h.resource === resource.id || within(h.range, resource.range));
}

/**
 * The NACL or security group that a NACL entry or standalone SG rule resource belongs to, and the side
 * it applies to (a NACL entry is inbound or outbound; the rest of the NACL's other side is irrelevant).
 */
export function ruleParent(model: NetworkModel | null, resource: ResourceSpan): RuleParent | undefined {
  if (!model) return undefined;
  if (resource.type === 'AWS::EC2::NetworkAclEntry') {
    for (const acl of model.networkAcls) {
      const entry = acl.entries.find((e) => e.id === resource.id || e.origin.resource === resource.id);
      if (entry) return { id: acl.id, egress: entry.egress };
    }
    return undefined;
  }
  const group = model.securityGroups.find((g) => g.rules.some((r) => r.id === resource.id || r.origin.resource === resource.id));
  return group ? { id: group.id } : undefined;
}

/** Whether a NACL hop evaluated outbound rules (the walk records the side); undefined for other hops. */
function naclHopIsEgress(hop: Hop): boolean | undefined {
  return hop.side === undefined ? undefined : hop.side === 'outbound';
}

function hopLine(hop: Hop): string {
  const what = hop.decision === 'pass' ? 'passes' : hop.decision === 'drop' ? '**drops**' : 'cannot decide';
  const rule = hop.rule ? ` by ${hop.rule}` : '';
  const reason = hop.decision !== 'pass' && hop.reason ? `: ${hop.reason}` : '';
  const who = hop.element ? `${elementName(hop.resource, hop.element)} ` : '';
  const after = hop.afterDrop ? ' _(after the drop: looking for further blockers)_' : '';
  return `  - ${hop.direction}: ${who}${what} ${hopPacketText(hop)}${rule}${reason}${after}`;
}

function flowHopList(entries: Array<{ result: FlowResult; hops: Hop[] }>): string[] {
  const lines: string[] = [];
  for (const { result, hops } of entries) {
    lines.push('', `- **\`${result.flow.name}\`** (${flowServiceText(result.flow)}, ${result.trace.verdict}):`);
    for (const hop of hops) lines.push(hopLine(hop));
  }
  return lines;
}

function resourceHover(source: HoverSource, offset: number): string | null {
  const resource = resourceAt(source, offset);
  if (!resource) return null;
  const decides = /::(NetworkAclEntry|SecurityGroupIngress|SecurityGroupEgress)$/.test(resource.type);
  const lines = [`**${resource.id}** \`${resource.type}\``];
  const flows = source.flows();
  const touched = flows
    .map((result) => ({ result, hops: hopsDecidedBy(result, resource) }))
    .filter((t) => t.hops.length > 0);
  if (touched.length === 0) lines.push('', decides ? 'It decides no declared flow.' : 'No declared flow passes through it.');
  else {
    lines.push('', decides ? 'Decides these declared flows:' : 'Declared flows that pass through it:');
    lines.push(...flowHopList(touched));
  }
  // A rule is read together with the rest of its NACL or group: show what the whole element decided.
  const parent = decides ? source.parentOf(resource) : undefined;
  if (parent) {
    const sameSide = (h: Hop) => parent.egress === undefined || naclHopIsEgress(h) !== !parent.egress;
    const atParent = flows
      .map((result) => {
        const own = hopsDecidedBy(result, resource);
        return { result, hops: result.trace.hops.filter((h) => h.resource === parent.id && !own.includes(h) && sameSide(h)) };
      })
      .filter((t) => t.hops.length > 0);
    if (atParent.length > 0) {
      const side = parent.egress === undefined ? '' : parent.egress ? ' (outbound)' : ' (inbound)';
      lines.push('', `Decided by the rest of \`${parent.id}\`${side}:`);
      lines.push(...flowHopList(atParent));
    }
  }
  // A security-group rule, a listener or a route states flows of its own: list them with their verdicts.
  const implied = source.implied ? impliedFlowsAt(source.implied(), offset, resource.range) : [];
  if (implied.length > 0) lines.push('', 'Implied flows it creates (checked without a declaration):', ...impliedFlowLines(implied));
  return lines.join('\n');
}
