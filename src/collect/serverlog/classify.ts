// A message → the events it stands for. Pure: a table of patterns over the message text, the SQLSTATE and the
// severity; messages are PostgreSQL's English ones (lc_messages = C, which docs/server-log.md recommends).
import type { LogEntry } from './entry.js';

export type LogEvent =
  | { readonly kind: 'connection' }
  | { readonly kind: 'disconnection'; readonly seconds: number }
  | { readonly kind: 'auth_failure'; readonly user: string | undefined }
  | { readonly kind: 'slow_statement'; readonly seconds: number; readonly statement: string | undefined }
  | { readonly kind: 'deadlock' }
  | { readonly kind: 'lock_wait'; readonly seconds: number }
  | { readonly kind: 'temp_file'; readonly bytes: number }
  | { readonly kind: 'checkpoint' }
  | { readonly kind: 'checkpoint_too_frequent' }
  | { readonly kind: 'autovacuum'; readonly operation: 'vacuum' | 'analyze'; readonly seconds: number }
  | { readonly kind: 'replication_failure' }
  | { readonly kind: 'archive_failure' }
  | { readonly kind: 'out_of_memory' }
  | { readonly kind: 'out_of_disk' }
  | { readonly kind: 'server_start' }
  | { readonly kind: 'server_shutdown' }
  | { readonly kind: 'crash_restart' };

const DURATION =
  /^duration: ([\d.]+) ms(?:\s+(statement|execute [^:]*|parse [^:]*|bind [^:]*|fastpath function call): ?([\s\S]*))?$/;
const AUTH_FAILED =
  /^(?:password|md5|scram-sha-256|ident|peer|ldap|radius|cert|gss|sspi|pam|bsd|trust)?\s*authentication failed for user "((?:[^"]|"")*)"/i;
const HBA_REJECT =
  /^(?:no pg_hba\.conf entry|pg_hba\.conf rejects connection) for (?:replication connection from )?host "[^"]*", user "((?:[^"]|"")*)"/;
const SESSION_TIME = /^disconnection: session time: (\d+):(\d\d):([\d.]+)/;
const LOCK_WAIT = /^process \d+ still waiting for \S+ on .+ after ([\d.]+) ms/s;
const TEMP_FILE = /^temporary file: path ".*", size (\d+)/s;
const AUTOVACUUM = /^automatic (aggressive )?(vacuum|analyze) of table /;
const ELAPSED = /elapsed: ([\d.]+) s/;
const REPLICATION =
  /^(?:could not receive data from WAL stream|could not connect to the primary server|replication terminated by primary server|could not start WAL streaming|terminating walsender process due to replication timeout|requested WAL segment \S+ has already been removed)/;
const ARCHIVE =
  /^(?:archive command failed|archive command was terminated|archive_command ".*" failed|archive module failed)/;

const unquote = (name: string) => name.replace(/""/g, '"');

/** The events one message stands for (usually none or one). */
export function classify(entry: LogEntry): LogEvent[] {
  const { message, sqlstate, severity } = entry;
  const events: LogEvent[] = [];
  const duration = DURATION.exec(message);
  if (duration) {
    const kind = duration[2] ?? '';
    // parse and bind steps of the extended protocol are timed too; the statement is counted once, at execute.
    if (!kind.startsWith('parse') && !kind.startsWith('bind')) {
      events.push({
        kind: 'slow_statement',
        seconds: Number(duration[1]) / 1000,
        statement: duration[3] || entry.statement,
      });
    }
    return events;
  }
  if (message.startsWith('connection authorized: ')) return [{ kind: 'connection' }];
  const session = SESSION_TIME.exec(message);
  if (session) {
    const seconds = Number(session[1]) * 3600 + Number(session[2]) * 60 + Number(session[3]);
    return [{ kind: 'disconnection', seconds }];
  }
  if (severity === 'FATAL') {
    const failed = AUTH_FAILED.exec(message) ?? HBA_REJECT.exec(message);
    if (failed || sqlstate === '28P01') {
      return [{ kind: 'auth_failure', user: failed ? unquote(failed[1] as string) : entry.user }];
    }
  }
  if (sqlstate === '40P01' || message === 'deadlock detected') events.push({ kind: 'deadlock' });
  const lock = LOCK_WAIT.exec(message);
  if (lock) events.push({ kind: 'lock_wait', seconds: Number(lock[1]) / 1000 });
  const temp = TEMP_FILE.exec(message);
  if (temp) events.push({ kind: 'temp_file', bytes: Number(temp[1]) });
  if (/^(?:checkpoint|restartpoint) complete: /.test(message)) events.push({ kind: 'checkpoint' });
  if (message.startsWith('checkpoints are occurring too frequently')) events.push({ kind: 'checkpoint_too_frequent' });
  const vacuum = AUTOVACUUM.exec(message);
  if (vacuum) {
    const seconds = Number(ELAPSED.exec(message)?.[1] ?? 0);
    events.push({ kind: 'autovacuum', operation: vacuum[2] as 'vacuum' | 'analyze', seconds });
  }
  if (REPLICATION.test(message)) events.push({ kind: 'replication_failure' });
  if (ARCHIVE.test(message)) events.push({ kind: 'archive_failure' });
  if (sqlstate === '53200' || /^out of memory\b/.test(message)) events.push({ kind: 'out_of_memory' });
  if (sqlstate === '53100' || /No space left on device/.test(message)) events.push({ kind: 'out_of_disk' });
  if (/^database system is ready to accept (?:read[- ]only )?connections/.test(message))
    events.push({ kind: 'server_start' });
  if (message === 'database system is shut down') events.push({ kind: 'server_shutdown' });
  if (message.startsWith('terminating any other active server processes')) events.push({ kind: 'crash_restart' });
  return events;
}
