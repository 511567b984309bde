// pgBackRest info from a file and from a command, next to a dump directory, and when it cannot be read.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSource, backupsConfigSchema } from '../../../src/collect/backups/index.js';
import { silentLogger } from '../../../src/log.js';
import { PGBACKREST_INFO } from '../../support/pgbackrest-info.js';
import { problemsOf, series, tempDir, valueOf } from './fixture.js';
import { collectFamilies } from '../../support/collected.js';

let dir: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  dir = await tempDir('pgbackrest');
  await writeFile(join(dir.path, 'info.json'), JSON.stringify(PGBACKREST_INFO));
  await writeFile(join(dir.path, 'broken.json'), '[{"name": "main", "backup": [');
});

afterAll(async () => {
  await dir?.remove();
});

async function collect(entries: unknown[]) {
  const source = new BackupSource(backupsConfigSchema.parse(entries), silentLogger());
  try {
    return await collectFamilies(source);
  } finally {
    source.close();
  }
}

describe('pgBackRest info', () => {
  it('reads a file into the backup families, with stanza as database', async () => {
    const families = await collect([{ pgbackrest: { info_file: join(dir.path, 'info.json') } }]);
    const full = { database: 'main', type: 'full' };
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', full)).toBe(1705284090);
    expect(valueOf(families, 'pg_backup_last_duration_seconds', full)).toBe(90);
    expect(valueOf(families, 'pg_backup_files', full)).toBe(2);
    expect(valueOf(families, 'pg_backup_last_success_timestamp_seconds', { database: 'main', type: 'incr' })).toBe(
      1705334405,
    );
    expect(valueOf(families, 'pg_backup_last_timestamp_seconds', { database: 'main', type: 'incr' })).toBe(1705341607);
    expect(problemsOf(families, 'main', 'incr')).toEqual({ failed: 1 });
    expect(series(families, 'pg_backrest_stanza_status')).toEqual({
      [JSON.stringify({ stanza: 'main', status_message: 'ok' })]: 0,
      [JSON.stringify({ stanza: 'reporting', status_message: 'no valid backups' })]: 2,
    });
    expect(series(families, 'pg_backrest_info_up')).toEqual({
      [JSON.stringify({ source: join(dir.path, 'info.json') })]: 1,
    });
    expect(series(families, 'pg_backup_retention_seconds')).toEqual({});
  });

  it('runs a command without a shell and keeps only the configured stanza', async () => {
    const script = `process.stdout.write(require('fs').readFileSync(${JSON.stringify(join(dir.path, 'info.json'))}))`;
    const families = await collect([
      { pgbackrest: { command: [process.execPath, '-e', script], stanza: 'reporting' } },
    ]);
    expect(series(families, 'pg_backrest_stanza_status')).toEqual({
      [JSON.stringify({ stanza: 'reporting', status_message: 'no valid backups' })]: 2,
    });
    expect(series(families, 'pg_backup_files')).toEqual({});
    expect(series(families, 'pg_backrest_info_up')).toEqual({
      [JSON.stringify({ source: `command:${process.execPath}` })]: 1,
    });
  });

  it.each([
    ['a broken file', () => ({ info_file: join(dir.path, 'broken.json') })],
    ['a missing file', () => ({ info_file: join(dir.path, 'missing.json') })],
    ['a failing command', () => ({ command: [process.execPath, '-e', 'process.exit(3)'] })],
    ['a command that is not there', () => ({ command: join(dir.path, 'no-such-pgbackrest') + ' info' })],
  ])('reports %s as down', async (_name, pgbackrest) => {
    const families = await collect([{ pgbackrest: pgbackrest() }]);
    expect(Object.values(series(families, 'pg_backrest_info_up'))).toEqual([0]);
    expect(series(families, 'pg_backup_files')).toEqual({});
  });
});
