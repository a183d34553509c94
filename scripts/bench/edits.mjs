// A realistic mix of edits to a generated template (see generate.mjs), as a person makes them:
// changing a NACL entry's port, an SG rule's CIDR, adding a resource and later removing it, and
// breaking the YAML (an unclosed flow map, a stray indent) then repairing it on the next keystroke.
// Never inside comments: every edit lands on a value or a whole resource line.
//
// Pure and seeded. Each edit is { kind, start, end, newText } in UTF-16 offsets of the text it applies
// to; `applyEdit` gives the next text. `toLspChange` converts it for a didChange.
import { prng } from './generate.mjs';

export function applyEdit(text, e) {
  return text.slice(0, e.start) + e.newText + text.slice(e.end);
}

/** Finds `needle` at or after a random offset (wrapping around); -1 when absent. */
function findFrom(text, needle, rnd) {
  const at = Math.floor(rnd() * text.length);
  const i = text.indexOf(needle, at);
  return i >= 0 ? i : text.indexOf(needle);
}

/**
 * An edit generator over a live text: call `next(text)` for each keystroke; it returns the edit to
 * apply to `text`. Break edits are always followed by their repair, so the text parses again within two
 * edits; added resources are removed later (the generator remembers them by their unique name).
 */
export function editMix(seed = 1) {
  const rnd = prng(seed);
  let pendingRepair = null;
  const added = [];
  let serial = 0;

  const naclPort = (text) => {
    const i = findFrom(text, 'PortRange: {From: ', rnd);
    if (i < 0) return null;
    const s = i + 'PortRange: {From: '.length;
    const m = /^\d+/.exec(text.slice(s, s + 8));
    if (!m) return null;
    const choices = ['22', '80', '443', '1024', '3306', '5432', '8080', String(1024 + Math.floor(rnd() * 60000))];
    return { kind: 'nacl-port', start: s, end: s + m[0].length, newText: choices[Math.floor(rnd() * choices.length)] };
  };
  const sgCidr = (text) => {
    const i = findFrom(text, 'CidrIp: ', rnd);
    if (i < 0) return null;
    const s = i + 'CidrIp: '.length;
    const m = /^[0-9./]+/.exec(text.slice(s, s + 20));
    if (!m) return null;
    const choices = ['0.0.0.0/0', '10.0.0.0/8', '192.168.0.0/16', '203.0.113.0/24', '10.1.2.3/32'];
    return { kind: 'sg-cidr', start: s, end: s + m[0].length, newText: choices[Math.floor(rnd() * choices.length)] };
  };
  const addResource = (text) => {
    // Insert a whole resource just before a VPC's declaration (a resource boundary, never a comment).
    const i = findFrom(text, '\n  V', rnd);
    if (i < 0) return null;
    const vpc = /^\n {2}(V\d+)/.exec(text.slice(i, i + 12))?.[1] ?? 'V0';
    const name = `Added${serial++}Sg`;
    added.push(name);
    const line = `\n  ${name}: {Type: 'AWS::EC2::SecurityGroup', Properties: {GroupDescription: added, VpcId: !Ref ${vpc}Vpc, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 9000, ToPort: 9000, CidrIp: 10.0.0.0/8}]}}`;
    return { kind: 'add-resource', start: i, end: i, newText: line };
  };
  const removeResource = (text) => {
    while (added.length) {
      const name = added.splice(Math.floor(rnd() * added.length), 1)[0];
      const i = text.indexOf(`\n  ${name}: `);
      if (i < 0) continue;
      const end = text.indexOf('\n', i + 1);
      return { kind: 'remove-resource', start: i, end: end < 0 ? text.length : end, newText: '' };
    }
    return null;
  };
  const breakYaml = (text) => {
    // Delete the closing braces of a one-line resource (a half-typed flow map), or indent a key by one
    // space (a mis-indentation); the repair puts the exact text back.
    if (rnd() < 0.5) {
      const i = findFrom(text, "Type: 'AWS::EC2::RouteTable', Properties: {", rnd);
      if (i < 0) return null;
      const end = text.indexOf('}}', i);
      if (end < 0) return null;
      pendingRepair = { kind: 'repair-yaml', start: end, end: end, newText: '}}' };
      return { kind: 'break-yaml', start: end, end: end + 2, newText: '' };
    }
    const i = findFrom(text, '\n    Properties:\n', rnd);
    if (i < 0) return null;
    pendingRepair = { kind: 'repair-yaml', start: i + 1, end: i + 2, newText: '' };
    return { kind: 'break-yaml', start: i + 1, end: i + 1, newText: ' ' };
  };

  return {
    next(text) {
      if (pendingRepair) {
        const r = pendingRepair;
        pendingRepair = null;
        return r;
      }
      const x = rnd();
      let e = null;
      if (x < 0.35) e = naclPort(text);
      else if (x < 0.6) e = sgCidr(text);
      else if (x < 0.72) e = addResource(text);
      else if (x < 0.84) e = removeResource(text) ?? addResource(text);
      else e = breakYaml(text);
      return e ?? naclPort(text) ?? { kind: 'noop-append', start: text.length, end: text.length, newText: '' };
    },
    /** Edits that undo what is left (added resources, an unrepaired break): ends on a parseable text. */
    settle(text) {
      const out = [];
      let t = text;
      if (pendingRepair) {
        out.push(pendingRepair);
        t = applyEdit(t, pendingRepair);
        pendingRepair = null;
      }
      return { edits: out, text: t };
    },
  };
}

/** The LSP contentChanges entry for an edit, with positions computed on the text before the edit. */
export function toLspChange(text, e, posAt) {
  return { range: { start: posAt(text, e.start), end: posAt(text, e.end) }, text: e.newText };
}
