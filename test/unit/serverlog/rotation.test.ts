import { appendFile } from 'node:fs/promises';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../../src/collect/model.js';
import { serverLogSchema } from '../../../src/collect/serverlog/config.js';
import { ServerLogSource } from '../../../src/collect/serverlog/source.js';
import { collectFamilies } from '../../support/collected.js';

const logger = pino({ level: 'silent' });

function value(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  return (family?.samples ?? [])
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

const errorsOf = (families: readonly MetricFamily[]) => value(families, 'pg_log_messages_total', { severity: 'ERROR' });

let n = 0;
/** `count` ERROR messages, each with a DETAIL line, as the server writes them. */
function errors(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    n += 1;
    text += `2026-12-04 14:21:40.${String(n % 1000).padStart(3, '0')} UTC [${1000 + n}] ERROR:  error number ${n}\n`;
    text += `2026-12-04 14:21:40.${String(n % 1000).padStart(3, '0')} UTC [${1000 + n}] DETAIL:  detail ${n}\n`;
  }
  return text;
}

describe('following the log across rotations (real files)', () => {
  let dir: string;
  let stateDir: string;
  let file: string;
  const source = (extra: Record<string, unknown> = {}) =>
    new ServerLogSource(
      'db1',
      serverLogSchema.parse({ path: path.join(dir, 'postgresql*.log*'), line_prefix: '%m [%p] ', ...extra }),
      stateDir,
      logger,
    );

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-log-'));
    stateDir = path.join(dir, 'state');
    file = path.join(dir, 'postgresql.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at the end on the first start, then counts what is appended (with DETAIL lines) once', async () => {
    writeFileSync(file, errors(5));
    const s = source();
    expect(errorsOf(await collectFamilies(s, 0))).toBe(0);
    appendFileSync(file, errors(3));
    expect(errorsOf(await collectFamilies(s, 1))).toBe(3);
    expect(errorsOf(await collectFamilies(s, 2))).toBe(3);
    expect(s.events()[0]).toMatchObject({ severity: 'ERROR', detail: expect.stringMatching(/^detail \d+$/) });
  });

  it('a line written in two pieces is counted once, when complete', async () => {
    writeFileSync(file, '');
    const s = source();
    await collectFamilies(s, 0);
    const text = errors(1);
    appendFileSync(file, text.slice(0, 20));
    expect(errorsOf(await collectFamilies(s, 1))).toBe(0);
    appendFileSync(file, text.slice(20));
    expect(errorsOf(await collectFamilies(s, 2))).toBe(1);
  });

  it.each([
    ['inside the glob', 'postgresql.log.1'],
    ['outside the glob', 'old-postgresql'],
  ])('rename rotation (%s): the rest of the old file, then the new file from its start', async (_name, renamed) => {
    writeFileSync(file, errors(1));
    const s = source();
    await collectFamilies(s, 0);
    appendFileSync(file, errors(4));
    renameSync(file, path.join(dir, renamed));
    writeFileSync(file, errors(6));
    const families = await collectFamilies(s, 1);
    expect(errorsOf(families)).toBe(10);
    expect(value(families, 'pg_log_rotations_total')).toBe(1);
    appendFileSync(file, errors(2));
    expect(errorsOf(await collectFamilies(s, 2))).toBe(12);
  });

  it('copytruncate: the unread tail comes from the copy, then the truncated file from 0', async () => {
    writeFileSync(file, errors(1));
    const s = source();
    await collectFamilies(s, 0);
    appendFileSync(file, errors(4));
    copyFileSync(file, path.join(dir, 'postgresql.log.1'));
    truncateSync(file, 0);
    appendFileSync(file, errors(6));
    expect(errorsOf(await collectFamilies(s, 1))).toBe(10);
    // The copy is never read again.
    appendFileSync(file, errors(1));
    expect(errorsOf(await collectFamilies(s, 2))).toBe(11);
  });

  it("the server's own rotation: a new file by log_filename pattern", async () => {
    const first = path.join(dir, 'postgresql-20261204_1400.log');
    writeFileSync(first, '');
    const s = source({ path: path.join(dir, 'postgresql-*.log') });
    await collectFamilies(s, 0);
    appendFileSync(first, errors(2));
    const second = path.join(dir, 'postgresql-20261204_1500.log');
    writeFileSync(second, errors(3));
    expect(errorsOf(await collectFamilies(s, 1))).toBe(5);
    const third = path.join(dir, 'postgresql-20261204_1600.log');
    writeFileSync(third, errors(1));
    appendFileSync(third, errors(1));
    expect(errorsOf(await collectFamilies(s, 2))).toBe(7);
  });

  it('a restart resumes at the saved position: what was written meanwhile is counted once', async () => {
    writeFileSync(file, errors(1));
    const before = source();
    await collectFamilies(before, 0);
    appendFileSync(file, errors(2));
    expect(errorsOf(await collectFamilies(before, 1))).toBe(2);
    appendFileSync(file, errors(3));
    renameSync(file, path.join(dir, 'postgresql.log.1'));
    writeFileSync(file, errors(4));
    const after = source();
    expect(errorsOf(await collectFamilies(after, 2))).toBe(7);
  });

  it('a backlog over max_bytes_per_collection is skipped from its oldest end and counted', async () => {
    writeFileSync(file, '');
    const s = source({ max_bytes_per_collection: 1024 });
    await collectFamilies(s, 0);
    const text = errors(100);
    appendFileSync(file, text);
    const families = await collectFamilies(s, 1);
    expect(value(families, 'pg_log_skipped_bytes_total')).toBe(Buffer.byteLength(text) - 1024);
    const counted = errorsOf(families);
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(100);
  });

  it('rename and copytruncate rotations during a burst lose and duplicate nothing', async () => {
    writeFileSync(file, '');
    const s = source();
    await collectFamilies(s, 0);
    const total = 3000;
    let written = 0;
    const writer = (async () => {
      while (written < total) {
        await appendFile(file, errors(10));
        written += 10;
      }
    })();
    for (let round = 1; written < total; round++) {
      await collectFamilies(s, round);
      // Synchronous, so no write falls between the copy and the truncation (logrotate's own copytruncate race).
      if (round % 2) {
        renameSync(file, path.join(dir, `postgresql.log.${round}`));
        writeFileSync(file, '');
      } else {
        copyFileSync(file, path.join(dir, `postgresql.log.${round}`));
        truncateSync(file, 0);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await writer;
    const families = await collectFamilies(s, 10_000);
    expect(errorsOf(families)).toBe(total);
    expect(value(families, 'pg_log_unparsed_records_total')).toBe(0);
  });

  it('a missing file is pg_log_file_readable 0 until it appears', async () => {
    const s = source();
    expect(value(await collectFamilies(s, 0), 'pg_log_file_readable')).toBe(0);
    writeFileSync(file, errors(1));
    expect(value(await collectFamilies(s, 1), 'pg_log_file_readable')).toBe(1);
    appendFileSync(file, errors(1));
    expect(errorsOf(await collectFamilies(s, 2))).toBe(1);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file is pg_log_file_readable 0', async () => {
    writeFileSync(file, errors(1));
    chmodSync(file, 0);
    const s = source();
    expect(value(await collectFamilies(s, 0), 'pg_log_file_readable')).toBe(0);
  });
});
