import path from 'node:path';
import { backupsConfigSchema, backupsFromEnv, type BackupConfigEntry } from '../collect/backups/index.js';
import { isPgBackRestEntry } from '../collect/backups/config.js';
import { checkCollectorOverrides } from '../collect/collector-setup.js';
import type { Env } from '../config/env.js';
import { alertingConfigSchema } from '../notify/index.js';
import { loadConfig, type AgentConfig, type SectionSchemas } from '../config/load.js';
import { remoteWriteConfigSchema } from '../remote-write/index.js';
import { fileSdConfigsSchema } from '../fleet/file-sd-config.js';

/** The sections of the config file whose schemas belong to the modules that use them. */
export const SECTION_SCHEMAS: SectionSchemas = {
  backups: backupsConfigSchema,
  alerting: alertingConfigSchema,
  remote_write: remoteWriteConfigSchema,
  file_sd_configs: fileSdConfigsSchema,
};

export interface FullConfig extends AgentConfig {
  readonly backupEntries: readonly BackupConfigEntry[];
}

/** Backup paths in the config file are relative to the file, as every other path there. */
function resolveBackupPaths(entries: readonly BackupConfigEntry[], baseDir: string): BackupConfigEntry[] {
  return entries.map((entry) => {
    if (isPgBackRestEntry(entry)) {
      const info = entry.pgbackrest.info_file;
      return info ? { ...entry, pgbackrest: { ...entry.pgbackrest, info_file: path.resolve(baseDir, info) } } : entry;
    }
    const restore = entry.restore_test;
    const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(baseDir, file));
    return {
      ...entry,
      path: path.resolve(baseDir, entry.path),
      ...(entry.wal_archive ? { wal_archive: path.resolve(baseDir, entry.wal_archive) } : {}),
      ...(restore
        ? {
            restore_test: Object.fromEntries(
              Object.entries({
                ...restore,
                server_file: resolve(restore.server_file),
                password_file: resolve(restore.password_file),
                pg_bin_dir: resolve(restore.pg_bin_dir),
              }).filter(([, v]) => v !== undefined),
            ) as typeof restore,
          }
        : {}),
    };
  });
}

/**
 * Loads the config file and environment with every section validated (file:line errors for all of them), and the
 * collector overrides checked against the definitions they name. Start, reload and `pgwarden check` all load here.
 */
export function loadAgentConfig(file: string | undefined, env: Env = process.env): FullConfig {
  const config = loadConfig({ file, env, sections: SECTION_SCHEMAS, check: checkCollectorOverrides });
  const fromFile = (config.backups as BackupConfigEntry[] | undefined) ?? [];
  const backupEntries = fromFile.length
    ? resolveBackupPaths(fromFile, config.baseDir)
    : backupsFromEnv(env as NodeJS.ProcessEnv);
  return { ...config, backupEntries };
}

/** Which backup entries belong to which target: by `target`, else the first target. */
export function backupEntriesByTarget(
  entries: readonly BackupConfigEntry[],
  targetNames: readonly string[],
): Map<string, BackupConfigEntry[]> {
  const byTarget = new Map<string, BackupConfigEntry[]>();
  for (const entry of entries) {
    const name = entry.target ?? targetNames[0];
    if (name === undefined) continue;
    byTarget.set(name, [...(byTarget.get(name) ?? []), entry]);
  }
  return byTarget;
}
