// The `backups:` section of the main config: backup directories written by the users' backup job, and pgBackRest.
import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { offsiteSchema } from './offsite/config.js';
import { restoreTestSchema } from './restore/config.js';
import { isValidTimeZone } from './timezone.js';

const DAY_MS = 86_400_000;

export const backupDirSchema = z.strictObject({
  /** The directory the backup job writes dumps, .sha256 and .meta files into. */
  path: z.string().min(1),
  /** WAL archive directory; default `<path>/wal_archive` when that exists. */
  wal_archive: z.string().min(1).optional(),
  /** How long backups are kept (Prometheus duration, parsed to ms); exported as pg_backup_retention_seconds. */
  retention: duration.default(30 * DAY_MS),
  /** IANA zone of the file names' timestamps and of offset-less .meta times; default the agent's local zone. */
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
    .optional(),
  /** Hash and gzip-test the newest dumps in the background. */
  verify: z.boolean().default(true),
  /** The target these backups belong to. */
  target: z.string().min(1).optional(),
  /** Restore drills of this directory's dumps into a scratch server (docs/backups.md). */
  restore_test: restoreTestSchema.optional(),
  /** A second location holding copies of the dumps: a directory or an S3-compatible bucket (docs/backups.md). */
  offsite: offsiteSchema.optional(),
});

export const pgBackRestSchema = z.strictObject({
  pgbackrest: z
    .strictObject({
      /** A file holding `pgbackrest info --output=json` output (e.g. written by cron). */
      info_file: z.string().min(1).optional(),
      /** A command printing that JSON, run without a shell; a string is split on whitespace. */
      command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      /** Only this stanza (default: every stanza in the output). */
      stanza: z.string().min(1).optional(),
      /** How long the command may run (Prometheus duration, parsed to ms). */
      timeout: duration.default(60_000),
    })
    .refine((p) => (p.info_file === undefined) !== (p.command === undefined), {
      message: 'give exactly one of info_file or command',
    }),
  target: z.string().min(1).optional(),
});

export type BackupDirConfig = z.output<typeof backupDirSchema>;
export type PgBackRestConfig = z.output<typeof pgBackRestSchema>;
export type BackupConfigEntry = BackupDirConfig | PgBackRestConfig;

/**
 * An entry is a pgBackRest source when it has a `pgbackrest` key, else a directory. Choosing by key (not z.union)
 * keeps the problems precise: "unknown key verfy" rather than "invalid input".
 */
export const backupEntrySchema = z.unknown().transform((value, ctx): BackupConfigEntry => {
  const isPgBackRest = value !== null && typeof value === 'object' && 'pgbackrest' in value;
  const result = (isPgBackRest ? pgBackRestSchema : backupDirSchema).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

export const backupsConfigSchema = z.array(backupEntrySchema).default([]);

export function isPgBackRestEntry(entry: BackupConfigEntry): entry is PgBackRestConfig {
  return 'pgbackrest' in entry;
}

/** The simple case: `PGWARDEN_BACKUP_DIR` names one backup directory with default settings. */
export function backupsFromEnv(env: NodeJS.ProcessEnv): BackupDirConfig[] {
  const path = env.PGWARDEN_BACKUP_DIR?.trim();
  return path ? [backupDirSchema.parse({ path })] : [];
}
