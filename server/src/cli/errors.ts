// The CLI's one error type. A UsageError (bad flag, bad value, missing file, unknown endpoint…) ends the
// process with exit code 2 and its message on stderr; anything else that escapes is a bug, reported the
// same way but without a stack trace unless PACKETWALK_DEBUG=1.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes of docs/architecture.md "Command line". 2 (usage/I-O) wins over 1 (blocked / error finding). */
export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

export function worstExit(a: number, b: number): number {
  if (a === EXIT_USAGE || b === EXIT_USAGE) return EXIT_USAGE;
  return Math.max(a, b);
}
