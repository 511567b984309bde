// `pgwarden check`: the Nagios/Icinga plugin. Whatever happens, it prints one verdict (text or JSON) and exits with
// the Nagios code: a bad flag or config is UNKNOWN, an unreachable database CRITICAL.
import { loadAgentConfig } from '../agent/agent-config.js';
import { askAgent } from '../check/agent-client.js';
import { agentAccess, AgentAccessError } from '../check/agent-credentials.js';
import { CheckDefinitionError } from '../check/definitions.js';
import { failureDocument, renderText, type CheckDocument } from '../check/document.js';
import { CheckSetupError, runLocalCheck } from '../check/run-local.js';
import { describeError } from '../collect/target.js';
import { ConfigError } from '../config/load.js';
import { createLogger } from '../log.js';
import { startHardDeadline } from './hard-deadline.js';
import { UsageError, type GlobalOptions } from './args.js';
import { CHECK_USAGE, parseCheckArgs, type CheckArgs } from './check-args.js';

export interface CheckIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const render = (doc: CheckDocument, json: boolean) => (json ? `${JSON.stringify(doc)}\n` : renderText(doc));

function print(doc: CheckDocument, json: boolean, io: CheckIo): number {
  io.stdout.write(render(doc, json));
  return doc.exit_code;
}

/** Past the soft deadline, how long the normal UNKNOWN answer may take before the watchdog kills the process. */
const HARD_DEADLINE_GRACE_MS = 5000;

/** An UNKNOWN verdict for a failure before the check could start (e.g. a bad global flag); returns its exit code. */
export function printCheckFailure(message: string, json: boolean, stdout: CheckIo['stdout']): number {
  return print(failureDocument('UNKNOWN', message, undefined), json, { stdout, stderr: stdout });
}

/** Rejects after `ms` with an UNKNOWN verdict, so a hung server never hangs Nagios's worker. */
function deadline(ms: number, target: string | undefined): { promise: Promise<CheckDocument>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<CheckDocument>((resolve) => {
    timer = setTimeout(
      () => resolve(failureDocument('UNKNOWN', `check timed out after ${Math.round(ms / 1000)}s`, target)),
      ms,
    );
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function verdict(args: CheckArgs, options: GlobalOptions): Promise<CheckDocument> {
  if (args.agent !== undefined) {
    return askAgent(
      agentAccess(args.agent, { basicAuthFile: args.agentBasicAuthFile, caFile: args.agentCaFile }),
      { selections: args.selections, rules: args.rules, target: args.target },
      args.timeoutMs,
    );
  }
  const config = loadAgentConfig(options.configFile);
  const logger = createLogger({
    level: options.logLevel === 'debug' ? 'debug' : 'error',
    format: options.logFormat,
    destination: process.stderr,
  });
  const [rule] = args.rules;
  return runLocalCheck({
    config,
    logger,
    target: args.target,
    selections: args.selections,
    rules: args.rules,
    override:
      rule !== undefined && (args.warning !== undefined || args.critical !== undefined)
        ? { rule, warning: args.warning, critical: args.critical }
        : undefined,
    intervalMs: args.intervalMs,
    timeoutMs: args.timeoutMs,
    backups: args.backups,
  });
}

function firstLine(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CheckDefinitionError) {
    const [first] = error.problems;
    const more = error.problems.length - 1;
    const what = error instanceof ConfigError ? 'configuration' : 'check definitions';
    return `invalid ${what}: ${first ?? ''}${more > 0 ? ` (+${more} more)` : ''}`;
  }
  return describeError(error).split('\n')[0] ?? 'error';
}

/** Runs the check; returns the Nagios exit code. */
export async function runCheck(argv: readonly string[], options: GlobalOptions, io: CheckIo): Promise<number> {
  const json = argv.includes('--json');
  let args: CheckArgs;
  try {
    args = parseCheckArgs(argv);
  } catch (error) {
    // The selection flags come from check/selections.yml: a broken file is UNKNOWN with its first problem.
    if (error instanceof CheckDefinitionError)
      return print(failureDocument('UNKNOWN', firstLine(error), undefined), json, io);
    if (!(error instanceof UsageError)) throw error;
    if (!json) io.stderr.write(CHECK_USAGE);
    return print(failureDocument('UNKNOWN', `usage: ${error.message}`, undefined), json, io);
  }
  // Connect timeout, collections (twice for rate rules), backup verification: the whole run gets a generous bound.
  const limitMs = 3 * args.timeoutMs + args.intervalMs;
  const limit = deadline(limitMs, args.target);
  const hard = startHardDeadline(
    limitMs + HARD_DEADLINE_GRACE_MS,
    render(
      failureDocument('UNKNOWN', `check did not end within ${Math.round(limitMs / 1000)}s; killed`, args.target),
      args.json,
    ),
  );
  try {
    const doc = await Promise.race([verdict(args, options), limit.promise]);
    return print(doc, args.json, io);
  } catch (error) {
    const known =
      error instanceof CheckSetupError ||
      error instanceof ConfigError ||
      error instanceof UsageError ||
      error instanceof AgentAccessError ||
      error instanceof CheckDefinitionError;
    const msg = known ? firstLine(error) : `internal error: ${firstLine(error)}`;
    return print(failureDocument('UNKNOWN', msg, args.target), args.json, io);
  } finally {
    limit.cancel();
    hard.cancel();
  }
}
