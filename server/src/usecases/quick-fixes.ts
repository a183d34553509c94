// Use case "quick fixes": text edits that make a blocked flow reachable, for findings with a mechanical
// fix. Today: a network ACL whose implicit deny drops a flow (NACL_RETURN_EPHEMERAL_BLOCKED, the reply
// to the initiator's ephemeral ports; SUBNET_ACL_RESTRICTION, the request) gets a new allow entry on
// that side, for exactly the ports and the peer CIDR of the dropped packet, with a free rule number
// below the first deny entry that would shadow it. The edit is written in the template's own style:
// YAML block or flow maps, short (`!Ref`) or long (`Ref:`) intrinsics, its indentation; JSON pretty or
// compact. A fix that would have to open more than the flow needs (a peer the template does not pin
// to a CIDR) is not offered. Pure: analysis and text in, offset edits out.
import type { Hop } from '../../../shared/protocol';
import type { Analysis, Finding } from '../analyze/types';
import { getEntry, get, type LEntry, type LMap, type Range } from '../template/located';
import { isUnknown, type NaclEntry, type NetworkAcl } from '../model/types';
import { cidrOverlaps, formatCidr, parseCidr, type Cidr } from '../net/ip';
import { rangeOverlaps, type PortRange } from '../net/ports';
import type { OffsetEdit } from '../analyze/flow-edit';

export interface QuickFix {
  title: string;
  /** The finding it fixes (code and range, as published). */
  code: string;
  range: Range;
  edits: OffsetEdit[];
}

const NACL_CODES = new Set(['NACL_RETURN_EPHEMERAL_BLOCKED', 'SUBNET_ACL_RESTRICTION']);

/** The quick fixes for the findings that touch `range` (every finding when omitted). */
export function quickFixes(analysis: Analysis, range?: Range): QuickFix[] {
  if (!analysis.model || !analysis.parse.root) return [];
  const out: QuickFix[] = [];
  for (const f of analysis.findings) {
    if (range && (f.range.end < range.start || f.range.start > range.end)) continue;
    if (NACL_CODES.has(f.code)) {
      const fix = naclAllowFix(analysis, f);
      if (fix) out.push(fix);
    }
  }
  return out;
}

function naclAllowFix(analysis: Analysis, finding: Finding): QuickFix | undefined {
  const model = analysis.model!;
  const acl = model.index.networkAcl.get(finding.resource ?? '');
  if (!acl || acl.implicit) return undefined;
  // The dropped packet, from the trace of a flow the finding names (the implicit deny decided it).
  const hop = analysis.flows
    .filter((r) => finding.flows?.includes(r.flow.name))
    .flatMap((r) => r.trace.hops)
    .find((h) => h.resource === acl.id && h.decision === 'drop' && h.code === finding.code && h.rule === '* deny');
  if (!hop || !hop.side) return undefined;
  const egress = hop.side === 'outbound';
  const protocol = hop.in.protocol === 'tcp' ? 6 : hop.in.protocol === 'udp' ? 17 : undefined;
  const ports = portsOf(hop.in.dstPort);
  const peer = peerCidr(egress ? hop.in.dst : hop.in.src);
  if (protocol === undefined || !ports || !peer) return undefined;
  const ruleNumber = freeRuleNumber(acl, egress, protocol, peer, ports);
  if (ruleNumber === undefined) return undefined;
  const entry: NewEntry = { acl: acl.id, egress, ruleNumber, protocol, cidr: formatCidr(peer), ports };
  const edit = insertEntry(analysis, acl, entry);
  if (!edit) return undefined;
  const portsText = ports.from === ports.to ? String(ports.from) : `${ports.from}-${ports.to}`;
  return {
    title: `Add ${egress ? 'outbound' : 'inbound'} rule ${ruleNumber} to ${acl.id}: allow ${hop.in.protocol} ${portsText} ${egress ? 'to' : 'from'} ${entry.cidr}`,
    code: finding.code,
    range: finding.range,
    edits: [edit],
  };
}

function portsOf(p: Hop['in']['dstPort']): PortRange | undefined {
  if (p === null || p === undefined) return undefined;
  return typeof p === 'number' ? { from: p, to: p } : { from: p.from, to: p.to };
}

/** The peer as a CIDR the header names (an address, or a subnet's block); `internet` is every address. */
function peerCidr(text: string): Cidr | undefined {
  const c = parseCidr(text === 'internet' ? '0.0.0.0/0' : text);
  return c.ok ? c.cidr : undefined;
}

