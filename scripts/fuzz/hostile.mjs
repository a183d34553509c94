// The hostile corpus, generated in code (nothing big is stored in the repo): every kind of
// input an editor will hand the engine while a person types, or that a repository may contain.
// Each case says whether a finding is required (the text is broken or the template is wrong in a way
// the engine must report) so the suites can check "a clear answer", not only "no crash".
//
// Pure: no I/O, deterministic.

/** A small, valid template every case starts from, so that breaking it is the only difference. */
export const BASE = `AWSTemplateFormatVersion: '2010-09-09'
Metadata:
  PacketWalk:
    Flows:
      - Name: web-to-db
        From: Web
        To: Db
        Protocol: tcp
        Port: 5432
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
  Acl:
    Type: AWS::EC2::NetworkAcl
    Properties:
      VpcId: !Ref Vpc
  AclIn:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: !Ref Acl
      RuleNumber: 100
      Protocol: 6
      RuleAction: allow
      Egress: false
      CidrBlock: 10.0.0.0/16
      PortRange: {From: 5432, To: 5432}
  AclAssoc:
    Type: AWS::EC2::SubnetNetworkAclAssociation
    Properties:
      SubnetId: !Ref Subnet
      NetworkAclId: !Ref Acl
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
  DbSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 5432
          ToPort: 5432
          SourceSecurityGroupId: !Ref WebSg
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      SubnetId: !Ref Subnet
      SecurityGroupIds: [!Ref WebSg]
  Db:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      SubnetId: !Ref Subnet
      SecurityGroupIds: [!Ref DbSg]
`;

/** The same network in JSON (CDK synth output is JSON). */
export const BASE_JSON = JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
    },
  },
  null,
  2,
);

/** Replaces the first occurrence of `from` in BASE (the case fails loudly if the anchor is gone). */
function edit(from, to, base = BASE) {
  const i = base.indexOf(from);
  if (i < 0) throw new Error(`hostile: anchor not found: ${from}`);
  return base.slice(0, i) + to + base.slice(i + from.length);
}

/** A template with one extra resource appended under Resources. */
function withResource(yaml) {
  return BASE + yaml.replace(/^\n/, '');
}

function nestedYamlBlock(depth) {
  // `a:\n  a:\n    a: ...` — indentation grows linearly, so the text is O(depth^2): keep it to a few thousand
  // levels and let the flow/JSON forms carry the 20,000.
  const parts = [];
  for (let i = 0; i < depth; i++) parts.push(' '.repeat(i) + 'a:');
  return `Resources:\n  X:\n    Type: AWS::EC2::VPC\n    Properties:\n${parts.map((l) => '      ' + l).join('\n')} 1\n`;
}

function aliasBomb(levels, fan) {
  // The billion-laughs shape: each level refers `fan` times to the previous one.
  const lines = ['Metadata:', '  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++) {
    lines.push(`  a${i}: &a${i} [${Array.from({ length: fan }, () => `*a${i - 1}`).join(', ')}]`);
  }
  lines.push(`  bomb: *a${levels - 1}`);
  return lines.join('\n') + '\n' + BASE.replace(/^AWSTemplateFormatVersion.*\n/, '').replace(/^Metadata:\n/, 'Metadata2:\n');
}

/**
 * Every hostile case: { name, text, finding } where `finding` is true when a finding (diagnostic with
 * a range) is required, false when the text is fine or a clean answer with no finding is acceptable,
 * and undefined when either is acceptable.
 */
