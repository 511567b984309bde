import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue } from '../../../src/remote-write/disk-queue.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-rwq-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const record = (text: string, samples = 1, ts = 1) => ({ bytes: Buffer.from(text), samples, newestTimestampMs: ts });

describe('the remote-write disk queue', () => {
  it('batches the oldest records up to the sample limit and moves past them on commit', async () => {
    const q = await DiskQueue.open(tempDir(), { maxBytes: 1 << 20 });
    await q.append([record('a', 2), record('b', 2), record('c', 2)]);
    const batch = await q.peek(4);
    expect(batch?.body.toString()).toBe('ab');
    expect(batch?.samples).toBe(4);
    await q.commit(batch?.records ?? 0);
    expect((await q.peek(4))?.body.toString()).toBe('c');
  });

  it('a record bigger than the limit still goes out alone', async () => {
    const q = await DiskQueue.open(tempDir(), { maxBytes: 1 << 20 });
    await q.append([record('big', 10), record('x', 1)]);
    expect((await q.peek(4))?.body.toString()).toBe('big');
  });

  it('a reopened queue resumes after the last commit, losing and repeating nothing', async () => {
    const dir = tempDir();
    const q = await DiskQueue.open(dir, { maxBytes: 1 << 20 });
    await q.append([record('1'), record('2'), record('3')]);
    await q.commit(1);
    const again = await DiskQueue.open(dir, { maxBytes: 1 << 20 });
    expect(again.pendingSamples).toBe(2);
    expect((await again.peek(10))?.body.toString()).toBe('23');
  });

  it('a torn last record (a crash mid-append) is cut off, the records before it kept', async () => {
    const dir = tempDir();
    const q = await DiskQueue.open(dir, { maxBytes: 1 << 20 });
    await q.append([record('kept')]);
    const segment = readdirSync(dir).find((f) => f.endsWith('.seg')) as string;
    appendFileSync(path.join(dir, segment), Buffer.from([9, 0, 0, 0, 1, 0]));
    const again = await DiskQueue.open(dir, { maxBytes: 1 << 20 });
    expect((await again.peek(10))?.body.toString()).toBe('kept');
    await again.append([record('next')]);
    const third = await DiskQueue.open(dir, { maxBytes: 1 << 20 });
    expect((await third.peek(10))?.body.toString()).toBe('keptnext');
  });

  it('over its bound it drops whole oldest segments and counts their samples', async () => {
    const q = await DiskQueue.open(tempDir(), { maxBytes: 1 << 20, segmentBytes: 400_000 });
    const chunk = Buffer.alloc(300_000, 1);
    for (let i = 0; i < 6; i++) await q.append([{ bytes: chunk, samples: 100, newestTimestampMs: i }]);
    expect(q.bytes).toBeLessThanOrEqual(1 << 20);
    expect(q.droppedSamples).toBeGreaterThan(0);
    expect(q.droppedSamples + q.pendingSamples).toBe(600);
    expect(q.oldestPendingTimestampMs).toBeGreaterThan(0);
  });

  it('removes segments that were fully sent', async () => {
    const dir = tempDir();
    const q = await DiskQueue.open(dir, { maxBytes: 1 << 20, segmentBytes: 10 });
    await q.append([record('first segment')]);
    await q.append([record('second segment')]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg'))).toHaveLength(2);
    await q.commit(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.seg'))).toHaveLength(1);
  });
});
