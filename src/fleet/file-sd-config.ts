// The `file_sd_configs:` section: Prometheus's file service discovery format for PostgreSQL targets. Each entry of a
// file (`targets` + `labels`) names targets; `url_template` builds each one's DSN from the target and its labels.
import { z } from 'zod';
import { duration } from '../config/schema.js';

export const fileSdConfigSchema = z
  .strictObject({
    /** Globs of JSON or YAML files (relative to the configuration file). */
    files: z.array(z.string().min(1)).min(1),
    /** How often the files are read again even without a change event (Prometheus's default: 5m). */
    refresh_interval: duration.default(300_000),
    /** The DSN of each target: `{{ .target }}` is the target string, `{{ .LABEL }}` one of its labels. */
    url_template: z.string().min(1).default('{{ .target }}'),
    password_file: z.string().min(1).optional(),
    password_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name')
      .optional(),
  })
  .refine((c) => c.password_file === undefined || c.password_env === undefined, {
    message: 'give at most one of password_file and password_env',
  });

export const fileSdConfigsSchema = z.array(fileSdConfigSchema).default([]);

export type FileSdConfig = z.output<typeof fileSdConfigSchema>;
