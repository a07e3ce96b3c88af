import { TillFailure } from '../../shared/contract/envelope';

/**
 * The one command-line option the Electron shell reads, the same as the browser shell's:
 * `--data-dir DIR` (or `--data-dir=DIR`), which `npm start -- --data-dir DIR` passes on. Everything
 * else on Electron's command line (Chromium switches, `.`, `--port` meant for the browser shell) is
 * left alone. The option wins over TILL_DATA_DIR.
 */

export const ShellArgsErrorCode = {
  /** `--data-dir` was given without a folder. */
  MissingValue: 'SHELL_ARG_MISSING_VALUE',
} as const;

/** The data folder asked for on the command line or in TILL_DATA_DIR, or undefined for the default. */
export function requestedDataDir(argv: readonly string[], env: Record<string, string | undefined>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('--data-dir=')) return nonEmpty(arg.slice('--data-dir='.length));
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return nonEmpty(undefined);
      return nonEmpty(next);
    }
  }
  const fromEnv = env.TILL_DATA_DIR;
  return fromEnv === undefined || fromEnv.trim() === '' ? undefined : fromEnv;
}

function nonEmpty(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new TillFailure(ShellArgsErrorCode.MissingValue, '--data-dir needs a folder, like --data-dir "C:\\Till data". Leave it out to use the usual folder.');
  }
  return value;
}
