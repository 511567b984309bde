// Off-site copies against real locations: a directory, and a real S3-compatible server (s3rver) on loopback reached
// through the AWS SDK. Each case is a real file or object; the metrics come from a real BackupSource.
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupSource, backupDirSchema } from '../../../src/collect/backups/index.js';
import { s3LocationSchema } from '../../../src/collect/backups/offsite/config.js';
import { S3Location } from '../../../src/collect/backups/offsite/s3-location.js';
import type { MetricFamily } from '../../../src/collect/model.js';
import { capturingLogger, series, sha256, tempDir, valueOf, writeBackup } from '../../e2e/backups/fixture.js';
import { S3RVER_KEY, S3RVER_SECRET, startS3Server, type S3Server } from '../../support/s3-server.js';

const DAY = 86_400_000;

/** `<db>_full_<YYYYMMDD>_020000.sql.gz` of `daysAgo` days before today (UTC), and its time in seconds. */
function dumpName(database: string, daysAgo: number): { name: string; time: number } {
  const day = new Date(Date.now() - daysAgo * DAY);
  const time = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 2) / 1000;
  const stamp = new Date(time * 1000).toISOString().slice(0, 10).replace(/-/g, '');
  return { name: `${database}_full_${stamp}_020000.sql.gz`, time };
}

const bytesOf = (text: string) => gzipSync(Buffer.from(`-- ${text}\n${'INSERT INTO t VALUES (1);\n'.repeat(50)}`));
const sidecarOf = (name: string, bytes: Buffer) => `${sha256(bytes)}  ${name}\n`;

interface Put {
  (name: string, bytes: Buffer | string): Promise<void>;
}

/**
 * The local directory and what is copied off-site:
 *   shop: 4 days ago copied with its sidecar (ok); 3 days ago not copied (missing); 2 days ago cut short (size);
 *         1 day ago the same size but other bytes, with their sidecar (checksum); today within the grace time.
 *   crm:  the newest (verified, so its MD5 is known) uploaded as other bytes of the same size, no sidecar.
 *   billing: local dumps of the last days, off-site only one of 9 days ago (stale).
 */
function caseNames() {
  return {
    shopOk: dumpName('shop', 4),
    shopMissing: dumpName('shop', 3),
    shopShort: dumpName('shop', 2),
    shopOther: dumpName('shop', 1),
    shopNew: dumpName('shop', 0),
    crm: dumpName('crm', 1),
    billingOld: dumpName('billing', 9),
    billingNew: dumpName('billing', 1),
  };
}
type CaseNames = ReturnType<typeof caseNames>;

/** The same size, other bytes: one byte of the gzip trailer's CRC flipped. */
function flipped(bytes: Buffer): Buffer {
  const other = Buffer.from(bytes);
  const at = other.length - 9;
  other.writeUInt8(other.readUInt8(at) ^ 0xff, at);
  return other;
}

async function buildCase(local: string, put: Put): Promise<CaseNames> {
  const names = caseNames();
  for (const [key, { name }] of Object.entries(names)) {
    const bytes = bytesOf(key);
    const mtime = key === 'shopNew' ? Date.now() / 1000 - 10 : undefined;
    await writeBackup(local, name, { dump: bytes, ...(mtime ? { mtime } : {}) });
  }
  const same = (key: keyof typeof names) => bytesOf(key);
  await put(names.shopOk.name, same('shopOk'));
  await put(`${names.shopOk.name}.sha256`, sidecarOf(names.shopOk.name, same('shopOk')));
  await put(names.shopShort.name, same('shopShort').subarray(0, 20));
  const other = flipped(same('shopOther'));
  await put(names.shopOther.name, other);
  await put(`${names.shopOther.name}.sha256`, sidecarOf(names.shopOther.name, other));
  const crmOther = flipped(same('crm'));
  await put(names.crm.name, crmOther);
  await put(names.billingOld.name, same('billingOld'));
  return names;
}

function problems(families: readonly MetricFamily[], database: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const s of families.find((f) => f.name === 'pg_backup_offsite_problems')?.samples ?? [])
    if (s.labels.database === database) result[s.labels.problem!] = s.value;
  return result;
}

const label = (database: string) => ({ database, type: 'full' });

