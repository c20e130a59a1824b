/**
 * Progress lines on stderr, each stamped with the seconds since the run started, so a person
 * watching a ten-minute run sees where it is and how long each step took. Results go to stdout.
 */
const started = performance.now();

export function elapsedSeconds(): number {
  return (performance.now() - started) / 1000;
}

export function progress(message: string): void {
  process.stderr.write(`[${elapsedSeconds().toFixed(1).padStart(6)}s] ${message}\n`);
}

/** Runs `work` and logs how long it took; the duration is part of what the bench reports. */
export async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  progress(`${label} ...`);
  const result = await work();
  progress(`${label}: done in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  return result;
}
