// `npm run bench -- backups [GiB]`: backup verification throughput on a multi-GB dump (default 2 GiB): pgwarden's
// verifier (SHA-256 + MD5 + gunzip to the end, one read) against `sha256sum` and `gzip -t` (two reads), on the same
// file in the same run, with wall time, CPU time and peak RSS from GNU time. The dump is SQL-like COPY data compressed
// at gzip's default level, as `pg_dump | gzip` writes it, repeated as concatenated gzip members (valid for gzip -t and
// for the verifier) so that generating gigabytes does not take minutes of compression. The file is removed at the end.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const MEMBER_RAW_BYTES = 64 * 2 ** 20;
const GNU_TIME = '/usr/bin/time';
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

interface Run {
  readonly tool: string;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly output: string;
}

/** Rows of a plausible table dump: ids, timestamps, words, numbers and some random hex, so the ratio is realistic. */
export function sqlMember(seed: number): Buffer {
  const words = ['order', 'paid', 'shipped', 'customer', 'berlin', 'invoice', 'refund', 'pending', 'note', 'express'];
  const lines: string[] = ['COPY public.orders (id, created_at, status, customer, amount, token) FROM stdin;'];
  let bytes = 0;
  let state = seed * 2654435761;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  for (let id = seed * 10_000_000; bytes < MEMBER_RAW_BYTES; id++) {
    const when = new Date(1_700_000_000_000 + (next() % 31_536_000) * 1000).toISOString();
    const line = `${id}\t${when}\t${words[next() % 10]}\t${words[next() % 10]} ${next() % 100000}\t${(next() % 100000) / 100}\t${next().toString(16)}${next().toString(16)}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  lines.push('\\.', '');
  return gzipSync(lines.join('\n'));
}

async function writeDump(file: string, targetBytes: number): Promise<number> {
  const members = [sqlMember(1), sqlMember(2)];
  const ratio = MEMBER_RAW_BYTES / members[0]!.length;
  log(`each gzip member: ${MEMBER_RAW_BYTES / 2 ** 20} MiB of COPY rows, compressed ${ratio.toFixed(2)}:1`);
  const out = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < targetBytes; i++) {
    const member = members[i % members.length]!;
    if (!out.write(member)) await once(out, 'drain');
    written += member.length;
  }
  out.end();
  await once(out, 'finish');
  return written;
}

function timed(tool: string, command: string, args: string[]): Run {
  const report = path.join(os.tmpdir(), `pgwarden-bench-time-${process.pid}`);
  const useTime = existsSync(GNU_TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  let cpuSeconds = NaN;
  let rssMb = NaN;
  if (useTime) {
    const [user, system, maxKb] = spawnSync('cat', [report], { encoding: 'utf8' })
      .stdout.trim()
      .split(/\s+/)
      .map(Number);
    cpuSeconds = user! + system!;
    rssMb = maxKb! / 1024;
    rmSync(report, { force: true });
  }
  return { tool, seconds, cpuSeconds, rssMb, output: result.stdout.trim() };
}

export async function runBackupsBench(gib: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-bench-backups-'));
  const target = Math.round(gib * 2 ** 30);
  const fs = statfsSync(dir);
  const avail = fs.bavail * fs.bsize;
  if (avail < target * 1.2 + 2 ** 30) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(avail / 2 ** 30).toFixed(1)} GiB free in ${dir}: not enough for a ${gib} GiB dump`);
  }
  const file = path.join(dir, 'shop_full_20240115_020000.sql.gz');
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      cleanUp();
      process.exit(130);
    });
  try {
    log(`free in ${dir}: ${(avail / 2 ** 30).toFixed(1)} GiB; writing a ${gib} GiB dump`);
    const size = await writeDump(file, target);
    const mib = size / 2 ** 20;
    log(
      `dump: ${mib.toFixed(0)} MiB; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // A first read puts the file in the page cache for every tool alike (the machine has far more memory than this).
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const verifier = path.join(path.dirname(new URL(import.meta.url).pathname), 'verify-dump.js');
    const runs = [
      timed('pgwarden verifier (SHA-256 + MD5 + gunzip, one read)', process.execPath, [verifier, file]),
      timed('sha256sum', 'sha256sum', [file]),
      timed('gzip -t', 'gzip', ['-t', file]),
    ];
    const pgwarden = JSON.parse(runs[0]!.output) as { state: string; sha256: string; archive: string };
    const expected = runs[1]!.output.split(/\s+/)[0];
    if (pgwarden.state !== 'done' || pgwarden.archive !== 'ok' || pgwarden.sha256 !== expected)
      throw new Error(`the verifier disagrees with sha256sum/gzip: ${runs[0]!.output} vs ${expected}`);
    const both = {
      tool: 'sha256sum + gzip -t (two reads)',
      seconds: runs[1]!.seconds + runs[2]!.seconds,
      cpuSeconds: runs[1]!.cpuSeconds + runs[2]!.cpuSeconds,
      rssMb: Math.max(runs[1]!.rssMb, runs[2]!.rssMb),
      output: '',
    };
    console.log(
      `\nBackup verification of a ${mib.toFixed(0)} MiB gzip dump (page cache warm), ${os.cpus().length} cores`,
    );
    console.log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}\n`,
    );
    console.log('| tool | wall s | MiB/s | CPU s | MiB per CPU s | peak RSS MB |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const run of [...runs, both])
      console.log(
        `| ${run.tool} | ${run.seconds.toFixed(1)} | ${(mib / run.seconds).toFixed(0)} | ${run.cpuSeconds.toFixed(1)} | ` +
          `${(mib / run.cpuSeconds).toFixed(0)} | ${run.rssMb.toFixed(0)} |`,
      );
  } finally {
    cleanUp();
    log(
      `removed ${dir}; exists now: ${existsSync(dir)}; file size was ${existsSync(file) ? statSync(file).size : 'gone'}`,
    );
  }
}
