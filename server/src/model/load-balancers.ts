// Load balancing behind the load balancer endpoints (service-endpoints.ts): each load balancer's type,
// scheme and cross-zone setting, the target groups its listeners' default actions and rules forward to,
// and the targets registered in those groups (Targets, an Auto Scaling group's TargetGroupARNs, an ECS
// service's LoadBalancers, a classic load balancer's Instances), each with the port traffic is sent to.
// The walk goes through a load balancer to these targets. Defaults from the ELB API reference:
// Type application, Scheme internet-facing, TargetType instance; cross-zone is on for application and
// classic (CloudFormation's CrossZone aside) and off for network and gateway load balancers.
import type { Endpoint, LbListener, LbTarget, Maybe, TargetGroup, TargetHealthCheck, Unknown } from './types';
import { isUnknown } from './types';
import { asMap, at, existsOf, field, originOf, prop, readBool, readList, readNumber, readRef, readString, resourcesOfType, unknown, type Ctx } from './read';
import type { RValue, ResolvedResource } from '../template/values';

export function buildLoadBalancing(ctx: Ctx, endpoints: Endpoint[]): TargetGroup[] {
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const groups = new Map<string, TargetGroup>();
  for (const r of resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::TargetGroup')) groups.set(r.id, targetGroup(ctx, r, byId));
  for (const e of endpoints) if (e.kind === 'load-balancer') describeLoadBalancer(ctx, e, byId);
  // Listeners and their rules: which groups they forward to.
  const listeners = new Map<string, LbListener>();
  for (const e of endpoints) for (const l of e.listeners ?? []) listeners.set(l.id, l);
  for (const r of resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::Listener')) {
    const l = listeners.get(r.id);
    if (l) readActions(ctx, r, 'DefaultActions', l);
  }
  for (const r of resourcesOfType(ctx, 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const ref = readRef(at(ctx, r.id, 'ListenerArn'), prop(r, 'ListenerArn'));
    const l = ref && !isUnknown(ref) ? listeners.get(ref.id) : undefined;
    if (l) readActions(ctx, r, 'Actions', l);
  }
  // Targets registered from elsewhere: Auto Scaling groups and ECS services.
  for (const r of resourcesOfType(ctx, 'AWS::AutoScaling::AutoScalingGroup')) {
    const list = readList(at(ctx, r.id, 'TargetGroupARNs'), prop(r, 'TargetGroupARNs'));
    if (!list || isUnknown(list)) continue;
    for (const v of list) {
      const g = groupOf(ctx, r.id, 'TargetGroupARNs', v, groups);
      if (g) g.targets.push({ target: { kind: 'endpoint', id: r.id }, ...(g.port !== undefined ? { port: g.port } : {}), via: `TargetGroupARNs of ${r.id}`, origin: originOf(r, v.range) });
    }
  }
  for (const r of resourcesOfType(ctx, 'AWS::ECS::Service')) {
    const list = readList(at(ctx, r.id, 'LoadBalancers'), prop(r, 'LoadBalancers'));
    if (!list || isUnknown(list)) continue;
    list.forEach((item, i) => {
      const tg = field(item, 'TargetGroupArn');
      if (!tg) return;
      const g = groupOf(ctx, r.id, `LoadBalancers[${i}].TargetGroupArn`, tg, groups);
      const port = readNumber(at(ctx, r.id, `LoadBalancers[${i}].ContainerPort`), field(item, 'ContainerPort'));
      if (g) g.targets.push({ target: { kind: 'endpoint', id: r.id }, ...(port !== undefined ? { port } : g.port !== undefined ? { port: g.port } : {}), via: `LoadBalancers of ${r.id}`, origin: originOf(r, item.range) });
    });
  }
  return [...groups.values()];
}

function groupOf(ctx: Ctx, resource: string, property: string, v: RValue, groups: Map<string, TargetGroup>): TargetGroup | undefined {
  const ref = readRef(at(ctx, resource, property), v);
  return ref && !isUnknown(ref) ? groups.get(ref.id) : undefined;
}

function targetGroup(ctx: Ctx, r: ResolvedResource, endpoints: Map<string, Endpoint>): TargetGroup {
  const tt = readString(at(ctx, r.id, 'TargetType'), prop(r, 'TargetType')) ?? 'instance';
  const targetType: TargetGroup['targetType'] = isUnknown(tt) ? tt : tt === 'ip' || tt === 'lambda' || tt === 'alb' ? tt : 'instance';
  const g: TargetGroup = { id: r.id, targetType, targets: [], origin: originOf(r), exists: existsOf(r) };
  const protocol = readString(at(ctx, r.id, 'Protocol'), prop(r, 'Protocol'));
  if (typeof protocol === 'string') g.protocol = protocol.toUpperCase();
  const port = readNumber(at(ctx, r.id, 'Port'), prop(r, 'Port'));
  if (port !== undefined) g.port = port;
  const attrs = readList(at(ctx, r.id, 'TargetGroupAttributes'), prop(r, 'TargetGroupAttributes'));
  if (attrs && !isUnknown(attrs)) {
    for (const a of attrs) {
      if (readString(at(ctx, r.id, 'TargetGroupAttributes.Key'), field(a, 'Key')) !== 'preserve_client_ip.enabled') continue;
      const b = readBool(at(ctx, r.id, 'TargetGroupAttributes.Value'), field(a, 'Value'));
      if (b !== undefined) g.preserveClientIp = b;
    }
  }
  if (targetType === 'instance' || targetType === 'ip') g.healthCheck = healthCheckOf(ctx, r, g.protocol);
  const targets = readList(at(ctx, r.id, 'Targets'), prop(r, 'Targets'));
  if (isUnknown(targets)) g.targets.push({ target: targets, via: 'Targets', origin: originOf(r, targets.range) });
  else {
    (targets ?? []).forEach((t, i) => {
      const idV = field(t, 'Id');
      const tp = readNumber(at(ctx, r.id, `Targets[${i}].Port`), field(t, 'Port'));
      const portOf = tp ?? g.port;
      const base = { ...(portOf !== undefined ? { port: portOf } : {}), via: 'Targets', origin: originOf(r, t.range) };
      if (idV && idV.kind === 'str' && /^[0-9a-fA-F:.]+$/.test(idV.value) && /[.:]/.test(idV.value)) {
        g.targets.push({ ...base, target: { kind: 'address', ip: idV.value } });
        return;
      }
      const ref = readRef(at(ctx, r.id, `Targets[${i}].Id`), idV);
      let target: LbTarget['target'];
      if (!ref) target = unknown(ctx, r.id, `Targets[${i}].Id`, 'the target has no Id', t.range);
      else if (isUnknown(ref)) target = ref;
      else if (endpoints.has(ref.id)) target = { kind: 'endpoint', id: ref.id };
      else target = unknown(ctx, r.id, `Targets[${i}].Id`, `${ref.id} is ${ref.absent ? `not created (Condition ${ref.absent.conditionName} is false)` : 'not a network endpoint of the template'}`, idV?.range ?? t.range);
      g.targets.push({ ...base, target });
    });
  }
  return g;
}

/** The group's health check (ELB API reference, CreateTargetGroup: HealthCheckEnabled, HealthCheckPort, HealthCheckProtocol). */
function healthCheckOf(ctx: Ctx, r: ResolvedResource, groupProtocol: string | undefined): TargetHealthCheck {
  const enabled = readBool(at(ctx, r.id, 'HealthCheckEnabled'), prop(r, 'HealthCheckEnabled')) ?? true;
  const portV = prop(r, 'HealthCheckPort');
  let port: TargetHealthCheck['port'] = 'traffic-port';
  if (portV !== undefined) {
    const text = readString(at(ctx, r.id, 'HealthCheckPort'), portV);
    if (isUnknown(text)) port = text;
    else if (text !== undefined && text !== 'traffic-port') {
      const n = Number(text);
      port = Number.isInteger(n) && n >= 1 && n <= 65535 ? n : unknown(ctx, r.id, 'HealthCheckPort', `HealthCheckPort ${JSON.stringify(text)} is not a port`, portV.range);
    }
  }
  const p = readString(at(ctx, r.id, 'HealthCheckProtocol'), prop(r, 'HealthCheckProtocol'));
  const protocol = typeof p === 'string' ? p.toUpperCase() : groupProtocol === 'HTTP' || groupProtocol === 'HTTPS' ? 'HTTP' : 'TCP';
  return { enabled, port, protocol, origin: originOf(r, portV?.range ?? r.idRange) };
}

function describeLoadBalancer(ctx: Ctx, e: Endpoint, endpoints: Map<string, Endpoint>): void {
  const r = ctx.rt.resources.get(e.id);
  if (!r) return;
  const v2 = r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer';
  const t = v2 ? (readString(at(ctx, r.id, 'Type'), prop(r, 'Type')) ?? 'application') : 'classic';
  const type: NonNullable<Endpoint['loadBalancer']>['type'] = isUnknown(t) ? t : t === 'network' || t === 'gateway' || t === 'classic' ? t : 'application';
  const s = readString(at(ctx, r.id, 'Scheme'), prop(r, 'Scheme')) ?? 'internet-facing';
  const scheme = isUnknown(s) ? s : s === 'internal' ? 'internal' : 'internet-facing';
  let crossZone: Maybe<boolean> = type === 'application' || type === 'classic';
  if (v2) {
    const attrs = readList(at(ctx, r.id, 'LoadBalancerAttributes'), prop(r, 'LoadBalancerAttributes'));
    if (attrs && !isUnknown(attrs)) {
      for (const a of attrs) {
        if (readString(at(ctx, r.id, 'LoadBalancerAttributes.Key'), field(a, 'Key')) !== 'load_balancing.cross_zone.enabled') continue;
        const b = readBool(at(ctx, r.id, 'LoadBalancerAttributes.Value'), field(a, 'Value'));
        if (b !== undefined) crossZone = b;
      }
    }
  } else {
    const cz = readBool(at(ctx, r.id, 'CrossZone'), prop(r, 'CrossZone'));
    if (cz !== undefined) crossZone = cz;
  }
  e.loadBalancer = { type, scheme, crossZone };
  if (!v2) {
    const list = readList(at(ctx, r.id, 'Instances'), prop(r, 'Instances'));
    const instances: Array<Maybe<string>> = [];
    if (isUnknown(list)) instances.push(list);
    else {
      for (const v of list ?? []) {
        const ref = readRef(at(ctx, r.id, 'Instances'), v);
        if (!ref) continue;
        if (isUnknown(ref)) instances.push(ref);
        else instances.push(endpoints.has(ref.id) ? ref.id : unknown(ctx, r.id, 'Instances', `${ref.id} is not an instance of the template`, v.range));
      }
    }
    e.loadBalancer.instances = instances;
    const hc = classicHealthCheck(ctx, r);
    if (hc) e.loadBalancer.healthCheck = hc;
    const ls = readList(at(ctx, r.id, 'Listeners'), prop(r, 'Listeners'));
    if (ls && !isUnknown(ls)) {
      ls.forEach((item, i) => {
        const l = e.listeners?.find((x) => x.id === `${r.id}#listener:${i}`);
        const ip = readNumber(at(ctx, r.id, `Listeners[${i}].InstancePort`), field(item, 'InstancePort'));
        if (l && ip !== undefined) l.instancePort = ip;
      });
    }
  }
}

/** DefaultActions / Actions: `forward` (TargetGroupArn or ForwardConfig.TargetGroups) or answered by the load balancer. */
function readActions(ctx: Ctx, r: ResolvedResource, property: string, l: LbListener): void {
  const list = readList(at(ctx, r.id, property), prop(r, property));
  l.targetGroups ??= [];
  if (isUnknown(list)) {
    l.targetGroups.push(list);
    return;
  }
  (list ?? []).forEach((a, i) => {
    if (!asMap(a)) return;
    const type = readString(at(ctx, r.id, `${property}[${i}].Type`), field(a, 'Type'));
    if (isUnknown(type)) {
      l.targetGroups!.push(type);
      return;
    }
    if (type === 'fixed-response' || type === 'redirect') {
      l.selfAnswer ??= type;
      return;
    }
    if (type !== 'forward') return; // authenticate-* precede a forward
    const refs: RValue[] = [];
    const direct = field(a, 'TargetGroupArn');
    if (direct) refs.push(direct);
    const fc = readList(at(ctx, r.id, `${property}[${i}].ForwardConfig.TargetGroups`), field(field(a, 'ForwardConfig'), 'TargetGroups'));
    if (fc && !isUnknown(fc)) for (const t of fc) if (field(t, 'TargetGroupArn')) refs.push(field(t, 'TargetGroupArn')!);
    for (const v of refs) {
      const ref = readRef(at(ctx, r.id, `${property}[${i}].TargetGroupArn`), v);
      if (!ref) continue;
      l.targetGroups!.push(isUnknown(ref) ? ref : ref.absent || ref.undefinedId ? unknownGroup(ctx, r.id, property, ref.id, v) : ref.id);
    }
  });
}

function unknownGroup(ctx: Ctx, resource: string, property: string, id: string, v: RValue): Unknown {
  return unknown(ctx, resource, property, `target group ${id} is not created by the template`, v.range);
}

/**
 * A classic load balancer's health check, read from HealthCheck.Target ("protocol:port[/path]", the
 * protocol TCP, HTTP, HTTPS or SSL; Elastic Load Balancing API, HealthCheck). Without a HealthCheck the
 * service's default applies, which the template does not state: nothing is read then.
 */
function classicHealthCheck(ctx: Ctx, r: ResolvedResource): NonNullable<NonNullable<Endpoint['loadBalancer']>['healthCheck']> | undefined {
  const target = field(prop(r, 'HealthCheck'), 'Target');
  if (target === undefined) return undefined;
  const text = readString(at(ctx, r.id, 'HealthCheck.Target'), target);
  const origin = originOf(r, target.range);
  if (text === undefined || isUnknown(text)) return { port: isUnknown(text) ? text : unknown(ctx, r.id, 'HealthCheck.Target', 'HealthCheck.Target is not a string', target.range), protocol: '?', origin };
  const m = /^(TCP|HTTP|HTTPS|SSL):(\d{1,5})(\/.*)?$/i.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) return { port: unknown(ctx, r.id, 'HealthCheck.Target', `HealthCheck.Target "${text}" is not protocol:port (TCP, HTTP, HTTPS or SSL, port 1-65535)`, target.range), protocol: '?', origin };
  return { port, protocol: m[1].toUpperCase(), origin };
}
