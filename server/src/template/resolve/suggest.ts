// "Did you mean" for undefined names: the closest declared names by edit distance.

/** Up to `max` names closest to `name` (edit distance at most a third of its length, at least 2). */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: { n: string; d: number }[] = [];
  let seen = 0;
  for (const c of candidates) {
    // Bounded work on templates with thousands of names.
    if (++seen > 5000) break;
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase(), limit);
    if (d <= limit) scored.push({ n: c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, max).map((s) => s.n);
}

/** " (did you mean A or B?)" or "" */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closestNames(name, candidates);
  if (c.length === 0) return '';
  return ` (did you mean ${c.length === 1 ? c[0] : c.slice(0, -1).join(', ') + ' or ' + c[c.length - 1]}?)`;
}

/** Levenshtein distance, giving up (returning limit + 1) once every cell of a row exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
