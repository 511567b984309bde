// A real Prometheus (the Debian `prometheus` binary) on loopback, scraping given targets, with its HTTP query API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/demo/free-port.js';

export interface QueryResult {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  result: unknown;
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query (`/api/v1/query`) at `time` (unix seconds; default now). */
  query(expr: string, time?: number): Promise<QueryResult>;
  /** A range query (`/api/v1/query_range`). */
  queryRange(expr: string, start: number, end: number, stepSeconds: number): Promise<QueryResult>;
  stop(): Promise<void>;
}

async function api(url: string, params: Record<string, string>): Promise<QueryResult> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(params) });
  const body = (await response.json()) as { status: string; data?: QueryResult; error?: string };
  if (body.status !== 'success' || !body.data) throw new Error(`${params.query}: ${body.error ?? response.status}`);
  return body.data;
}

export interface PrometheusOptions {
  /** A directory to keep (its TSDB survives stop and start); default a fresh one removed at stop. */
  readonly dir?: string;
  readonly port?: number;
  readonly extraArgs?: readonly string[];
}

/** Starts Prometheus scraping `targets` (host:port) every second; resolves once it is ready. */
export async function startPrometheus(
  targets: readonly string[],
  timeoutMs = 30_000,
  options: PrometheusOptions = {},
): Promise<PrometheusServer> {
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'pgwarden-prometheus-'));
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: pgwarden',
      `    static_configs: [{ targets: [${targets.map((t) => `'${t}'`).join(', ')}] }]`,
      '',
    ].join('\n'),
  );
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
      ...(options.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    query: (expr, time = Date.now() / 1000) => api(`${url}/api/v1/query`, { query: expr, time: String(time) }),
    queryRange: (expr, start, end, step) =>
      api(`${url}/api/v1/query_range`, {
        query: expr,
        start: String(start),
        end: String(end),
        step: String(step),
      }),
    stop,
  };
}

/** Whether a query result holds at least one value. */
export function hasData(result: QueryResult): boolean {
  if (result.resultType === 'scalar' || result.resultType === 'string') return true;
  return Array.isArray(result.result) && result.result.length > 0;
}
