import { describe, expect, it } from 'vitest';
import { parseBackupMeta, parseMetaTimestamp } from '../../../src/collect/backups/meta.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('parseMetaTimestamp', () => {
  it.each([
    ['1705284000', 'UTC', 1705284000],
    ['1705284000.5', 'UTC', 1705284000.5],
    ['2024-01-15T02:00:00Z', 'UTC', utc(2024, 1, 15, 2)],
    ['2024-01-15T02:00:00+01:00', 'UTC', utc(2024, 1, 15, 1)],
    ['2024-01-15T02:00:00-0530', 'UTC', utc(2024, 1, 15, 7, 30)],
    ['2024-01-15T02:00:00+02', 'UTC', utc(2024, 1, 15, 0)],
    ['2024-01-15 02:00:00', 'Europe/Berlin', utc(2024, 1, 15, 1)],
    ['2024-01-15T02:00:00.250Z', 'UTC', utc(2024, 1, 15, 2) + 0.25],
    ['2024-01-15T02:00', 'UTC', utc(2024, 1, 15, 2)],
    ['2024-01-15', 'UTC', utc(2024, 1, 15)],
  ])('%s (%s)', (text, tz, expected) => {
    expect(parseMetaTimestamp(text, tz)).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-01T00:00:00Z', '2024-02-30', '-5', '2024-01-15T25:00:00Z', '12:00'])(
    'rejects %j',
    (text) => {
      expect(parseMetaTimestamp(text, 'UTC')).toBeUndefined();
    },
  );
});

describe('parseBackupMeta', () => {
  it('reads key=value lines, ignoring comments, blank lines and unknown keys', () => {
    const text = [
      '# written by backup-database.sh',
      'database=promptforge_prod',
      'type=full',
      '',
      'started_at=2024-01-15T02:00:00Z',
      'finished_at=1705284300',
      'duration_seconds=300',
      'size_bytes=123456',
      'STATUS=success',
      'verified="true"',
      "pg_version='16.2'",
      'host = db1.example',
      'compression=gzip -9',
    ].join('\n');
    expect(parseBackupMeta(text, 'UTC')).toEqual({
      meta: {
        database: 'promptforge_prod',
        type: 'full',
        startedAt: utc(2024, 1, 15, 2),
        finishedAt: 1705284300,
        durationSeconds: 300,
        sizeBytes: 123456,
        status: 'success',
        verified: true,
        pgVersion: '16.2',
        host: 'db1.example',
      },
      problems: [],
    });
  });

  it('reads one JSON object, numbers and booleans included', () => {
    const text = JSON.stringify({
      database: 'a_b',
      status: 'failed',
      finished_at: 1705284300,
      verified: false,
      x: [1],
    });
    expect(parseBackupMeta(text)).toEqual({
      meta: { database: 'a_b', status: 'failed', finishedAt: 1705284300, verified: false },
      problems: [],
    });
  });

  it('keeps the valid fields and reports the invalid ones', () => {
    const parsed = parseBackupMeta('status=ok\nfinished_at=soon\nsize_bytes=-1\nverified=yes\ndatabase=app', 'UTC');
    expect(parsed.meta).toEqual({ database: 'app' });
    expect(parsed.problems).toEqual([
      'invalid status: "ok"',
      'invalid finished_at: "soon"',
      'invalid size_bytes: "-1"',
      'invalid verified: "yes"',
    ]);
  });

  it.each([
    ['', 'empty'],
    ['  \n\n', 'empty'],
    ['\u0000\u0001\u0002PK', 'binary content'],
    ['ok\uFFFDstatus=success', 'binary content'],
    ['database=app\njust some words', 'line 2 is not key=value'],
    ['=value', 'line 1 is not key=value'],
    ['[1, 2]', 'line 1 is not key=value'],
    ['{"database": "app"', 'invalid JSON'],
    ['{} {}', 'invalid JSON'],
  ])('an unusable file %j is one problem', (text, problem) => {
    const parsed = parseBackupMeta(text);
    expect(parsed.meta).toEqual({});
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(problem);
  });
});
