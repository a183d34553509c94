// Runs test/editor/neovim-check.lua: headless Neovim (0.7.2 from Debian) attaches dist/server.js over stdio to
// the fixture template and must receive the return-path NACL diagnostic, and complete a flow's To and go to its
// definition. Proves the server works for an LSP client other than VS Code. A missing nvim is a failure (install with scripts/editor/install-editors.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, repoRoot, which } from './code-server.mjs';

const EXPECTED_CODES = ['NACL_RETURN_EPHEMERAL_BLOCKED', 'SUBNET_ACL_RESTRICTION'];
const nvim = process.env.NVIM_BIN || which('nvim');
if (!nvim) fail('nvim not found (run scripts/editor/install-editors.sh)');
const server = join(repoRoot, 'dist/server.js');
if (!existsSync(server)) fail('dist/server.js is not built (node esbuild.mjs)');

const dir = mkdtempSync(join(tmpdir(), 'packetwalk-nvim-'));
const started = Date.now();
let code = 1;
try {
  for (const d of ['config', 'data', 'cache', 'state']) mkdirSync(join(dir, d));
  const template = join(dir, 'app-db.yaml');
  cpSync(join(repoRoot, 'test/fixtures/editor/workspace/app-db.yaml'), template);
  const out = join(dir, 'result.json');
  const r = spawnSync(nvim, ['--headless', '-n', '-i', 'NONE', '-u', join(repoRoot, 'test/editor/neovim-check.lua'), template], {
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'),
      XDG_CACHE_HOME: join(dir, 'cache'), XDG_STATE_HOME: join(dir, 'state'),
      PACKETWALK_SERVER: server, PACKETWALK_NVIM_OUT: out,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw new Error(`nvim did not run: ${r.error.message}`);
  if (!existsSync(out)) throw new Error(`nvim wrote no result (exit ${r.status}): ${r.stderr || r.stdout}`);
  const result = JSON.parse(readFileSync(out, 'utf8'));
  if (result.error) throw new Error(result.error);
  if (result.timedOut) throw new Error('no diagnostics arrived within 20 s');
  const nacl = result.diagnostics.find((d) => EXPECTED_CODES.includes(String(d.code)));
  if (!nacl) throw new Error(`no return-path NACL diagnostic; got ${JSON.stringify(result.diagnostics)}`);
  if (!/app-to-db/.test(nacl.message)) throw new Error(`the diagnostic does not name the flow: ${nacl.message}`);
  // DbNacl and its entries sit on lines 59-86 (1-based) of the fixture; Neovim's lnum is 0-based.
  if (nacl.lnum < 58 || nacl.lnum > 85) throw new Error(`the diagnostic is on line ${nacl.lnum + 1}, not on DbNacl or its entries`);
  // Completion of the flow's `To: D|b` lists the endpoints; definition on it lands on the `Db:` key.
  for (const name of ['Db', 'App', 'internet']) {
    if (!result.completion?.includes(name)) throw new Error(`completion of To lacks ${name}: ${JSON.stringify(result.completion)}`);
  }
  const dbLine = readFileSync(template, 'utf8').split('\n').indexOf('  Db:');
  if (!result.definition || result.definition.line !== dbLine || result.definition.character !== 2) {
    throw new Error(`definition of Db is ${JSON.stringify(result.definition)}, not line ${dbLine + 1} column 3`);
  }
  console.log(`ok - Neovim ${spawnSync(nvim, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]} got ${nacl.code} on line ${nacl.lnum + 1}: ${nacl.message}`);
  console.log(`ok - Neovim completes To with ${result.completion.length} names and goes to Db's definition on line ${dbLine + 1}`);
  code = 0;
} catch (e) {
  console.error(`FAIL: Neovim check: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`Neovim check ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
