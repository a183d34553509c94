// Copies the latest benchmark and fuzz figures (scripts/bench/last-results.md, scripts/fuzz/last-results.md)
// into the README between its <!-- bench:start/end --> and <!-- fuzz:start/end --> markers, so the README
// shows what the scripts measured rather than numbers typed by hand. Usage: node scripts/readme-results.mjs
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

let readme = readFileSync('README.md', 'utf8');
for (const [name, file] of [
  ['bench', 'scripts/bench/last-results.md'],
  ['fuzz', 'scripts/fuzz/last-results.md'],
]) {
  if (!existsSync(file)) continue;
  const body = readFileSync(file, 'utf8').replace(/^<!--.*?-->\n/, '').trim();
  const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!re.test(readme)) throw new Error(`README.md has no ${name} markers`);
  readme = readme.replace(re, (_m, a, b) => `${a}${body}${b}`);
}
writeFileSync('README.md', readme);
