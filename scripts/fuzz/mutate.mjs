// Seeded mutations of template texts, for fuzzing the engine, the CLI and the language server.
// Each operator imitates something that really happens to a template: a typo (byte/char flips), a
// half-finished edit (deletion, truncation), copy-paste (duplicated lines, swapped values), indentation
// slips and tabs, a wrong tag, machine-generated extremes (deep nesting, huge numbers), and line-ending or
// byte-order-mark changes from another editor.
//
// Pure: text in, text out; the same seed gives the same mutants everywhere (no Math.random, no I/O).

// The seeded PRNG is the benchmark generator's (mulberry32): one implementation, same sequences.
import { prng } from '../bench/generate.mjs';

export { prng };

const int = (rnd, n) => Math.floor(rnd() * n);
const pick = (rnd, xs) => xs[int(rnd, xs.length)];

const TAGS = ['!Ref', '!GetAtt', '!Sub', '!Select', '!Cidr', '!GetAZs', '!If', '!Join', '!Split', '!FindInMap', '!Condition', '!Not', '!Equals', '!Base64', '!ImportValue', '!Bogus', '!!str', '!!int', '!!binary', '!'];
const JUNK = ['', ' ', '\t', '\n', '\r\n', ':', '- ', '{', '}', '[', ']', ',', '"', "'", '&a ', '*a', '#', '|', '>', '%', '@', '`', '\u0000', '\uFEFF', '\uD800', 'é', '\u{1F600}', '<<: ', '? ', '---\n', '...\n'];
const HUGE = ['99999999999999999999', '-1', '-99999999999999999999', '1e308', '1e400', '.inf', '-.inf', '.nan', '0x7fffffffffffffff', '4294967296', '65536', '-0', '0.5', '00010', '1_000'];

// Network properties the model and the walk read, and values that are legal YAML but odd for them:
// wrong types, out-of-range numbers, the other address family, intrinsics where a literal is usual.
const NET_KEYS = /^(\s*-?\s*"?)(CidrBlock|CidrIp|CidrIpv6|Ipv6CidrBlock|DestinationCidrBlock|DestinationIpv6CidrBlock|RuleNumber|Protocol|IpProtocol|FromPort|ToPort|From|To|Port|RuleAction|Egress|PortRange|Icmp|SourceSecurityGroupId|DestinationSecurityGroupId|GroupId|SubnetId|SubnetIds|VpcId|RouteTableId|NetworkAclId|GatewayId|NatGatewayId|AllocationId|MapPublicIpOnLaunch|AssociatePublicIpAddress|SecurityGroupIds|VPCSecurityGroups|Expect|SourceIp|SourcePort|DestinationIp|DestinationPort|PubliclyAccessible|Scheme)("?\s*:\s*)(.*)$/gm;
const ODD_VALUES = ['-1', '0', '65535', '65536', '-99', '6', "'6'", '17', '58', '1', 'tcp', 'udp', 'icmp', 'icmpv6', 'all', 'ALL', '"-1"', '10.0.0.0/99', '10.0.0.0/0', '0.0.0.0/0', '::/0', '2001:db8::/56', '10.0.0.1', '10.0.0.0/32', '192.168.1.0/24', 'fe80::1/128', 'allow', 'deny', 'Deny', 'true', 'false', "'true'", 'null', '~', '[]', '{}', "''", '"1024-65535"', '"65535-1"', '1-2', 'reachable', 'blocked', 'internet', '!Ref AWS::NoValue', '!Ref AWS::Region', '!Ref NoSuchResource', '!GetAtt NoSuch.Attr', '!Select [0, !GetAZs ""]', '!If [NoCond, 1, 2]', '!Sub "${AWS::StackName}"', '!ImportValue shared-vpc', '[!Ref AWS::NoValue]', '{From: 1, To: 0}', '{Code: -1, Type: -1}', '[1, 2, 3]'];

function lines(text) {
  return text.split('\n');
}