export function hostileCases() {
  const cases = [];
  const add = (name, text, finding) => cases.push({ name, text, finding });

  // --- syntax: truncated, mis-indented, whitespace and encoding oddities ---
  add('empty', '', undefined);
  add('only-whitespace', '   \n\n\t\n', undefined);
  add('only-comment', '# nothing here\n', undefined);
  add('truncated-mid-key', BASE.slice(0, BASE.indexOf('SourceSecurityGroupId') + 8), true);
  add('truncated-mid-flow-map', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: 5432, To:').split('\n').slice(0, 40).join('\n'), true);
  add('truncated-open-quote', BASE + "  Broken:\n    Type: 'AWS::EC2::VPC\n", true);
  // One space deeper than its sibling: YAML reads it as the continuation of the previous plain scalar,
  // which then holds `: ` — a syntax error (one space shallower would be a valid, different map).
  add('misindented-property', edit('      VpcId: !Ref Vpc\n      CidrBlock: !Select', '      VpcId: !Ref Vpc\n       CidrBlock: !Select'), true);
  add('misindented-resource', edit('  Subnet:\n', '   Subnet:\n'), true);
  add('tab-indentation', edit('      CidrBlock: 10.0.0.0/16\n', '\t\tCidrBlock: 10.0.0.0/16\n'), true);
  add('tab-after-colon', BASE.replace(/: /g, ':\t'), undefined);
  add('crlf', BASE.replace(/\n/g, '\r\n'), undefined);
  add('lone-cr', BASE.replace(/\n/g, '\r'), undefined);
  add('bom', '\uFEFF' + BASE, undefined);
  add('bom-crlf-json', '\uFEFF' + BASE_JSON.replace(/\n/g, '\r\n'), undefined);
  add('bom-in-the-middle', edit('  Acl:\n', '  \uFEFFAcl:\n'), undefined);
  add('nul-bytes', edit('GroupDescription: web', 'GroupDescription: w\u0000e\u0000b'), undefined);
  // Not recognisable as a template at all: no answer is required, only no crash.
  add('binary-garbage', Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join(''), undefined);
  add('binary-in-template', edit('  Acl:\n', Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('') + '\n  Acl:\n'), true);
  add('lone-surrogates', edit('GroupDescription: web', 'GroupDescription: \uD800x\uDC00'), undefined);
  add('control-chars', edit('GroupDescription: web', 'GroupDescription: \u0001\u0002\u001b[31m'), undefined);
  add('3mb-line', edit('GroupDescription: web', `GroupDescription: ${'w'.repeat(3 * 1024 * 1024)}`), undefined);
  add('3mb-line-unquoted-key', `${'k'.repeat(3 * 1024 * 1024)}: 1\n` + BASE, undefined);
  add('many-lines', BASE + `Outputs:\n${Array.from({ length: 50000 }, (_, i) => `  O${i}: {Value: x}`).join('\n')}\n`, undefined);

  // --- nesting ---
  add('nest-yaml-flow-20000', `Resources: {X: {Type: AWS::EC2::VPC, Properties: ${'['.repeat(20000)}1${']'.repeat(20000)}}}`, undefined);
  add('nest-yaml-flow-map-20000', `Resources: {X: {Type: AWS::EC2::VPC, Properties: ${'{a: '.repeat(20000)}1${'}'.repeat(20000)}}}`, undefined);
  add('nest-json-20000', `{"Resources": {"X": {"Type": "AWS::EC2::VPC", "Properties": ${'{"a": '.repeat(20000)}1${'}'.repeat(20000)}}}}`, undefined);
  add('nest-json-array-20000', `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'['.repeat(20000)}${']'.repeat(20000)}}`, true);
  add('nest-yaml-block-seq-20000', `Resources:\n  X:\n    Type: AWS::EC2::VPC\n    Properties:\n      P: ${'- '.repeat(20000)}1\n`, undefined);
  add('nest-yaml-block-2000', nestedYamlBlock(2000), undefined);
  add('nest-unclosed-20000', `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'['.repeat(20000)}`, true);
  add('nest-intrinsics-5000', edit('CidrBlock: 10.0.0.0/16\n', `CidrBlock: ${'{"Fn::Select": [0, ['.repeat(5000)}"10.0.0.0/16"${']]}'.repeat(5000)}\n`), undefined);

  // --- aliases, merge keys, duplicates, tags ---
  add('alias-bomb', aliasBomb(10, 10), undefined);
  add('alias-bomb-in-resources', BASE + `  Bomb:\n    Type: AWS::EC2::VPC\n    Properties:\n      a: &a [x, x, x, x, x, x, x, x]\n      b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n      c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n      d: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n      e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\n      f: &f [*e, *e, *e, *e, *e, *e, *e, *e]\n      g: &g [*f, *f, *f, *f, *f, *f, *f, *f]\n      CidrBlock: *g\n`, undefined);
  add('alias-undefined', edit('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: *nowhere\n'), true);
  add('alias-recursive', 'a: &a [*a]\n' + BASE, undefined);
  add('merge-keys', edit('  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n', '  Subnet:\n    Type: AWS::EC2::Subnet\n    Properties:\n      <<: {MapPublicIpOnLaunch: true}\n'), undefined);
  add('merge-key-alias', BASE.replace('  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n', '  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: &vp\n') + '  Vpc2:\n    Type: AWS::EC2::VPC\n    Properties:\n      <<: *vp\n', undefined);
  add('duplicate-resource', BASE + '  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.9.0.0/16\n', true);
  add('duplicate-property', edit('      CidrBlock: 10.0.0.0/16\n', '      CidrBlock: 10.0.0.0/16\n      CidrBlock: 10.1.0.0/16\n'), true);
  add('duplicate-json-key', '{"Resources": {"V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}, "V": {"Type": "AWS::EC2::VPC"}}}', true);
  add('unknown-tag', edit('VpcId: !Ref Vpc\n', 'VpcId: !Wat Vpc\n'), undefined);
  add('unknown-tag-on-map', edit('VpcId: !Ref Vpc\n', 'VpcId: !Sneaky {a: 1}\n'), undefined);
  add('core-tags', edit('GroupDescription: web', 'GroupDescription: !!binary aGVsbG8='), undefined);
  add('set-and-omap', BASE + 'Extra: !!set {a, b}\nMore: !!omap [{a: 1}]\n', undefined);
  add('ref-no-argument', edit('VpcId: !Ref Vpc\n', 'VpcId: !Ref\n'), true);
  add('getatt-no-argument', edit('SourceSecurityGroupId: !Ref WebSg', 'SourceSecurityGroupId: !GetAtt'), true);
  add('ref-to-nothing', edit('VpcId: !Ref Vpc\n', 'VpcId: !Ref NoSuchThing\n'), true);
  add('ref-number', edit('VpcId: !Ref Vpc\n', 'VpcId: !Ref 42\n'), true);
  add('ref-seq', edit('VpcId: !Ref Vpc\n', 'VpcId: !Ref [Vpc, Vpc]\n'), true);

  // --- intrinsic arities ---
  add('select-one-arg', edit('!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]', '!Select [0]'), true);
  add('select-index-past-end', edit('!Select [0, !Cidr', '!Select [7, !Cidr'), true);
  add('select-negative-index', edit('!Select [0, !Cidr', '!Select [-1, !Cidr'), true);
  add('select-huge-index', edit('!Select [0, !Cidr', '!Select [99999999999999999999, !Cidr'), true);
  add('cidr-two-args', edit('!Cidr [!GetAtt Vpc.CidrBlock, 2, 8]', '!Cidr [!GetAtt Vpc.CidrBlock, 2]'), true);
  add('cidr-1e8-subnets', edit('!Cidr [!GetAtt Vpc.CidrBlock, 2, 8]', '!Cidr [!GetAtt Vpc.CidrBlock, 100000000, 1]'), true);
  add('cidr-1e8-subnets-big-block', edit('!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]', "!Select [99999999, !Cidr ['10.0.0.0/8', 100000000, 0]]"), true);
  add('cidr-ipv6-huge', edit('!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]', "!Select [0, !Cidr ['2001:db8::/32', 100000000, 64]]"), undefined);
  add('cidr-bits-too-large', edit('!Cidr [!GetAtt Vpc.CidrBlock, 2, 8]', '!Cidr [!GetAtt Vpc.CidrBlock, 2, 200]'), true);
  add('sub-unclosed', edit('GroupDescription: web', "GroupDescription: !Sub '${Vpc'"), undefined);
  add('sub-wrong-arity', edit('GroupDescription: web', 'GroupDescription: !Sub [a, b, c]'), true);
  add('join-not-list', edit('GroupDescription: web', 'GroupDescription: !Join x'), true);
  add('if-wrong-arity', edit('GroupDescription: web', 'GroupDescription: !If [OnlyCondition]'), true);
  add('getazs-map', edit('SubnetId: !Ref Subnet\n      SecurityGroupIds: [!Ref WebSg]', 'SubnetId: !Select [0, !GetAZs {x: 1}]\n      SecurityGroupIds: [!Ref WebSg]'), true);
  add('findinmap-missing', BASE.replace('Resources:\n', 'Mappings:\n  M: {a: {b: c}}\nResources:\n').replace('ImageId: ami-12345678', 'ImageId: !FindInMap [M, x, y, z]'), true);

  // --- invalid values ---
  add('cidr-prefix-99', edit('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: 10.0.0.0/99\n'), true);
  add('cidr-octet-999', edit('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: 10.999.0.0/16\n'), true);
  add('cidr-ipv6-prefix-200', edit('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: 2001:db8::/200\n'), true);
  add('cidr-number', edit('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: 167772160\n'), true);
  add('cidr-empty', edit('CidrBlock: 10.0.0.0/16\n', "CidrBlock: ''\n"), true);
  add('port-20-digits', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: 99999999999999999999, To: 99999999999999999999}'), true);
  add('port-negative', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: -5, To: -1}'), true);
  add('port-reversed', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: 6000, To: 10}'), true);
  add('port-float', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: 54.32, To: .inf}'), true);
  add('port-nan', edit('PortRange: {From: 5432, To: 5432}', 'PortRange: {From: .nan, To: 1e400}'), true);
  add('flow-port-huge', edit('        Port: 5432\n', '        Port: 99999999999999999999\n'), true);
  add('flow-port-range-inverted', edit('        Port: 5432\n', '        Port: "65535-1"\n'), true);
  add('flow-protocol-bogus', edit('        Protocol: tcp\n', '        Protocol: carrier-pigeon\n'), true);
  add('flow-endpoint-missing', edit('        To: Db\n', '        To: Nowhere\n'), true);
  add('flow-from-cidr-99', edit('        From: Web\n', "        From: '10.0.0.0/99'\n"), true);
  add('flows-not-a-list', edit('    Flows:\n      - Name: web-to-db\n        From: Web\n        To: Db\n        Protocol: tcp\n        Port: 5432\n', '    Flows: 42\n'), true);
  add('flows-list-of-scalars', edit('      - Name: web-to-db\n        From: Web\n        To: Db\n        Protocol: tcp\n        Port: 5432\n', '      - web-to-db\n      - 7\n      - null\n'), true);
  add('rule-number-negative', edit('RuleNumber: 100', 'RuleNumber: -100'), true);
  add('rule-number-huge', edit('RuleNumber: 100', 'RuleNumber: 1e30'), true);
  add('rule-number-string', edit('RuleNumber: 100', 'RuleNumber: hundred'), true);
  add('protocol-999', edit('Protocol: 6\n', 'Protocol: 999\n'), true);
  add('protocol-negative-2', edit('Protocol: 6\n', 'Protocol: -2\n'), true);
  add('huge-numbers-everywhere', BASE.replace(/\b\d{2,5}\b/g, '1' + '0'.repeat(400)), true);

  // --- shapes: null, wrong kinds ---
  add('properties-null', edit('    Properties:\n      CidrBlock: 10.0.0.0/16\n', '    Properties: null\n'), true);
  add('properties-list', edit('    Properties:\n      CidrBlock: 10.0.0.0/16\n', '    Properties: [CidrBlock, 10.0.0.0/16]\n'), true);
  add('properties-string', edit('    Properties:\n      CidrBlock: 10.0.0.0/16\n', '    Properties: "CidrBlock"\n'), true);
  add('resource-null', edit('  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n', '  Vpc:\n'), true);
  add('resource-list', edit('  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n', '  Vpc: [1, 2]\n'), true);
  add('resources-list', 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  - Vpc\n  - Subnet\n', true);
  add('resources-null', 'Resources:\n', undefined);
  add('resources-scalar', 'AWSTemplateFormatVersion: 2010-09-09\nResources: 12\n', true);
  add('type-missing', edit('    Type: AWS::EC2::VPC\n', ''), true);
  add('type-number', edit('    Type: AWS::EC2::VPC\n', '    Type: 12\n'), true);
  add('type-map', edit('    Type: AWS::EC2::VPC\n', '    Type: {a: 1}\n'), true);
  add('ingress-map-not-list', edit('      SecurityGroupIngress:\n        - IpProtocol: tcp\n', '      SecurityGroupIngress:\n          IpProtocol: tcp\n'), true);
  add('ingress-list-of-lists', edit('      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 5432\n          ToPort: 5432\n          SourceSecurityGroupId: !Ref WebSg\n', '      SecurityGroupIngress:\n        - [tcp, 5432]\n'), true);
  add('sg-ids-map', edit('SecurityGroupIds: [!Ref WebSg]', 'SecurityGroupIds: {a: !Ref WebSg}'), true);
  add('top-level-list', '- a\n- b\n', undefined);
  add('top-level-scalar', 'hello\n', undefined);
  add('top-level-number', '42', undefined);
  add('json-top-level-array', '[1, 2, 3]', undefined);
  add('json-trailing-comma', '{"Resources": {"V": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16",}},}}', true);
  add('json-truncated', BASE_JSON.slice(0, Math.floor(BASE_JSON.length * 0.6)), true);
  add('json-comments', '// c\n' + BASE_JSON, undefined);
  add('multi-document', BASE + '---\n' + BASE, undefined);
  add('document-end-marker', BASE + '...\ngarbage: [\n', undefined);
  add('directive', '%YAML 1.1\n---\n' + BASE, undefined);
  add('yaml-1.1-booleans', edit('      CidrBlock: 10.0.0.0/16\n', '      CidrBlock: 10.0.0.0/16\n      EnableDnsSupport: yes\n      EnableDnsHostnames: off\n'), undefined);
  add('key-is-map', '{a: 1}: 2\n' + BASE, undefined);
  add('key-is-seq', '? [a, b]\n: 1\n' + BASE, undefined);
  add('proto-keys', edit('      CidrBlock: 10.0.0.0/16\n', '      __proto__: {polluted: true}\n      constructor: 1\n      hasOwnProperty: 2\n      CidrBlock: 10.0.0.0/16\n'), undefined);
  add('proto-resource-names', BASE + '  __proto__:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.5.0.0/16}\n  constructor:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.6.0.0/16}\n', undefined);

  // --- cycles ---
  add('ref-self', edit('VpcId: !Ref Vpc\n', 'VpcId: !Ref Subnet\n'), true);
  add('ref-cycle-two', BASE.replace('      SubnetId: !Ref Subnet\n      NetworkAclId: !Ref Acl\n', '      SubnetId: !Ref Subnet\n      NetworkAclId: !Ref Acl\n').replace('  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: !Ref Vpc\n', '  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties:\n      VpcId: !GetAtt AclLoop.VpcId\n  AclLoop:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: !Ref Acl\n      CidrBlock: !GetAtt Acl.Id\n'), true);
  add('getatt-cycle', withResource(`
  A:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !GetAtt B.CidrBlock
  B:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !GetAtt A.CidrBlock
`), true);
  add('sub-cycle', withResource(`
  S1:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub '\${S2.GroupId}'
      VpcId: !Ref Vpc
  S2:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub '\${S1.GroupId}'
      VpcId: !Ref Vpc
`), true);
  add('dependson-cycle', withResource(`
  D1:
    Type: AWS::EC2::RouteTable
    DependsOn: D2
    Properties: {VpcId: !Ref Vpc}
  D2:
    Type: AWS::EC2::RouteTable
    DependsOn: [D1, D1, Nowhere]
    Properties: {VpcId: !Ref Vpc}
`), true);
  add('dependson-self', edit('  Subnet:\n    Type: AWS::EC2::Subnet\n', '  Subnet:\n    Type: AWS::EC2::Subnet\n    DependsOn: Subnet\n'), true);
  add('condition-cycle', BASE.replace('Resources:\n', 'Conditions:\n  C1: !Condition C2\n  C2: !And [!Condition C1, !Condition C1]\n  C3: !Not [!Condition C3]\nResources:\n').replace('  Db:\n    Type: AWS::EC2::Instance\n', '  Db:\n    Type: AWS::EC2::Instance\n    Condition: C1\n'), true);
  add('condition-missing', edit('  Db:\n    Type: AWS::EC2::Instance\n', '  Db:\n    Type: AWS::EC2::Instance\n    Condition: NoSuchCondition\n'), true);
  add('parameter-default-cycle', BASE.replace('Resources:\n', 'Parameters:\n  P:\n    Type: String\n    Default: !Ref P\nResources:\n').replace('CidrBlock: 10.0.0.0/16\n', 'CidrBlock: !Ref P\n'), undefined);
  add('long-ref-chain', (() => {
    const rs = ['  N0:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n'];
    for (let i = 1; i < 3000; i++) rs.push(`  N${i}:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !GetAtt N${i - 1}.CidrBlock\n`);
    return 'Resources:\n' + rs.join('');
  })(), undefined);

  // --- walk stress: many flows, route loops ---
  add('route-loop-through-enis', withResource(`
  RtLoop:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  RtLoopRoute:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref RtLoop, DestinationCidrBlock: 0.0.0.0/0, InstanceId: !Ref Web}
  RtLoopAssoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Subnet, RouteTableId: !Ref RtLoop}
`).replace('        Port: 5432\n', '        Port: 5432\n      - {Name: out, From: Web, To: 8.8.8.8, Protocol: udp, Port: 53}\n'), undefined);
  add('many-flows', BASE.replace('        Port: 5432\n', '        Port: 5432\n' + Array.from({ length: 2000 }, (_, i) => `      - {Name: f${i}, From: Web, To: Db, Protocol: tcp, Port: "${i + 1}-${i + 60000}"}\n`).join('')), undefined);
  add('duplicate-flow-names', BASE.replace('        Port: 5432\n', '        Port: 5432\n      - {Name: web-to-db, From: Db, To: Web, Protocol: udp, Port: 53}\n'), true);
  add('resource-level-flows', edit('  Web:\n    Type: AWS::EC2::Instance\n', '  Web:\n    Type: AWS::EC2::Instance\n    Metadata:\n      PacketWalk:\n        Flows: [{To: Db, Port: 5432}, {To: 10.0.0.0/33, Port: 1}, null, {To: Db, Protocol: icmp, Port: 300}]\n'), true);
  add('insights-path-broken', withResource(`
  Path:
    Type: AWS::EC2::NetworkInsightsPath
    Properties:
      Source: !Ref Web
      Destination: !Ref NoSuch
      Protocol: sctp
      DestinationPort: -1
`), true);
  add('transform-and-custom', BASE.replace('Resources:\n', 'Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\nResources:\n') + '  Custom:\n    Type: Custom::Thing\n    Properties:\n      ServiceToken: arn:aws:lambda:us-east-1:1:function:x\n  Nested:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ../../../../etc/passwd\n', undefined);
  add('unicode-names', BASE.replace(/\bDb\b/g, 'Dbé\u{1F600}'), undefined);

  return cases;
}
