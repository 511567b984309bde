// `pgwarden check` flags: selections as the old monitor-database.sh had them, Nagios's -t, check_postgres's
// --warning/--critical for one rule. Pure; throws UsageError with a one-line message (the check prints UNKNOWN).
import { parseArgs } from 'node:util';
import { selectionAliases, selectionNamed, selectionNames, type Selection } from '../check/selections.js';
import { parseDuration } from '../config/duration.js';
import { UsageError } from './args.js';

export interface CheckArgs {
  readonly json: boolean;
  readonly target: string | undefined;
  readonly selections: Selection[];
  readonly rules: string[];
  readonly warning: number | undefined;
  readonly critical: number | undefined;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly agent: string | undefined;
  /** --agent.basic-auth-file: `user:password`, or YAML username/password(_file). */
  readonly agentBasicAuthFile: string | undefined;
  /** --agent.ca-file: PEM CA certificates for an https agent. */
  readonly agentCaFile: string | undefined;
  readonly backups: boolean;
}

/** Every selection flag: the selections of check/selections.yml and their aliases. */
const selectionFlags = (): string[] => [...selectionNames(), ...Object.keys(selectionAliases())];

const FIXED_FLAGS = {
  json: { type: 'boolean' },
  target: { type: 'string' },
  rule: { type: 'string', multiple: true },
  warning: { type: 'string', short: 'w' },
  critical: { type: 'string', short: 'c' },
  interval: { type: 'string' },
  timeout: { type: 'string', short: 't' },
  agent: { type: 'string' },
  'agent.basic-auth-file': { type: 'string' },
  'agent.ca-file': { type: 'string' },
} as const;

function flags(): Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> {
  return { ...FIXED_FLAGS, ...Object.fromEntries(selectionFlags().map((name) => [name, { type: 'boolean' }])) };
}

/** A Prometheus duration (`10s`, `1m30s`) or plain seconds as Nagios's -t takes them (`10`, `2.5`). */
export function parseSeconds(flag: string, text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--${flag} "${text}" is not a duration (e.g. 10s, 1m, or seconds)`);
  return ms;
}

function threshold(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} "${text}" is not a number`);
  return value;
}

export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: flags() as never, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const selections = [
    ...new Set(
      selectionFlags()
        .filter((name) => v[name] === true)
        .map((name) => selectionNamed(name) as Selection),
    ),
  ];
  const rules = (v.rule as string[] | undefined) ?? [];
  const warning = threshold('warning', v.warning as string | undefined);
  const critical = threshold('critical', v.critical as string | undefined);
  if ((warning !== undefined || critical !== undefined) && (rules.length !== 1 || selections.length > 0))
    throw new UsageError('--warning and --critical need exactly one --rule NAME (and no selection)');
  const agent = v.agent as string | undefined;
  if (agent !== undefined) {
    // Not echoed: the text may hold credentials.
    if (!/^https?:\/\//.test(agent)) throw new UsageError('--agent must be an http:// or https:// URL');
    if (warning !== undefined || critical !== undefined)
      throw new UsageError('--warning/--critical cannot be used with --agent (the agent evaluates its own rules)');
  } else if (v['agent.basic-auth-file'] !== undefined || v['agent.ca-file'] !== undefined) {
    throw new UsageError('--agent.basic-auth-file and --agent.ca-file need --agent URL');
  }
  const timeoutMs = parseSeconds('timeout', (v.timeout as string | undefined) ?? '10s');
  if (timeoutMs <= 0) throw new UsageError('--timeout must be more than 0');
  return {
    json: v.json === true,
    target: v.target as string | undefined,
    selections,
    rules,
    warning,
    critical,
    intervalMs: parseSeconds('interval', (v.interval as string | undefined) ?? '5s'),
    timeoutMs,
    agent,
    agentBasicAuthFile: v['agent.basic-auth-file'] as string | undefined,
    agentCaFile: v['agent.ca-file'] as string | undefined,
    backups: selections.includes('backups'),
  };
}

export const CHECK_USAGE = `Usage: pgwarden check [--config FILE] [SELECTION...] [--rule NAME]... [FLAGS]

Nagios/Icinga plugin: collects once, evaluates the alert rules once (their "for" is left to Nagios's
max_check_attempts), prints "POSTGRES <STATE> - <summary> | <perfdata>" and exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
Below that line comes a report for the selection (connections, active and waiting queries, top statements, sizes,
unused indexes, dead rows, backups); --json has it in its "report" field.

Timing: rules with rate()/increase() need a second collection --interval after the first, so a default run takes
about 6 s (5 s pause + two collections). --interval 2s shortens it (noisier rates); --interval 0 takes one sample and
skips those rules (named in a NOTE line).

Selections (default: every alerting rule of the rule files, and the whole report):
  --health --connections --locks --performance (--metrics) --slow-queries --disk --backups --replication
  --rule NAME             an alerting rule by name (repeatable; no report unless a selection is given too)
Flags:
  -w, --warning N         with one --rule: that rule's warning threshold for this run
  -c, --critical N        with one --rule: that rule's critical threshold for this run
  --target NAME           which configured target (needed when several are configured)
  --interval DURATION     pause before the second collection that rate() rules need (default 5s; 0: skip them)
  -t, --timeout DURATION  connect timeout (default 10s; plain seconds as Nagios's -t also work)
  --json                  one JSON document (check_pgactivity's fields, the checks and the report) instead of text
  --agent URL             ask a running pgwarden (GET URL/api/v1/check) instead of connecting; credentials in
                          the URL (https://user:pass@host:9187) are sent as basic auth, never printed
  --agent.basic-auth-file FILE   basic auth for the agent: one line "user:password", or Prometheus's basic_auth
                          as YAML (username: and password: or password_file:)
  --agent.ca-file FILE    PEM CA certificate(s) to trust for an https:// agent (its web config's TLS)
Statement text is shown only when the stat_statements_query collector is enabled (collectors.enable); literals are
masked and lines capped at 120 characters. Otherwise statements are named by queryid.
`;
