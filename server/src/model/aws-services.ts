// Which AWS service a VPC endpoint stands for, read from its ServiceName even when the region part is
// not known: `com.amazonaws.us-east-1.s3`, `!Sub com.amazonaws.${AWS::Region}.s3` and
// `!Join ['', [com.amazonaws., !Ref AWS::Region, .s3]]` are all S3. A flow endpoint `aws:s3` names the
// same service (the service part after the region: `s3`, `dynamodb`, `ecr.api`, `secretsmanager`…).
import type { LNode } from '../template/located';
import type { ResolvedResource } from '../template/values';
import { prop } from './read';

const PREFIX = /^(?:aws\.api\.|com\.amazonaws\.)/;

/** The service of a resolved ServiceName, or of its text when the region is a pseudo parameter; undefined when it cannot be told. */
export function serviceOfEndpoint(r: ResolvedResource): string | undefined {
  const v = prop(r, 'ServiceName');
  if (v && v.kind === 'str') return fromName(v.value);
  const node = locatedProperty(r.node, 'ServiceName');
  if (!node) return undefined;
  return fromName(textOf(node));
}

/** `com.amazonaws.<region>.<service>` → `<service>`; other names (PrivateLink services `com.amazonaws.vpce.…`) → undefined. */
function fromName(name: string | undefined): string | undefined {
  if (!name || !PREFIX.test(name)) return undefined;
  const rest = name.replace(PREFIX, '');
  if (rest.startsWith('vpce.')) return undefined;
  const dot = rest.indexOf('.');
  if (dot < 0) return undefined;
  const service = rest.slice(dot + 1);
  return service.length > 0 ? service : undefined;
}

function locatedProperty(resource: LNode, name: string): LNode | undefined {
  if (resource.kind !== 'map') return undefined;
  const props = resource.entries.find((e) => e.key === 'Properties')?.value;
  if (!props || props.kind !== 'map') return undefined;
  return props.entries.find((e) => e.key === name)?.value;
}

/** The text a Sub or Join writes, with every value it cannot know (the region) as `REGION`. */
function textOf(n: LNode): string | undefined {
  if (n.kind === 'scalar') return typeof n.value === 'string' ? n.value : undefined;
  if (n.kind !== 'map' || n.entries.length !== 1) return undefined;
  const [e] = n.entries;
  if (e.key === 'Fn::Sub') {
    const s = e.value.kind === 'seq' ? e.value.items[0] : e.value;
    return s && s.kind === 'scalar' && typeof s.value === 'string' ? s.value.replace(/\$\{[^}]*\}/g, 'REGION') : undefined;
  }
  if (e.key === 'Fn::Join' && e.value.kind === 'seq' && e.value.items.length === 2) {
    const [d, list] = e.value.items;
    if (d.kind !== 'scalar' || list.kind !== 'seq') return undefined;
    return list.items.map((i) => (i.kind === 'scalar' ? String(i.value) : 'REGION')).join(String(d.value ?? ''));
  }
  if (e.key === 'Ref') return 'REGION';
  return undefined;
}
