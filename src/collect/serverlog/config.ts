// A target's `log:` section: where its server log is and how it is written.
import { z } from 'zod';

export const serverLogSchema = z.strictObject({
  /** A glob of the server's log files (the newest one is followed). */
  path: z.string().min(1),
  format: z.enum(['stderr', 'csvlog', 'jsonlog']).default('stderr'),
  /** stderr only: the server's log_line_prefix; absent, it is read from the server (SHOW), else PostgreSQL's default. */
  line_prefix: z.string().optional(),
  /** Catch-up bound: at most this many bytes are read per collection; an older backlog is skipped and counted. */
  max_bytes_per_collection: z
    .number()
    .int()
    .min(1024)
    .default(256 * 1024 * 1024),
  /** Longer records keep their first this-many bytes. */
  max_record_bytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Label sets per labelled counter (database/user, user/client) before the rest is summed as __other__. */
  max_series: z.number().int().min(1).default(100),
  /** Normalized statements exported by total time. */
  top_statements: z.number().int().min(0).default(20),
  /** Warnings and errors kept for /api/v1/log/events. */
  recent_events: z.number().int().min(0).max(10_000).default(200),
});

export type ServerLogConfig = z.output<typeof serverLogSchema>;

/** PostgreSQL's default log_line_prefix since 10. */
export const DEFAULT_LINE_PREFIX = '%m [%p] ';
