import { describe, expect, it } from 'vitest';
import { backupFamilies } from '../../../src/collect/backups/families.js';
import { zeroProblems, type BackupGroupSummary } from '../../../src/collect/backups/model.js';

const group: BackupGroupSummary = {
  database: 'app_db',
  type: 'full',
  files: 3,
  totalSizeBytes: 300,
  oldestTimestamp: 1000,
  lastTimestamp: 3000,
  lastSizeBytes: 100,
  lastSuccessTimestamp: 2000,
  retentionSeconds: 86400,
  verificationPending: 1,
  problems: { ...zeroProblems(), failed: 1 },
  examples: {},
};

function values(families: ReturnType<typeof backupFamilies>): Record<string, Array<[string, number]>> {
  return Object.fromEntries(
    families.map((f) => [f.name, f.samples.map((s) => [JSON.stringify(s.labels), s.value] as [string, number])]),
  );
}

describe('backupFamilies', () => {
  it('labels per-backup families with exactly database and type, and path families with path', () => {
    const families = backupFamilies({
      groups: [group, { ...group, database: 'new', lastSuccessTimestamp: undefined, retentionSeconds: undefined }],
      directories: [
        { path: '/b', up: true, fsAvailBytes: 5, fsSizeBytes: 10 },
        { path: '/gone', up: false },
      ],
      walArchives: [{ path: '/b/wal_archive', files: 2, sizeBytes: 32, lastTimestamp: 4000 }],
      stanzas: [{ stanza: 'main', code: 2, message: 'no valid backups' }],
      pgBackRestSources: [{ source: '/info.json', up: true }],
    });
    const db = (database: string) => JSON.stringify({ database, type: 'full' });
    const v = values(families);
    expect(v.pg_backup_last_success_timestamp_seconds).toEqual([[db('app_db'), 2000]]);
    expect(v.pg_backup_last_timestamp_seconds).toEqual([
      [db('app_db'), 3000],
      [db('new'), 3000],
    ]);
    expect(v.pg_backup_last_duration_seconds).toBeUndefined();
    expect(v.pg_backup_retention_seconds).toEqual([[db('app_db'), 86400]]);
    expect(v.pg_backup_verification_pending).toEqual([
      [db('app_db'), 1],
      [db('new'), 1],
    ]);
    expect(v.pg_backup_problems).toHaveLength(2 * 8);
    expect(v.pg_backup_problems).toContainEqual([
      JSON.stringify({ database: 'app_db', type: 'full', problem: 'failed' }),
      1,
    ]);
    expect(v.pg_backup_problems).toContainEqual([
      JSON.stringify({ database: 'app_db', type: 'full', problem: 'empty' }),
      0,
    ]);
    expect(v.pg_backup_directory_up).toEqual([
      ['{"path":"/b"}', 1],
      ['{"path":"/gone"}', 0],
    ]);
    expect(v.pg_backup_filesystem_avail_bytes).toEqual([['{"path":"/b"}', 5]]);
    expect(v.pg_backup_filesystem_size_bytes).toEqual([['{"path":"/b"}', 10]]);
    expect(v.pg_wal_archive_files).toEqual([['{"path":"/b/wal_archive"}', 2]]);
    expect(v.pg_wal_archive_size_bytes).toEqual([['{"path":"/b/wal_archive"}', 32]]);
    expect(v.pg_wal_archive_last_timestamp_seconds).toEqual([['{"path":"/b/wal_archive"}', 4000]]);
    expect(v.pg_backrest_stanza_status).toEqual([['{"stanza":"main","status_message":"no valid backups"}', 2]]);
    expect(v.pg_backrest_info_up).toEqual([['{"source":"/info.json"}', 1]]);
    for (const family of families) {
      expect(family.help.length).toBeGreaterThan(10);
      expect(family.type).toBe('gauge');
    }
  });

  it('emits no empty families', () => {
    expect(
      backupFamilies({ groups: [], directories: [], walArchives: [], stanzas: [], pgBackRestSources: [] }),
    ).toEqual([]);
  });
});
