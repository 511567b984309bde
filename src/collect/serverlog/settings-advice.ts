// `pgwarden doctor`'s look at the server's logging settings: which pg_log_* metrics will stay empty and what to set.
// Pure: settings in, advice out (docs/server-log.md has the same recommendations).
import type { LogFormat } from './records.js';

/** pg_settings names the advice reads. */
export const LOGGING_SETTING_NAMES = [
  'log_min_duration_statement',
  'log_lock_waits',
  'log_checkpoints',
  'log_connections',
  'log_disconnections',
  'log_temp_files',
  'log_autovacuum_min_duration',
  'log_destination',
  'log_line_prefix',
  'lc_messages',
] as const;

export interface LoggingAdvice {
  readonly setting: string;
  /** The current value, as pg_settings shows it (undefined: the role may not read it). */
  readonly current: string | undefined;
  /** Metrics that stay empty (or lose a label) with the current value. */
  readonly affects: string;
  /** The statement that fixes it (a reload is enough for every one of them). */
  readonly fix: string;
}

const isOff = (v: string | undefined) => v === undefined || v === '' || v === 'off' || v === 'false';

/** The advice for `settings`; empty when everything pgwarden counts will be logged. */
export function loggingAdvice(
  settings: Readonly<Record<string, string | undefined>>,
  format: LogFormat = 'stderr',
): LoggingAdvice[] {
  const advice: LoggingAdvice[] = [];
  const add = (setting: string, affects: string, value: string) =>
    advice.push({ setting, current: settings[setting], affects, fix: `ALTER SYSTEM SET ${setting} = '${value}';` });
  if (settings.log_min_duration_statement === '-1')
    add(
      'log_min_duration_statement',
      'pg_log_slow_statements_total, pg_log_slow_statement_duration_seconds, pg_log_statement_* stay empty',
      '500ms',
    );
  if (isOff(settings.log_lock_waits))
    add('log_lock_waits', 'pg_log_lock_waits_total, pg_log_lock_wait_seconds_total stay empty', 'on');
  if (isOff(settings.log_checkpoints)) add('log_checkpoints', 'pg_log_checkpoints_total stays empty', 'on');
  if (isOff(settings.log_connections)) add('log_connections', 'pg_log_connections_total stays empty', 'on');
  if (isOff(settings.log_disconnections))
    add('log_disconnections', 'pg_log_disconnections_total, pg_log_session_seconds_total stay empty', 'on');
  if (settings.log_temp_files === '-1')
    add('log_temp_files', 'pg_log_temp_files_total, pg_log_temp_file_bytes_total stay empty', '0');
  if (settings.log_autovacuum_min_duration === '-1')
    add(
      'log_autovacuum_min_duration',
      'pg_log_autovacuum_runs_total, pg_log_autovacuum_seconds_total stay empty',
      '10s',
    );
  const lc = settings.lc_messages;
  if (lc !== undefined && lc !== '' && !/^(C|POSIX|en_[A-Z]{2})(\..*)?$/.test(lc))
    add(
      'lc_messages',
      'messages are classified by their English text: every event counter but pg_log_messages_total stays empty',
      'C',
    );
  const destinations = (settings.log_destination ?? '').split(',').map((d) => d.trim());
  if (settings.log_destination !== undefined && !destinations.includes(format))
    add(
      'log_destination',
      `the target's log.format is ${format}, which the server does not write: every pg_log_* metric stays empty`,
      [...destinations.filter(Boolean), format].join(','),
    );
  const prefix = settings.log_line_prefix;
  if (format === 'stderr' && prefix !== undefined) {
    const missing = [
      ['%m', 'the time'],
      ['%p', 'the process id (DETAIL lines of interleaved processes)'],
      ['%u', 'the user label'],
      ['%d', 'the database label'],
      ['%h', 'the client address of failed logins'],
      ['%e', 'the sqlstate_class label'],
    ].filter(
      ([escape]) =>
        !prefix.includes(escape as string) &&
        !(escape === '%m' && /%[tn]/.test(prefix)) &&
        !(escape === '%h' && prefix.includes('%r')),
    );
    if (missing.length > 0)
      add('log_line_prefix', `log lines lack ${missing.map(([, what]) => what).join(', ')}`, '%m [%p] %q%u@%d %h %e ');
  }
  return advice;
}

/** The doctor's text for one target. */
export function formatLoggingAdvice(advice: readonly LoggingAdvice[]): string {
  if (advice.length === 0) return 'Server log: every event pgwarden counts is logged.\n';
  const lines = ['Server log: with these settings some pg_log_* metrics stay empty:'];
  for (const a of advice)
    lines.push(`  ${a.setting} = ${a.current === undefined ? '(not readable)' : `'${a.current}'`}: ${a.affects}`);
  lines.push('  Fix (then SELECT pg_reload_conf();):', ...advice.map((a) => `    ${a.fix}`));
  return `${lines.join('\n')}\n`;
}
