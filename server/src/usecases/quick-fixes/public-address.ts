// Quick fix: an instance without a public IPv4 address meets the internet gateway (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS,
// IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS). As the template's style implies: an instance that declares its
// NetworkInterfaces gets `AssociatePublicIpAddress: true` on its primary interface (DeviceIndex 0), which
// concerns that instance alone; an instance placed by SubnetId gets `MapPublicIpOnLaunch: true` on its
// subnet, offered only when no other instance or Auto Scaling group launches there (they would all get
// public addresses: more than the flow needs). MapPublicIpOnLaunch applies to instances launched after
// the change; the title says so.
import type { Finding } from '../../analyze/types';
import { get, getEntry, type LMap, type LNode } from '../../template/located';
import { isUnknown, type Endpoint, type NetworkModel } from '../../model/types';
import { propertiesOf, type FixContext, type QuickFix } from './context';
import { appendMapEntry, replaceScalar } from './template-text';

export const PUBLIC_ADDRESS_CODES = ['IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS', 'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS'];

/** Endpoint types whose interfaces take the subnet's MapPublicIpOnLaunch at launch. */
const LAUNCHED = new Set(['AWS::EC2::Instance', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::EC2::SpotFleet', 'AWS::EC2::EC2Fleet']);

export function publicAddressFixes(ctx: FixContext, finding: Finding): QuickFix[] {
  const e = ctx.model.index.endpoint.get(finding.resource ?? '');
  if (!e || e.type !== 'AWS::EC2::Instance') return [];
  const props = propertiesOf(ctx, e.id);
  if (!props) return [];
  const fix = (title: string, edit: ReturnType<typeof appendMapEntry>): QuickFix[] =>
    edit ? [{ title, code: finding.code, range: finding.range, message: finding.message, severity: finding.severity, edits: [edit] }] : [];
  const interfaces = get(props, 'NetworkInterfaces');
  if (interfaces) {
    const primary = interfaces.kind === 'seq' ? interfaces.items.find(isPrimary) : undefined;
    if (!primary || primary.kind !== 'map' || getEntry(primary, 'NetworkInterfaceId')) return [];
    return fix(`Give ${e.id} a public IPv4 address: AssociatePublicIpAddress: true on its primary network interface`, setTrue(ctx, primary, 'AssociatePublicIpAddress'));
  }
  const subnet = onlySubnet(e);
  if (!subnet || othersLaunchedIn(ctx.model, subnet, e.id)) return [];
  const subnetProps = propertiesOf(ctx, subnet);
  if (!subnetProps) return [];
  return fix(
    `Set MapPublicIpOnLaunch: true on subnet ${subnet} (${e.id} is the only instance launched there; applies to instances launched after the change)`,
    setTrue(ctx, subnetProps, 'MapPublicIpOnLaunch'),
  );
}

function isPrimary(item: LNode): boolean {
  const index = get(item, 'DeviceIndex');
  return index?.kind === 'scalar' && String(index.value) === '0';
}

function onlySubnet(e: Endpoint): string | undefined {
  const ids = [...new Set(e.placements.map((p) => p.subnet))];
  return ids.length === 1 && !isUnknown(ids[0]) ? (ids[0] as string) : undefined;
}

function othersLaunchedIn(model: NetworkModel, subnet: string, self: string): boolean {
  return model.endpoints.some((x) => x.id !== self && LAUNCHED.has(x.type) && x.placements.some((p) => p.subnet === subnet));
}

/** `key: true` in the map: the existing scalar replaced, or a new entry. */
function setTrue(ctx: FixContext, map: LMap, key: string) {
  const existing = getEntry(map, key);
  if (existing) return existing.value.kind === 'scalar' ? replaceScalar(ctx.parse, ctx.style, existing.value, typeof existing.value.value === 'string' ? 'true' : true) : undefined;
  return appendMapEntry(ctx.parse, ctx.style, map, key, true);
}
