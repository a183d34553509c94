// Keystroke latency for a template that imports from another stack (`node scripts/bench/cross-stack.mjs`,
// also run by `npm run bench` through crossStackOverLsp): a network stack of ~300 KB that exports its
// VPCs and subnets, and an application template of ~200 KB (its own landing zone, plus instances in the
// network stack's subnets through Fn::ImportValue), with flows as people write them: logical ids,
// `internet`, public addresses, and the network stack's elements by `network/LogicalId`. Over the language
// server (dist/server.js, the folder as its workspace): edits typed 250 ms apart, half in the importing
// resources, half in the application's own; each edit's latency ends at the diagnostics of its version.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateTemplate, prng } from './generate.mjs';
import { LspClient, lineIndex } from './lsp-client.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The pair: network.yaml (about `networkKb`) exporting every VPC's id and private subnet, app.yaml (about `appKb`) importing them. */
export function crossStackPair(networkKb = 300, appKb = 200) {
  let vpcs = 1;
  while (generateTemplate(vpcs, 5).length < networkKb * 1024) vpcs++;
  const exports = [];
  for (let i = 0; i < vpcs; i++) {
    exports.push(`  ExportV${i}Vpc:\n    Value: !Ref V${i}Vpc\n    Export:\n      Name: net-V${i}Vpc`);
    exports.push(`  ExportV${i}PrivA:\n    Value: !Ref V${i}PrivA\n    Export:\n      Name: net-V${i}PrivA`);
  }
  const network = generateTemplate(vpcs, 5).replace(/\nOutputs:\n/, `\nOutputs:\n${exports.join('\n')}\n`);
  // The application: its own VPCs, and one importing instance per network VPC (up to 20).
  const imports = Math.min(vpcs, 20);
  let own = 1;
  while (generateTemplate(own, 8).length + imports * 700 < appKb * 1024) own++;
  // (Its own VPCs in 10.128.0.0/9, apart from the network stack's: the generator numbers both from 10.0.)
  const base = generateTemplate(own, 8).replace(/\b10\.(\d+)\.(\d+)\.(\d+)(\/(?:1[6-9]|2\d|3[0-2]))?\b/g, (_m, a, b, c, p) => `10.${Number(a) + 128}.${b}.${c}${p ?? ''}`);
  const resources = [];
  const flows = [];
  for (let i = 0; i < imports; i++) {
    resources.push(
      `  Svc${i}Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: service ${i}\n      VpcId: !ImportValue net-V${i}Vpc\n` +
        `      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 10.0.0.0/8}`,
      `  Svc${i}:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0abcdef1234567890\n      SubnetId: !ImportValue net-V${i}PrivA\n      SecurityGroupIds: [!Ref Svc${i}Sg]`,
    );
    flows.push(`      - {Name: svc${i}-db, From: Svc${i}, To: network/V${i}Db, Protocol: tcp, Port: 5432}`);
    flows.push(`      - {Name: web-svc${i}, From: network/V${i}Web, To: Svc${i}, Protocol: tcp, Port: 8080}`);
    flows.push(`      - {Name: svc${i}-out, From: Svc${i}, To: 8.8.8.8, Protocol: tcp, Port: 443}`);
  }
  const app = base.replace('\nResources:\n', `\n${flows.join('\n')}\nResources:\n${resources.join('\n')}\n`).replace(/\nOutputs:\n[\s\S]*$/, '\n');
  return { network, app, imports, networkVpcs: vpcs, appVpcs: own };
}

/** Edits of the pair's app text: a port of an importing SG, or a NACL port of the app's own VPCs. */
function crossStackEdit(text, rnd, k) {
  const pick = (re) => {
    const hits = [...text.matchAll(re)];
    return hits.length ? hits[Math.floor(rnd() * hits.length)] : null;
  };
  const m = k % 2 === 0 ? pick(/FromPort: 8080, ToPort: 8080/g) ?? pick(/FromPort: 8081, ToPort: 8081/g) : pick(/PortRange: \{From: \d+/g);
  if (!m) return { start: 0, end: 0, newText: '' };
  if (m[0].startsWith('FromPort')) {
    const to = m[0].includes('8080') ? 'FromPort: 8081, ToPort: 8081' : 'FromPort: 8080, ToPort: 8080';
    return { start: m.index, end: m.index + m[0].length, newText: to, kind: 'importing SG port' };
  }
  const digits = /\d+$/.exec(m[0]);
  const at = m.index + m[0].length - digits[0].length;
  return { start: at, end: at + digits[0].length, newText: String(1024 + Math.floor(rnd() * 60000)), kind: 'own NACL port' };
}

/** Keystroke → diagnostics over the language server for the importing template, by kind of edit. */
export async function crossStackOverLsp({ edits = 40, gapMs = 250 } = {}) {
  const pair = crossStackPair();
  const dir = join(ROOT, '.bench', 'cross-stack');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'network.yaml'), pair.network);
  writeFileSync(join(dir, 'app.yaml'), pair.app);
  const uri = pathToFileURL(join(dir, 'app.yaml')).href;
  const client = new LspClient(join(ROOT, 'dist', 'server.js'), { cwd: ROOT });
  const latencies = { 'importing SG port': [], 'own NACL port': [] };
  try {
    await client.initialize(pathToFileURL(dir).href);
    const t0 = performance.now();
    client.open(uri, pair.app, 1);
    const first = await client.waitForDiagnostics(uri, 1, 300_000);
    const openMs = first.at - t0;
    await new Promise((r) => setTimeout(r, 3000)); // reading what opened (the server prepares its units)
    const rnd = prng(17);
    let text = pair.app;
    for (let k = 0; k < edits; k++) {
      const e = crossStackEdit(text, rnd, k);
      const pos = lineIndex(text);
      const version = k + 2;
      const sentAt = performance.now();
      const answered = client.waitForDiagnostics(uri, version, 120_000);
      client.change(uri, version, [{ range: { start: pos(e.start), end: pos(e.end) }, text: e.newText }]);
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      const { at } = await answered;
      latencies[e.kind]?.push(at - sentAt);
      await new Promise((r) => setTimeout(r, Math.max(0, gapMs - (performance.now() - sentAt))));
    }
    const pct = (xs, p) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : null;
    };
    const byKind = Object.fromEntries(Object.entries(latencies).map(([kind, xs]) => [kind, { p50: pct(xs, 50), p95: pct(xs, 95), n: xs.length }]));
    return { networkKb: Math.round(pair.network.length / 1024), appKb: Math.round(pair.app.length / 1024), imports: pair.imports, openMs, byKind, rssMb: client.rssMb() };
  } finally {
    await client.shutdown?.();
    client.proc.kill();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await crossStackOverLsp();
  const f = (x) => (x === null ? '–' : `${x.toFixed(0)} ms`);
  console.log(`cross-stack pair: app.yaml ${r.appKb} KB importing from network.yaml ${r.networkKb} KB (${r.imports} importing instances); open → diagnostics ${f(r.openMs)}; RSS ${r.rssMb?.toFixed(0)} MB`);
  for (const [kind, s] of Object.entries(r.byKind)) console.log(`  ${kind}: keystroke → diagnostics p50 ${f(s.p50)}, p95 ${f(s.p95)} (${s.n} edits)`);
}