function expectTheCase(families: readonly MetricFamily[], names: CaseNames, s3: boolean) {
  expect(problems(families, 'shop')).toEqual({
    missing: 1,
    size_mismatch: 1,
    checksum_mismatch: 1,
    checksum_unknown: 0,
  });
  expect(valueOf(families, 'pg_backup_offsite_files', label('shop'))).toBe(3);
  expect(valueOf(families, 'pg_backup_offsite_last_timestamp_seconds', label('shop'))).toBe(names.shopOther.time);
  // crm: the single-part ETag is the MD5 of other bytes (S3); a directory copy without sidecar cannot be compared.
  expect(problems(families, 'crm')).toMatchObject(s3 ? { checksum_mismatch: 1 } : { checksum_unknown: 1 });
  expect(valueOf(families, 'pg_backup_offsite_last_timestamp_seconds', label('billing'))).toBe(names.billingOld.time);
  expect(problems(families, 'billing')).toMatchObject({ missing: 1, checksum_unknown: 1 });
}

describe('off-site copies in a directory', () => {
  let local: { path: string; remove(): Promise<void> };
  let copies: string;
  let source: BackupSource;
  let names: CaseNames;

  beforeAll(async () => {
    local = await tempDir('offsite-dir');
    copies = join(local.path, 'nfs');
    await mkdir(join(local.path, 'db'));
    await mkdir(copies);
    names = await buildCase(join(local.path, 'db'), (name, bytes) => writeFile(join(copies, name), bytes));
    const entry = backupDirSchema.parse({
      path: join(local.path, 'db'),
      timezone: 'UTC',
      offsite: { path: copies, grace: '1m', interval: '0s' },
    });
    source = new BackupSource([entry], capturingLogger().logger, { verifyBytesPerSecond: 0, settleSeconds: 1 });
  });

  afterAll(async () => {
    await source?.close();
    await local?.remove();
  });

  it('counts the missing copy, the size and checksum mismatches, and the stale newest copy', async () => {
    const families = await source.collectVerified();
    expectTheCase(families, names, false);
    expect(series(families, 'pg_backup_offsite_up')).toEqual({ [JSON.stringify({ location: copies })]: 1 });
  });

  it('sees a copy that arrives at the next listing', async () => {
    await writeFile(join(copies, names.shopMissing.name), bytesOf('shopMissing'));
    expect(problems(await source.collectVerified(), 'shop')).toMatchObject({ missing: 0, checksum_unknown: 1 });
  });
});

