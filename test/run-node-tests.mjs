// Runs the compiled node:test suites. Node 20's `node --test` takes no globs, so the files are listed
// here. Usage: node test/run-node-tests.mjs [unit|protocol|all]   (default: all)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const which = process.argv[2] ?? 'all';
const dirs = which === 'all' ? ['out/test/unit', 'out/test/protocol', 'out/test/robustness'] : [`out/test/${which}`];

function list(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) list(p, out);
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = dirs.flatMap((d) => list(d));
if (files.length === 0) {
  console.error(`no compiled tests found in ${dirs.join(', ')}; run the build with --tests first`);
  process.exit(1);
}
// The timeout bounds each test file as a whole (a hang detector): the typing-storm file alone sends thousands
// of edits to the real server and can take minutes on a loaded 2-core machine.
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-timeout=900000', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
