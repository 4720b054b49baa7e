import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** Writes a benchmark's figures to bench/results/<name>.json with the machine they were measured on. */
export function writeResult(name: string, figures: unknown): string {
  const dir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}.json`;
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
  writeFileSync(path, `${JSON.stringify({ benchmark: name, measuredAt: new Date().toISOString(), machine, ...(figures as object) }, null, 2)}\n`);
  return path;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
export const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
