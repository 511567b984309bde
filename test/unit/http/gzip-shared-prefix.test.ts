import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflatePrefix, gzipWithTail, sharedDeflatedPrefix } from '../../../src/http/gzip-shared-prefix.js';

const exposition = (series: number) =>
  Buffer.from(
    Array.from({ length: series }, (_, i) => `pg_stat_user_tables_seq_scan{relname="t_${i}"} ${i * 7}\n`).join(''),
  );

/** The member's parts: one header, one deflate stream that ends exactly before the 8-byte trailer. */
function singleMember(gzip: Buffer): { content: Buffer; crc: number; size: number } {
  expect(gzip.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 8]));
  const deflated = gzip.subarray(10, gzip.length - 8);
  const { buffer, engine } = zlib.inflateRawSync(deflated, { info: true }) as unknown as {
    buffer: Buffer;
    engine: { bytesWritten: number };
  };
  expect(engine.bytesWritten).toBe(deflated.length); // nothing after the final block but the trailer
  return { content: buffer, crc: gzip.readUInt32LE(gzip.length - 8), size: gzip.readUInt32LE(gzip.length - 4) };
}

describe('gzip with a shared, once-deflated prefix', () => {
  const cases: Array<[string, Buffer, Buffer]> = [
    ['empty prefix and tail', Buffer.alloc(0), Buffer.alloc(0)],
    ['empty tail (a /probe response)', exposition(100), Buffer.alloc(0)],
    ['empty prefix', Buffer.alloc(0), exposition(5)],
    ['a large snapshot and the agent metrics', exposition(40_000), exposition(50)],
    ['incompressible bytes on both sides', randomBytes(100_000), randomBytes(3_000)],
    ['multi-byte UTF-8 split across the parts', Buffer.from('relname="tä'), Buffer.from('ble" 1\n')],
  ];
  it.each(cases)('%s: one gzip member whose content, CRC and size are the prefix then the tail', async (_, a, b) => {
    const chunks = gzipWithTail(await deflatePrefix(a), b);
    const gzip = Buffer.concat(chunks);
    const expected = Buffer.concat([a, b]);
    expect(zlib.gunzipSync(gzip).equals(expected)).toBe(true);
    const member = singleMember(gzip);
    expect(member.content.equals(expected)).toBe(true);
    expect(member.crc).toBe(zlib.crc32(expected) >>> 0);
    expect(member.size).toBe(expected.length);
  });

  it('reuses one prefix for many tails, each response complete on its own', async () => {
    const prefix = await deflatePrefix(exposition(1000));
    for (const tail of ['process_cpu_seconds_total 1\n', 'process_cpu_seconds_total 2.5\n']) {
      expect(zlib.gunzipSync(Buffer.concat(gzipWithTail(prefix, Buffer.from(tail)))).toString()).toBe(
        exposition(1000).toString() + tail,
      );
    }
  });

  it('compresses a body once however many requests ask, and again for a new body', async () => {
    const body = exposition(10);
    const first = sharedDeflatedPrefix(body);
    expect(sharedDeflatedPrefix(body)).toBe(first);
    expect(sharedDeflatedPrefix(exposition(10))).not.toBe(first);
    expect((await first).length).toBe(body.length);
  });
});
