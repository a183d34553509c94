// A gateway route table edge-associated with the internet gateway decides where what enters through it
// goes first (VPC User Guide, "Gateway route tables"): its local route delivers straight to the subnet,
// a route to a firewall or Gateway Load Balancer endpoint goes through it (test/unit/walk/
// network-firewall.test.ts), and a route to a network interface (an appliance on an instance) is not
// walked: unknown (UNSUPPORTED_COMPONENT), never walked straight to its target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, firstNonPass, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('two-vpcs.yaml');
const EDGE = edit(TEXT, ['  SgA:\n', '  EdgeRt:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref VpcA\n  EdgeAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref IgwA\n      RouteTableId: !Ref EdgeRt\n  SgA:\n']);
const TO_ENI = edit(EDGE, ['  EdgeAssoc:\n', '  EdgeToWorker:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref EdgeRt\n      DestinationCidrBlock: 10.0.1.0/24\n      InstanceId: !Ref WorkerA\n  EdgeAssoc:\n']);

test('an edge-associated gateway route table with only its local route delivers straight to the subnet: the internet reaches WebA and its replies come back, through that table', () => {
  assert.equal(trace(TEXT, { from: 'internet', to: 'WebA', port: 443 }).verdict, 'reachable');
  const t = trace(EDGE, { from: 'internet', to: 'WebA', port: 443 });
  assert.equal(t.verdict, 'reachable', hopsText(t));
  assert.ok(t.hops.some((h) => h.direction === 'forward' && h.resource === 'EdgeRt' && /ingress routing/.test(h.reason)), hopsText(t));
  const out = trace(EDGE, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(out.verdict, 'reachable', hopsText(out));
  assert.ok(out.hops.some((h) => h.direction === 'return' && h.resource === 'EdgeRt'), hopsText(out));
});

test('ingress routing to a network interface (an appliance on an instance) is not walked: unknown, both for new connections and replies; the other VPC is unchanged', () => {
  const t = trace(TO_ENI, { from: 'internet', to: 'WebA', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.equal(firstNonPass(t)?.code, 'UNSUPPORTED_COMPONENT');
  assert.match(firstNonPass(t)!.reason, /ingress routing of internet gateway IgwA/);
  const out = trace(TO_ENI, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(out.verdict, 'unknown', hopsText(out));
  assert.equal(firstNonPass(out)?.direction, 'return');
  assert.equal(trace(TO_ENI, { from: 'internet', to: 'WebB', port: 443 }).verdict, 'reachable');
});
