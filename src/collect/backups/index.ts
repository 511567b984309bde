export {
  backupsConfigSchema,
  backupDirSchema,
  pgBackRestSchema,
  backupsFromEnv,
  isPgBackRestEntry,
  type BackupDirConfig,
  type BackupConfigEntry,
  type PgBackRestConfig,
} from './config.js';
export { BackupSource, type BackupSourceOptions } from './source.js';
export { parseBackupFileName, type BackupFileName } from './filename.js';
export { parseBackupMeta, parseMetaTimestamp, type BackupMeta, type ParsedMeta } from './meta.js';
export { parseSha256File, expectedSha256, type Sha256Entry } from './sha256.js';
export { summariseBackups, assessBackup, backupTime, type SummaryOptions, type BackupsSummary } from './summary.js';
export { classifyWalFile, summariseWalArchive, type WalFile, type WalFileKind } from './wal.js';
export { parsePgBackRestInfo } from './pgbackrest.js';
export { backupFamilies, backupFamilyNames } from './families.js';
export { BACKUP_PROBLEMS, type BackupProblem, type BackupFile, type BackupGroupSummary } from './model.js';
