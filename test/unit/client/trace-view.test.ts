// The trace view's drawn path, checked in node on real traces of the project's fixtures: the lanes, a box
// per hop with its decision class, the blocking mark, the hops after the drop set apart, the headers where
// NAT, the internet gateway or a load balancer rewrites them, links by hop index, and a page that loads
// nothing (strict CSP, no external URL, nonce'd script and style only).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, renderTraceHtml } from '../../../client/src/trace-html';
import { hopKind, rewriteReason, traceLayout } from '../../../client/src/trace-layout';
import type { HopBox, Lane } from '../../../client/src/trace-layout';
import type { TraceFlowParams, TraceResult } from '../../../shared/protocol';
import { edit, fixture, trace } from '../walk/walk-fixtures';

const APP_DB = readFileSync(join('test', 'fixtures', 'editor', 'workspace', 'app-db.yaml'), 'utf8');
const LB = fixture('load-balancer-through.yaml');
const NAT = fixture('seed-003-nat-clients.yaml');
const OPTS = { nonce: 'TEST-NONCE', cspSource: 'vscode-webview://x', canSave: false };

function params(from: string, to: string, port: number): TraceFlowParams {
  return { uri: 'file:///w/t.yaml', from, to, protocol: 'tcp', port };
}

function boxes(lane: Lane): HopBox[] {
  return lane.items.flatMap((i) => (i.type === 'hop' ? [i.box] : []));
}

/** The HTML of one lane section. */
function laneSection(html: string, direction: 'forward' | 'return'): string {
  const start = html.indexOf(`<section class="lane ${direction}"`);
  assert.ok(start >= 0, `no ${direction} lane`);
  return html.slice(start, html.indexOf('</section>', start));
}

/** The class lists of the hop boxes of a lane section, in order. */
function boxClasses(section: string): string[] {
  return [...section.matchAll(/<li class="(hop [^"]*)" id="hop-\d+">/g)].map((m) => m[1]);
}

/** Checks every page: CSP meta first thing, nothing loaded from anywhere, only nonce'd script and style. */
function assertSelfContained(html: string): void {
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(csp, 'no CSP meta');
  assert.match(csp[1], /^default-src &#39;none&#39;; style-src &#39;nonce-TEST-NONCE&#39;; script-src &#39;nonce-TEST-NONCE&#39;/);
  assert.doesNotMatch(html, /https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, 'an external URL in the page');
  assert.doesNotMatch(html, /\b(src|srcset|action|xlink:href)\s*=/i, 'the page loads something');
  assert.doesNotMatch(html, /<(link|iframe|img|object|embed|base)\b/i);
  assert.doesNotMatch(html, /\sstyle\s*=/i, 'style attributes are blocked by the CSP: classes only');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'inline event handlers are blocked by the CSP');
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<script nonce="TEST-NONCE">/);
  assert.equal((html.match(/<style/g) ?? []).length, 1);
  assert.match(html, /<style nonce="TEST-NONCE">/);
  // Every hop link names a hop index, not a range or a file.
  for (const m of html.matchAll(/<a [^>]*>/g)) assert.match(m[0], /href="#" class="(hop-link|reveal)" data-(hop|blocker)="\d+"/, m[0]);
}

test('a blocked trace: the return lane marks the NACL that drops the reply, and the hops after it as not reached', () => {
  const t = trace(APP_DB, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'blocked');
  const layout = traceLayout(params('App', 'Db', 5432), t);
  const [forward, back] = layout.lanes;
  assert.deepEqual([forward.direction, forward.from, forward.to, back.direction, back.from, back.to], ['forward', 'App', 'Db', 'return', 'Db', 'App']);
  assert.deepEqual(boxes(forward).map((b) => b.status), ['allow', 'allow', 'allow', 'allow', 'allow']);
  assert.deepEqual(boxes(back).map((b) => `${b.name}:${b.status}${b.blocking ? '!' : ''}`),
    ['DbSg:allow', 'DbNacl:drop!', 'Vpc:not-reached', 'Vpc:not-reached', 'AppSg:not-reached']);
  assert.equal(t.hops[layout.blocking].resource, 'DbNacl');
  assert.deepEqual(boxes(back).map((b) => b.kind), ['Security group', 'NACL', 'Main route table', 'Default NACL', 'Security group']);
  assert.equal(boxes(back)[1].detail, 'subnet boundary, outbound');
  // The reply never reaches App; the query reaches Db.
  const ends = (lane: Lane) => lane.items.flatMap((i) => (i.type === 'endpoint' ? [i.endpoint.status] : []));
  assert.deepEqual(ends(forward), ['allow', 'allow']);
  assert.deepEqual(ends(back), ['allow', 'not-reached']);

  const html = renderTraceHtml(params('App', 'Db', 5432), t, OPTS);
  assertSelfContained(html);
  assert.deepEqual(boxClasses(laneSection(html, 'forward')), Array(5).fill('hop allow'));
  assert.deepEqual(boxClasses(laneSection(html, 'return')), ['hop allow', 'hop drop blocking', 'hop not-reached', 'hop not-reached', 'hop not-reached']);
  const blocking = laneSection(html, 'return').match(/<li class="hop drop blocking" id="hop-(\d+)"><a href="#" class="hop-link" data-hop="(\d+)"[^>]*>([\s\S]*?)<\/a><\/li>/);
  assert.ok(blocking, 'the blocking box is a link');
  assert.equal(blocking[1], String(layout.blocking));
  assert.equal(blocking[2], String(layout.blocking));
  assert.match(blocking[3], /DbNacl/);
  assert.match(blocking[3], /<span class="state">blocked here<\/span><span class="code">NACL_RETURN_EPHEMERAL_BLOCKED<\/span>/);
  // Connectors after the drop are drawn cut; before it, whole.
  const links = [...laneSection(html, 'return').matchAll(/<li class="link( not-reached)?"/g)].map((m) => !m[1]);
  assert.deepEqual(links, [true, true, false, false, false, false]);
  assert.match(html, /<p class="verdict blocked" id="verdict">Blocked<\/p>\s*<p class="verdict-detail">at <a href="#" class="reveal" data-blocker="0">DbNacl<\/a> \(return, outbound\)/);
  // The text tables stay below the drawing, with the after-drop separator.
  assert.ok(html.indexOf('id="lane-return"') < html.indexOf('Hop by hop'));
  assert.match(html, /<tr class="after-drop-separator">/);
});

