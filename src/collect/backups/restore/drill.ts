// One restore drill: refuse what must not run, take the scratch server's drill lock, drop our leftovers, create our
// own database, restore into it, inspect it, and drop it again whatever happened (failure, time limit, SIGTERM).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeError } from '../../target.js';
import type { Logger } from '../../../log.js';
import type { BackupMeta } from '../meta.js';
import type { DumpFormat } from '../filename.js';
import { CLIENT_HINT, findClientBinaries } from './binaries.js';
import { controlClient, DRILL_APPLICATION_NAME, tryDrillLock } from './control.js';
import type { RestoreTestConfig } from './config.js';
import { inspectRestored } from './inspect.js';
import { dropLeftovers, dropScratchDatabase, ScratchLedger } from './ledger.js';
import type { DrillResult, RestoreProblem } from './model.js';
import { runRestoreTool } from './run-tool.js';
import { sameServer, type ScratchServer } from './scratch-server.js';
import { scratchDatabaseName } from './scratch-name.js';
import { judgeInspection, judgeTool } from './verdict.js';

const SIZE_POLL_MS = 2000;

export interface DrillDump {
  readonly path: string;
  readonly name: string;
  readonly database: string;
  readonly type: string;
  readonly format: DumpFormat;
  readonly size: number | null;
  readonly mtimeMs: number | null;
  readonly meta?: BackupMeta;
}

