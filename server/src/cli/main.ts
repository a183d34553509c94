#!/usr/bin/env node
// The `packetwalk` command line (bundled to dist/cli.js, package.json `bin`): runs one command (run.ts),
// writes its output and sets the exit code. Errors never reach the user as a stack trace unless
// PACKETWALK_DEBUG=1.
import { guard, run } from './run';

function main(): void {
  const debug = process.env.PACKETWALK_DEBUG === '1';
  // `packetwalk … | head`: a closed pipe is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const out = guard(() => run(process.argv.slice(2)), debug);
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  // exitCode (not process.exit) so piped output is flushed before the process ends.
  process.exitCode = out.exitCode;
}

main();
