// Hover explanations, in Markdown: on a declared flow, its verdict and the hop table both ways; on a
// template resource, the flows that pass through it and what it did to each (a NACL entry or a security
// group rule: the flows it decides). Nothing elsewhere.
import type { FlowResult } from '../analyze/types';
import type { Hop } from '../../../shared/protocol';
import type { Range } from '../template/located';
import type { Analysed } from './diagnostics';
import { elementName, flowServiceText, hopPacketText, unknownReason } from './format';
import type { ResourceSpan } from './snapshot';

export const STALE_NOTE = '_The text does not parse: results from the last version that parsed._';

function contains(range: Range, offset: number): boolean {
  return range.start <= offset && offset <= range.end && range.end > range.start;
}

function within(inner: Range, outer: Range): boolean {
  return inner.end > inner.start && inner.start >= outer.start && inner.end <= outer.end;
}

/** Markdown for the hover at `offset` of the analysed text, or null when there is nothing to say there. */
export function hoverMarkdown(shown: Analysed, offset: number, stale: boolean): string | null {
  const body = flowHover(shown, offset) ?? resourceHover(shown, offset);
  if (body === null) return null;
  return stale ? `${STALE_NOTE}\n\n${body}` : body;
}

function flowHover(shown: Analysed, offset: number): string | null {
  let best: FlowResult | undefined;
  for (const result of shown.snapshot.flows) {
    const r = result.flow.origin.range;
    if (!contains(r, offset)) continue;
    if (!best || r.end - r.start < best.flow.origin.range.end - best.flow.origin.range.start) best = result;
  }
  return best ? flowMarkdown(best) : null;
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

function resourceAt(shown: Analysed, offset: number): ResourceSpan | undefined {
  return shown.snapshot.resources.find((r) => contains(r.range, offset));
}

/** The hops a resource decided: hops named after it, or whose deciding text lies inside its definition. */
export function hopsDecidedBy(result: FlowResult, resource: ResourceSpan): Hop[] {
  return result.trace.hops.filter((h) => h.resource === resource.id || within(h.range, resource.range));
}

/**
 * The NACL or security group that a NACL entry or standalone SG rule resource belongs to, and the side
 * it applies to (a NACL entry is inbound or outbound; the rest of the NACL's other side is irrelevant).
 */
function parentOf(shown: Analysed, resource: ResourceSpan): { id: string; egress?: boolean } | undefined {
  const model = shown.snapshot.model;
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
  return `  - ${hop.direction}: ${who}${what} ${hopPacketText(hop)}${rule}${reason}`;
}

function flowHopList(entries: Array<{ result: FlowResult; hops: Hop[] }>): string[] {
  const lines: string[] = [];
  for (const { result, hops } of entries) {
    lines.push('', `- **\`${result.flow.name}\`** (${flowServiceText(result.flow)}, ${result.trace.verdict}):`);
    for (const hop of hops) lines.push(hopLine(hop));
  }
  return lines;
}

function resourceHover(shown: Analysed, offset: number): string | null {
  const resource = resourceAt(shown, offset);
  if (!resource) return null;
  const decides = /::(NetworkAclEntry|SecurityGroupIngress|SecurityGroupEgress)$/.test(resource.type);
  const lines = [`**${resource.id}** \`${resource.type}\``];
  const touched = shown.snapshot.flows
    .map((result) => ({ result, hops: hopsDecidedBy(result, resource) }))
    .filter((t) => t.hops.length > 0);
  if (touched.length === 0) lines.push('', decides ? 'It decides no declared flow.' : 'No declared flow passes through it.');
  else {
    lines.push('', decides ? 'Decides these declared flows:' : 'Declared flows that pass through it:');
    lines.push(...flowHopList(touched));
  }
  // A rule is read together with the rest of its NACL or group: show what the whole element decided.
  const parent = decides ? parentOf(shown, resource) : undefined;
  if (parent) {
    const sameSide = (h: Hop) => parent.egress === undefined || naclHopIsEgress(h) !== !parent.egress;
    const atParent = shown.snapshot.flows
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
  return lines.join('\n');
}
