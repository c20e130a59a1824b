import { pino } from 'pino';

/** The application logger; child loggers share its level, redaction and destination. */
export type Logger = pino.Logger;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** A pino level (`fatal` … `trace`, or `silent`). An unknown level makes pino throw. */
  level: string;
  /**
   * Human-readable single lines (`12:00:00.123 INFO  message {"k":"v"}`) instead of JSON, for a
   * local terminal. Default `false`. Formatted here rather than with pino-pretty, which we do not
   * ship.
   */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass a capturing stream. */
  destination?: pino.DestinationStream;
}

/**
 * Paths whose values are replaced by `[REDACTED]`. pino's wildcards match exactly one level,
 * hence both the top-level key and the `*.key` form.
 */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'authorization',
  'apiKey',
  'password',
  'privateKey',
  'token',
  'secret',
  '*.authorization',
  '*.apiKey',
  '*.password',
  '*.privateKey',
  '*.token',
  '*.secret',
  '*.jwtSecret',
  '*.signatureSecret',
];

const LEVEL_LABELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

const OMITTED_IN_PRETTY = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

// Turns one JSON line from pino into one readable line; anything unparsable passes through.
const prettyLine = (line: string): string => {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 23) : '';
  const level = (typeof record.level === 'string' ? record.level.toUpperCase() : LEVEL_LABELS[Number(record.level)]) ?? '';
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !OMITTED_IN_PRETTY.has(key)));
  const { err, ...fields } = rest as { err?: { stack?: string } } & Record<string, unknown>;
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const stack = err?.stack ? `\n${err.stack}` : '';
  return `${time} ${level.padEnd(5)} ${String(record.msg ?? '')}${extra}${stack}\n`;
};

const prettyStream = (target: pino.DestinationStream): pino.DestinationStream => ({
  write: (line: string) => target.write(prettyLine(line)),
});

/**
 * Builds the process logger: JSON lines with ISO timestamps and level labels, secrets redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  // Synchronous writes for the terminal keep log lines in order with console output.
  const target = options.destination ?? pino.destination({ dest: 1, sync: options.pretty === true });
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Labels survive a change of pino's numeric levels and read well in log search.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: '[REDACTED]' },
    },
    options.pretty ? prettyStream(target) : target,
  );
}

/**
 * Masks a phone number for logs: keeps `+`, the first two digits and the last two, and replaces
 * every other digit by `*` so the length still shows, e.g. `+14155550134` → `+14*******34`.
 * Numbers too short to keep anything meaningful are masked entirely (except `+`).
 */
export function maskPhone(e164: string): string {
  const hasPlus = e164.startsWith('+');
  const digits = hasPlus ? e164.slice(1) : e164;
  const prefix = hasPlus ? '+' : '';
  if (digits.length <= 4) return prefix + '*'.repeat(digits.length);
  return `${prefix}${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}
