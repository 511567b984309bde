import { parseArgs } from 'node:util';
import type { LogFormat } from '../log.js';
import { parseDuration } from '../config/duration.js';

/** A usage mistake: printed as one line, exit code 2 for serve (3, UNKNOWN, for check). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SUBCOMMANDS = ['serve', 'check', 'rules', 'doctor', 'backups'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface GlobalOptions {
  readonly listenAddress: string;
  readonly telemetryPath: string;
  readonly webConfigFile: string | undefined;
  /** Log each HTTP request at debug level. */
  readonly logRequests: boolean;
  /**
   * --web.read-only (true) or --no-web.read-only (false): the console offers and accepts no state change (silence,
   * expire, retry, drop, reload). Absent: the configuration's web.read_only decides.
   */
  readonly readOnly?: boolean;
  /** --web.external-url: the URL users reach the agent at (its path prefixes every console link). */
  readonly externalUrl?: string;
  /** --web.route-prefix: the path the agent serves under (default: the external URL's path), as in Prometheus. */
  readonly routePrefix?: string;
  readonly logLevel: string;
  readonly logFormat: LogFormat;
  readonly configFile: string | undefined;
  /** --query.timeout: the longest a query of the HTTP API may evaluate (Prometheus's flag and default, 2m). */
  readonly queryTimeoutMs?: number;
  /** --shard.index and --shard.count: this agent's share of the configured targets (over the config's `shard`). */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
}

export interface ParsedCommand {
  readonly command: Subcommand | 'help' | 'version';
  readonly options: GlobalOptions;
  /** Everything after the subcommand that is not a global option: the subcommand parses it itself. */
  readonly rest: string[];
}

// postgres_exporter's flag names, so a swap needs no change to a systemd unit or container args.
const GLOBAL_FLAGS = {
  'web.listen-address': { type: 'string' },
  'web.telemetry-path': { type: 'string' },
  'web.config.file': { type: 'string' },
  'web.log-requests': { type: 'boolean' },
  'web.read-only': { type: 'boolean' },
  'no-web.read-only': { type: 'boolean' },
  'web.external-url': { type: 'string' },
  'web.route-prefix': { type: 'string' },
  'log.level': { type: 'string' },
  'log.format': { type: 'string' },
  'query.timeout': { type: 'string' },
  'shard.index': { type: 'string' },
  'shard.count': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

/** Parses the command line: `pgwarden [SUBCOMMAND] [FLAGS]`. Pure; throws UsageError with a one-line message. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const first = argv[0];
  const hasSubcommand = first !== undefined && !first.startsWith('-');
  if (hasSubcommand && !(SUBCOMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}" (commands: ${SUBCOMMANDS.join(', ')})`);
  }
  const command = (hasSubcommand ? first : 'serve') as Subcommand;
  const args = hasSubcommand ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: GLOBAL_FLAGS,
      strict: command === 'serve',
      allowPositionals: command !== 'serve',
      tokens: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  type StringFlag = Exclude<
    keyof typeof GLOBAL_FLAGS,
    'help' | 'version' | 'web.log-requests' | 'web.read-only' | 'no-web.read-only'
  >;
  const v = parsed.values as Partial<Record<StringFlag, string>> & {
    help?: boolean;
    version?: boolean;
    'web.log-requests'?: boolean;
    'web.read-only'?: boolean;
    'no-web.read-only'?: boolean;
  };
  const level = v['log.level'] ?? 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log.level must be one of ${LOG_LEVELS.join(', ')}`);
  const format = v['log.format'] ?? 'json';
  if (format !== 'json' && format !== 'logfmt') throw new UsageError('--log.format must be json or logfmt');
  const telemetryPath = v['web.telemetry-path'] ?? '/metrics';
  if (!telemetryPath.startsWith('/')) throw new UsageError('--web.telemetry-path must start with /');
  const queryTimeoutMs = parseDuration(v['query.timeout'] ?? '2m');
  if (queryTimeoutMs === undefined || queryTimeoutMs <= 0) {
    throw new UsageError('--query.timeout must be a positive duration such as 30s or 2m');
  }
  if (v['web.read-only'] && v['no-web.read-only'])
    throw new UsageError('--web.read-only and --no-web.read-only contradict each other');
  const shard = parseShard(v['shard.index'], v['shard.count']);
  // Subcommands other than serve get back what the global parser did not consume, in order.
  const known = new Set(Object.keys(GLOBAL_FLAGS));
  const rest: string[] = [];
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'positional') rest.push(token.value);
    else if (token.kind === 'option' && !known.has(token.name)) {
      rest.push(token.rawName);
      if (token.value !== undefined && token.inlineValue) rest[rest.length - 1] += `=${token.value}`;
      else if (token.value !== undefined) rest.push(token.value);
    } else if (token.kind === 'option-terminator') rest.push('--');
  }
  return {
    command: v.help ? 'help' : v.version ? 'version' : command,
    options: {
      listenAddress: v['web.listen-address'] ?? ':9187',
      telemetryPath,
      webConfigFile: v['web.config.file'],
      logRequests: v['web.log-requests'] ?? false,
      ...(v['web.read-only'] ? { readOnly: true } : v['no-web.read-only'] ? { readOnly: false } : {}),
      ...(v['web.external-url'] !== undefined ? { externalUrl: v['web.external-url'] } : {}),
      ...(v['web.route-prefix'] !== undefined ? { routePrefix: v['web.route-prefix'] } : {}),
      logLevel: level,
      logFormat: format,
      configFile: v.config,
      queryTimeoutMs,
      shard,
    },
    rest,
  };
}

/** --shard.index and --shard.count go together: 0 ≤ index < count. */
function parseShard(index: string | undefined, count: string | undefined) {
  if (index === undefined && count === undefined) return undefined;
  const i = Number(index);
  const n = Number(count);
  if (!Number.isInteger(i) || !Number.isInteger(n) || i < 0 || n < 1 || i >= n) {
    throw new UsageError('--shard.index and --shard.count must be given together as whole numbers, 0 <= index < count');
  }
  return { index: i, count: n };
}

/** `host:port`, `:port` (all interfaces) or `[v6]:port`. */
export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new UsageError(`--web.listen-address "${text}" is not host:port`);
  return { host: match[1] ?? match[2] ?? '', port };
}
