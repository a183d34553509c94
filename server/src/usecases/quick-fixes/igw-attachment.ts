// Quick fix: an internet gateway on the path is not attached to the VPC (IGW_NOT_ATTACHED). A new
// AWS::EC2::VPCGatewayAttachment of that gateway to the VPC whose route table sent the packet there,
// offered only when the gateway is attached nowhere else and the VPC has no other internet gateway
// attached (each holds at most one of the other: VPC User Guide, "Internet gateways").
import type { Finding } from '../../analyze/types';
import { getEntry } from '../../template/located';
import { isUnknown } from '../../model/types';
import { droppedBy, flowKeysLike, lastOfType, type FixContext, type QuickFix } from './context';
import { freeLogicalId, insertResourceAfter, Intrinsic } from './template-text';

export const IGW_ATTACHMENT_CODES = ['IGW_NOT_ATTACHED'];

export function igwAttachmentFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const igw = ctx.model.index.internetGateway.get(finding.resource ?? '');
  const entry = igw ? getEntry(ctx.resources, igw.id) : undefined;
  if (!igw || !entry || igw.attachments.length > 0) return [];
  const vpcs = new Set<string>();
  for (const d of droppedBy(ctx, finding, (h) => h.resource === igw.id)) {
    // The route table that sent the packet to the gateway (its hop names the table, or the route) is the last one on the way there.
    const before = d.hops.slice(0, d.hops.indexOf(d.hop)).reverse();
    const table = before
      .map((h) => ctx.model.index.routeTable.get(h.resource) ?? ctx.model.routeTables.find((t) => t.routes.some((r) => r.origin.resource === h.resource)))
      .find((t) => !!t);
    if (table && !isUnknown(table.vpc)) vpcs.add(table.vpc);
  }
  if (vpcs.size !== 1) return [];
  const [vpc] = vpcs;
  if (!getEntry(ctx.resources, vpc)) return [];
  if (ctx.model.internetGateways.some((g) => g.attachments.some((a) => a.vpc === vpc && a.exists !== 'unknown'))) return [];
  const id = freeLogicalId(ctx.resources, `${igw.id}Attachment`);
  const edit = insertResourceAfter(
    ctx.parse,
    ctx.style,
    entry,
    id,
    { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: new Intrinsic('Ref', vpc), InternetGatewayId: new Intrinsic('Ref', igw.id) } },
    flowKeysLike(ctx, lastOfType(ctx, 'AWS::EC2::Subnet')),
  );
  return [{ title: `Attach internet gateway ${igw.id} to VPC ${vpc} (add ${id}: AWS::EC2::VPCGatewayAttachment)`, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] }];
}
