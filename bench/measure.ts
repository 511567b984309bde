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
        resolve({ ms, startedAt, bytes: body.length, series: countSeries(text), text });
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

// The bench shares 2 cores with the agent and PostgreSQL, so it reads 3.8 MB bodies without splitting them into
// lines: splitting every scrape of four scrapers took CPU from the very collections being timed.

/** Sample lines in an exposition (lines that are neither empty nor comments). */
function countSeries(text: string): number {
  let series = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start && text.charCodeAt(start) !== 35 /* # */) series += 1;
    start = end + 1;
  }
  return series;
}

function lineStart(text: string, prefix: string): number {
  if (text.startsWith(prefix)) return 0;
  const at = text.indexOf(`\n${prefix}`);
  return at === -1 ? -1 : at + 1;
}

/** The value of the first sample of `name` (with or without labels). */
export function metricValue(text: string, name: string): number | undefined {
  for (const prefix of [`${name} `, `${name}{`]) {
    const at = lineStart(text, prefix);
    if (at === -1) continue;
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
