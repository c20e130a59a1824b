import { writeFileSync } from 'node:fs';

/** One line of the final table (and one object of `--json`). */
export interface Row {
  id: string;
  metric: string;
  ours: number | null;
  reference: number | null;
  /** Always "higher is better for us": ours/reference for rates, reference/ours for latencies. */
  ratio: number | null;
  unit: string;
  target: string;
  pass: boolean | null;
  /** Highest CPU the load generator (this process) used in the runs behind the row, % of one core. */
  clientCpu: number | null;
  note?: string;
  delivered?: { ours: number | null; reference: number | null };
  bytesPerSubscriber?: { ours: number | null; reference: number | null };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const fmt = (v: number | null, unit = '') => {
  if (v === null || Number.isNaN(v)) return 'n/a';
  if (unit === '%') return `${(v * 100).toFixed(1)}%`;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
};

/** The table: absolute figures for information, ratios and targets for the verdict. */
export function printTable(rows: Row[], out: NodeJS.WritableStream = process.stdout): void {
  const header = ['scenario', 'metric', 'ours', 'reference', 'ratio', 'target', 'result', 'client CPU'];
  const lines = rows.map((r) => [
    r.id, `${r.metric}${r.unit && r.unit !== '%' ? ` (${r.unit})` : ''}`, fmt(r.ours, r.unit), fmt(r.reference, r.unit),
    r.ratio === null ? 'n/a' : `${r.ratio.toFixed(2)}x`, r.target, r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL',
    r.clientCpu === null ? '' : `${r.clientCpu.toFixed(0)}%${r.clientCpu >= 90 ? ' SATURATED' : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  out.write(`${line(header)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${lines.map(line).join('\n')}\n`);
  const notes = rows.filter((r) => r.note);
  if (notes.length) out.write(`\nNotes:\n${notes.map((r) => `- ${r.id} ${r.metric}: ${r.note}`).join('\n')}\n`);
  out.write('\nratio: higher is better for us (ours/reference for rates, reference/ours for latencies). ' +
    'client CPU: the load generator\'s own CPU (100% = one core); SATURATED means the client, not the server, may be the limit.\n');
}

export function writeJson(file: string, rows: Row[]): void {
  writeFileSync(file, `${JSON.stringify(rows.map((r) => ({
    id: r.id, metric: r.metric, ours: r.ours, reference: r.reference, ratio: r.ratio, unit: r.unit,
    ...(r.delivered ? { delivered: r.delivered } : {}), ...(r.bytesPerSubscriber ? { bytesPerSubscriber: r.bytesPerSubscriber } : {}),
    target: r.target, pass: r.pass, clientCpu: r.clientCpu, ...(r.note ? { note: r.note } : {}),
  })), null, 2)}\n`);
}
