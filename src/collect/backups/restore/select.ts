// Which dumps a drill restores, pure: the files the config lists, else the newest good dump per (database, type),
// only of the listed databases when it lists some, only from the directory the restore_test belongs to.
import path from 'node:path';
import type { BackupFile, BackupGroupSummary } from '../model.js';
import type { RestoreTestConfig } from './config.js';
import type { DrillDump } from './drill.js';

export function drillDumpOf(file: BackupFile): DrillDump {
  return {
    path: file.path,
    name: file.name,
    database: file.database,
    type: file.type,
    format: file.format,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ...(file.meta.state === 'parsed' ? { meta: file.meta.parsed.meta } : {}),
  };
}

export function selectDrillDumps(
  directory: string,
  config: Pick<RestoreTestConfig, 'databases' | 'files'>,
  files: readonly BackupFile[],
  groups: readonly BackupGroupSummary[],
): DrillDump[] {
  const inDirectory = (file: BackupFile) => path.dirname(file.path) === path.resolve(directory);
  const wanted = (file: BackupFile) => !config.databases || config.databases.includes(file.database);
  if (config.files) {
    const names = new Set(config.files.map((f) => path.basename(f)));
    return files.filter((f) => inDirectory(f) && names.has(f.name) && wanted(f)).map(drillDumpOf);
  }
  return groups
    .map((g) => g.lastSuccessFile)
    .filter((f): f is BackupFile => f !== undefined && inDirectory(f) && wanted(f))
    .map(drillDumpOf);
}
