// A keystroke that breaks the YAML inside one resource. The editor then shows the parser's problems for
// the new text (over the last good results), so those problems are all that must be known at once; the
// rest of a whole analysis of the broken text is computed only if someone asks for it.
//
// The parser's problems are read from a much shorter text with the same shape around the edit: the
// `Resources:` line, the edited stretch with the resource before and after it, and the line that follows
// the resources (the other sections parsed cleanly and end before or start after it). The yaml parser ends every
// construct (block, flow collection, quoted scalar) at a line indented no deeper than its parent, and the
// stretch keeps every line deeper than the logical ids, so what the parser makes of the stretch depends
// on the line before and the line after it, which the shorter text keeps. Keys the stretch may add are
// checked against the resources left out (a duplicate key is the one problem that reaches across).
// The equality tests (test/unit/analyze/live-equality.test.ts) hold this path to the whole parse.
import { parseTemplate } from '../../template/parse';
import { hasCloudFormationType, isCloudFormationTemplate, looksLikeCloudFormation } from '../../template/detect';
import type { LNode, Problem } from '../../template/located';
import { linesStayInside, type Chunk } from './chunks';
import { parseHasSyntaxError } from './spans';

/** Texts longer than this take the whole path: the node and problem limits of the parser count the whole text. */
const MAX_TEXT = 2 * 1024 * 1024;

export interface BrokenStretch {
  problems: Problem[];
  isTemplate: boolean;
}

/**
 * The parse problems of `text`, which differs from the chunked text only in chunks i..j (by `delta`
 * characters), when that stretch does not parse; null when the shorter text cannot stand for it.
 */
export function brokenStretchProblems(
  text: string,
  chunks: Chunk[],
  i: number,
  j: number,
  delta: number,
  indent: number,
  globals: { prefixLength: number; suffixStart: number; resourcesLine: number; hasVersion: boolean },
): BrokenStretch | null {
  if (text.length > MAX_TEXT) return null;
  const stretchStart = chunks[i].start;
  const stretchEnd = chunks[j].start + chunks[j].text.length + delta;
  if (stretchEnd <= stretchStart) return null;
  const stretch = text.slice(stretchStart, stretchEnd);
  if (!stretch.endsWith('\n') || !linesStayInside(stretch, indent) || !startsWithKey(stretch, indent)) return null;
  const left = new Set(chunks.filter((_, k) => k < i || k > j).map((c) => c.id));
  for (const key of keysAt(stretch, indent)) if (key === null || left.has(key)) return null;

  const from = i > 0 ? chunks[i - 1].start : stretchStart;
  const to = j + 1 < chunks.length ? chunks[j + 1].start + delta + chunks[j + 1].text.length : stretchEnd;
  const prefixLength = globals.prefixLength;
  const suffixStart = globals.suffixStart + delta;
  // Directives and document markers before the resources change how everything after them is read.
  const head = /^(%|---|\.\.\.)/m.test(text.slice(0, prefixLength)) ? 0 : globals.resourcesLine;
  const suffix = text.slice(suffixStart);
  const firstLine = suffix.slice(0, suffix.indexOf('\n') + 1 || suffix.length);
  const tail = /^[A-Za-z"']/.test(firstLine) && !/^(---|\.\.\.)/.test(firstLine) ? firstLine : suffix;
  const middle = to - from;
  const lead = prefixLength - head;
  const short = text.slice(head, prefixLength) + text.slice(from, to) + tail;
  const parse = parseTemplate(short);
  if (!parseHasSyntaxError(parse)) return null;
  // The parser must be back on its feet after the stretch: the resource that follows it read exactly as
  // before (and the section after the resources as a section), so that everything after it reads as it
  // did when the text was clean. An unclosed quote inside a flow collection, say, runs on past the
  // stretch: then only the whole text can tell where the parser's problems are.
  const root = parse.root;
  if (!root || root.kind !== 'map') return null;
  if (j + 1 < chunks.length) {
    const res = root.entries.find((e) => e.key === 'Resources')?.value;
    const after = chunks[j + 1];
    const entry = res && res.kind === 'map' ? res.entries.find((e) => e.key === after.id) : undefined;
    const shift = lead + (after.start + delta - from) - after.base;
    if (!entry || !sameTree(entry.value, after.entry.value, shift) || entry.keyRange.start - after.entry.keyRange.start !== shift) return null;
  }
  const tailKey = tail === firstLine && tail.length > 0 ? /^([^:\s]+)\s*:/.exec(tail)?.[1] : undefined;
  if (tail === firstLine && tail.length > 0 && (!tailKey || !root.entries.some((e) => e.key === tailKey.replace(/^["']|["']$/g, '')))) return null;

  const toText = (v: number, isEnd: boolean): number => {
    if (v < lead || (isEnd && v === lead)) return head + v;
    if (v < lead + middle || (isEnd && v === lead + middle)) return from + (v - lead);
    return suffixStart + (v - lead - middle);
  };
  const problems = parse.problems.map((p) => ({
    ...p,
    range: { start: toText(p.range.start, false), end: toText(p.range.end, p.range.end > p.range.start) },
  }));
  // What analyzeText would decide from the whole broken tree: a version key, or any AWS:: resource (the
  // resources left out parsed cleanly before and still do).
  let isTemplate: boolean;
  if (!parse.root) isTemplate = looksLikeCloudFormation(text);
  else isTemplate = globals.hasVersion || isCloudFormationTemplate(parse.root) || chunks.some((c, k) => (k < i || k > j) && hasCloudFormationType(c.entry.value));
  return { problems, isTemplate };
}

/** The same located tree, every range moved by `shift`. */
function sameTree(a: LNode, b: LNode, shift: number): boolean {
  if (a.kind !== b.kind || a.range.start - b.range.start !== shift || a.range.end - b.range.end !== shift) return false;
  if (a.kind === 'scalar') return a.value === (b as typeof a).value;
  if (a.kind === 'seq') {
    const bi = (b as typeof a).items;
    return a.items.length === bi.length && a.items.every((x, k) => sameTree(x, bi[k], shift));
  }
  const be = (b as typeof a).entries;
  return (
    a.entries.length === be.length &&
    a.entries.every((e, k) => e.key === be[k].key && e.keyRange.start - be[k].keyRange.start === shift && sameTree(e.value, be[k].value, shift))
  );
}

function startsWithKey(stretch: string, indent: number): boolean {
  for (let k = 0; k < indent; k++) if (stretch.charCodeAt(k) !== 0x20) return false;
  const c = stretch[indent];
  return c !== undefined && !/[\s#\-'"{}[\],&*!|>%@`?]/.test(c);
}

/** The plain keys written at the ids' column (null for one the scan cannot read with certainty). */
function keysAt(stretch: string, indent: number): Array<string | null> {
  const keys: Array<string | null> = [];
  for (const line of stretch.split('\n')) {
    if (line.length <= indent || line.charCodeAt(indent) === 0x20 || line[indent] === '#') continue;
    if (!/^ *$/.test(line.slice(0, indent))) continue;
    const m = /^([^\s#:'"{}[\],&*!|>%@`?-][^:#]*?)\s*:(\s|$)/.exec(line.slice(indent));
    keys.push(m ? m[1] : null);
  }
  return keys;
}
