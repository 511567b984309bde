import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../../src/config/dsn.js';

describe('withDatabase', () => {
  it.each([
    [{ connectionString: 'postgres://u:p@h:5432/postgres' }, { connectionString: 'postgres://u:p@h:5432/app' }],
    [
      { connectionString: 'postgresql://u@h/postgres?sslmode=require&dbname=x' },
      { connectionString: 'postgresql://u@h/app?sslmode=require' },
    ],
    [
      { host: 'h', database: 'postgres' },
      { host: 'h', database: 'app' },
    ],
  ])('%j -> %j', (config, expected) => {
    expect(withDatabase(config, 'app')).toEqual(expected);
  });

  it('encodes a database name that needs it', () => {
    expect(withDatabase({ connectionString: 'postgres://h/postgres' }, 'my db/1').connectionString).toBe(
      'postgres://h/my%20db%2F1',
    );
  });
});
