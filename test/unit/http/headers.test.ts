import { describe, expect, it } from 'vitest';
import { checkConfiguredHeader } from '../../../src/http/web/headers.js';

describe('checkConfiguredHeader', () => {
  it.each([
    ['Content-Security-Policy', "default-src 'self'", { ok: true, name: 'Content-Security-Policy' }],
    ['strict-transport-security', 'max-age=63072000', { ok: true, name: 'Strict-Transport-Security' }],
    ['X-Frame-Options', 'sameorigin', { ok: true, name: 'X-Frame-Options' }],
    ['X-Content-Type-Options', 'nosniff', { ok: true, name: 'X-Content-Type-Options' }],
    ['X-XSS-Protection', '1; mode=block', { ok: true, name: 'X-XSS-Protection' }],
  ])('allows %s: %s', (name, value, expected) => {
    expect(checkConfiguredHeader(name, value)).toEqual(expected);
  });

  it.each([
    ['X-Frame-Options', 'allow-from https://x', 'invalid value "allow-from https://x" for X-Frame-Options'],
    ['X-Content-Type-Options', 'sniff', 'invalid value "sniff" for X-Content-Type-Options'],
    ['WWW-Authenticate', 'None', 'header "WWW-Authenticate" cannot be configured'],
    ['Content-Type', 'text/html', 'header "Content-Type" cannot be configured'],
    ['Set-Cookie', 'a=b', 'header "Set-Cookie" cannot be configured'],
    ['Access-Control-Allow-Origin', '*', 'header "Access-Control-Allow-Origin" cannot be configured'],
    ['Content-Security-Policy', 'a\r\nSet-Cookie: x', 'the value of Content-Security-Policy must be one line'],
  ])('refuses %s: %s', (name, value, message) => {
    const check = checkConfiguredHeader(name, value);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toContain(message);
  });
});
