// `pgwarden backups restore-test`: restore drills on demand, answering like a Nagios plugin (exit 0/1/2/3, status
// line with perfdata, --json). The drill is cancelled and cleaned up on SIGINT/SIGTERM before the process exits.
import { parseArgs } from 'node:util';
import { loadAgentConfig } from '../agent/agent-config.js';
import { BackupSource, isPgBackRestEntry, type BackupDirConfig } from '../collect/backups/index.js';
import { DrillBusyError } from '../collect/backups/restore/drill.js';
import { restoreReport, unknownReport, type RestoreReport } from '../collect/backups/restore/report.js';
import { hostPortOf } from '../collect/backups/restore/scratch-server.js';
import { maskSecretsInText } from '../config/secrets.js';
import { createLogger } from '../log.js';

export const BACKUPS_USAGE = `Usage: pgwarden backups restore-test [--config FILE] [--database D] [--file F] [--json]

Restores the newest good dump of each (database, type) of every backup directory with a restore_test into a fresh
scratch database, checks it, and drops it. Exit code and output as a Nagios plugin: 0 OK, 1 WARNING (nothing to
drill), 2 CRITICAL (a drill failed), 3 UNKNOWN (a drill could not run).

  --database D   only dumps of database D
  --file F       this dump (a file name or path in a configured directory) instead of the newest good one
  --json         the verdict as JSON (still exits with the Nagios code)
`;

export interface BackupsIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

async function restoreTest(args: string[], configFile: string | undefined): Promise<RestoreReport> {
  const { values } = parseArgs({
    args,
    options: { database: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  const config = loadAgentConfig(configFile);
  const entries = config.backupEntries.filter(
    (e): e is BackupDirConfig => !isPgBackRestEntry(e) && e.restore_test !== undefined,
  );
  if (!entries.length) return unknownReport('no backup directory has a restore_test (see docs/backups.md)');
  const logger = createLogger({ level: 'warn', format: 'logfmt' });
  const source = new BackupSource(entries, logger, {
    restore: {
      stateDir: config.stateDir,
      monitored: config.targets.map((t) => hostPortOf(t.connection)),
      scheduled: false,
    },
  });
  const stop = () => void source.close().finally(() => process.exit(3));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const request = {
      ...(values.database ? { database: values.database } : {}),
      ...(values.file ? { file: values.file } : {}),
    };
    const results = await source.restoreTest(request);
    const nothing = values.file
      ? `no dump named ${values.file} in a directory with a restore_test`
      : values.database
        ? `no good dump of database ${values.database} to drill`
        : undefined;
    return restoreReport(results, nothing);
  } catch (error) {
    if (error instanceof DrillBusyError) return unknownReport(error.message);
    throw error;
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await source.close();
  }
}

export async function runBackups(args: string[], configFile: string | undefined, io: BackupsIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'restore-test' || rest.includes('--help') || rest.includes('-h')) {
    (action === 'restore-test' ? io.stdout : io.stderr)(BACKUPS_USAGE);
    return action === 'restore-test' ? 0 : 3;
  }
  const json = rest.includes('--json');
  let report: RestoreReport;
  try {
    report = await restoreTest(rest, configFile);
  } catch (error) {
    report = unknownReport(maskSecretsInText(String((error as Error)?.message ?? error)).split('\n')[0]!);
  }
  io.stdout(json ? JSON.stringify(report.json) + '\n' : report.text);
  return report.code;
}