export interface DrillInput {
  readonly dump: DrillDump;
  readonly config: RestoreTestConfig;
  readonly server: ScratchServer;
  readonly stateDir: string;
  /** host/port of every monitored target: the scratch server must be none of them unless allowed. */
  readonly monitored: ReadonlyArray<{ host: string; port: number }>;
  /** Aborts the drill (SIGTERM, agent stop); it still cleans up before resolving. */
  readonly signal?: AbortSignal;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface DrillOutcome {
  readonly result: DrillResult;
  /** The tool's output (not yet masked). */
  readonly log: string;
}

/** Another drill holds the scratch server (this process or another): try later. */
export class DrillBusyError extends Error {
  constructor(server: string) {
    super(`another restore drill is running on ${server}`);
  }
}

function majorOf(version: string | undefined): number | undefined {
  const match = /^(\d+)/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

export async function runDrill(input: DrillInput): Promise<DrillOutcome> {
  const now = input.now ?? Date.now;
  const { dump, config, server } = input;
  const startedAt = now();
  const base = {
    database: dump.database,
    type: dump.type,
    file: dump.path,
    size: dump.size,
    mtimeMs: dump.mtimeMs,
    startedAt,
  };
  const finish = (problems: RestoreProblem[], messages: string[], extra: Partial<DrillResult> = {}, log = '') => ({
    result: { ...base, ...extra, finishedAt: now(), success: problems.length === 0, problems, messages },
    log,
  });
  if (!config.allow_monitored_target && input.monitored.some((m) => sameServer(m, server)))
    return finish(
      ['monitored_target'],
      [`scratch server ${server.key} is a monitored target; set restore_test.allow_monitored_target: true to allow it`],
    );
  if (dump.size !== null && dump.size > config.size_limit)
    return finish(['too_large'], [`the dump has ${dump.size} bytes, more than size_limit ${config.size_limit}`]);
  const binaries = await findClientBinaries(config.pg_bin_dir, majorOf(dump.meta?.pgVersion));
  if (!binaries) return finish(['client_missing'], [`psql and pg_restore not found: ${CLIENT_HINT}`]);

  const statementTimeout = config.statement_timeout ?? config.time_limit;
  const control = controlClient(server);
  try {
    await control.connect();
  } catch (error) {
    await control.end().catch(() => undefined);
    return finish(['server_error'], [`cannot connect to scratch server ${server.key}: ${describeError(error)}`]);
  }
  try {
    if (!(await tryDrillLock(control))) throw new DrillBusyError(server.key);
    const ledger = new ScratchLedger(input.stateDir, server.key);
    const leftovers = await dropLeftovers(control, ledger);
    if (leftovers.length)
      input.logger.info({ server: server.key, databases: leftovers }, 'dropped leftover scratch databases');
    const scratch = scratchDatabaseName(dump.database, startedAt, randomBytes(3).toString('hex'));
    await ledger.add(scratch);
    try {
      await control.query(`CREATE DATABASE ${control.escapeIdentifier(scratch)} TEMPLATE template0`);
      return await restoreAndInspect(input, control, scratch, binaries, statementTimeout, finish);
    } finally {
      await dropScratchDatabase(control, scratch);
      await ledger.remove(scratch);
    }
  } catch (error) {
    if (error instanceof DrillBusyError) throw error;
    return finish(['server_error'], [`scratch server ${server.key}: ${describeError(error)}`]);
  } finally {
    await control.end().catch(() => undefined);
  }
}

type Finish = (
  problems: RestoreProblem[],
  messages: string[],
  extra?: Partial<DrillResult>,
  log?: string,
) => DrillOutcome;

async function restoreAndInspect(
  input: DrillInput,
  control: pg.Client,
  scratch: string,
  binaries: NonNullable<Awaited<ReturnType<typeof findClientBinaries>>>,
  statementTimeout: number,
  finish: Finish,
): Promise<DrillOutcome> {
  const { dump, config, server } = input;
  const timeLimit = AbortSignal.timeout(config.time_limit);
  const sizeLimit = new AbortController();
  const signal = AbortSignal.any([timeLimit, sizeLimit.signal, ...(input.signal ? [input.signal] : [])]);
  const watcher = setInterval(() => {
    control
      .query<{ size: string }>('SELECT pg_database_size($1) AS size', [scratch])
      .then((r) => Number(r.rows[0]!.size) > config.size_limit && sizeLimit.abort())
      .catch(() => undefined);
  }, SIZE_POLL_MS);
  const extra = { scratchDatabase: scratch, clientMajor: binaries.major };
  const env = {
    ...server.toolEnv,
    PGAPPNAME: DRILL_APPLICATION_NAME,
    PGOPTIONS: `-c statement_timeout=${statementTimeout}`,
  };
  let tool;
  try {
    tool = await runRestoreTool(dump.format, binaries, dump.path, scratch, env, signal);
  } finally {
    clearInterval(watcher);
  }
  if (tool.aborted) {
    if (sizeLimit.signal.aborted)
      return finish(
        ['too_large'],
        [`the restored database grew past size_limit ${config.size_limit}`],
        extra,
        tool.output,
      );
    if (timeLimit.aborted)
      return finish(['timeout'], [`the restore ran past time_limit ${config.time_limit / 1000}s`], extra, tool.output);
    return finish(['restore_error'], ['the drill was cancelled (agent stopping)'], extra, tool.output);
  }
  const toolVerdict = judgeTool(tool);
  if (!toolVerdict.success) return finish(toolVerdict.problems, toolVerdict.messages, extra, tool.output);
  const client = new pg.Client({
    ...server.connection,
    database: scratch,
    application_name: DRILL_APPLICATION_NAME,
    connectionTimeoutMillis: 10_000,
    statement_timeout: statementTimeout,
  });
  client.on('error', () => undefined);
  const onAbort = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    const inspection = await inspectRestored(client, dump.meta?.rows ?? {}, config.checks);
    const verdict = judgeInspection(inspection, dump.meta);
    return finish(
      verdict.problems,
      verdict.messages,
      { ...extra, tables: inspection.tables, rows: inspection.rows },
      tool.output,
    );
  } catch (error) {
    const problem = timeLimit.aborted ? 'timeout' : 'check_failed';
    return finish([problem], [`inspecting the restored database failed: ${describeError(error)}`], extra, tool.output);
  } finally {
    signal.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}
