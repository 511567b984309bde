// pgwarden doctor names the client binaries restore drills would use, or says they are missing and how to get them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDoctor } from '../../../src/cli/doctor.js';
import { tempDir } from '../../e2e/backups/fixture.js';

describe('pgwarden doctor and restore drills', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    dir = await tempDir('restore-doctor');
    await mkdir(join(dir.path, 'empty-bin'));
  });
  afterAll(() => dir?.remove());

  async function doctor(restore: string): Promise<{ code: number; out: string }> {
    const config = join(dir.path, 'pgwarden.yml');
    await writeFile(
      config,
      `targets:\n  - name: main\n    url: ${JSON.stringify(inject('databaseUrl'))}\n` +
        `backups:\n  - path: ${JSON.stringify(dir.path)}\n    restore_test: { server: postgresql://scratch/postgres${restore} }\n`,
    );
    let out = '';
    const code = await runDoctor(
      [],
      { stdout: (t) => (out += t), stderr: () => undefined, env: {} },
      {
        configFile: config,
      },
    );
    return { code, out };
  }

  it('names the psql and pg_restore found on PATH', async () => {
    const { out } = await doctor('');
    expect(out).toMatch(/\nOK {7}restore drills: psql and pg_restore \d+ \(\/\S+\/psql\)\n/);
  });

  it('says when they are missing, how to get them, and exits 1', async () => {
    const { code, out } = await doctor(`, pg_bin_dir: ${JSON.stringify(join(dir.path, 'empty-bin'))}`);
    expect(out).toContain(
      'MISSING  restore drills: psql and pg_restore not found (' +
        join(dir.path, 'empty-bin') +
        '): install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client',
    );
    expect(code).toBe(1);
  });
});
