import { describe, expect, it } from 'vitest';
import { backupsConfigSchema, backupsFromEnv } from '../../../src/collect/backups/config.js';
import { parsePromDurationSeconds } from '../../../src/collect/backups/duration.js';

describe('parsePromDurationSeconds', () => {
  it.each([
    ['30d', 30 * 86400],
    ['1h30m', 5400],
    ['2w', 14 * 86400],
    ['1y', 365 * 86400],
    ['500ms', 0.5],
    ['1m30s', 90],
    ['0', 0],
  ])('%s', (text, seconds) => {
    expect(parsePromDurationSeconds(text)).toBe(seconds);
  });

  it.each(['', '30', 'd', '1m1h', '1h1h', '1.5h', '-1d', '30 d', '1D'])('rejects %j', (text) => {
    expect(parsePromDurationSeconds(text)).toBeUndefined();
  });
});

describe('backupsConfigSchema', () => {
  it('applies the defaults', () => {
    expect(backupsConfigSchema.parse([{ path: '/var/backups/app/database' }])).toEqual([
      { path: '/var/backups/app/database', retention: '30d', verify: true },
    ]);
    expect(backupsConfigSchema.parse(undefined)).toEqual([]);
  });

  it('accepts every key and pgBackRest entries', () => {
    const config = [
      { path: '/b', wal_archive: '/w', retention: '14d', timezone: 'Europe/Berlin', verify: false, target: 'main' },
      { pgbackrest: { info_file: '/var/lib/pgbackrest-info.json', stanza: 'main' }, target: 'main' },
      { pgbackrest: { command: ['pgbackrest', 'info', '--output=json'] } },
    ];
    expect(backupsConfigSchema.parse(config)).toEqual([
      config[0],
      { pgbackrest: { info_file: '/var/lib/pgbackrest-info.json', stanza: 'main', timeout: '60s' }, target: 'main' },
      { pgbackrest: { command: ['pgbackrest', 'info', '--output=json'], timeout: '60s' } },
    ]);
  });

  it.each([
    [{ path: '/b', retention: '30 days' }, 'retention'],
    [{ path: '/b', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ path: '' }, 'path'],
    [{ path: '/b', verfy: false }, 'verfy'],
    [{ pgbackrest: {} }, 'pgbackrest'],
    [{ pgbackrest: { info_file: '/x', command: 'pgbackrest info' } }, 'pgbackrest'],
  ])('rejects %j', (entry, mentioned) => {
    const result = backupsConfigSchema.safeParse([entry]);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(mentioned);
  });
});

describe('backupsFromEnv', () => {
  it('configures one directory from PGWARDEN_BACKUP_DIR', () => {
    expect(backupsFromEnv({ PGWARDEN_BACKUP_DIR: '/var/backups/app/database' })).toEqual([
      { path: '/var/backups/app/database', retention: '30d', verify: true },
    ]);
  });

  it.each([{}, { PGWARDEN_BACKUP_DIR: '' }, { PGWARDEN_BACKUP_DIR: '  ' }])('configures nothing from %j', (env) => {
    expect(backupsFromEnv(env)).toEqual([]);
  });
});
