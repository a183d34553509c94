// Load balancers walked through to their targets: the listener, the target group's rewrite of the
// header (ALB proxying from its node with ports 1024-65535; NLB client IP preservation), every target
// all-or-nothing, forward and return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, fixture, hopAt, hopsOf, trace } from './walk-fixtures';

const T = fixture('load-balancer-through.yaml');
const hopsText = (t: ReturnType<typeof trace>) => t.hops.map((h) => `${h.direction} ${h.resource} ${h.decision} ${h.code}`).join('\n');

test('internet → ALB 443 → every target of both groups on 8080, the source rewritten to the ALB node with ports 1024-65535', () => {
  const t = trace(T, { from: 'internet', to: 'Alb', port: 443 });
  assert.equal(t.verdict, 'reachable', hopsText(t) + t.assumptions.join('\n'));
  // 2 ALB nodes × (2 instance targets of Web + 1 IP target of Api).
  assert.match(t.assumptions.join('\n'), /6 placement pairs were checked, all reachable/);
  const tg = hopAt(t, 'Web', 'forward');
  assert.equal(tg.code, 'REMAP_EPHEMERAL_PORT');
  assert.deepEqual(tg.out.srcPort, { from: 1024, to: 65535 });
  assert.equal(tg.out.dstPort, 8080);
  assert.match(tg.out.src, /^10\.0\.[12]\.0\/24/);
  assert.equal(tg.in.dstPort, 443);
  // The rewrite back: the client gets the reply from the load balancer on 443.
  const back = hopAt(t, 'Web', 'return');
  assert.equal(back.out.srcPort, 443);
  // Order: client → ALB, the leg forward and back, then the ALB's reply to the client.
  const order = t.hops.map((h) => `${h.direction}:${h.resource}`);
  assert.ok(order.indexOf('forward:AlbSg') < order.indexOf('forward:Web'));
  assert.ok(order.indexOf('forward:Web') < order.indexOf('return:Web'));
  assert.equal(order[order.length - 1].startsWith('return:'), true);
  assert.ok(order.lastIndexOf('forward:AppSg') < order.indexOf('return:Web'));
  assert.ok(hopsOf(t, 'forward').some((h) => h.resource === 'AppSg'), 'the target security group is checked');
});

test('one target whose security group does not admit the ALB makes the flow blocked, naming that target', () => {
  const t = trace(edit(T, ['Targets: [{ Id: !Ref App1 }, { Id: !Ref App2 }]', 'Targets: [{ Id: !Ref App1 }, { Id: !Ref Stray }]']), { from: 'internet', to: 'Alb', port: 443 });
  assert.equal(t.verdict, 'blocked');
  assert.equal(t.blockedAt?.code, 'SG_HAS_NO_RULES');
  assert.equal(t.blockedAt?.resource, 'OtherSg');
  assert.match(t.assumptions.join('\n'), /failing: .*Stray in AppB \(blocked\)/);
  assert.doesNotMatch(t.assumptions.join('\n'), /failing: .*App1 in AppA/);
});

test('NLB instance targets keep the client address (preservation on by default): the target must admit the client, not the NLB', () => {
  // AppSg admits 9000 only from the NLB's subnet 10.0.2.0/24; Cli is in 10.0.11.0/24.
  const on = trace(T, { from: 'Cli', to: 'Nlb', port: 9000 });
  assert.equal(on.verdict, 'blocked', hopsText(on));
  assert.equal(on.blockedAt?.resource, 'AppSg');
  const tg = hopAt(on, 'NlbInstances', 'forward');
  assert.equal(tg.code, '');
  assert.equal(tg.out.src, tg.in.src, 'the client address is kept');
  assert.match(on.assumptions.join('\n'), /preserve_client_ip.enabled to true/);
  const off = trace(T.replace("Default: 'true'", "Default: 'false'"), { from: 'Cli', to: 'Nlb', port: 9000 });
  assert.equal(off.verdict, 'reachable', hopsText(off));
  assert.match(hopAt(off, 'NlbInstances', 'forward').out.src, /^10\.0\.2\.0\/24/);
});

test('targets registered by an Auto Scaling group and an ECS service are walked on their ports; IP targets are not preserved', () => {
  const fleet = trace(T, { from: 'Cli', to: 'Nlb', port: 7000 });
  assert.equal(fleet.verdict, 'reachable', hopsText(fleet));
  assert.match(hopAt(fleet, 'Fleet', 'forward').reason, /Svc on port 7000 \(target group Fleet → Svc \(LoadBalancers of Svc\)\)/);
  assert.match(fleet.assumptions.join('\n'), /off by default for IP targets/);
  const asg = trace(T, { from: 'Cli', to: 'Nlb', port: 7100 });
  assert.equal(asg.verdict, 'reachable', hopsText(asg));
  assert.equal(hopAt(asg, 'AsgGroup', 'forward').out.dstPort, 7000);
});

