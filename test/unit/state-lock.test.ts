import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDecision, lockStateDir, StateDirLockedError } from '../../src/state-lock.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-lock-'));
  dirs.push(dir);
  return dir;
};

describe('the state_dir lock', () => {
  it.each([
    [undefined, false, 'take'],
    [100, false, 'take'],
    [100, true, 'refuse'],
    [7, true, 'take'], // our own pid (a container's pid 1 after a restart)
  ] as const)('holder %s, alive %s: %s', (holder, isAlive, expected) => {
    expect(lockDecision(holder, 7, () => isAlive)).toBe(expected);
  });

  it('refuses a second holder while the first lives, and is free after release', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pgwarden.lock'), `${process.ppid}\n`);
    await expect(lockStateDir(dir)).rejects.toThrow(StateDirLockedError);
    rmSync(path.join(dir, 'pgwarden.lock'));
    const release = await lockStateDir(dir);
    expect(readFileSync(path.join(dir, 'pgwarden.lock'), 'utf8').trim()).toBe(String(process.pid));
    await release();
    await (
      await lockStateDir(dir)
    )();
  });

  it("takes over a dead process's lock", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'pgwarden.lock'), '999999999\n');
    const release = await lockStateDir(dir);
    expect(readFileSync(path.join(dir, 'pgwarden.lock'), 'utf8').trim()).toBe(String(process.pid));
    await release();
  });
});