test('a forward drop leaves the whole return lane not reached, its sender too', () => {
  const t = trace(NAT, { from: 'ClientA', to: '8.8.8.8', port: 443 });
  assert.equal(t.verdict, 'blocked');
  const [forward, back] = traceLayout(params('ClientA', '8.8.8.8', 443), t).lanes;
  assert.equal(boxes(forward)[0].blocking, true);
  assert.ok(boxes(forward).slice(1).every((b) => b.status === 'not-reached'));
  assert.ok(boxes(back).length > 0 && boxes(back).every((b) => b.status === 'not-reached'));
  assert.deepEqual(back.items.flatMap((i) => (i.type === 'endpoint' ? [i.endpoint.status] : [])), ['not-reached', 'not-reached']);
  const html = renderTraceHtml(params('ClientA', '8.8.8.8', 443), t, OPTS);
  assertSelfContained(html);
  assert.equal((html.match(/class="hop [^"]*blocking/g) ?? []).length, 1, 'exactly one blocking mark');
  assert.match(laneSection(html, 'return'), /<li class="endpoint not-reached">/);
});

test('a reachable trace through a NAT gateway: SNAT shown where the source changes, and undone on the way back', () => {
  const t = trace(NAT, { from: 'ClientA', to: '198.51.100.7', port: 8080 });
  assert.equal(t.verdict, 'reachable');
  const layout = traceLayout(params('ClientA', '198.51.100.7', 8080), t);
  assert.equal(layout.blocking, -1);
  const [forward, back] = layout.lanes;
  assert.ok(boxes(forward).concat(boxes(back)).every((b) => b.status === 'allow'));
  const chips = (lane: Lane) => lane.items.flatMap((i) => (i.type === 'header' ? [i.change] : []));
  const snat = chips(forward).find((c) => c.why === 'SNAT');
  assert.ok(snat, JSON.stringify(chips(forward)));
  assert.equal(snat.at, 'Nat');
  assert.ok(snat.changed.includes('src'));
  assert.ok(boxes(forward).some((b) => b.kind === 'NAT gateway' && b.name === 'Nat'));
  // The reply's destination goes back to the client at the NAT gateway.
  assert.ok(chips(back).some((c) => c.at === 'Nat' && c.changed.includes('dst')), JSON.stringify(chips(back)));
  assert.equal(forward.start?.src, '10.0.1.10');
  const html = renderTraceHtml(params('ClientA', '198.51.100.7', 8080), t, OPTS);
  assertSelfContained(html);
  assert.doesNotMatch(laneSection(html, 'forward') + laneSection(html, 'return'), /blocking|not-reached/);
  assert.match(laneSection(html, 'forward'), /<li class="rewrite"><span class="why">SNAT at Nat<\/span>\s*<code>tcp <b class="changed">[^<]+<\/b>/);
  assert.match(html, /<p class="verdict reachable" id="verdict">Reachable<\/p>/);
});

