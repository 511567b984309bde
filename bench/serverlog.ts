// `npm run bench -- serverlog`: the server-log reader's parse throughput on a >= 200 MB log per format, pgBadger's
// run time on the same stderr file, and the agent's CPU and RSS while it tails a log written at 10 MB/s.
// The log is generated from message templates copied from a real PostgreSQL 18 log (the mix of a busy server with
// log_min_duration_statement, log_connections and log_lock_waits on); fidelity on real logs is the interop test's job.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeLogFile } from '../src/collect/serverlog/analyze.js';
import type { LogFormat } from '../src/collect/serverlog/records.js';
import { CLI_ENTRY, launcherNodeFlags } from '../src/cli/node-flags.js';
import { freePort } from '../src/demo/free-port.js';
import { metricValue, quantile, rssBytes, scrape, sleep } from './measure.js';

const PREFIX = '%m [%p] %q%u@%d %h %e ';
const TARGET_BYTES = 210 * 2 ** 20;
const TAIL_RATE = 10 * 2 ** 20;
const TAIL_SECONDS = 30;

interface Message {
  severity: string;
  sqlstate: string;
  message: string;
  detail?: string;
  statement?: string;
}

function messages(i: number): Message[] {
  return [
    { severity: 'LOG', sqlstate: '00000', message: `connection authorized: user=app database=shop` },
    {
      severity: 'LOG',
      sqlstate: '00000',
      message: `duration: ${(100 + (i % 900)).toFixed(3)} ms  statement: SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = 'user${i}@example.com' AND o.created_at > now() - interval '30 days' ORDER BY o.created_at DESC LIMIT 50`,
    },
    {
      severity: 'ERROR',
      sqlstate: '23505',
      message: 'duplicate key value violates unique constraint "orders_pkey"',
      detail: `Key (id)=(${i}) already exists.`,
      statement: `INSERT INTO orders (id, customer_id, total) VALUES (${i}, ${i % 1000}, 42.50)`,
    },
    {
      severity: 'LOG',
      sqlstate: '00000',
      message: `process ${i % 30000} still waiting for ShareLock on transaction ${i} after 1000.${i % 1000} ms`,
      detail: `Process holding the lock: ${(i % 30000) + 1}. Wait queue: ${i % 30000}.`,
      statement: `UPDATE stock SET qty = qty - 1 WHERE sku = 'SKU-${i % 5000}'`,
    },
    {
      severity: 'LOG',
      sqlstate: '00000',
      message: `temporary file: path "base/pgsql_tmp/pgsql_tmp${i}.0", size ${1400000 + i}`,
      statement: 'SELECT * FROM events ORDER BY payload',
    },
    {
      severity: 'FATAL',
      sqlstate: '28P01',
      message: 'password authentication failed for user "admin"',
      detail: 'Connection matched file "pg_hba.conf" line 115: "host all all 0.0.0.0/0 scram-sha-256"',
    },
    {
      severity: 'LOG',
      sqlstate: '00000',
      message: `disconnection: session time: 0:00:0${i % 10}.${i % 1000} user=app database=shop host=10.0.0.${i % 250} port=5${i % 10000}`,
    },
  ];
}

const csvQuote = (v: string | undefined) => (v === undefined ? '' : `"${v.replace(/"/g, '""')}"`);

function render(format: LogFormat, m: Message, n: number): string {
  const ts = `2026-12-04 14:${String(Math.floor(n / 60000) % 60).padStart(2, '0')}:${String(Math.floor(n / 1000) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')} UTC`;
  const pid = 10000 + (n % 500);
  const host = `10.0.0.${n % 250}`;
  if (format === 'stderr') {
    const head = `${ts} [${pid}] app@shop ${host} ${m.sqlstate} `;
    let text = `${head}${m.severity}:  ${m.message}\n`;
    if (m.detail) text += `${head}DETAIL:  ${m.detail}\n`;
    if (m.statement) text += `${head}STATEMENT:  ${m.statement}\n`;
    return text;
  }
  if (format === 'csvlog') {
    const fields = [
      ts,
      csvQuote('app'),
      csvQuote('shop'),
      String(pid),
      csvQuote(`${host}:5432`),
      '6b12cc74.754f',
      String(n),
      csvQuote('SELECT'),
      ts,
      '3/1',
      '0',
      m.severity,
      m.sqlstate,
      csvQuote(m.message),
      csvQuote(m.detail),
      '',
      '',
      '',
      '',
      csvQuote(m.statement),
      '',
      '',
      csvQuote('psql'),
      csvQuote('client backend'),
      '',
      '0',
    ];
    return `${fields.join(',')}\n`;
  }
  return `${JSON.stringify({ timestamp: ts, user: 'app', dbname: 'shop', pid, remote_host: host, remote_port: 5432, session_id: '6b12cc74.754f', line_num: n, error_severity: m.severity, state_code: m.sqlstate, message: m.message, detail: m.detail, statement: m.statement, backend_type: 'client backend', query_id: 0 })}\n`;
}

async function generate(file: string, format: LogFormat, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    let batch = '';
    for (let k = 0; k < 200; k++, n++) {
      const list = messages(n);
      batch += render(format, list[n % list.length] as Message, n);
    }
    written += Buffer.byteLength(batch);
    if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return written;
}

