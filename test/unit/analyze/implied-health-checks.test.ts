// Load balancers' health checks as implied flows: every node of an ALB or NLB checks every target of the
// groups its listeners forward to, over TCP on the health-check port (HealthCheckPort, default the traffic
// port), from the node's address through the load balancer's groups. A target whose group does not admit
// that is reported on the element that drops it, with the target group as related information.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, edit, implied, impliedFindings, textAt } from './implied-fixtures';
import { LiveDocument } from '../../../server/src/analyze/live/live-document';
import { analyzeText } from '../../../server/src/analyze/analyze';
import { fullResult } from '../../../server/src/analyze/live/results';

const TEXT = implied('health-checks.yaml');

function flows(text: string): string[] {
  return (analyze(text).implied ?? []).map((r) => `${r.flow.name}:${r.trace.verdict}`).sort();
}

test('the ALB health-checks its target on HealthCheckPort 8081, which the target\'s group does not admit: a warning on that group, the target group related', () => {
  const a = analyze(TEXT);
  const hc = a.implied?.find((r) => r.flow.name === 'Alb -> Web tcp/8081');
  assert.ok(hc, flows(TEXT).join(', '));
  assert.equal(hc.trace.verdict, 'blocked');
  assert.equal(hc.flow.impliedBy[0].kind, 'health-check');
  assert.equal(textAt(TEXT, hc.flow.impliedBy[0].origin.range), "'8081'");
  // Both load balancer nodes are walked (all-or-nothing over the subnets), from their own addresses.
  assert.match(hc.trace.blockedAt!.message, /no ingress rule of WebSg admits tcp 8081 from 10\.0\.[01]\.0\/24/);
  const found = impliedFindings(a).find((f) => f.resource === 'WebSg');
  assert.ok(found, JSON.stringify(impliedFindings(a), null, 1));
  assert.equal(found.code, 'ENI_SG_RULES_MISMATCH');
  assert.ok(found.related.some((r) => r.message === 'implied by target group WebTargets: Alb health-checks Web (HTTP) on port 8081'), JSON.stringify(found.related));
  // The traffic itself (the rule admitting the ALB's group on 8080) is reachable.
  assert.ok(flows(TEXT).includes('Alb -> Web tcp/8080:reachable'), flows(TEXT).join(', '));
});

test('the target\'s group admitting the ALB\'s group on 8081 too: the health check is reachable, no finding on it', () => {
  const fixed = edit(TEXT, ['        - { IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref AlbSg }\n', '        - { IpProtocol: tcp, FromPort: 8080, ToPort: 8081, SourceSecurityGroupId: !Ref AlbSg }\n']);
  const a = analyze(fixed);
  assert.equal(a.implied?.find((r) => r.flow.name === 'Alb -> Web tcp/8081')?.trace.verdict, 'reachable');
  assert.ok(!impliedFindings(a).some((f) => f.resource === 'WebSg'), JSON.stringify(impliedFindings(a)));
});

test('the ALB\'s own group lets out only port 80: its health check (and its traffic) to the target are dropped there, forward', () => {
  const tight = edit(TEXT, ["        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/16 }\n", "        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/16 }\n      SecurityGroupEgress:\n        - { IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.0.0/16 }\n"]);
  const hc = analyze(tight).implied?.find((r) => r.flow.name === 'Alb -> Web tcp/8081');
  assert.equal(hc?.trace.verdict, 'blocked');
  assert.equal(hc?.trace.blockers[0].resource, 'AlbSg');
  assert.equal(hc?.trace.blockers[0].direction, 'forward');
});

test('without HealthCheckPort the check goes to the traffic port: one flow Alb -> Web tcp/8080, implied by the rule and the target group', () => {
  const text = edit(TEXT, ["      HealthCheckPort: '8081'\n", '']);
  const a = analyze(text);
  assert.ok(!a.implied?.some((r) => r.flow.name === 'Alb -> Web tcp/8081'));
  const f = a.implied?.find((r) => r.flow.name === 'Alb -> Web tcp/8080');
  assert.equal(f?.trace.verdict, 'reachable');
  assert.deepEqual(f?.flow.impliedBy.map((b) => b.kind).sort(), ['health-check', 'security-group-rule']);
  assert.equal(textAt(text, f!.flow.impliedBy.find((b) => b.kind === 'health-check')!.origin.range), 'WebTargets');
  // HealthCheckPort written as traffic-port is the same.
  assert.deepEqual(flows(edit(TEXT, ["      HealthCheckPort: '8081'\n", '      HealthCheckPort: traffic-port\n'])), flows(text));
});

test('HealthCheckEnabled false: no health-check flow', () => {
  const off = edit(TEXT, ["      HealthCheckPort: '8081'\n", "      HealthCheckPort: '8081'\n      HealthCheckEnabled: false\n"]);
  assert.ok(!flows(off).some((n) => n.startsWith('Alb -> Web tcp/8081')), flows(off).join(', '));
});

