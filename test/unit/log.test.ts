import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, jsonLineToLogfmt } from '../../src/log.js';

describe('jsonLineToLogfmt', () => {
  it.each([
    [
      { time: 0, level: 'info', msg: 'target is up', target: 'main' },
      'ts=1970-01-01T00:00:00.000Z level=info msg="target is up" target=main',
    ],
    [
      { time: 0, level: 'warn', msg: 'x', err: 'a "quoted" b=c' },
      'ts=1970-01-01T00:00:00.000Z level=warn msg=x err="a \\"quoted\\" b=c"',
    ],
    [
      { time: 0, level: 'info', msg: 'x', targets: ['a', 'b'], n: 3 },
      'ts=1970-01-01T00:00:00.000Z level=info msg=x targets=a,b n=3',
    ],
    [
      { time: 0, level: 'info', msg: 'x', obj: { k: 1 } },
      'ts=1970-01-01T00:00:00.000Z level=info msg=x obj="{\\"k\\":1}"',
    ],
  ])('%j', (record, expected) => {
    expect(jsonLineToLogfmt(JSON.stringify(record))).toBe(expected);
  });
});

describe('createLogger', () => {
  it('masks DSN passwords in messages and redacts secret-bearing keys, in both formats', () => {
    for (const format of ['json', 'logfmt'] as const) {
      let out = '';
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString();
          done();
        },
      });
      const logger = createLogger({ format, level: 'debug', destination });
      logger.debug({ err: 'cannot connect to postgresql://mon:hunter2@db/app', password: 'hunter3' }, 'failed');
      expect(out).toContain('mon:****@db');
      expect(out).not.toContain('hunter2');
      expect(out).not.toContain('hunter3');
    }
  });
});