/** The mutation operators: (text, rnd) => text. Named so a crash report says what was done. */
export const OPERATORS = {
  charFlip(text, rnd) {
    if (!text) return 'x';
    const i = int(rnd, text.length);
    return text.slice(0, i) + String.fromCharCode(int(rnd, 128)) + text.slice(i + 1);
  },
  byteFlip(text, rnd) {
    // A bit flip in the UTF-16 unit: produces control chars, lone surrogates, odd punctuation.
    if (!text) return '\u0000';
    const i = int(rnd, text.length);
    return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << int(rnd, 16))) + text.slice(i + 1);
  },
  insertJunk(text, rnd) {
    const i = int(rnd, text.length + 1);
    return text.slice(0, i) + pick(rnd, JUNK) + text.slice(i);
  },
  deleteRange(text, rnd) {
    const i = int(rnd, text.length + 1);
    const n = 1 + int(rnd, rnd() < 0.8 ? 8 : 400);
    return text.slice(0, i) + text.slice(i + n);
  },
  truncate(text, rnd) {
    return text.slice(0, int(rnd, text.length + 1));
  },
  deleteLine(text, rnd) {
    const ls = lines(text);
    ls.splice(int(rnd, ls.length), 1 + int(rnd, 3));
    return ls.join('\n');
  },
  duplicateLines(text, rnd) {
    const ls = lines(text);
    const i = int(rnd, ls.length);
    const n = 1 + int(rnd, 6);
    ls.splice(i + n, 0, ...ls.slice(i, i + n));
    return ls.join('\n');
  },
  moveLine(text, rnd) {
    const ls = lines(text);
    const [l] = ls.splice(int(rnd, ls.length), 1);
    ls.splice(int(rnd, ls.length + 1), 0, l ?? '');
    return ls.join('\n');
  },
  indentShift(text, rnd) {
    const ls = lines(text);
    const i = int(rnd, ls.length);
    const n = 1 + int(rnd, 4);
    for (let k = i; k < Math.min(ls.length, i + n); k++) {
      const d = 1 + int(rnd, 4);
      ls[k] = rnd() < 0.5 ? ' '.repeat(d) + ls[k] : ls[k].replace(new RegExp(`^ {1,${d}}`), '');
    }
    return ls.join('\n');
  },
  tabInjection(text, rnd) {
    const ls = lines(text);
    const i = int(rnd, ls.length);
    ls[i] = rnd() < 0.5 ? ls[i].replace(/^( +)/, (m) => '\t'.repeat(Math.max(1, m.length >> 1))) : ls[i].replace(/: /, ':\t');
    return ls.join('\n');
  },
  randomTag(text, rnd) {
    // Put a tag in front of a value: after a ": " or a "- ".
    const spots = [];
    const re = /(: |- )/g;
    let m;
    while ((m = re.exec(text)) && spots.length < 5000) spots.push(m.index + m[0].length);
    if (!spots.length) return pick(rnd, TAGS) + ' ' + text;
    const i = pick(rnd, spots);
    return text.slice(0, i) + pick(rnd, TAGS) + ' ' + text.slice(i);
  },
  dropTag(text, rnd) {
    const re = /!\w+ ?/g;
    const spots = [];
    let m;
    while ((m = re.exec(text)) && spots.length < 5000) spots.push([m.index, m[0].length]);
    if (!spots.length) return text;
    const [i, n] = pick(rnd, spots);
    return text.slice(0, i) + text.slice(i + n);
  },
  swapValues(text, rnd) {
    // Swap the values of two `key: value` lines (a copy-paste into the wrong property).
    const ls = lines(text);
    const kv = [];
    ls.forEach((l, i) => {
      if (/^\s*[^#\s][^:]*: \S/.test(l) || /^\s*"[^"]+": /.test(l)) kv.push(i);
    });
    if (kv.length < 2) return text;
    const a = pick(rnd, kv);
    const b = pick(rnd, kv);
    const va = ls[a].slice(ls[a].indexOf(': ') + 2);
    const vb = ls[b].slice(ls[b].indexOf(': ') + 2);
    ls[a] = ls[a].slice(0, ls[a].indexOf(': ') + 2) + vb;
    ls[b] = ls[b].slice(0, ls[b].indexOf(': ') + 2) + va;
    return ls.join('\n');
  },
  swapKeys(text, rnd) {
    const keys = [...new Set(text.match(/\b[A-Z][A-Za-z0-9]{2,}(?=:)/g) ?? [])];
    if (keys.length < 2) return text;
    const a = pick(rnd, keys);
    const b = pick(rnd, keys);
    return text.replace(new RegExp(`\\b${a}(?=:)`), b);
  },
  renameReference(text, rnd) {
    // A Ref/GetAtt that now names a resource that does not exist (or another existing one).
    const refs = [...text.matchAll(/(!Ref |!GetAtt |"Ref": ")([A-Za-z0-9]+)/g)];
    if (!refs.length) return text;
    const m = pick(rnd, refs);
    const i = m.index + m[1].length;
    const other = rnd() < 0.5 ? m[2] + 'X' : pick(rnd, refs)[2];
    return text.slice(0, i) + other + text.slice(i + m[2].length);
  },
  deepNesting(text, rnd) {
    const depth = pick(rnd, [50, 500, 5000, 20000]);
    const json = text.trimStart().startsWith('{');
    const nest = json ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : rnd() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    // Replace one scalar value with the nested structure.
    const re = json ? /: ("[^"\n]*"|-?\d+|true|false)/g : /: ([^\s{[][^\n]*)/g;
    const spots = [...text.matchAll(re)];
    if (!spots.length) return text + '\n' + nest;
    const m = pick(rnd, spots);
    const i = m.index + 2;
    return text.slice(0, i) + nest + text.slice(i + m[1].length);
  },
  hugeNumber(text, rnd) {
    const spots = [...text.matchAll(/-?\b\d+\b/g)];
    if (!spots.length) return text;
    const m = pick(rnd, spots);
    return text.slice(0, m.index) + pick(rnd, HUGE) + text.slice(m.index + m[0].length);
  },
  nullify(text, rnd) {
    // A property whose value was deleted: `Properties:` then nothing, or `Key: null`, `Key: []`, `Key: {}`.
    const spots = [...text.matchAll(/^(\s*)("?[A-Za-z]+"?): ?(.*)$/gm)];
    if (!spots.length) return text;
    const m = pick(rnd, spots);
    const json = m[2].startsWith('"');
    const v = json ? pick(rnd, ['null', '[]', '{}', '""']) : pick(rnd, ['null', '~', '[]', '{}', "''", '']);
    const end = m.index + m[0].length;
    return text.slice(0, m.index) + `${m[1]}${m[2]}: ${v}${json && m[3].trim().endsWith(',') ? ',' : ''}` + text.slice(end);
  },
  lineEndings(text, rnd) {
    const r = rnd();
    if (r < 0.4) return text.replace(/\r?\n/g, '\r\n');
    if (r < 0.7) return text.replace(/\r\n/g, '\n');
    // Mixed: only some lines.
    return text.replace(/\n/g, () => (rnd() < 0.3 ? '\r\n' : '\n'));
  },
  bomToggle(text) {
    return text.startsWith('\uFEFF') ? text.slice(1) : '\uFEFF' + text;
  },
  aliasInject(text, rnd) {
    // Anchors and aliases, including a small expansion bomb and merge keys, somewhere in a block map.
    const spots = [...text.matchAll(/^( +)[A-Za-z]+:\n/gm)];
    if (!spots.length || text.trimStart().startsWith('{')) return text;
    const m = pick(rnd, spots);
    const ind = m[1] + '  ';
    const snippet =
      rnd() < 0.5
        ? `${ind}Xa: &xa [1, 2, 3, 4, 5, 6, 7, 8]\n${ind}Xb: &xb [*xa, *xa, *xa, *xa, *xa, *xa, *xa, *xa]\n${ind}Xc: [*xb, *xb, *xb, *xb, *xb, *xb, *xb, *xb]\n`
        : `${ind}<<: {Merged: 1}\n${ind}Xm: &xm {k: v}\n${ind}Xn: {<<: *xm, k2: *xm}\n`;
    const i = m.index + m[0].length;
    return text.slice(0, i) + snippet + text.slice(i);
  },
  oddNetworkValue(text, rnd) {
    // A network property set to something legal-looking but odd (what a half-finished edit leaves).
    const spots = [...text.matchAll(NET_KEYS)];
    if (!spots.length) return text;
    const m = pick(rnd, spots);
    const json = m[1].includes('"');
    let v = pick(rnd, ODD_VALUES);
    if (json) v = v.startsWith('!') || v.startsWith('{') || v.startsWith('[') ? JSON.stringify(v) : /^-?\d+$|^true$|^false$|^null$/.test(v) ? v : JSON.stringify(v.replace(/^['"]|['"]$/g, ''));
    const comma = json && /,\s*$/.test(m[4]) ? ',' : '';
    return text.slice(0, m.index) + m[1] + m[2] + m[3] + v + comma + text.slice(m.index + m[0].length);
  },
  retargetReference(text, rnd) {
    // A Ref/GetAtt pointed at another resource of the template (often of the wrong type: a subnet
    // where a security group belongs), or the flow endpoints swapped to other resources.
    const ids = [...new Set([...text.matchAll(/^ {2}"?([A-Za-z][A-Za-z0-9]*)"?\s*:/gm)].map((m) => m[1]))];
    const refs = [...text.matchAll(/(!Ref |!GetAtt |"Ref": "|"Fn::GetAtt": \["|From: |To: )([A-Za-z][A-Za-z0-9]*)/g)];
    if (!refs.length || !ids.length) return text;
    const m = pick(rnd, refs);
    const i = m.index + m[1].length;
    return text.slice(0, i) + pick(rnd, ids) + text.slice(i + m[2].length);
  },
  spliceSources(text, rnd, others) {
    // Paste a random chunk of another fixture into this one.
    if (!others?.length) return text;
    const o = pick(rnd, others);
    const a = int(rnd, o.length + 1);
    const chunk = o.slice(a, a + int(rnd, 600));
    const i = int(rnd, text.length + 1);
    return text.slice(0, i) + chunk + text.slice(i);
  },
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

/** Applies 1-3 random operators (from `ops`, default all) to `text`; returns the result and the operators applied. */
export function mutate(text, rnd, others, allowed = OPERATOR_NAMES) {
  const n = rnd() < 0.7 ? 1 : 1 + int(rnd, 3);
  const ops = [];
  let out = text;
  for (let k = 0; k < n; k++) {
    const name = pick(rnd, allowed);
    ops.push(name);
    out = OPERATORS[name](out, rnd, others);
  }
  return { text: out, ops };
}

/**
 * `count` mutants of the given sources ({ name, text }), round-robin over sources so each fixture is
 * covered, reproducible from `seed`. Yields { name, source, ops, text }.
 */
export function* mutants(sources, count, seed = 1, ops = OPERATOR_NAMES) {
  if (!sources.length) return;
  const rnd = prng(seed);
  const texts = sources.map((s) => s.text);
  for (let k = 0; k < count; k++) {
    const src = sources[k % sources.length];
    const r = mutate(src.text, rnd, texts, ops);
    yield { name: `${src.name}#${k}`, source: src.name, ops: r.ops, text: r.text };
  }
}
