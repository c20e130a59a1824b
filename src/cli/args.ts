/** Where a command writes: machine-readable results to `out`, progress and messages to `err`. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Parses `--name value` / `--flag` arguments; unknown flags are an error so typos don't pass silently. */
export function parseArgs(argv: string[], known: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (!known.includes(name)) throw new Error(`Unknown option --${name}. Known: ${known.map((k) => `--${k}`).join(', ')}.`);
    if (inline !== undefined) out[name] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[name] = argv[++i];
    else out[name] = true;
  }
  return out;
}
