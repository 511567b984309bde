// Issue 15: a backend terminated while a collector with its own timeout runs crashed the agent (an 'error' event on a
// checked-out client with no listener). An unhandled 'error' here fails the run.
import { afterAll, describe, expect, it } from 'vitest';
import { APPLICATION_NAME, Target } from '../../../src/collect/target.js';
import { createLogger } from '../../../src/log.js';
import { adminQuery, testTarget } from '../../support/postgres.js';
import { eventually } from '../../support/eventually.js';

describe('a target survives the server ending its connections', () => {
  const target = new Target(testTarget('terminated'), createLogger({ level: 'error' }));
  afterAll(() => target.close());

  it('fails the query in flight, then queries again on a new connection', async () => {
    // A timeout other than the target's statement_timeout: the query runs on a checked-out client of its own.
    const slow = target.query('SELECT pg_sleep(30) /* terminated-backend */', 20_000);
    const failed = expect(slow).rejects.toThrow(/terminat/i);
    await eventually(async () => {
      const rows = await adminQuery<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE '%terminated-backend%' AND pid <> pg_backend_pid()`,
        [APPLICATION_NAME],
      );
      for (const { pid } of rows) await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
      return rows.length > 0;
    }, 10_000);
    await failed;
    expect(await target.query('SELECT 1 AS one', 20_000)).toEqual([{ one: 1 }]);
    expect(await target.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });
});