test('a load balancer: the internet gateway\'s 1:1 NAT and the LB proxy each get a header chip', () => {
  const t = trace(LB, { from: 'internet', to: 'Alb', port: 443 });
  assert.equal(t.verdict, 'reachable');
  const [forward, back] = traceLayout(params('internet', 'Alb', 443), t).lanes;
  const chips = forward.items.flatMap((i) => (i.type === 'header' ? [i.change] : []));
  assert.deepEqual(chips.map((c) => `${c.why} at ${c.at}`), ['1:1 NAT at Igw', 'LB proxy at Web']);
  const proxy = chips[1];
  assert.deepEqual(proxy.changed, ['src', 'dst', 'dstPort']);
  assert.equal(proxy.header.dstPort, 8080);
  assert.ok(boxes(forward).some((b) => b.kind === 'Load balancer') && boxes(forward).some((b) => b.kind === 'Target group'));
  assert.deepEqual(back.items.flatMap((i) => (i.type === 'header' ? [`${i.change.why} at ${i.change.at}`] : [])), ['LB proxy at Web', '1:1 NAT at Igw']);
  const html = renderTraceHtml(params('internet', 'Alb', 443), t, OPTS);
  assertSelfContained(html);
  assert.match(laneSection(html, 'forward'), /<span class="why">LB proxy at Web<\/span>\s*<code>tcp <b class="changed">10\.0\.1\.0\/24<\/b>:1024-65535 → <b class="changed">10\.0\.11\.0\/24<\/b>:<b class="changed">8080<\/b><\/code>/);
});

test('an unknown trace: the hop that cannot decide is marked unknown, and the verdict says why', () => {
  const text = edit(APP_DB,
    ['Resources:\n', 'Parameters:\n  ClientCidr:\n    Type: String\nResources:\n'],
    ['      Egress: false\n      CidrBlock: 10.0.1.0/24', '      Egress: false\n      CidrBlock: !Ref ClientCidr'],
    ['      Egress: true\n      CidrBlock: 10.0.1.0/24\n      PortRange:\n        From: 5432\n        To: 5432', '      Egress: true\n      CidrBlock: 10.0.1.0/24\n      PortRange:\n        From: 1024\n        To: 65535']);
  const t = trace(text, { from: 'App', to: 'Db', port: 5432 });
  assert.equal(t.verdict, 'unknown');
  const [forward] = traceLayout(params('App', 'Db', 5432), t).lanes;
  const unknown = boxes(forward).filter((b) => b.status === 'unknown');
  assert.deepEqual(unknown.map((b) => b.name), ['DbNacl']);
  const end = forward.items[forward.items.length - 1];
  assert.ok(end?.type === 'endpoint' && end.endpoint.status === 'unknown');
  const html = renderTraceHtml(params('App', 'Db', 5432), t, OPTS);
  assertSelfContained(html);
  assert.match(laneSection(html, 'forward'), /<li class="hop unknown" id="hop-\d+">[\s\S]*?cannot decide<\/span>/);
  assert.match(html, /<p class="verdict unknown" id="verdict">Unknown<\/p>\s*<p class="verdict-detail">DbNacl cannot decide: /);
  assert.doesNotMatch(laneSection(html, 'forward') + laneSection(html, 'return'), /blocking/);
});

test('template text never becomes markup, in boxes, chips, titles and tables', () => {
  const t: TraceResult = trace(APP_DB, { from: 'App', to: 'Db', port: 5432 });
  const evil = '<img src=x onerror=alert(1)>"\'`';
  const hostile: TraceResult = { ...t, hops: t.hops.map((h, i) => (i === 1 ? { ...h, resource: evil, rule: evil, reason: evil, out: { ...h.out, src: evil } } : h)) };
  const html = renderTraceHtml({ ...params(evil, 'Db', 5432) }, hostile, OPTS);
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;&#34;&#39;&#96;/);
  // Escaped, the text reads "src=x onerror=…" but is no attribute: the rest of the page is as strict as ever.
  assertSelfContained(html.split(escapeHtml(evil)).join(''));
});

test('box kinds: implicit elements by their name, resources by their type', () => {
  const hop = (type: string, element?: string) => ({ ...trace(APP_DB, { from: 'App', to: 'Db', port: 5432 }).hops[0], type, element });
  assert.equal(hopKind(hop('AWS::EC2::VPC', 'mainRouteTable')), 'Main route table');
  assert.equal(hopKind(hop('AWS::EC2::VPC', 'defaultNetworkAcl')), 'Default NACL');
  assert.equal(hopKind(hop('AWS::EC2::TransitGatewayAttachment')), 'TGW attachment');
  assert.equal(hopKind(hop('AWS::EC2::VPCPeeringConnection')), 'VPC peering');
  assert.equal(hopKind(hop('AWS::EC2::VPCEndpoint')), 'VPC endpoint');
  assert.equal(hopKind(hop('AWS::Custom::Thing')), 'Thing');
  assert.equal(rewriteReason(hop('AWS::EC2::NatGateway'), ['src', 'srcPort']), 'SNAT');
  assert.equal(rewriteReason(hop('AWS::EC2::NatGateway'), ['dst']), 'NAT');
  assert.equal(rewriteReason(hop('AWS::EC2::InternetGateway'), ['dst']), '1:1 NAT');
  assert.equal(rewriteReason(hop('AWS::ElasticLoadBalancingV2::TargetGroup'), ['src']), 'LB proxy');
  assert.equal(rewriteReason(hop('AWS::EC2::TransitGateway'), ['dst']), 'rewritten');
});
