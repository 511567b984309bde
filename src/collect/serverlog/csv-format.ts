// csvlog: one CSV record per message (fields may hold quoted newlines). Column positions are PostgreSQL's, stable
// since 13 (14 added backend_type, leader_pid and query_id at the end).
import { normalSeverity, present, type LogEntry } from './entry.js';

/**
 * Splits one CSV record into fields (RFC 4180 quoting, as the server writes it). Written here rather than taken from a
 * CSV library because the reader already cut the record at its end (it needs byte offsets for the saved position).
 */
export function csvFields(record: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= record.length) {
    if (record[i] === '"') {
      let value = '';
      i += 1;
      for (;;) {
        const quote = record.indexOf('"', i);
        if (quote < 0) {
          value += record.slice(i);
          i = record.length;
          break;
        }
        value += record.slice(i, quote);
        if (record[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      i += 1; // the comma
    } else {
      const comma = record.indexOf(',', i);
      const end = comma < 0 ? record.length : comma;
      fields.push(record.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

const clientHost = (from: string) => from.replace(/:\d+$/, '');

/** A csvlog record → entry; undefined when it is not one (too few columns, no severity). */
export function parseCsvRecord(record: string): LogEntry | undefined {
  const f = csvFields(record);
  const severity = f[11];
  if (f.length < 23 || !severity) return undefined;
  return {
    timestamp: f[0],
    user: present(f[1]),
    database: present(f[2]),
    pid: f[3],
    client: present(clientHost(f[4] ?? '')),
    severity: normalSeverity(severity),
    sqlstate: present(f[12]),
    message: f[13] ?? '',
    detail: present(f[14]),
    hint: present(f[15]),
    context: present(f[18]),
    statement: present(f[19]),
    application: present(f[22]),
  };
}