/**
 * A rule number no entry of that side uses, below the first deny that would match the new entry's
 * packets (entries are evaluated lowest first). Prefers a multiple of 10 below that deny, else the
 * highest free number below it; with no such deny, 10 above the highest number in use (100 when none).
 */
function freeRuleNumber(acl: NetworkAcl, egress: boolean, protocol: number, peer: Cidr, ports: PortRange): number | undefined {
  const side = acl.entries.filter((e) => e.egress === egress && !isUnknown(e.ruleNumber));
  const used = new Set(side.map((e) => e.ruleNumber as number));
  const shadowing = side
    .filter((e) => e.action === 'deny' && matchesSome(e, protocol, peer, ports))
    .map((e) => e.ruleNumber as number)
    .sort((a, b) => a - b)[0];
  if (shadowing === undefined) {
    const top = Math.max(0, ...used);
    const n = top === 0 ? 100 : Math.min(32766, Math.floor(top / 10) * 10 + 10);
    return used.has(n) ? undefined : n;
  }
  for (let n = Math.floor((shadowing - 1) / 10) * 10; n >= 1; n -= 10) if (!used.has(n) && n < shadowing) return n;
  for (let n = shadowing - 1; n >= 1; n--) if (!used.has(n)) return n;
  return undefined;
}

function matchesSome(e: NaclEntry, protocol: number, peer: Cidr, ports: PortRange): boolean {
  if (isUnknown(e.protocol) || isUnknown(e.cidr)) return true; // may match: stay below it
  if (e.protocol !== -1 && e.protocol !== protocol) return false;
  if (!cidrOverlaps(e.cidr, peer)) return false;
  if (e.ports === undefined) return true;
  return isUnknown(e.ports) || rangeOverlaps(e.ports, ports);
}

interface NewEntry {
  acl: string;
  egress: boolean;
  ruleNumber: number;
  protocol: number;
  cidr: string;
  ports: PortRange;
}

/** The insertion of the new AWS::EC2::NetworkAclEntry resource after the NACL's last entry (or the NACL). */
function insertEntry(analysis: Analysis, acl: NetworkAcl, entry: NewEntry): OffsetEdit | undefined {
  const text = analysis.parse.text;
  const resources = get(analysis.parse.root, 'Resources');
  if (!resources || resources.kind !== 'map') return undefined;
  const siblings = acl.entries.filter((e) => !e.origin.element).map((e) => getEntry(resources, e.id)).filter((e): e is LEntry => !!e);
  const anchor = [...siblings].sort((a, b) => b.value.range.end - a.value.range.end)[0] ?? getEntry(resources, acl.id);
  if (!anchor) return undefined;
  const id = freeId(resources, `${acl.id}${entry.egress ? 'Outbound' : 'Inbound'}${entry.ports.from === entry.ports.to ? entry.ports.from : 'Ephemeral'}`);
  const model = siblings[0];
  const refText = model ? refTextOf(text, model) : undefined;
  if (analysis.parse.format === 'json') return jsonInsert(text, anchor, id, entry, refText);
  return yamlInsert(text, anchor, model, id, entry, refText ?? (usesShortTags(text) ? `!Ref ${entry.acl}` : `{ Ref: ${entry.acl} }`));
}

function freeId(resources: LMap, base: string): string {
  if (!getEntry(resources, base)) return base;
  for (let i = 2; ; i++) if (!getEntry(resources, `${base}${i}`)) return `${base}${i}`;
}

/** How a sibling entry writes its NetworkAclId (kept as it is: `!Ref X`, `Ref: X`, `{"Ref": "X"}`). */
function refTextOf(text: string, sibling: LEntry): string | undefined {
  const id = getEntry((get(sibling.value, 'Properties') as LMap | undefined) ?? { kind: 'map', entries: [], range: { start: 0, end: 0 } }, 'NetworkAclId');
  if (!id) return undefined;
  const raw = text.slice(id.value.range.start, id.value.range.end);
  // A block-style long form (`NetworkAclId:\n  Ref: X`) does not fit on one line: written in flow style.
  if (raw.includes('\n')) return undefined;
  // A short-form tag's range covers the tag only in some readers: read to the end of the line.
  const lineEnd = text.indexOf('\n', id.value.range.start);
  const line = text.slice(id.value.range.start, lineEnd === -1 ? text.length : lineEnd).replace(/\s*,?\s*$/, '');
  return /^!Ref\s/.test(line) ? line.replace(/\s*[,}].*$/, '') : raw;
}

