import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCollectorOverrides } from '../../../src/collect/collector-setup.js';
import { ConfigError, loadConfig, type LoadOptions } from '../../../src/config/load.js';

function configFile(text: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-config-'));
  for (const [name, content] of Object.entries(extra)) writeFileSync(path.join(dir, name), content);
  const file = path.join(dir, 'pgwarden.yml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(file: string, options: LoadOptions = {}): string[] {
  try {
    loadConfig({ ...options, file, env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.replace(file, 'F'));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('takes one database from DATABASE_URL alone, with defaults', () => {
    const config = loadConfig({ env: { DATABASE_URL: 'postgresql://mon:pw@db:5432/app' } });
    expect(config.targets).toHaveLength(1);
    expect(config.targets[0]?.name).toBe('db:5432');
    expect(config.targets[0]?.display).toBe('postgresql://mon:****@db:5432/app');
    expect(config.collectionIntervalMs).toBe(15_000);
    expect(config.evaluationIntervalMs).toBe(15_000);
  });

  it('reads targets, durations and credential files', () => {
    const file = configFile(
      `targets:\n  - name: main\n    url_file: dsn.txt\n    password_file: pw.txt\ncollection_interval: 30s\n`,
      { 'dsn.txt': 'postgresql://mon@db/app\n', 'pw.txt': 'secret\n' },
    );
    const config = loadConfig({ file, env: {} });
    expect(config.collectionIntervalMs).toBe(30_000);
    expect(config.targets[0]?.connection).toEqual({ host: 'db', database: 'app', user: 'mon', password: 'secret' });
  });

  it.each([
    ['url: postgresql://pgwarden:in-url@db/postgres', 'password_file: pw.txt', 'from-file'],
    ['url: "host=db user=pgwarden password=\'in dsn\'"', 'password_env: DB_PASSWORD', 'from-env'],
    ['url: postgresql://pgwarden@db/postgres', 'password_env: DB_PASSWORD', 'from-env'],
  ])('the explicit password wins over the DSN (%s, %s)', (url, explicit, password) => {
    const file = configFile(`targets:\n  - name: main\n    ${url}\n    ${explicit}\n`, { 'pw.txt': 'from-file\n' });
    const connection = loadConfig({ file, env: { DB_PASSWORD: 'from-env' } }).targets[0]?.connection;
    expect(connection?.password).toBe(password);
    expect(connection).not.toHaveProperty('connectionString');
  });

  it.each([
    ['url: postgresql://u@127.0.0.1:notaport/db', 'targets.0.url: invalid DSN: port: is not a port number'],
    ['url: host=db port=abc', 'targets.0.url: invalid DSN: port: is not a port number'],
    ['url: host=db colour=blue', 'targets.0.url: invalid DSN: colour: unknown connection parameter'],
  ])('refuses %s at file:line', (url, message) => {
    const file = configFile(`targets:\n  - name: main\n    ${url}\n`);
    expect(() => loadConfig({ file, env: {} })).toThrow(`${file}:3:10: ${message}`);
  });

  it.each(['', '\n\n', '# nothing but a comment\n'])(
    'refuses an empty file %j; {} is the empty configuration',
    (text) => {
      const file = configFile(text);
      expect(() => loadConfig({ file, env: {} })).toThrow(`${file}: the file is empty`);
      expect(loadConfig({ file: configFile('{}\n'), env: {} }).targets).toEqual([]);
    },
  );

  it('refuses a bad DSN in a url_file, naming the file and the field', () => {
    const file = configFile(`targets:\n  - name: main\n    url_file: dsn.txt\n`, { 'dsn.txt': 'port=abc\n' });
    expect(() => loadConfig({ file, env: {} })).toThrow(
      `${file}: targets.0.url_file (main): invalid DSN: port: is not a port number`,
    );
  });

  it('refuses a bad DSN from the environment, naming the field', () => {
    expect(() => loadConfig({ env: { DATABASE_URL: 'postgresql://u:pw@db:x/app' } })).toThrow(
      /DSN from the environment .*: port: is not a port number/,
    );
  });

  it.each([
    ['', 10_000],
    ['?connect_timeout=3', 3_000],
  ])('takes the connect timeout from the DSN%s when the target sets none', (query, ms) => {
    const file = configFile(`targets:\n  - name: main\n    url: postgresql://mon@db/app${query}\n`);
    expect(loadConfig({ file, env: {} }).targets[0]?.connectTimeoutMs).toBe(ms);
    const explicit = configFile(
      `targets:\n  - name: main\n    url: postgresql://mon@db/app${query}\n    connect_timeout: 1m\n`,
    );
    expect(loadConfig({ file: explicit, env: {} }).targets[0]?.connectTimeoutMs).toBe(60_000);
  });

  it.each([
    ['', 60_000],
    ['    per_database_idle_timeout: 0s\n', 0],
    ['    per_database_idle_timeout: 5m\n', 300_000],
  ])('reads the per-database connection idle timeout %j', (line, ms) => {
    const file = configFile(`targets:\n  - name: main\n    url: postgresql://mon@db/app\n${line}`);
    expect(loadConfig({ file, env: {} }).targets[0]?.perDatabaseIdleMs).toBe(ms);
  });

  it.each([
    ['', 3],
    ['    per_database_connections: 1\n', 1],
  ])('reads how many per-database connections stay open %j', (line, n) => {
    const file = configFile(`targets:\n  - name: main\n    url: postgresql://mon@db/app\n${line}`);
    expect(loadConfig({ file, env: {} }).targets[0]?.perDatabaseConnections).toBe(n);
  });

  it.each([
    ['', true],
    ['    prepared_statements: false\n', false],
  ])('reads whether collector SQL is prepared %j', (line, prepared) => {
    const file = configFile(`targets:\n  - name: main\n    url: postgresql://mon@db/app\n${line}`);
    expect(loadConfig({ file, env: {} }).targets[0]?.preparedStatements).toBe(prepared);
  });

  it('takes a target password from the environment variable named by password_env', () => {
    const file = configFile('targets:\n  - name: main\n    url: postgresql://mon@db/app\n    password_env: MAIN_PW\n');
    const config = loadConfig({ file, env: { MAIN_PW: 'from-env' } });
    expect(config.targets[0]?.connection.password).toBe('from-env');
    expect(config.targets[0]?.display).toBe('postgresql://mon@db/app');
    expect(() => loadConfig({ file, env: {} })).toThrow(`${file}:4:19: targets.0.password_env: no such environment`);
  });

  // Issue 15: errors about a value must not print it, for the value may be a password in the wrong place.
  it.each([
    ['password_env holding the password itself', '    password_env: Tr0ub4dor3\n'],
    ['an unquoted password starting with * (a YAML alias)', '    password: *Tr0ub4dor3\n'],
    ['an alias in a URL', '    url: *Tr0ub4dor3\n'],
  ])('never echoes a secret: %s', (_what, line) => {
    const file = configFile(`targets:\n  - name: main\n    url: postgresql://mon@db/app\n${line}`);
    const problems = problemsOf(file, { env: {} });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).not.toContain('Tr0ub4dor3');
  });

  it('refuses an empty file, and one over the size limit, saying so', () => {
    expect(problemsOf(configFile(''))).toEqual([expect.stringContaining('the file is empty')]);
    expect(problemsOf(configFile('# nothing\n'))).toEqual([expect.stringContaining('the file is empty')]);
    expect(loadConfig({ file: configFile('{}\n'), env: {} }).targets).toEqual([]);
    const big = configFile(`external_labels: { a: "${'x'.repeat(5 * 1024 * 1024)}" }\n`);
    expect(problemsOf(big)).toEqual([expect.stringMatching(/more than the 4194304 a configuration may have/)]);
  });

  it('reports a duplicate key where it is repeated', () => {
    const file = configFile('state_dir: a\ncollection_interval: 5s\nstate_dir: b\n');
    expect(problemsOf(file)).toEqual(['F:3:1: Map keys must be unique']);
  });

  it('reports every problem at once with file:line:col and the path', () => {
    const file = configFile(
      [
        'targets:',
        '  - name: a',
        '    url: postgresql://u:topsecret@h/d',
        '    colour: blue',
        '  - name: a',
        '    url: postgresql://h/d',
        'collection_interval: 15 seconds',
        'bogus: 1',
        '',
      ].join('\n'),
    );
    expect(problemsOf(file)).toEqual([
      'F:4:5: targets.0.colour: unknown key',
      'F:7:22: collection_interval: not a valid duration "15 seconds" (use Prometheus syntax: 30s, 5m, 1h30m)',
      'F:8:1: bogus: unknown key',
    ]);
  });

  it('reports duplicate target names once the rest is valid', () => {
    const file = configFile(
      'targets:\n  - {name: a, url: "postgresql://h/d"}\n  - {name: a, url: "postgresql://h/e"}\n',
    );
    expect(problemsOf(file)).toEqual(['F:3:12: targets.1.name: duplicate target "a"']);
  });

  it('locates YAML syntax errors without echoing the line', () => {
    const file = configFile('targets:\n  - name: a\n   url: "postgresql://u:leak@h/d"\n');
    const problems = problemsOf(file);
    expect(problems[0]).toMatch(/^F:3:\d+: /);
    expect(problems.join('\n')).not.toContain('leak');
  });

  it('never echoes a secret in validation messages', () => {
    const file = configFile('targets:\n  - name: a\n    url: postgresql://u:topsecret@h/d\n    url_file: x\n');
    const problems = problemsOf(file);
    expect(problems).toEqual(['F:2:5: targets.0: give exactly one of url and url_file']);
  });
});

describe('collectors.overrides', () => {
  const check = checkCollectorOverrides;

  it('reads max_series, cache_seconds and timeout per collector, the timeout in milliseconds', () => {
    const file = configFile(
      [
        'collectors:',
        '  overrides:',
        '    stat_user_tables: { max_series: 5000 }',
        '    stat_user_indexes: { late_columns_cache_seconds: 0 }',
        '    statio_user_tables: { max_series: 5000, cache_seconds: 60 }',
        '    stat_statements: { timeout: 2s }',
        '    stat_statements_query: { max_series: 10 }   # off by default: allowed, no effect until enabled',
        '',
      ].join('\n'),
    );
    expect(loadConfig({ file, env: {}, check }).collectors.overrides).toEqual({
      stat_user_tables: { max_series: 5000 },
      stat_user_indexes: { late_columns_cache_seconds: 0 },
      statio_user_tables: { max_series: 5000, cache_seconds: 60 },
      stat_statements: { timeout: 2000 },
      stat_statements_query: { max_series: 10 },
    });
    expect(loadConfig({ env: {} }).collectors.overrides).toEqual({});
  });

  it('reports bad values and unknown keys at their line', () => {
    const file = configFile(
      [
        'collectors:',
        '  overrides:',
        '    stat_user_tables: { max_series: -1, cache_seconds: 1.5 }',
        '    stat_statements: { timeout: 2 seconds, order_by: calls }',
        '    stat_user_indexes: { late_columns_cache_seconds: -60 }',
        '',
      ].join('\n'),
    );
    expect(problemsOf(file)).toEqual([
      'F:3:37: collectors.overrides.stat_user_tables.max_series: Too small: expected number to be >=0',
      'F:4:33: collectors.overrides.stat_statements.timeout: not a valid duration "2 seconds" (use Prometheus syntax: 30s, 5m, 1h30m)',
      'F:4:44: collectors.overrides.stat_statements.order_by: unknown key',
      'F:5:54: collectors.overrides.stat_user_indexes.late_columns_cache_seconds: Too small: expected number to be >=0',
    ]);
  });

  it('names the key of a collector that is neither shipped nor in collectors.directories', () => {
    const file = configFile('collectors:\n  overrides:\n    stat_user_table: { max_series: 5 }\n');
    expect(problemsOf(file, { check })).toEqual([
      'F:3:5: collectors.overrides.stat_user_table: no collector named "stat_user_table" (shipped or in collectors.directories)',
    ]);
  });

  it('refuses max_series for a collector without order_by', () => {
    const file = configFile('collectors:\n  overrides:\n    stat_activity: { max_series: 5 }\n');
    expect(problemsOf(file, { check })).toEqual([
      'F:3:22: collectors.overrides.stat_activity.max_series: collector stat_activity has no order_by to rank its rows by, so it cannot take max_series',
    ]);
  });

  it("knows the user's own collectors, and shows a definition that did not load when a name is unknown", () => {
    const own =
      'name: own\nhelp: h\nqueries: { "13": "SELECT 1 AS n" }\nmetrics: [{ column: n, name: pg_own, type: gauge, help: h }]\n';
    const dir = path.dirname(configFile(''));
    writeFileSync(path.join(dir, 'own.yaml'), own);
    writeFileSync(path.join(dir, 'broken.yaml'), 'name: broken\nhelp: h\n');
    const lines = ['collectors:', `  directories: [${dir}]`, '  overrides:', '    own: { timeout: 1s }'];
    expect(loadConfig({ file: configFile(lines.join('\n')), env: {}, check }).collectors.overrides).toEqual({
      own: { timeout: 1000 },
    });
    const problems = problemsOf(configFile([...lines, '    broken: { timeout: 1s }'].join('\n')), { check });
    expect(problems[0]).toBe(
      'F:5:5: collectors.overrides.broken: no collector named "broken" (shipped or in collectors.directories)',
    );
    expect(problems.slice(1).join('\n')).toContain('broken.yaml');
  });
});
