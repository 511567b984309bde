import { describe, expect, it } from 'vitest';
import {
  clientConfigOf,
  displayDsn,
  dsnToClientConfig,
  instanceNameOf,
  parseDsn,
  withDatabase,
} from '../../../src/config/dsn.js';

const fields = (dsn: string) => Object.fromEntries(parseDsn(dsn).params);

// Passwords with every character that broke masking or parsing: quotes, white space, @, and URL delimiters.
const HOSTILE_PASSWORDS = ["it's", 'say "hi"', 'two words', 'p@ss', 'a\'b"c d@e', 'x\\y', '%41', 'a=b'];

describe('parseDsn', () => {
  it.each([
    [
      'postgresql://u:p@db.example:6432/app',
      { user: 'u', password: 'p', host: 'db.example', port: '6432', dbname: 'app' },
    ],
    ['postgres://db/app?sslmode=require', { host: 'db', dbname: 'app', sslmode: 'require' }],
    ['postgresql://u:p%40ss@db/a%2Bb', { user: 'u', password: 'p@ss', host: 'db', dbname: 'a+b' }],
    ['postgresql://u:p@ss@db/prod', { user: 'u', password: 'p@ss', host: 'db', dbname: 'prod' }],
    ['postgresql://u@[::1]:5433/x', { user: 'u', host: '::1', port: '5433', dbname: 'x' }],
    ['postgresql:///app?host=/var/run/postgresql', { dbname: 'app', host: '/var/run/postgresql' }],
    ['postgresql://%2Fvar%2Frun%2Fpostgresql/app', { host: '/var/run/postgresql', dbname: 'app' }],
    ['postgresql://pgwarden@db/postgres', { user: 'pgwarden', host: 'db', dbname: 'postgres' }],
    [
      "host=db port=6432 user=mon password='a b\\'c' dbname=app",
      { host: 'db', port: '6432', user: 'mon', password: "a b'c", dbname: 'app' },
    ],
    ['host = db  dbname =app', { host: 'db', dbname: 'app' }],
    ["dbname='sales+eu & co'", { dbname: 'sales+eu & co' }],
  ])('%s', (dsn, expected) => {
    expect(fields(dsn)).toEqual(expected);
  });

  it.each([
    ['postgresql://u@127.0.0.1:notaport/db', /^port: is not a port number/],
    ['postgresql://u@127.0.0.1:70000/db', /^port: /],
    ['port=abc host=db', /^port: is not a port number/],
    ['host=db colour=blue', /^colour: unknown connection parameter \(supported: host, /],
    ['postgresql://db/x?target_session_attrs=any', /^target_session_attrs: unknown connection parameter/],
    ['host=db sslmode=sometimes', /^sslmode: must be one of disable, /],
    ["host=db password='unterminated", /^password: has an unterminated quoted value/],
    ['host=db user', /^user: has no "=value"/],
    ['db.example.com:5432/app', /expected keyword=value \(is this a URL without its scheme\?\)/],
    ['mysql://db/app', /^url: the scheme must be postgresql:\/\/ or postgres:\/\//],
    ['postgresql://h1:5432,h2:5433/db', /^host: several hosts/],
    ['postgresql://u:p%zz@db/x', /^password: is not valid percent-encoding/],
    ['', /^dsn: is empty/],
  ])('refuses %j naming the field', (dsn, message) => {
    expect(() => dsnToClientConfig(dsn)).toThrow(message);
  });

  it('never echoes a value in an error', () => {
    for (const dsn of [
      'postgresql://u:S3cret%zz@db/x',
      "host=db password='S3cret",
      'postgresql://u:S3cret@db:S3cret/x',
    ]) {
      expect(() => dsnToClientConfig(dsn)).toThrow();
      try {
        dsnToClientConfig(dsn);
      } catch (error) {
        expect((error as Error).message).not.toContain('S3cret');
      }
    }
  });
});

describe('displayDsn masks every secret by rebuilding the DSN from its fields', () => {
  it.each([
    ['postgresql://app:s3cret@db:5432/prod', 'postgresql://app:****@db:5432/prod'],
    ['postgres://app:p%40ss@db/prod?sslmode=require', 'postgres://app:****@db/prod?sslmode=require'],
    ['postgresql://app@db/prod', 'postgresql://app@db/prod'],
    ['postgresql://pgwarden@postgres:5432/postgres', 'postgresql://pgwarden@postgres:5432/postgres'],
    ['postgresql://db/sales%2Beu', 'postgresql://db/sales%2Beu'],
    ['host=db user=app password=s3cret dbname=prod', 'host=db user=app password=**** dbname=prod'],
    ["host=db password='with space' dbname='my db'", "host=db password=**** dbname='my db'"],
    ['host=db sslpassword=k3y sslmode=require', 'host=db sslpassword=**** sslmode=require'],
    ['postgresql://db/x?sslpassword=k3y', 'postgresql://db/x?sslpassword=****'],
  ])('%s', (dsn, shown) => {
    expect(displayDsn(parseDsn(dsn))).toBe(shown);
  });

  it.each(HOSTILE_PASSWORDS)('a password %j shows in neither form', (password) => {
    const url = `postgresql://mon:${encodeURIComponent(password)}@db/app`;
    const raw = `postgresql://mon:${password.replace(/[%\\/?#]/g, encodeURIComponent)}@db/app`;
    const keyword = `host=db user=mon password='${password.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    for (const dsn of [url, raw, keyword]) {
      expect(parseDsn(dsn).params.get('password')).toBe(password);
      const shown = displayDsn(parseDsn(dsn));
      expect(shown).toContain('****');
      expect(shown).not.toContain(password);
    }
  });
});

describe('clientConfigOf: fields, never a connectionString', () => {
  it.each([
    ['host=db port=6432 dbname=app user=mon', { host: 'db', port: 6432, database: 'app', user: 'mon' }],
    ['postgresql://mon:pw@db:6432/app', { host: 'db', port: 6432, database: 'app', user: 'mon', password: 'pw' }],
    ['postgresql://mon@db/app', { host: 'db', database: 'app', user: 'mon' }],
    ['host=name.example hostaddr=10.0.0.5', { host: '10.0.0.5' }],
    [
      'host=db connect_timeout=3 options=-cwork_mem=1MB',
      { host: 'db', connectionTimeoutMillis: 3000, options: '-cwork_mem=1MB' },
    ],
    ['host=db sslmode=disable', { host: 'db' }],
    ['host=db sslmode=prefer', { host: 'db' }],
    ['host=db sslmode=require', { host: 'db', ssl: { rejectUnauthorized: false } }],
    ['host=db sslmode=verify-full', { host: 'db', ssl: {} }],
  ])('%s', (dsn, expected) => {
    const config = dsnToClientConfig(dsn);
    expect(config).toEqual(expected);
    expect(config).not.toHaveProperty('connectionString');
  });

  it('reads sslrootcert for verify-ca, which checks the chain and not the host name', () => {
    const config = clientConfigOf(parseDsn('host=db sslmode=verify-ca sslrootcert=/ca.pem'), (f) => `CA from ${f}`);
    const ssl = config.ssl as { ca: string; checkServerIdentity: () => undefined };
    expect(ssl.ca).toBe('CA from /ca.pem');
    expect(ssl.checkServerIdentity()).toBeUndefined();
  });
});

describe('withDatabase', () => {
  it.each(['app', 'sales+eu', 'a&b', 'q?x=1#y', 'a/b:c;d@e$f,g', '100%', 'my db'])('%j is one field', (name) => {
    const config = dsnToClientConfig('postgresql://u:pw@h:5432/postgres?sslmode=require');
    expect(withDatabase(config, name)).toEqual({ ...config, database: name });
  });
});

describe('instanceNameOf', () => {
  it.each([
    ['postgresql://u:p@db.example:6432/app', 'db.example:6432'],
    ['postgresql://u:p@db.example/app', 'db.example:5432'],
    ['host=10.0.0.5 port=5433', '10.0.0.5:5433'],
    ['not a dsn', 'postgres'],
  ])('%s -> %s', (dsn, name) => {
    expect(instanceNameOf(dsn)).toBe(name);
  });
});