function usesShortTags(text: string): boolean {
  return /:\s+!(Ref|GetAtt|Sub)\b/.test(text);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

function yamlInsert(text: string, anchor: LEntry, model: LEntry | undefined, id: string, e: NewEntry, ref: string): OffsetEdit {
  const keyCol = column(text, anchor.keyRange.start);
  const shape = model ?? anchor;
  const typeEntry = shape.value.kind === 'map' ? shape.value.entries[0] : undefined;
  const bodyCol = typeEntry ? column(text, typeEntry.keyRange.start) : keyCol + 2;
  const step = Math.max(2, bodyCol - keyCol);
  const props = model ? getEntry(model.value as LMap, 'Properties') : undefined;
  const flowStyle = props ? text[props.value.range.start] === '{' : false;
  const at = (n: number) => ' '.repeat(n);
  const fields: Array<[string, string]> = [
    ['NetworkAclId', ref],
    ['RuleNumber', String(e.ruleNumber)],
    ['Protocol', String(e.protocol)],
    ...(e.egress ? ([['Egress', 'true']] as Array<[string, string]>) : []),
    ['RuleAction', 'allow'],
    ['CidrBlock', e.cidr],
  ];
  let body: string;
  if (flowStyle) {
    body = `${at(bodyCol)}Properties: { ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}, PortRange: { From: ${e.ports.from}, To: ${e.ports.to} } }\n`;
  } else {
    const pc = bodyCol + step;
    body =
      `${at(bodyCol)}Properties:\n` +
      fields.map(([k, v]) => `${at(pc)}${k}: ${v}\n`).join('') +
      `${at(pc)}PortRange:\n${at(pc + step)}From: ${e.ports.from}\n${at(pc + step)}To: ${e.ports.to}\n`;
  }
  const block = `${at(keyCol)}${id}:\n${at(bodyCol)}Type: AWS::EC2::NetworkAclEntry\n${body}`;
  // After the anchor resource's last line.
  const end = anchor.value.range.end;
  const nl = text.indexOf('\n', end);
  if (nl === -1) return { start: text.length, end: text.length, newText: `\n${block.replace(/\n$/, '')}` };
  return { start: nl + 1, end: nl + 1, newText: block };
}

function jsonInsert(text: string, anchor: LEntry, id: string, e: NewEntry, ref: string | undefined): OffsetEdit {
  const props: Array<[string, string]> = [
    ['NetworkAclId', ref ?? `{ "Ref": ${JSON.stringify(e.acl)} }`],
    ['RuleNumber', String(e.ruleNumber)],
    ['Protocol', String(e.protocol)],
    ...(e.egress ? ([['Egress', 'true']] as Array<[string, string]>) : []),
    ['RuleAction', '"allow"'],
    ['CidrBlock', JSON.stringify(e.cidr)],
  ];
  const anchorText = text.slice(anchor.keyRange.start, anchor.value.range.end);
  const end = anchor.value.range.end;
  if (!anchorText.includes('\n')) {
    const inner = [...props.map(([k, v]) => `"${k}": ${v}`), `"PortRange": { "From": ${e.ports.from}, "To": ${e.ports.to} }`].join(', ');
    return { start: end, end, newText: `, ${JSON.stringify(id)}: { "Type": "AWS::EC2::NetworkAclEntry", "Properties": { ${inner} } }` };
  }
  const keyCol = column(text, anchor.keyRange.start);
  const first = anchor.value.kind === 'map' ? anchor.value.entries[0] : undefined;
  const step = first ? Math.max(1, column(text, first.keyRange.start) - keyCol) : 2;
  const at = (n: number) => ' '.repeat(n);
  const c1 = keyCol + step;
  const c2 = c1 + step;
  const c3 = c2 + step;
  const lines = [
    `,\n${at(keyCol)}${JSON.stringify(id)}: {`,
    `${at(c1)}"Type": "AWS::EC2::NetworkAclEntry",`,
    `${at(c1)}"Properties": {`,
    ...props.map(([k, v]) => `${at(c2)}"${k}": ${v},`),
    `${at(c2)}"PortRange": {`,
    `${at(c3)}"From": ${e.ports.from},`,
    `${at(c3)}"To": ${e.ports.to}`,
    `${at(c2)}}`,
    `${at(c1)}}`,
    `${at(keyCol)}}`,
  ];
  return { start: end, end, newText: lines.join('\n') };
}
