// Proof support for the fast YAML reader: runs both readers on one text and tells whether the fast
// one declined, agreed exactly (tree, every range, problems), or differed (and where). Also a seeded
// mutator that turns a template into near-miss variants (the edits people make while typing). Used by
// test/unit/template/yaml-fast.test.ts and scripts/bench/compare-readers.mjs; not used by the server.

import type { LNode, Problem } from '../located';
import { ProblemList } from '../limits';
import { readYamlFastOnly, readYamlReference } from './read-yaml';

export type Verdict = { kind: 'declined' } | { kind: 'equal' } | { kind: 'different'; where: string };

export function compareReaders(text: string): Verdict {
  const refProblems = new ProblemList();
  const ref = readYamlReference(text, refProblems);
  const fastProblems = new ProblemList();
  const fast = readYamlFastOnly(text, fastProblems);
  if (!fast) return { kind: 'declined' };
  const where = firstDifference(ref, fast.root, 'root') ?? problemDifference(refProblems.items, fastProblems.items);
  return where === undefined ? { kind: 'equal' } : { kind: 'different', where };
}

function problemDifference(a: Problem[], b: Problem[]): string | undefined {
  const show = (p: Problem): string => `${p.code}@${p.range.start}-${p.range.end}/${p.severity}/${p.message}`;
  const sa = a.map(show).join('\n');
  const sb = b.map(show).join('\n');
  return sa === sb ? undefined : `problems: reference [${sa}] fast [${sb}]`;
}

function rangeDiff(path: string, a: { start: number; end: number }, b: { start: number; end: number }): string | undefined {
  return a.start === b.start && a.end === b.end ? undefined : `${path}: range ${a.start}-${a.end} vs ${b.start}-${b.end}`;
}

/** The first place where two located trees differ (strict: kinds, values incl. -0/NaN, keys, ranges), or undefined. */
export function firstDifference(a: LNode | null, b: LNode | null, path: string): string | undefined {
  if (a === null || b === null) return a === b ? undefined : `${path}: ${a === null ? 'null' : a.kind} vs ${b === null ? 'null' : b.kind}`;
  if (a.kind !== b.kind) return `${path}: kind ${a.kind} vs ${b.kind}`;
  const r = rangeDiff(path, a.range, b.range);
  if (r) return r;
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    return Object.is(a.value, b.value) ? undefined : `${path}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`;
  }
  if (a.kind === 'seq' && b.kind === 'seq') {
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} vs ${b.items.length} items`;
    for (let i = 0; i < a.items.length; i++) {
      const d = firstDifference(a.items[i], b.items[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    if (a.entries.length !== b.entries.length) return `${path}: ${a.entries.length} vs ${b.entries.length} entries`;
    for (let i = 0; i < a.entries.length; i++) {
      const ea = a.entries[i];
      const eb = b.entries[i];
      const p = `${path}.${ea.key}`;
      if (ea.key !== eb.key) return `${path}: key #${i} ${JSON.stringify(ea.key)} vs ${JSON.stringify(eb.key)}`;
      const kr = rangeDiff(`${p} (key)`, ea.keyRange, eb.keyRange);
      if (kr) return kr;
      const d = firstDifference(ea.value, eb.value, p);
      if (d) return d;
    }
  }
  return undefined;
}

/** Small seeded PRNG (mulberry32), so every mutation is reproducible from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['"', "'", ':', ': ', ' #', '!Ref ', '!!str ', '- ', '[', ']', '{', '}', ',', '|', '>-', '&a ', '*a', '? ', '\t', '\\', '%', '---\n', '  ', '\n', '\r\n'];

/**
 * `count` seeded variants of `text`: line deletions, duplications and swaps, truncations, indentation
 * shifts, inserted quotes/tags/colons/indicators at random places, deleted characters, lines broken at
 * a space, comment lines at random depths, CRLF toggles.
 */
export function mutateYaml(text: string, seed: number, count: number): string[] {
  const rnd = prng(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const lines = text.split('\n');
    const steps = 1 + pick(3);
    let t = text;
    for (let s = 0; s < steps; s++) {
      const li = pick(lines.length);
      switch (pick(11)) {
        case 0: lines.splice(li, 1); break;
        case 1: lines.splice(li, 0, lines[pick(lines.length)] ?? ''); break;
        case 2: lines[li] = ' '.repeat(1 + pick(3)) + lines[li]; break;
        case 3: lines[li] = lines[li].replace(/^ {1,2}/, ''); break;
        case 4: {
          const line = lines[li];
          const at = pick(line.length + 1);
          lines[li] = line.slice(0, at) + INSERTS[pick(INSERTS.length)] + line.slice(at);
          break;
        }
        case 5: lines[li] = lines[li] + ' # note'; break;
        case 6: {
          const j = pick(lines.length);
          [lines[li], lines[j]] = [lines[j], lines[li]];
          break;
        }
        case 7: lines.splice(li, 0, ' '.repeat(pick(8)) + '# comment'); break;
        case 8: {
          // Delete a few characters anywhere in the line (a half-typed edit).
          const line = lines[li];
          const at = pick(line.length + 1);
          lines[li] = line.slice(0, at) + line.slice(at + 1 + pick(3));
          break;
        }
        case 9: {
          // Break the line at a random space (a value pushed onto its own line).
          const line = lines[li];
          const sp = line.indexOf(' ', pick(line.length + 1));
          if (sp >= 0) lines.splice(li, 1, line.slice(0, sp), ' '.repeat(pick(10)) + line.slice(sp + 1));
          break;
        }
        default: lines.splice(li, 0, ''); break;
      }
    }
    t = lines.join('\n');
    const r = rnd();
    if (r < 0.1) t = t.slice(0, pick(t.length + 1));
    else if (r < 0.2) t = t.includes('\r\n') ? t.replace(/\r\n/g, '\n') : t.replace(/\n/g, '\r\n');
    out.push(t);
  }
  return out;
}
