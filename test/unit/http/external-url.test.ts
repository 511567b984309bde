import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { externalUrlOf } from '../../../src/http/external-url.js';
import { generatorURL } from '../../../src/rules/index.js';

describe('externalUrlOf', () => {
  const cases: Array<[string, Parameters<typeof externalUrlOf>, string]> = [
    [
      'the configured URL wins',
      ['https://mon.example.com/pg', { host: '127.0.0.1', port: 9187 }, '/x'],
      'https://mon.example.com/pg',
    ],
    ['the listen address', [undefined, { host: '127.0.0.1', port: 9187 }], 'http://127.0.0.1:9187'],
    [
      'under the route prefix',
      [undefined, { host: '127.0.0.1', port: 9187 }, '/pgwarden'],
      'http://127.0.0.1:9187/pgwarden',
    ],
    ['with TLS', [undefined, { host: 'db1', port: 443 }, '', 'https'], 'https://db1:443'],
    ['an IPv6 address in brackets', [undefined, { host: '::1', port: 9187 }], 'http://[::1]:9187'],
    [
      'a wildcard address names this host',
      [undefined, { host: '0.0.0.0', port: 9187 }],
      `http://${os.hostname()}:9187`,
    ],
    ['an empty host names this host', ['', { host: '', port: 9187 }], `http://${os.hostname()}:9187`],
  ];
  it.each(cases)('%s', (_name, args, expected) => {
    expect(externalUrlOf(...args)).toBe(expected);
  });
});

describe('generatorURL', () => {
  it.each([
    ['http://127.0.0.1:9187', 'pg_up == 0', 'http://127.0.0.1:9187/query?expr=pg_up%20%3D%3D%200'],
    [
      'https://mon.example.com/pgwarden/',
      'rate(x[5m]) > 1',
      'https://mon.example.com/pgwarden/query?expr=rate(x%5B5m%5D)%20%3E%201',
    ],
    ['http://h:1/p', 'a{b="c&d"}', 'http://h:1/p/query?expr=a%7Bb%3D%22c%26d%22%7D'],
  ])('%s with %s links to the console query page', (base, expr, expected) => {
    expect(generatorURL(base, expr)).toBe(expected);
  });
});
