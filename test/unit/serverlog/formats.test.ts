import { describe, expect, it } from 'vitest';
import { csvFields, parseCsvRecord } from '../../../src/collect/serverlog/csv-format.js';
import type { LogEntry } from '../../../src/collect/serverlog/entry.js';
import { parseJsonLine } from '../../../src/collect/serverlog/json-format.js';
import { prefixParser } from '../../../src/collect/serverlog/prefix.js';
import { EntryDecoder, RecordSplitter } from '../../../src/collect/serverlog/records.js';
import { StderrParser } from '../../../src/collect/serverlog/stderr-format.js';

function stderrEntries(prefix: string, lines: string[]): LogEntry[] {
  const parser = new StderrParser(prefixParser(prefix));
  const out: LogEntry[] = [];
  for (const line of lines) parser.line(line, out);
  parser.flush(out);
  return out;
}

describe('stderr format: multi-line messages', () => {
  const P = '%m [%p] %q%u@%d %e ';
  it('attaches DETAIL, HINT, CONTEXT, STATEMENT and tab continuations to their message', () => {
    const entries = stderrEntries(P, [
      '2026-12-04 14:21:40.879 UTC [30046] bob@shop 28P01 FATAL:  password authentication failed for user "bob"',
      '2026-12-04 14:21:40.879 UTC [30046] bob@shop 28P01 DETAIL:  Connection matched file "pg_hba.conf" line 115',
      '2026-12-04 14:21:41.000 UTC [30039] bob@shop 42P01 ERROR:  relation "nope" does not exist at character 15',
      '2026-12-04 14:21:41.000 UTC [30039] bob@shop 42P01 HINT:  Perhaps you meant "nop".',
      '2026-12-04 14:21:41.000 UTC [30039] bob@shop 42P01 CONTEXT:  PL/pgSQL function f() line 3',
      '2026-12-04 14:21:41.000 UTC [30039] bob@shop 42P01 STATEMENT:  SELECT *',
      '\t  FROM nope',
      "\t WHERE x = 'a'",
      '2026-12-04 14:21:42.000 UTC [30039] bob@shop 00000 LOG:  duration: 1.5 ms  statement: SELECT 1',
    ]);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      severity: 'FATAL',
      sqlstate: '28P01',
      user: 'bob',
      detail: 'Connection matched file "pg_hba.conf" line 115',
    });
    expect(entries[1]).toMatchObject({
      severity: 'ERROR',
      hint: 'Perhaps you meant "nop".',
      context: 'PL/pgSQL function f() line 3',
      statement: "SELECT *\n  FROM nope\n WHERE x = 'a'",
    });
    expect(entries[2]?.message).toBe('duration: 1.5 ms  statement: SELECT 1');
  });

  it("does not attach another process's DETAIL when processes interleave (no logging_collector)", () => {
    const entries = stderrEntries('%m [%p] ', [
      '2026-12-04 14:21:40.000 UTC [1] ERROR:  one',
      '2026-12-04 14:21:40.000 UTC [2] DETAIL:  belongs to nobody here',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ message: 'one' });
    expect(entries[0]?.detail).toBeUndefined();
  });

  it('multi-line message text continues with tab lines', () => {
    const entries = stderrEntries('%m [%p] ', ['2026-12-04 14:21:40.000 UTC [1] LOG:  statement: SELECT 1,', '\t2']);
    expect(entries[0]?.message).toBe('statement: SELECT 1,\n2');
  });
});

