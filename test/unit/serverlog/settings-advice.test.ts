import { describe, expect, it } from 'vitest';
import { formatLoggingAdvice, loggingAdvice } from '../../../src/collect/serverlog/settings-advice.js';

const RECOMMENDED = {
  log_min_duration_statement: '500',
  log_lock_waits: 'on',
  log_checkpoints: 'on',
  log_connections: 'on',
  log_disconnections: 'on',
  log_temp_files: '0',
  log_autovacuum_min_duration: '10000',
  log_destination: 'stderr',
  log_line_prefix: '%m [%p] %q%u@%d %h %e ',
  lc_messages: 'C',
};

describe('loggingAdvice: which metrics stay empty and what to set', () => {
  const cases: [string, Record<string, string>, 'stderr' | 'csvlog' | 'jsonlog', string[]][] = [
    ['recommended settings', {}, 'stderr', []],
    [
      'server defaults (PostgreSQL 15+)',
      {
        log_min_duration_statement: '-1',
        log_lock_waits: 'off',
        log_connections: 'off',
        log_disconnections: 'off',
        log_temp_files: '-1',
        log_line_prefix: '%m [%p] ',
      },
      'stderr',
      [
        'log_min_duration_statement',
        'log_lock_waits',
        'log_connections',
        'log_disconnections',
        'log_temp_files',
        'log_line_prefix',
      ],
    ],
    ['PostgreSQL 18 log_connections as an empty list', { log_connections: '' }, 'stderr', ['log_connections']],
    [
      'PostgreSQL 18 log_connections as a list',
      { log_connections: 'receipt,authentication,authorization' },
      'stderr',
      [],
    ],
    [
      'checkpoints and autovacuum off',
      { log_checkpoints: 'off', log_autovacuum_min_duration: '-1' },
      'stderr',
      ['log_checkpoints', 'log_autovacuum_min_duration'],
    ],
    ['translated messages', { lc_messages: 'de_DE.UTF-8' }, 'stderr', ['lc_messages']],
    ['English locale is fine', { lc_messages: 'en_US.UTF-8' }, 'stderr', []],
    ['csvlog not written', { log_destination: 'stderr' }, 'csvlog', ['log_destination']],
    [
      'csvlog written: the prefix does not matter',
      { log_destination: 'stderr,csvlog', log_line_prefix: '' },
      'csvlog',
      [],
    ],
    ['%t and %r replace %m and %h', { log_line_prefix: '%t [%p] %u@%d %r %e ' }, 'stderr', []],
  ];
  it.each(cases)('%s', (_name, changed, format, settings) => {
    expect(loggingAdvice({ ...RECOMMENDED, ...changed }, format).map((a) => a.setting)).toEqual(settings);
  });

  it('says what stays empty and gives the statements', () => {
    const text = formatLoggingAdvice(
      loggingAdvice({ ...RECOMMENDED, log_lock_waits: 'off', log_line_prefix: '%m [%p] ' }),
    );
    expect(text).toContain(
      "log_lock_waits = 'off': pg_log_lock_waits_total, pg_log_lock_wait_seconds_total stay empty",
    );
    expect(text).toContain("ALTER SYSTEM SET log_lock_waits = 'on';");
    expect(text).toContain(
      'log lines lack the user label, the database label, the client address of failed logins, the sqlstate_class label',
    );
    expect(formatLoggingAdvice([])).toBe('Server log: every event pgwarden counts is logged.\n');
  });
});
