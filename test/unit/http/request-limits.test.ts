import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from '../../../src/http/request-limits.js';

describe('crossOriginRefusal: state changes only from the agent itself or from non-browsers', () => {
  const host = '127.0.0.1:9187';
  it.each<[string, Record<string, string>, boolean]>([
    ['GET', { origin: 'http://evil.example', host }, true], // reading is not a state change
    ['HEAD', { 'sec-fetch-site': 'cross-site', host }, true],
    ['POST', { host }, true], // curl, amtool, Prometheus, Grafana's backend
    ['POST', { 'sec-fetch-site': 'same-origin', host }, true],
    ['POST', { 'sec-fetch-site': 'none', host }, true], // typed by the user
    ['POST', { 'sec-fetch-site': 'cross-site', host }, false],
    ['POST', { 'sec-fetch-site': 'same-site', host }, false], // another port of the same host
    ['POST', { 'sec-fetch-site': 'cross-site', origin: `http://${host}`, host }, false], // Sec-Fetch-Site wins
    ['POST', { origin: `http://${host}`, host }, true],
    ['POST', { origin: 'https://127.0.0.1:9187', host }, true], // behind TLS
    ['POST', { origin: 'http://127.0.0.1:9188', host }, false],
    ['POST', { origin: 'http://evil.example', host }, false],
    ['POST', { origin: 'null', host }, false], // a sandboxed or file: page
    ['PUT', { origin: 'http://evil.example', host }, false],
    ['DELETE', { origin: 'http://evil.example', host }, false],
  ])('%s %j → allowed %s', (method, headers, allowed) => {
    expect(crossOriginRefusal(method, headers) === undefined).toBe(allowed);
  });
});
