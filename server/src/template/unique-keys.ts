// Keys stay unique in the located tree, whatever the source syntax: the last occurrence of a key wins, as
// in CloudFormation, and every earlier one is a DUPLICATE_KEY problem at its key. Shared by the JSON reader
// and both YAML readers, so the three agree to the letter.
import type { LEntry } from './located';
import type { ProblemList } from './limits';

export function keepLast(entries: LEntry[], problems: ProblemList): LEntry[] {
  if (entries.length < 2) return entries;
  if (entries.length <= 8) {
    // Small maps (nearly all of them): a quadratic check is cheaper than building a Map.
    let duplicates = false;
    for (let i = 1; i < entries.length && !duplicates; i++) {
      for (let j = 0; j < i; j++) if (entries[j].key === entries[i].key) duplicates = true;
    }
    if (!duplicates) return entries;
  }
  const last = new Map<string, number>();
  let duplicates = false;
  entries.forEach((e, i) => {
    if (last.has(e.key)) {
      duplicates = true;
      problems.add('DUPLICATE_KEY', `Duplicate key "${e.key}": CloudFormation keeps only the last one.`, e.keyRange);
    }
    last.set(e.key, i);
  });
  return duplicates ? entries.filter((e, i) => last.get(e.key) === i) : entries;
}
