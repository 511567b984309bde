// `backups[].offsite`: the second location the backup job copies its dumps to (an NFS mount or rsync target, or an
// S3-compatible bucket), watched so that a dump with no copy, a copy of another size or checksum, or copies that stopped
// arriving become metrics.
import { z } from 'zod';
import { duration } from '../../../config/schema.js';

const oneOf = (value: Record<string, unknown>, key: string) =>
  !(value[key] !== undefined && value[`${key}_file`] !== undefined);

const CREDENTIAL_KEYS = ['access_key_id', 'secret_access_key', 'session_token'] as const;

export const s3LocationSchema = z
  .strictObject({
    bucket: z.string().min(1),
    /** Key prefix of the copies, e.g. `promptforge/database/` (a trailing `/` is added when missing). */
    prefix: z.string().default(''),
    /** S3-compatible endpoint (MinIO, Ceph, Wasabi, ...); default: AWS for the region. */
    endpoint: z
      .url()
      .refine((url) => !new URL(url).username && !new URL(url).password, {
        message: 'must not hold credentials: use access_key_id and secret_access_key (or their _file)',
      })
      .optional(),
    region: z.string().min(1).default('us-east-1'),
    /** Path-style URLs (`endpoint/bucket/key`); default true when an endpoint is given. */
    force_path_style: z.boolean().optional(),
    // Secrets, each inline or as `<key>_file` (read when the watcher starts; never logged or exported). Without
    // them the AWS SDK's own chain applies: AWS_* environment variables, ~/.aws, an instance or task role.
    access_key_id: z.string().min(1).optional(),
    access_key_id_file: z.string().min(1).optional(),
    secret_access_key: z.string().min(1).optional(),
    secret_access_key_file: z.string().min(1).optional(),
    session_token: z.string().min(1).optional(),
    session_token_file: z.string().min(1).optional(),
  })
  .superRefine((s3, ctx) => {
    const value = s3 as Record<string, unknown>;
    for (const key of CREDENTIAL_KEYS)
      if (!oneOf(value, key)) ctx.addIssue({ code: 'custom', message: `give at most one of ${key} and ${key}_file` });
    const has = (key: string) => value[key] !== undefined || value[`${key}_file`] !== undefined;
    if (has('access_key_id') !== has('secret_access_key'))
      ctx.addIssue({
        code: 'custom',
        message: 'give both access_key_id and secret_access_key (or neither, for the AWS credential chain)',
      });
  });

export const offsiteSchema = z
  .strictObject({
    /** A directory holding the copies (NFS mount, rsync target). */
    path: z.string().min(1).optional(),
    s3: s3LocationSchema.optional(),
    /** A dump younger than this may still be on its way: it is not yet missing off-site. */
    grace: duration.default(2 * 3_600_000),
    /** Only dumps made within this window must have a copy (default: the directory's retention). */
    check_within: duration.optional(),
    /** How often the location is listed (listing a bucket costs requests). */
    interval: duration.default(5 * 60_000),
    /** The longest one listing may take, every page and sidecar included. */
    timeout: duration.default(30_000),
    /** Objects (or directory entries) read at most per listing; the rest are not seen (reported). */
    max_objects: z.number().int().min(1).max(10_000_000).default(100_000),
    /** Compare a single-part upload's ETag with the dump's MD5 (off for stores whose ETag is no MD5, e.g. SSE-KMS). */
    compare_etag: z.boolean().default(true),
  })
  .refine((o) => (o.path === undefined) !== (o.s3 === undefined), { message: 'give exactly one of path and s3' });

export type OffsiteConfig = z.output<typeof offsiteSchema>;
export type S3LocationConfig = z.output<typeof s3LocationSchema>;
