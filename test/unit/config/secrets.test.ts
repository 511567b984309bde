import { describe, expect, it } from 'vitest';
import { maskDsn, SecretRegistry } from '../../../src/config/secrets.js';
import { dsnFromEnv } from '../../../src/config/env.js';

describe('maskDsn', () => {
  it.each([
    ['postgresql://app:s3cret@db:5432/prod', 'postgresql://app:****@db:5432/prod'],
    ['postgres://app:p%40ss@db/prod?sslmode=require', 'postgres://app:****@db/prod?sslmode=require'],
    ['postgresql://app@db/prod', 'postgresql://app@db/prod'],
    ['host=db user=app password=s3cret dbname=prod', 'host=db user=app password=**** dbname=prod'],
    ["host=db password='with space' dbname=prod", 'host=db password=**** dbname=prod'],
    ['connect to postgresql://u:hunter2@h/d failed', 'connect to postgresql://u:****@h/d failed'],
  ])('%s', (dsn, masked) => {
    expect(maskDsn(dsn)).toBe(masked);
  });
});

describe('SecretRegistry', () => {
  it('scrubs registered literal secrets and DSN passwords', () => {
    const registry = new SecretRegistry();
    registry.add('https://hooks.slack.com/services/T0/B0/XYZ');
    const text = registry.scrub('post to https://hooks.slack.com/services/T0/B0/XYZ failed; db postgres://a:b1@h/d');
    expect(text).toBe('post to [redacted] failed; db postgres://a:****@h/d');
  });
});

describe('dsnFromEnv', () => {
  it('prefers DATABASE_URL', () => {
    expect(dsnFromEnv({ DATABASE_URL: 'postgresql://a@h/d', DATA_SOURCE_NAME: 'x' })).toBe('postgresql://a@h/d');
  });
  it("builds postgres_exporter's DATA_SOURCE_URI + USER + PASS", () => {
    expect(
      dsnFromEnv({ DATA_SOURCE_URI: 'db:5432/app?sslmode=disable', DATA_SOURCE_USER: 'mon', DATA_SOURCE_PASS: 'p@ss' }),
    ).toBe('postgresql://mon:p%40ss@db:5432/app?sslmode=disable');
  });
  it('is undefined when nothing is set', () => {
    expect(dsnFromEnv({})).toBeUndefined();
  });
});