describe('off-site copies in an S3-compatible bucket (s3rver on loopback)', () => {
  let s3: S3Server;
  let local: { path: string; remove(): Promise<void> };
  let client: S3Client;
  let names: CaseNames;
  const sources: BackupSource[] = [];
  const secretFile = () => join(local.path, 'secret');

  const sourceFor = (s3Config: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const log = capturingLogger();
    const entry = backupDirSchema.parse({
      path: join(local.path, 'db'),
      timezone: 'UTC',
      offsite: { s3: s3Config, grace: '1m', interval: '0s', timeout: '10s', ...extra },
    });
    const source = new BackupSource([entry], log.logger, { verifyBytesPerSecond: 0, settleSeconds: 1 });
    sources.push(source);
    return { source, lines: log.lines };
  };
  const good = () => ({
    bucket: 'backups',
    prefix: 'prod/database',
    endpoint: s3.endpoint,
    access_key_id: S3RVER_KEY,
    secret_access_key_file: secretFile(),
  });

  beforeAll(async () => {
    s3 = await startS3Server(['backups']);
    local = await tempDir('offsite-s3');
    await mkdir(join(local.path, 'db'));
    await writeFile(secretFile(), `${S3RVER_SECRET}\n`);
    client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_SECRET },
    });
    names = await buildCase(join(local.path, 'db'), async (name, bytes) => {
      await client.send(new PutObjectCommand({ Bucket: 'backups', Key: `prod/database/${name}`, Body: bytes }));
    });
    // Not a copy: deeper under the prefix, or beside it.
    await client.send(
      new PutObjectCommand({ Bucket: 'backups', Key: `prod/database/old/${names.shopMissing.name}`, Body: 'x' }),
    );
    await client.send(new PutObjectCommand({ Bucket: 'backups', Key: `prod/${names.shopMissing.name}`, Body: 'x' }));
  });

  afterAll(async () => {
    await Promise.all(sources.map((source) => source.close()));
    client?.destroy();
    await s3?.stop();
    await local?.remove();
  });

  it('counts the missing copy, the size and checksum (sidecar and ETag) mismatches, and the stale newest copy', async () => {
    const { source, lines } = sourceFor(good());
    const families = await source.collectVerified();
    expectTheCase(families, names, true);
    expect(series(families, 'pg_backup_offsite_up')).toEqual({
      [JSON.stringify({ location: 's3://backups/prod/database/' })]: 1,
    });
    expect(valueOf(families, 'pg_backup_offsite_listing_truncated', { location: 's3://backups/prod/database/' })).toBe(
      0,
    );
    const logged = lines.filter((line) => line.msg === 'backups whose off-site copy is missing or differs');
    expect(logged.map((line) => `${line.database} ${line.problem}`).sort()).toEqual([
      'billing missing',
      'crm checksum_mismatch',
      'shop checksum_mismatch',
      'shop missing',
      'shop size_mismatch',
    ]);
    await source.collectVerified(); // unchanged: no new log line
    expect(lines.filter((line) => line.msg === 'backups whose off-site copy is missing or differs')).toHaveLength(5);
  });

  it('says when a listing stopped at max_objects', async () => {
    const { source, lines } = sourceFor(good(), { max_objects: 2 });
    const families = await source.collectVerified();
    expect(valueOf(families, 'pg_backup_offsite_listing_truncated', { location: 's3://backups/prod/database/' })).toBe(
      1,
    );
    expect(lines.some((line) => String(line.msg).includes('max_objects'))).toBe(true);
  });

  it('pages through the listing with markers, up to max_objects', async () => {
    const config = s3LocationSchema.parse(good());
    const location = new S3Location(config, 100, 'test', {}, 3);
    const all = await location.list(AbortSignal.timeout(10_000));
    expect(all.truncated).toBe(false);
    const uploaded = [names.shopOk, names.shopShort, names.shopOther, names.crm, names.billingOld];
    expect(all.copies.map((c) => c.name).sort()).toEqual(uploaded.map((n) => n.name).sort());
    expect(all.copies.find((c) => c.name === names.shopOk.name)?.sidecar).toEqual({
      state: 'read',
      sha256: sha256(bytesOf('shopOk')),
    });
    const some = await new S3Location(config, 4, 'test', {}, 3).list(AbortSignal.timeout(10_000));
    expect(some.truncated).toBe(true);
    location.close();
  });

  it('reports refused credentials as a location that is down, without failing the collection or showing them', async () => {
    // s3rver checks the access key id (not SigV4 signatures): an unknown key is refused with InvalidAccessKeyId.
    const wrongKey = 'AKIAWRONGKEY12345678';
    const wrongSecret = 'wrong-secret-value-1234';
    const { source, lines } = sourceFor({
      ...good(),
      access_key_id: wrongKey,
      secret_access_key_file: undefined,
      secret_access_key: wrongSecret,
    });
    const families = await source.collectVerified();
    expect(valueOf(families, 'pg_backup_offsite_up', { location: 's3://backups/prod/database/' })).toBe(0);
    expect(series(families, 'pg_backup_offsite_problems')).toEqual({});
    expect(valueOf(families, 'pg_backup_files', label('shop'))).toBe(5); // the local metrics are unaffected
    const down = lines.filter((line) => line.msg === 'off-site backup location cannot be listed');
    expect(down).toHaveLength(1);
    expect(String(down[0]!.error)).toMatch(/^InvalidAccessKeyId \(HTTP 403\)/);
    const shown = JSON.stringify([lines, families]);
    expect(shown).not.toContain(wrongKey);
    expect(shown).not.toContain(wrongSecret);
  });

  it('reports a server that does not answer as down within the timeout', async () => {
    const { source } = sourceFor({ ...good(), endpoint: 'http://127.0.0.1:9' }, { timeout: '3s' });
    const families = await source.collectVerified();
    expect(valueOf(families, 'pg_backup_offsite_up', { location: 's3://backups/prod/database/' })).toBe(0);
  });

  it('names the field of an unreadable credential file', async () => {
    const { source, lines } = sourceFor({ ...good(), secret_access_key_file: join(local.path, 'nope') });
    const families = await source.collectVerified();
    expect(valueOf(families, 'pg_backup_offsite_up', { location: 's3://backups/prod/database/' })).toBe(0);
    expect(String(lines.find((l) => l.msg === 'off-site backup location cannot be listed')?.error)).toContain(
      'offsite.s3.secret_access_key_file: cannot read',
    );
  });
});