test('a group nothing registers with is unknown; a redirect listener answers itself', () => {
  const empty = trace(T, { from: 'Cli', to: 'Nlb', port: 8000 });
  assert.equal(empty.verdict, 'unknown');
  assert.equal(empty.hops.find((h) => h.decision === 'unknown')?.code, 'TARGET_GROUP_HAS_NO_TARGETS');
  const redirect = trace(T, { from: 'internet', to: 'Alb', port: 80 });
  assert.equal(redirect.verdict, 'blocked', 'AlbSg admits only 443');
  const opened = trace(edit(T, ['FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0', 'FromPort: 80, ToPort: 443, CidrIp: 0.0.0.0/0']), { from: 'internet', to: 'Alb', port: 80 });
  assert.equal(opened.verdict, 'reachable');
  assert.match(opened.assumptions.join('\n'), /answers with a redirect action itself/);
});

test('cross-zone off: an NLB node whose zone has no target is ELB_NOT_CROSSZONE', () => {
  const t = trace(T, { from: 'Cli', to: 'ZonalNlb', port: 7000 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  assert.equal(t.blockedAt?.code, 'ELB_NOT_CROSSZONE');
  const on = trace(edit(T, ['Properties: { Type: network, Scheme: internal, Subnets: [!Ref PubB] }\n  ZonalListener', "Properties: { Type: network, Scheme: internal, Subnets: [!Ref PubB], LoadBalancerAttributes: [{ Key: load_balancing.cross_zone.enabled, Value: 'true' }] }\n  ZonalListener"]), { from: 'Cli', to: 'ZonalNlb', port: 7000 });
  // With cross-zone on, the node in zone b sends to App1 in zone a; AppSg admits the preserved client on 7000.
  assert.equal(on.verdict, 'reachable', hopsText(on));
});

test('the return leg: a target subnet NACL without the load balancer\u2019s ports 1024-65535 blocks the reply', () => {
  const nacl = `  AppAcl:
    Type: AWS::EC2::NetworkAcl
    Properties: { VpcId: !Ref Vpc }
  AppAclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref AppAcl, RuleNumber: 100, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: { From: 8080, To: 8080 } }
  AppAclOut:
    Type: AWS::EC2::NetworkAclEntry
    Properties: { NetworkAclId: !Ref AppAcl, RuleNumber: 100, Egress: true, Protocol: 6, RuleAction: allow, CidrBlock: 0.0.0.0/0, PortRange: { From: 32768, To: 60999 } }
  AppAclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties: { SubnetId: !Ref AppA, NetworkAclId: !Ref AppAcl }
`;
  const t = trace(T + nacl, { from: 'internet', to: 'Alb', port: 443 });
  assert.equal(t.verdict, 'blocked', hopsText(t));
  const b = t.blockers.find((x) => x.resource.startsWith('AppAcl'));
  assert.ok(b, JSON.stringify(t.blockers));
  assert.equal(b!.direction, 'return');
  assert.equal(b!.code, 'NACL_RETURN_EPHEMERAL_BLOCKED');
});

test('packetwalk model lists a load balancer\u2019s listeners and the targets they forward to', async () => {
  const { modelView } = await import('../../../server/src/model/view');
  const { analyze } = await import('./walk-fixtures');
  const v = modelView(analyze(T).model!) as unknown as { endpoints: Array<{ id: string; loadBalancer?: { type: string; crossZone: boolean; listeners: Array<{ id: string; port: number; targetGroups: string[]; answers?: string }>; targets: Array<{ group: string; target: string; port: number; via: string }> } }> };
  const alb = v.endpoints.find((e) => e.id === 'Alb')!.loadBalancer!;
  assert.equal(alb.type, 'application');
  assert.equal(alb.crossZone, true);
  assert.deepEqual(alb.listeners.find((l) => l.id === 'AlbHttps')!.targetGroups, ['Web', 'Api']);
  assert.equal(alb.listeners.find((l) => l.id === 'Redirect')!.answers, 'redirect');
  assert.deepEqual(alb.targets.map((t) => `${t.group}:${t.target}:${t.port}`), ['Web:App1:8080', 'Web:App2:8080', 'Api:10.0.12.10:8080']);
  const nlb = v.endpoints.find((e) => e.id === 'Nlb')!.loadBalancer!;
  assert.ok(nlb.targets.some((t) => t.target === 'Svc' && t.port === 7000 && t.via === 'LoadBalancers of Svc'));
});
