import { describe, expect, it } from 'vitest';
import { zeroProblems } from '../../../src/collect/backups/model.js';
import { parsePgBackRestInfo } from '../../../src/collect/backups/pgbackrest.js';
import { PGBACKREST_INFO } from '../../support/pgbackrest-info.js';

describe('parsePgBackRestInfo', () => {
  it('turns stanzas into statuses and per (stanza, type) facts', () => {
    const info = parsePgBackRestInfo(PGBACKREST_INFO);
    expect(info.stanzas).toEqual([
      { stanza: 'main', code: 0, message: 'ok' },
      { stanza: 'reporting', code: 2, message: 'no valid backups' },
    ]);
    expect(info.groups).toEqual([
      {
        database: 'main',
        type: 'full',
        files: 2,
        totalSizeBytes: 8_100_000,
        oldestTimestamp: 1705197660,
        lastTimestamp: 1705284090,
        lastSizeBytes: 4_100_000,
        lastDurationSeconds: 90,
        lastSuccessTimestamp: 1705284090,
        verificationPending: 0,
        problems: zeroProblems(),
        examples: {},
      },
      {
        database: 'main',
        type: 'diff',
        files: 1,
        totalSizeBytes: 300_000,
        oldestTimestamp: 1705327210,
        lastTimestamp: 1705327210,
        lastSizeBytes: 300_000,
        lastDurationSeconds: 10,
        lastSuccessTimestamp: 1705327210,
        verificationPending: 0,
        problems: zeroProblems(),
        examples: {},
      },
      {
        database: 'main',
        type: 'incr',
        files: 2,
        totalSizeBytes: 150_000,
        oldestTimestamp: 1705334405,
        lastTimestamp: 1705341607,
        lastSizeBytes: 80_000,
        lastDurationSeconds: 7,
        lastSuccessTimestamp: 1705334405,
        verificationPending: 0,
        problems: { ...zeroProblems(), failed: 1 },
        examples: {},
      },
    ]);
  });

  it('keeps only the configured stanza', () => {
    const info = parsePgBackRestInfo(PGBACKREST_INFO, 'reporting');
    expect(info).toEqual({ stanzas: [{ stanza: 'reporting', code: 2, message: 'no valid backups' }], groups: [] });
  });

  it('skips backups it cannot read and reports an unknown status as 99', () => {
    const info = parsePgBackRestInfo([{ name: 's', backup: [{ type: 'full' }, null, 'x'] }]);
    expect(info).toEqual({ stanzas: [{ stanza: 's', code: 99, message: 'unknown' }], groups: [] });
  });

  it.each([{}, 'text', null, [{ status: { code: 0 } }], [7]])('rejects %j', (document) => {
    expect(() => parsePgBackRestInfo(document)).toThrow(/pgBackRest info JSON/);
  });
});