const mb = (bytes: number) => bytes / 2 ** 20;
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

/** CPU seconds (user + system) of a process so far. */
function cpuSeconds(pid: number): number {
  const fields = (spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).stdout.split(') ')[1] ?? '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function tail(dir: string, source: string): Promise<string> {
  const logFile = path.join(dir, 'tailed.log');
  writeFileSync(logFile, '');
  const port = await freePort();
  const config = path.join(dir, 'pgwarden.yml');
  writeFileSync(
    config,
    [
      'collection_interval: 1s',
      'rule_files: []',
      `state_dir: ${JSON.stringify(path.join(dir, 'state'))}`,
      'targets:',
      `  - name: tailed`,
      `    url: postgresql://bench@127.0.0.1:${await freePort()}/postgres`,
      `    log: { path: ${JSON.stringify(logFile)}, format: stderr, line_prefix: '${PREFIX}' }`,
      '',
    ].join('\n'),
  );
  const agent = spawn(
    process.execPath,
    [...launcherNodeFlags(), CLI_ENTRY, 'serve', '--config', config, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/metrics`;
  for (let i = 0; i < 100; i++) {
    try {
      if (metricValue((await scrape(url)).text, 'pg_log_file_readable') === 1) break;
    } catch {
      /* starting */
    }
    await sleep(200);
  }
  const input = openSync(source, 'r');
  const chunk = Buffer.alloc(TAIL_RATE / 10);
  let offset = 0;
  const rss: number[] = [];
  const cpuStart = cpuSeconds(agent.pid as number);
  const started = performance.now();
  for (let tick = 0; tick < TAIL_SECONDS * 10; tick++) {
    const n = readSync(input, chunk, 0, chunk.length, offset);
    const cut = chunk.lastIndexOf(0x0a, n - 1) + 1;
    appendFileSync(logFile, chunk.subarray(0, cut));
    offset += cut;
    if (tick % 5 === 0) rss.push(rssBytes(agent.pid as number));
    const due = started + (tick + 1) * 100;
    await sleep(Math.max(0, due - performance.now()));
  }
  closeSync(input);
  await sleep(3000);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(agent.pid as number) - cpuStart;
  const text = (await scrape(url)).text;
  agent.kill('SIGTERM');
  const read = metricValue(text, 'pg_log_read_bytes_total') ?? 0;
  const skipped = metricValue(text, 'pg_log_skipped_bytes_total') ?? 0;
  return (
    `Tailing: ${mb(offset).toFixed(0)} MB written at ${mb(TAIL_RATE)} MB/s for ${TAIL_SECONDS} s (collection every 1 s): ` +
    `agent CPU ${((100 * cpu) / elapsed).toFixed(0)} % of one core, RSS median ${mb(quantile(rss, 0.5)).toFixed(0)} MB, ` +
    `max ${mb(Math.max(...rss)).toFixed(0)} MB; read ${mb(read).toFixed(0)} MB, skipped ${mb(skipped).toFixed(0)} MB, ` +
    `${statSync(logFile).size === read ? 'nothing left behind' : `${mb(statSync(logFile).size - read).toFixed(1)} MB unread`}`
  );
}

export async function runServerLogBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-logbench-'));
  const lines: string[] = [
    '| format | file MB | pgwarden s | pgwarden MB/s | messages | pgBadger s | pgBadger MB/s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  try {
    let stderrFile = '';
    for (const [format, extension, pgbadgerFormat] of [
      ['stderr', 'log', 'stderr'],
      ['csvlog', 'csv', 'csv'],
      ['jsonlog', 'json', 'jsonlog'],
    ] as const) {
      const file = path.join(dir, `bench.${extension}`);
      const bytes = await generate(file, format, TARGET_BYTES);
      if (format === 'stderr') stderrFile = file;
      log(`${format}: ${mb(bytes).toFixed(0)} MB generated; parsing`);
      const t0 = performance.now();
      const analysis = await analyzeLogFile(file, format, PREFIX);
      const ours = (performance.now() - t0) / 1000;
      log(`${format}: pgBadger`);
      const t1 = performance.now();
      const badger = spawnSync(
        'pgbadger',
        [
          '-q',
          '--pid-dir',
          dir,
          '-j',
          '1',
          '-f',
          pgbadgerFormat,
          '--prefix',
          PREFIX,
          '-x',
          'json',
          '-o',
          path.join(dir, `${extension}.json`),
          file,
        ],
        { timeout: 900_000 },
      );
      const theirs = badger.status === 0 ? (performance.now() - t1) / 1000 : NaN;
      lines.push(
        `| ${format} | ${mb(bytes).toFixed(0)} | ${ours.toFixed(1)} | ${(mb(bytes) / ours).toFixed(0)} | ${analysis.entries} | ${theirs.toFixed(1)} | ${(mb(bytes) / theirs).toFixed(1)} |`,
      );
      if (format !== 'stderr') rmSync(file);
    }
    log('tailing at 10 MB/s');
    const tailing = await tail(dir, stderrFile);
    process.stdout.write(`Server log, ${os.cpus().length} cores\n\n${lines.join('\n')}\n\n${tailing}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
