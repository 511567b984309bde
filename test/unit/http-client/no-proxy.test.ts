import { describe, expect, it } from 'vitest';
import { bypassesProxy } from '../../../src/http-client/no-proxy.js';

// Go's golang.org/x/net/http/httpproxy rules, which Prometheus's no_proxy uses.
describe('bypassesProxy', () => {
  it.each([
    ['http://example.com/x', 'example.com', true],
    ['http://api.example.com/x', 'example.com', true],
    ['http://api.example.com/x', '.example.com', true],
    ['http://example.com/x', '.example.com', false],
    ['http://api.example.com/x', '*.example.com', true],
    ['http://notexample.com/x', 'example.com', false],
    ['http://example.org/x', 'example.com', false],
    ['http://example.com:8080/x', 'example.com:8080', true],
    ['http://example.com:8081/x', 'example.com:8080', false],
    ['https://example.com/x', 'example.com:443', true],
    ['http://10.1.2.3/x', '10.0.0.0/8', true],
    ['http://11.1.2.3/x', '10.0.0.0/8', false],
    ['http://10.1.2.3/x', '10.1.2.3', true],
    ['http://[2001:db8::1]/x', '2001:db8::/32', true],
    ['http://anything.test/x', '*', true],
    ['http://anything.test/x', 'a.test, b.test ,anything.test', true],
    ['http://anything.test/x', '', false],
    // Loopback is never proxied once no_proxy is set (Go's rule).
    ['http://127.0.0.1:9093/x', 'example.com', true],
    ['http://localhost:9093/x', 'example.com', true],
    ['http://[::1]:9093/x', 'example.com', true],
  ])('%s with no_proxy %j → direct: %s', (url, noProxy, direct) => {
    expect(bypassesProxy(new URL(url), noProxy)).toBe(direct);
  });
});
