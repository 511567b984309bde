import { describe, expect, it } from 'vitest';
import { backupsConfigSchema, backupsFromEnv } from '../../../src/collect/backups/config.js';

const DAY_MS = 86_400_000;

describe('backupsConfigSchema', () => {
  it('applies the defaults', () => {
    expect(backupsConfigSchema.parse([{ path: '/var/backups/app/database' }])).toEqual([
      { path: '/var/backups/app/database', retention: 30 * DAY_MS, verify: true },
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
      { ...config[0], retention: 14 * DAY_MS },
      { pgbackrest: { info_file: '/var/lib/pgbackrest-info.json', stanza: 'main', timeout: 60_000 }, target: 'main' },
      { pgbackrest: { command: ['pgbackrest', 'info', '--output=json'], timeout: 60_000 } },
    ]);
  });

  it.each([
    [{ path: '/b', retention: '30 days' }, 'retention'],
    [{ path: '/b', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ path: '' }, 'path'],
    [{ path: '/b', verfy: false }, 'verfy'],
    [{ pgbackrest: {} }, 'pgbackrest'],
    [{ pgbackrest: { info_file: '/x', command: 'pgbackrest info' } }, 'pgbackrest'],
    [{ path: '/b', retention: 'x' }, 'not a valid duration'],
  ])('rejects %j', (entry, mentioned) => {
    const result = backupsConfigSchema.safeParse([entry]);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(mentioned);
  });
});

describe('backupsFromEnv', () => {
  it('configures one directory from PGWARDEN_BACKUP_DIR', () => {
    expect(backupsFromEnv({ PGWARDEN_BACKUP_DIR: '/var/backups/app/database' })).toEqual([
      { path: '/var/backups/app/database', retention: 30 * DAY_MS, verify: true },
    ]);
  });

  it.each([{}, { PGWARDEN_BACKUP_DIR: '' }, { PGWARDEN_BACKUP_DIR: '  ' }])('configures nothing from %j', (env) => {
    expect(backupsFromEnv(env)).toEqual([]);
  });
});

describe('backupsConfigSchema problems', () => {
  it.each([
    [{ path: '/b', verfy: false }, [0], 'unrecognized_keys'],
    [{ path: '/b', retention: 'x' }, [0, 'retention'], 'custom'],
    [{ pgbackrest: { info_file: '/x', stanzaa: 'y' } }, [0, 'pgbackrest'], 'unrecognized_keys'],
  ])("point at the key of the entry's own kind: %j", (entry, path, code) => {
    const result = backupsConfigSchema.safeParse([entry]);
    expect(result.error?.issues.map((issue) => [issue.path, issue.code])).toEqual([[path, code]]);
  });
});
