// Issue 15: corrupt or hostile state files, full disks and silence floods must never take the agent down or make the
// API say what is not true.
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Notifier } from '../../../src/notify/index.js';
import { MAX_SILENCE_SIZE_BYTES } from '../../../src/notify/silence-store.js';
import { createLogger } from '../../../src/log.js';
import { fastRoute, testConfig, testEnvironment } from './support.js';

const env = testEnvironment();

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  return { logger, lines: () => lines };
}

async function open(logger = capturingLogger().logger): Promise<Notifier> {
  const notifier = await Notifier.open({
    config: testConfig({ route: fastRoute('hook'), receivers: [{ name: 'hook' }] }),
    stateDir: env.stateDir,
    logger,
    externalUrl: 'http://127.0.0.1:9187',
  });
  env.cleanups.push(() => notifier.close());
  return notifier;
}

const silence = (extra: Record<string, unknown> = {}) => ({
  matchers: [{ name: 'alertname', value: 'Noisy', isRegex: false, isEqual: true }],
  startsAt: new Date().toISOString(),
  endsAt: new Date(Date.now() + 3600_000).toISOString(),
  createdBy: 'ops',
  comment: 'known issue',
  ...extra,
});

describe('state files at start', () => {
  it.each([
    ['state.json', ''],
    ['state.json', '{}'],
    ['state.json', '{"version":1,"groups":null}'],
    ['silences.json', '{}'],
    ['silences.json', '[{"id":"x","matchers":null,"startsAt":0,"endsAt":9e15,"updatedAt":0}]'],
    [
      'silences.json',
      '[{"id":"x","matchers":[{"name":"a","value":"(","isRegex":true,"isEqual":true}],"startsAt":0,"endsAt":9e15,"updatedAt":0,"createdBy":"a","comment":"b"}]',
    ],
    ['silences.json', '{"truncated'],
  ])('%s holding %s: kept aside, started fresh, said so', async (name, content) => {
    const dir = join(env.stateDir, 'notify');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), content);
    await writeFile(join(dir, `${name}.4242.tmp`), 'left by a kill -9');
    const { logger, lines } = capturingLogger();
    const notifier = await open(logger);
    expect(notifier.listSilences()).toEqual([]);
    expect(lines().join('')).toMatch(/unusable: starting/);
    const files = await readdir(dir);
    const kept = files.find((f) => f.startsWith(`${name}.corrupt-`));
    expect(kept).toBeDefined();
    expect(await readFile(join(dir, kept as string), 'utf8')).toBe(content);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // And it works: a silence can be created and is persisted.
    await notifier.createSilence(silence());
    expect(notifier.listSilences()).toHaveLength(1);
  });
});

describe('silences: limits and the truth about writes', () => {
  it('refuses a silence larger than the limit', async () => {
    const notifier = await open();
    await expect(notifier.createSilence(silence({ comment: 'x'.repeat(MAX_SILENCE_SIZE_BYTES) }))).rejects.toThrow(
      'silence too large',
    );
    expect(notifier.listSilences()).toEqual([]);
  });

  it('does not keep a silence it could not save', async () => {
    const { logger, lines } = capturingLogger();
    const notifier = await open(logger);
    const dir = join(env.stateDir, 'notify');
    await chmod(dir, 0o500);
    env.cleanups.push(() => chmod(dir, 0o700));
    if (process.getuid?.() === 0) {
      // root writes into a read-only directory: replace the file by a directory instead, so rename fails.
      await chmod(dir, 0o700);
      await mkdir(join(dir, 'silences.json'), { recursive: true });
    }
    await expect(notifier.createSilence(silence())).rejects.toThrow('cannot save the silence');
    expect(notifier.listSilences()).toEqual([]);
    expect(lines()).toEqual([]);
  });
});
