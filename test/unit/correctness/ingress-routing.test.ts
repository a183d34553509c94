// A gateway route table edge-associated with the internet gateway sends what enters through it to an
// appliance first (VPC User Guide, "Gateway route tables"): the walk does not follow ingress routing yet,
// so such traffic is unknown (UNSUPPORTED_COMPONENT), never walked straight to its target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edit, firstNonPass, fixture, hopsText, trace } from './helpers';

const TEXT = fixture('two-vpcs.yaml');
const EDGE = edit(TEXT, ['  SgA:\n', '  EdgeRt:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref VpcA\n  EdgeAssoc:\n    Type: AWS::EC2::GatewayRouteTableAssociation\n    Properties:\n      GatewayId: !Ref IgwA\n      RouteTableId: !Ref EdgeRt\n  SgA:\n']);

test('without ingress routing the internet reaches WebA; with an edge-associated gateway route table it is unknown, both for new connections and replies', () => {
  assert.equal(trace(TEXT, { from: 'internet', to: 'WebA', port: 443 }).verdict, 'reachable');
  const t = trace(EDGE, { from: 'internet', to: 'WebA', port: 443 });
  assert.equal(t.verdict, 'unknown', hopsText(t));
  assert.equal(firstNonPass(t)?.code, 'UNSUPPORTED_COMPONENT');
  assert.match(firstNonPass(t)!.reason, /edge-associated with internet gateway IgwA/);
  const out = trace(EDGE, { from: 'WebA', to: 'internet', port: 443 });
  assert.equal(out.verdict, 'unknown', hopsText(out));
  assert.equal(firstNonPass(out)?.direction, 'return');
  // The other VPC's gateway has no such table: unchanged.
  assert.equal(trace(EDGE, { from: 'internet', to: 'WebB', port: 443 }).verdict, 'reachable');
});
