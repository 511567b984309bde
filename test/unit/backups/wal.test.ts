import { describe, expect, it } from 'vitest';
import { classifyWalFile, summariseWalArchive } from '../../../src/collect/backups/wal.js';

describe('classifyWalFile', () => {
  it.each([
    ['000000010000000000000001', { kind: 'segment' }],
    ['00000001000000A0000000FF', { kind: 'segment' }],
    ['000000010000000000000001.gz', { kind: 'segment', compression: 'gz' }],
    ['000000010000000000000001.zst', { kind: 'segment', compression: 'zst' }],
    ['000000010000000000000001.lz4', { kind: 'segment', compression: 'lz4' }],
    ['000000010000000000000001.bz2', { kind: 'segment', compression: 'bz2' }],
    ['000000010000000000000001.xz', { kind: 'segment', compression: 'xz' }],
    ['000000010000000000000002.partial', { kind: 'partial' }],
    ['000000010000000000000002.partial.gz', { kind: 'partial', compression: 'gz' }],
    ['000000010000000000000003.00000028.backup', { kind: 'backup' }],
    ['00000002.history', { kind: 'history' }],
    ['00000002.history.gz', { kind: 'history', compression: 'gz' }],
  ])('%s', (name, expected) => {
    expect(classifyWalFile(name)).toEqual(expected);
  });

  it.each([
    '00000001000000000000001',
    '0000000100000000000000011',
    '00000001000000000000000G',
    '000000010000000000000001.tmp',
    '000000010000000000000001.gz.partial',
    '000000010000000000000001.backup',
    '0000002.history',
    'archive_status',
    '.000000010000000000000001',
  ])('ignores %s', (name) => {
    expect(classifyWalFile(name)).toBeNull();
  });
});

describe('summariseWalArchive', () => {
  it('counts recognised files, sums their sizes and finds the newest', () => {
    expect(
      summariseWalArchive([
        { name: '000000010000000000000001', size: 16, mtimeMs: 1_000_000 },
        { name: '000000010000000000000002.gz', size: 4, mtimeMs: 3_000_500 },
        { name: '00000002.history', size: 1, mtimeMs: 2_000_000 },
        { name: 'notes.txt', size: 100, mtimeMs: 9_000_000 },
      ]),
    ).toEqual({ files: 3, sizeBytes: 21, lastTimestamp: 3000.5 });
  });

  it('has no last timestamp for an empty archive', () => {
    expect(summariseWalArchive([])).toEqual({ files: 0, sizeBytes: 0 });
  });
});
