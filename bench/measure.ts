import { readFileSync } from 'node:fs';
import { request } from 'node:http';

export interface ScrapeResult {
  /** From sending the request to the last byte of the body (no decoding), as an exporter's latency. */
  readonly ms: number;
  /** Wall-clock time the request was sent (ms since epoch). */
  readonly startedAt: number;
  readonly bytes: number;
  readonly series: number;
  readonly text: string;
}

/** GET without Accept-Encoding (the plain text, as in every row of docs/benchmarks.md), timed to the last byte. */
export function scrape(url: string): Promise<ScrapeResult> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    request(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = performance.now() - started;
        if (response.statusCode !== 200) return reject(new Error(`scrape of ${url} answered ${response.statusCode}`));
        const body = Buffer.concat(chunks);
        const text = body.toString();
        const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;
        resolve({ ms, startedAt, bytes: body.length, series, text });
      });
    })
      .on('error', reject)
      .end();
  });
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export function metricValue(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