describe('csvlog records', () => {
  it('splits quoted fields with commas, doubled quotes and newlines', () => {
    expect(csvFields('a,"b,c","d ""e""",,"f\ng"')).toEqual(['a', 'b,c', 'd "e"', '', 'f\ng']);
  });
  const record =
    '2026-12-04 14:21:40.257 UTC,"postgres","shop",30031,"127.0.0.1:36448",6b12cc74.754f,2,"",2026-12-04 14:21:40 UTC,,0,FATAL,28P01,' +
    '"password authentication failed for user ""postgres""","Connection matched file ""x"" line 1",,,,,,,,"","client backend",,0';
  it('maps the columns', () => {
    expect(parseCsvRecord(record)).toMatchObject({
      severity: 'FATAL',
      sqlstate: '28P01',
      user: 'postgres',
      database: 'shop',
      client: '127.0.0.1',
      pid: '30031',
      message: 'password authentication failed for user "postgres"',
      detail: 'Connection matched file "x" line 1',
    });
  });
  it('rejects a record that is not one', () => {
    expect(parseCsvRecord('just some text')).toBeUndefined();
  });
});

describe('jsonlog lines', () => {
  it('maps the keys', () => {
    const line =
      '{"timestamp":"2026-12-04 14:21:45.956 UTC","user":"postgres","dbname":"postgres","pid":30139,"remote_host":"127.0.0.1","error_severity":"ERROR","state_code":"22012","message":"division by zero","statement":"SELECT 1/0"}';
    expect(parseJsonLine(line)).toMatchObject({
      severity: 'ERROR',
      sqlstate: '22012',
      pid: '30139',
      client: '127.0.0.1',
      statement: 'SELECT 1/0',
    });
  });
  it.each(['not json', '{"message":"no severity"}', '[]', 'null'])('rejects %s', (line) => {
    expect(parseJsonLine(line)).toBeUndefined();
  });
});

describe('record splitting across chunks', () => {
  const split = (csv: boolean, chunks: string[], cap = 1 << 20) => {
    const splitter = new RecordSplitter(csv, cap);
    const out: string[] = [];
    for (const c of chunks) splitter.push(Buffer.from(c), out);
    return { out, pending: splitter.pendingBytes, truncated: splitter.truncatedRecords };
  };
  it('joins a line cut between chunks and keeps the unfinished one pending', () => {
    expect(split(false, ['ab', 'c\nde', 'f\ng'])).toEqual({ out: ['abc', 'def'], pending: 1, truncated: 0 });
  });
  it('csv: a newline inside quotes does not end the record, even across chunks', () => {
    expect(split(true, ['1,"x\n', 'y",2\n3,"', '"""\n'])).toMatchObject({ out: ['1,"x\ny",2', '3,""""'], pending: 0 });
  });
  it('caps a long record and counts it; the next record is intact', () => {
    const r = split(false, ['x'.repeat(3000), 'y'.repeat(3000), '\nnext\n'], 1024);
    expect(r.out.map((l) => l.length)).toEqual([1024, 4]);
    expect(r.truncated).toBe(1);
  });
  it('strips CR of CRLF line ends and decodes UTF-8 cut inside a character', () => {
    const bytes = Buffer.from('é\r\n');
    const splitter = new RecordSplitter(false, 1024);
    const out: string[] = [];
    splitter.push(bytes.subarray(0, 1), out);
    splitter.push(bytes.subarray(1), out);
    expect(out).toEqual(['é']);
  });
  it('after a skip, drops the partial record it lands in', () => {
    const splitter = new RecordSplitter(false, 1024);
    const out: string[] = [];
    splitter.resync();
    splitter.push(Buffer.from('tail of a line\nwhole\n'), out);
    expect(out).toEqual(['whole']);
  });
});

describe('EntryDecoder', () => {
  it.each([
    ['stderr', '2026-12-04 14:21:40.573 UTC [1] ERROR:  division by zero'],
    ['jsonlog', '{"error_severity":"ERROR","message":"division by zero"}'],
    ['csvlog', '2026-12-04 14:21:40.573 UTC,,,1,,s,1,,t,,0,ERROR,22012,"division by zero",,,,,,,,,"",,,'],
  ] as const)('%s', (format, record) => {
    const decoder = new EntryDecoder(format, '%m [%p] ');
    const out: LogEntry[] = [];
    decoder.decode([record], out);
    decoder.flush(out);
    expect(out).toEqual([expect.objectContaining({ severity: 'ERROR', message: 'division by zero' })]);
  });
});
