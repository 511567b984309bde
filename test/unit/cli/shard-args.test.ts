import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src/cli/args.js';

describe('--shard.index and --shard.count', () => {
  it('parse together', () => {
    expect(parseCommandLine(['--shard.index=1', '--shard.count=3']).options.shard).toEqual({ index: 1, count: 3 });
    expect(parseCommandLine([]).options.shard).toBeUndefined();
  });

  it.each([
    [['--shard.index=1']],
    [['--shard.count=3']],
    [['--shard.index=3', '--shard.count=3']],
    [['--shard.index=-1', '--shard.count=3']],
    [['--shard.index=a', '--shard.count=3']],
  ])('refuse %j', (argv) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
  });
});
