import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_ENTRY, launcherNodeFlags } from '../src/cli/node-flags.js';
import { freePort } from '../src/demo/free-port.js';
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

/** Scrapes `url` until it answers with `pg_up 1` (two minutes at most). */
export async function waitForMetrics(url: string): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    try {
      const r = await scrape(url);
      if (r.text.includes('pg_up 1')) return;
    } catch {
      /* not listening yet */
    }
    await sleep(500);
  }
  throw new Error(`no pg_up 1 from ${url}`);
}

/** The served collection, read from pgwarden's own metrics. */
export interface CollectionSeen {
  /** Start, Unix seconds (the collection's identity). */
  readonly started: number;
  readonly seconds: number;
}

export function collectionOf(text: string): CollectionSeen | undefined {
  const started = metricValue(text, 'pgwarden_collection_timestamp_seconds');
  const seconds = metricValue(text, 'pgwarden_collection_duration_seconds');
  return started === undefined || seconds === undefined ? undefined : { started, seconds };
}

/**
 * Waits for a moment between two collections (the served one has ended, the next starts at the latest one interval
 * after its start: the schedule has a fixed rate), so that resetting and reading pg_stat_statements there counts
 * whole collections only. Returns pgwarden_collections_total and the served collection.
 */
export async function betweenCollections(
  url: string,
  intervalMs: number,
  quietMarginMs: number,
): Promise<{ total: number; collection: CollectionSeen }> {
  for (;;) {
    const { text } = await scrape(url);
    const total = metricValue(text, 'pgwarden_collections_total');
    const collection = collectionOf(text);
    if (total !== undefined && collection) {
      const nextStart = collection.started * 1000 + intervalMs;
      if (Date.now() < nextStart - quietMarginMs) return { total, collection };
    }
    await sleep(250);
  }
}

/** Starts a measured process with only PATH and `env` in its environment; its stderr is drained and dropped. */
export function startProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

export interface BenchAgent {
  readonly child: ChildProcess;
  /** http://127.0.0.1:PORT, the agent's listen address. */
  readonly base: string;
}

/**
 * Starts the built agent as the installed `pgwarden` command runs (its Node.js flags) on a free loopback port, with a
 * configuration made of one target (with `targetLines`, indented) and `rest` (YAML lines), in a fresh directory that
 * also holds its state_dir.
 */
export async function startAgent(dsn: string, rest: (dir: string) => string, targetLines = ''): Promise<BenchAgent> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-bench-'));
  const config = path.join(dir, 'pgwarden.yml');
  writeFileSync(config, `targets:\n  - name: bench\n    url: "${dsn}"\n${targetLines}${rest(dir)}`);
  const child = startProcess(
    process.execPath,
    [...launcherNodeFlags(), CLI_ENTRY, '--config', config, `--web.listen-address=127.0.0.1:${port}`],
    {},
  );
  return { child, base: `http://127.0.0.1:${port}` };
}
