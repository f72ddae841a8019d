import { cpus, totalmem } from 'node:os';

/** Percentile of sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `task` `count` times with `concurrency` in flight; returns per-call latencies (ms) and the wall time. */
export async function measure(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: (count / wallMs) * 1000, count };
}

export function machine(): string {
  return `${new Date().toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`;
}

/** Prints rows as an aligned table. */
export function table(rows: Record<string, string | number>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const cells = rows.map((row) => headers.map((h) => format(row[h])));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function format(value: string | number | undefined): string {
  if (typeof value !== 'number') return String(value ?? '');
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