test('an NLB without security groups health-checks from its nodes\' addresses: the worker\'s group admitting only the client subnet drops it; admitting the NLB subnets fixes it', () => {
  const a = analyze(TEXT);
  const hc = a.implied?.find((r) => r.flow.name === 'Nlb -> Worker tcp/9000');
  assert.equal(hc?.trace.verdict, 'blocked');
  assert.equal(hc?.flow.impliedBy[0].text, 'target group WorkerTargets: Nlb health-checks Worker (TCP) on its traffic port 9000');
  assert.ok(impliedFindings(a).some((f) => f.resource === 'WorkerSg' && f.code === 'ENI_SG_RULES_MISMATCH'));
  const fixed = edit(TEXT, ['        - { IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.2.0/24 }\n', '        - { IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.2.0/24 }\n        - { IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.0.0/23 }\n']);
  assert.equal(analyze(fixed).implied?.find((r) => r.flow.name === 'Nlb -> Worker tcp/9000')?.trace.verdict, 'reachable');
});

test('a declared flow from the load balancer to the target on that port replaces the health-check flow', () => {
  const declared = edit(TEXT, ['Resources:\n', 'Metadata:\n  PacketWalk:\n    Flows:\n      - { Name: hc, From: Alb, To: Web, Protocol: tcp, Port: 8081, Expect: blocked }\nResources:\n']);
  assert.ok(!flows(declared).some((n) => n.startsWith('Alb -> Web tcp/8081')), flows(declared).join(', '));
});

test('the live analysis gives the same health-check flows as a whole analysis, also after an edit to the health-check port', () => {
  const live = new LiveDocument({});
  live.update(TEXT);
  live.prepare();
  for (const text of [TEXT, edit(TEXT, ["      HealthCheckPort: '8081'\n", "      HealthCheckPort: '8082'\n"]), edit(TEXT, ["      HealthCheckPort: '8081'\n", '']) ]) {
    const result = live.update(text);
    const want = fullResult(text, analyzeText(text, {}));
    const key = (list: ReturnType<typeof result.implied>) => [...list].map((r) => JSON.stringify([r.flow.name, r.flow.impliedBy, r.trace.verdict, r.pairs])).sort();
    assert.deepEqual(key(result.implied()), key(want.implied()));
    assert.ok(result.implied().some((r) => r.flow.impliedBy.some((b) => b.kind === 'health-check')));
  }
});

test('a classic load balancer health-checks each registered instance on its HealthCheck.Target port; without a HealthCheck nothing is implied for it', () => {
  const classic = (healthCheck: string) =>
    `${TEXT.trimEnd()}\n  ClassicSg:\n    Type: AWS::EC2::SecurityGroup\n    Properties: { GroupDescription: classic, VpcId: !Ref Vpc }\n  Classic:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n      Scheme: internal\n      Subnets: [!Ref LbA, !Ref LbB]\n      SecurityGroups: [!Ref ClassicSg]\n      Instances: [!Ref Web]\n      Listeners:\n        - { LoadBalancerPort: '80', InstancePort: '8080', Protocol: HTTP }\n${healthCheck}`;
  const text = classic("      HealthCheck: { Target: 'HTTP:8082/health', HealthyThreshold: '3', UnhealthyThreshold: '5', Interval: '30', Timeout: '5' }\n");
  const a = analyze(text);
  const hc = a.implied?.find((r) => r.flow.name === 'Classic -> Web tcp/8082');
  assert.ok(hc, flows(text).join(', '));
  assert.equal(hc.flow.impliedBy[0].kind, 'health-check');
  assert.equal(textAt(text, hc.flow.impliedBy[0].origin.range), "'HTTP:8082/health'");
  assert.equal(hc.trace.verdict, 'blocked', 'WebSg admits only the ALB group on 8080');
  assert.ok(impliedFindings(a).some((f) => f.resource === 'WebSg' && f.related.some((r) => /Classic health-checks Web \(HTTP\) on port 8082/.test(r.message))), JSON.stringify(impliedFindings(a)));
  const none = classic('');
  assert.ok(!flows(none).some((f) => f.startsWith('Classic -> Web tcp/8082')), flows(none).join(', '));
  assert.ok(!(analyze(none).implied ?? []).some((r) => r.flow.impliedBy.some((b) => b.kind === 'health-check' && b.id === 'Classic')), flows(none).join(', '));
  // The live analysis derives the same health checks as a whole analysis.
  const live = new LiveDocument({});
  live.update(none);
  live.prepare();
  const names = (r: { flow: { name: string } }[]) => r.map((x) => x.flow.name).sort();
  assert.deepEqual(names(live.update(text).implied()), names(fullResult(text, analyzeText(text, {})).implied()));
});
