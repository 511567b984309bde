import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/collect/serverlog/classify.js';
import type { LogEntry } from '../../../src/collect/serverlog/entry.js';

const log = (message: string, extra: Partial<LogEntry> = {}): LogEntry => ({ severity: 'LOG', message, ...extra });

describe('classify: message → events', () => {
  const cases: [string, LogEntry, unknown[]][] = [
    ['connection', log('connection authorized: user=bob database=shop'), [{ kind: 'connection' }]],
    ['connection received is not a connection', log('connection received: host=1.2.3.4 port=5'), []],
    [
      'disconnection',
      log('disconnection: session time: 1:02:03.500 user=bob database=shop host=::1'),
      [{ kind: 'disconnection', seconds: 3723.5 }],
    ],
    [
      'password failure',
      { severity: 'FATAL', sqlstate: '28P01', message: 'password authentication failed for user "bob"' },
      [{ kind: 'auth_failure', user: 'bob' }],
    ],
    [
      'hba rejection',
      {
        severity: 'FATAL',
        message: 'no pg_hba.conf entry for host "10.1.1.1", user "eve", database "x", no encryption',
      },
      [{ kind: 'auth_failure', user: 'eve' }],
    ],
    [
      'ident failure',
      { severity: 'FATAL', message: 'Ident authentication failed for user "x""y"' },
      [{ kind: 'auth_failure', user: 'x"y' }],
    ],
    [
      '28P01 without known text',
      { severity: 'FATAL', sqlstate: '28P01', user: 'u', message: 'something new' },
      [{ kind: 'auth_failure', user: 'u' }],
    ],
    [
      'slow statement',
      log('duration: 1500.250 ms  statement: SELECT pg_sleep(1.5)'),
      [{ kind: 'slow_statement', seconds: 1.50025, statement: 'SELECT pg_sleep(1.5)' }],
    ],
    [
      'execute step',
      log('duration: 20.000 ms  execute S_1: SELECT $1'),
      [{ kind: 'slow_statement', seconds: 0.02, statement: 'SELECT $1' }],
    ],
    ['parse step is not counted', log('duration: 20.000 ms  parse S_1: SELECT $1'), []],
    [
      'duration alone (log_duration)',
      log('duration: 3.000 ms'),
      [{ kind: 'slow_statement', seconds: 0.003, statement: undefined }],
    ],
    ['deadlock', { severity: 'ERROR', sqlstate: '40P01', message: 'deadlock detected' }, [{ kind: 'deadlock' }]],
    [
      'lock wait',
      log('process 123 still waiting for ShareLock on transaction 456 after 1000.123 ms'),
      [{ kind: 'lock_wait', seconds: 1.000123 }],
    ],
    ['lock acquired is not a wait', log('process 123 acquired ShareLock on transaction 456 after 3000.1 ms'), []],
    [
      'temp file',
      log('temporary file: path "base/pgsql_tmp/pgsql_tmp1.0", size 1400000'),
      [{ kind: 'temp_file', bytes: 1400000 }],
    ],
    [
      'checkpoint complete',
      log('checkpoint complete: wrote 4 buffers (0.0%); 0 WAL file(s) added'),
      [{ kind: 'checkpoint' }],
    ],
    ['restartpoint complete', log('restartpoint complete: wrote 4 buffers'), [{ kind: 'checkpoint' }]],
    ['checkpoint starting is not counted', log('checkpoint starting: time'), []],
    [
      'too frequent',
      log('checkpoints are occurring too frequently (9 seconds apart)'),
      [{ kind: 'checkpoint_too_frequent' }],
    ],
    [
      'autovacuum',
      log(
        'automatic vacuum of table "shop.public.t": index scans: 0\nsystem usage: CPU: user: 0.01 s, system: 0.00 s, elapsed: 0.25 s',
      ),
      [{ kind: 'autovacuum', operation: 'vacuum', seconds: 0.25 }],
    ],
    [
      'aggressive autovacuum',
      log('automatic aggressive vacuum of table "a.b.c": elapsed: 1.00 s'),
      [{ kind: 'autovacuum', operation: 'vacuum', seconds: 1 }],
    ],
    [
      'autoanalyze',
      log(
        'automatic analyze of table "shop.public.t"\navg read rate: 0 MB/s\nsystem usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.02 s',
      ),
      [{ kind: 'autovacuum', operation: 'analyze', seconds: 0.02 }],
    ],
    [
      'replication',
      {
        severity: 'FATAL',
        message: 'could not receive data from WAL stream: server closed the connection unexpectedly',
      },
      [{ kind: 'replication_failure' }],
    ],
    ['archive', log('archive command failed with exit code 1'), [{ kind: 'archive_failure' }]],
    [
      'archive give-up warning is not a second failure',
      {
        severity: 'WARNING',
        message: 'archiving write-ahead log file "0001" failed too many times, will try again later',
      },
      [],
    ],
    ['out of memory', { severity: 'ERROR', sqlstate: '53200', message: 'out of memory' }, [{ kind: 'out_of_memory' }]],
    [
      'out of disk',
      { severity: 'ERROR', message: 'could not extend file "base/1/2": No space left on device' },
      [{ kind: 'out_of_disk' }],
    ],
    ['disk full by SQLSTATE', { severity: 'ERROR', sqlstate: '53100', message: 'whatever' }, [{ kind: 'out_of_disk' }]],
    ['server start', log('database system is ready to accept connections'), [{ kind: 'server_start' }]],
    ['standby start', log('database system is ready to accept read-only connections'), [{ kind: 'server_start' }]],
    ['shutdown', log('database system is shut down'), [{ kind: 'server_shutdown' }]],
    ['crash', log('terminating any other active server processes'), [{ kind: 'crash_restart' }]],
    ['ordinary error', { severity: 'ERROR', sqlstate: '22012', message: 'division by zero' }, []],
  ];
  it.each(cases)('%s', (_name, entry, events) => {
    expect(classify(entry)).toEqual(events);
  });
});
