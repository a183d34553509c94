// Text rendering of the model view: one section per element kind, columns aligned, `?` where the
// template leaves a value undecided (the Unknowns section says why).
import type { ModelView } from './view';

type Row = string[];
type Obj = { [k: string]: unknown };

const show = (v: unknown): string => {
  if (v === null || v === undefined) return '?';
  if (Array.isArray(v)) return v.length === 0 ? '-' : v.map(show).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

function table(rows: Row[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => (indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).trimEnd());
}

function section(out: string[], title: string, items: unknown[], render: (x: Obj) => string[]): void {
  out.push(`${title} (${items.length})`);
  for (const x of items) out.push(...render(x as Obj));
  out.push('');
}

const cond = (x: Obj): string => (x.condition === 'unknown' ? '  [condition unknown]' : '');

export function modelTextOf(v: ModelView): string {
  const out: string[] = [];
  out.push(`VPCs (${v.vpcs.length})`);
  out.push(...table(v.vpcs.map((x) => [show((x as Obj).id), show((x as Obj).cidrs) + cond(x as Obj)])));
  out.push('');
  out.push(`Subnets (${v.subnets.length})`);
  if (v.subnets.length > 0) {
    const head = ['ID', 'VPC', 'CIDR', 'AZ', 'ROUTE TABLE', 'NACL', 'PUBLIC'];
    out.push(...table([head, ...v.subnets.map((s) => { const x = s as Obj; return [x.id, x.vpc, x.cidr, x.az, x.routeTable, x.networkAcl, x.public].map(show).concat(cond(x) ? ['[condition unknown]'] : []); })]));
  }
  out.push('');
  section(out, 'Route tables', v.routeTables, (t) => [
    `  ${t.id}  vpc ${show(t.vpc)}${t.implicit ? '  (main)' : ''}${cond(t)}`,
    ...table(
      (t.routes as Obj[]).map((r) => {
        const tg = r.target as Obj;
        const fwEndpoint = tg.firewallEndpoint === undefined ? '' : ` endpoint ${tg.firewallEndpoint === null ? '?' : show(tg.firewallEndpoint)}`;
        const target = tg.kind === 'local' ? 'local' : tg.kind === 'missing' ? `missing ${show(tg.id)} (${show(tg.reason)})` : `${tg.kind} ${show(tg.id)}${fwEndpoint}`;
        return [show(r.destination), '->', target + (r.propagated ? '  (propagated)' : '') + cond(r)];
      }),
      '    ',
    ),
  ]);
  section(out, 'Network ACLs', v.networkAcls, (a) => [
    `  ${a.id}  vpc ${show(a.vpc)}${a.implicit ? '  (default)' : ''}${cond(a)}`,
    ...table(
      (a.entries as Obj[]).map((e) => [
        show(e.direction),
        show(e.rule),
        show(e.action),
        show(e.protocol),
        e.ports !== undefined ? show(e.ports) : e.icmp ? `type ${show((e.icmp as Obj).type)} code ${show((e.icmp as Obj).code)}` : 'all',
        show(e.cidr) + cond(e),
      ]),
      '    ',
    ),
    ...(a.implicit ? [] : ['    *  deny  all  (every packet no rule matched)']),
  ]);
  section(out, 'Security groups', v.securityGroups, (g) => {
    const rules = [...(g.ingress as Obj[]), ...(g.egress as Obj[])].map((r) => {
      const dir = (g.ingress as Obj[]).includes(r) ? 'ingress' : 'egress';
      const notes = [r.placeholder ? '(CDK placeholder: matches nothing)' : '', r.implicitDefaultEgress ? '(default egress)' : '', cond(r).trim()].filter(Boolean).join(' ');
      const portText = r.icmp ? `type ${show((r.icmp as Obj).type)} code ${show((r.icmp as Obj).code)}` : show(r.ports);
      return [dir, show(r.protocol), portText, show(r.peer), notes];
    });
    return [`  ${g.id}  vpc ${show(g.vpc)}${g.implicit ? '  (default)' : ''}${cond(g)}`, ...table(rules, '    '), ...(g.egressAssumption ? [`    note: ${g.egressAssumption}`] : [])];
  });
  section(out, 'Endpoints', v.endpoints, (e) => [
    `  ${e.id}  ${e.type}  ephemeral ${show(e.ephemeralPorts)}${cond(e)}`,
    ...table(
      (e.placements as Obj[]).map((p) => [`subnet ${show(p.subnet)}`, `ip ${p.privateIp === null ? 'any' : show(p.privateIp)}`, `public ${show(p.publicIp)}`, `sg ${show(p.securityGroups)}${p.usesDefaultSecurityGroup ? ' (VPC default)' : ''}`]),
      '    ',
    ),
  ]);
  section(out, 'Gateways', v.gateways, (g) => [
    `  ${g.id}  ${g.kind}${g.vpcs !== undefined ? `  vpcs ${show(g.vpcs)}` : ''}${g.subnet !== undefined ? `  subnet ${show(g.subnet)}` : ''}${g.eip !== undefined ? `  eip ${show(g.eip)}` : ''}${g.associatedWith !== undefined ? `  -> ${show(g.associatedWith)}` : ''}${cond(g)}`,
  ]);
  if (v.peerings.length > 0) {
    section(out, 'VPC peerings', v.peerings, (p) => [
      `  ${p.id}  ${show(p.requester)} <-> ${show(p.accepter)}${p.peerRegion !== undefined ? `  region ${show(p.peerRegion)}` : ''}${p.peerOwner !== undefined ? `  owner ${show(p.peerOwner)}` : ''}${p.refused ? `  refused: ${show(p.refused)}` : ''}${cond(p)}`,
    ]);
  }
  if (v.transitGateways.length > 0) {
    section(out, 'Transit gateways', v.transitGateways, (g) => [
      `  ${g.id}  default association ${show(g.defaultAssociation)}, propagation ${show(g.defaultPropagation)}${cond(g)}`,
      ...table(
        (g.attachments as Obj[]).map((a) => [`attachment ${show(a.id)}`, show(a.kind), `vpc ${show(a.vpc)}`, `subnets ${show(a.subnets)}`, `route table ${show(a.routeTable)}${a.applianceMode === true ? '  appliance mode' : ''}${a.ipv6Support === true ? '  ipv6' : ''}${cond(a)}`]),
        '    ',
      ),
      ...(g.routeTables as Obj[]).flatMap((t) => [
        `    route table ${show(t.id)}${t.implicit ? '  (default)' : ''}${cond(t)}`,
        ...table((t.routes as Obj[]).map((r) => [show(r.destination), '->', `${show(r.attachment)}  (${show(r.source)})${cond(r)}`]), '      '),
      ]),
    ]);
  }
  if (v.prefixLists.length > 0) {
    section(out, 'Prefix lists', v.prefixLists, (l) => [`  ${l.id}  IPv${show(l.family)}  ${l.entries === null ? 'entries unknown' : show(l.entries)}${cond(l)}`]);
  }
  out.push(`Flows (${v.flows.length})`);
  out.push(...table(v.flows.map((f) => { const x = f as Obj; return [show(x.name), `${show(x.from)} -> ${show(x.to)}`, `${show(x.protocol)}${x.port === null ? '' : '/' + show(x.port)}`, `expect ${show(x.expect)}`]; })));
  out.push('');
  out.push(`Unknowns (${v.unknowns.length})`);
  out.push(...table(v.unknowns.map((u) => [`${u.resource}.${u.property}`, u.reason])));
  out.push('');
  out.push(`Problems (${v.problems.length})`);
  out.push(...table(v.problems.map((p) => [p.code, `@${p.range.start}`, p.message])));
  return out.join('\n') + '\n';
}
