import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentAccess, AgentAccessError, parseBasicAuthFile } from '../../../src/check/agent-credentials.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('parseBasicAuthFile', () => {
  it.each([
    ['nagios:s3cret\n', 'nagios', 's3cret'],
    ['nagios:pa:ss:word', 'nagios', 'pa:ss:word'],
    ['\uFEFFnagios:x\r\n', 'nagios', 'x'],
    ['username: nagios\npassword: "p@ss word"\n', 'nagios', 'p@ss word'],
  ])('%j', (text, username, password) => {
    expect(parseBasicAuthFile('f', text)).toEqual({ username, password });
  });

  it('reads password_file, Prometheus style', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-auth-'));
    writeFileSync(path.join(dir, 'pw'), 'from-file\n');
    expect(parseBasicAuthFile('f', `username: u\npassword_file: ${path.join(dir, 'pw')}\n`)).toEqual({
      username: 'u',
      password: 'from-file',
    });
  });

  it.each([
    ['', /expected one line/],
    ['no-colon-here', /expected one line/],
    [':password-without-user', /expected one line/],
    ['a:b\nc:d', /expected one line/],
    ['username: u\n', /exactly one of password and password_file/],
    ['username: u\npassword: p\npassword_file: x\n', /exactly one of password and password_file/],
  ])('%j is refused without echoing it', (text, message) => {
    expect(() => parseBasicAuthFile('auth.txt', text)).toThrow(message);
    try {
      parseBasicAuthFile('auth.txt', text);
    } catch (error) {
      expect((error as Error).message).toContain('auth.txt');
      if (text.includes('password')) expect((error as Error).message).not.toContain('password-without-user');
    }
  });
});

describe('agentAccess', () => {
  it('moves URL credentials to an Authorization header and out of the URL', () => {
    const access = agentAccess('https://nagios:s%40cret%3A1@agent.example:9187/pgwarden');
    expect(access.url.toString()).toBe('https://agent.example:9187/pgwarden');
    expect(access.url.origin).not.toContain('cret');
    expect(access.authorization).toBe(basic('nagios', 's@cret:1'));
  });

  it('takes the file and the CA; refuses credentials twice and a CA for http', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-auth-'));
    const auth = path.join(dir, 'auth');
    const ca = path.join(dir, 'ca.pem');
    writeFileSync(auth, 'nagios:s3cret\n');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const access = agentAccess('https://agent:9187', { basicAuthFile: auth, caFile: ca });
    expect([access.authorization, access.ca]).toEqual([basic('nagios', 's3cret'), '-----BEGIN CERTIFICATE-----\n']);
    expect(() => agentAccess('https://u:p@agent:9187', { basicAuthFile: auth })).toThrow(/not both/);
    expect(() => agentAccess('http://agent:9187', { caFile: ca })).toThrow(/needs an https/);
    expect(() => agentAccess('https://agent:9187', { caFile: path.join(dir, 'missing') })).toThrow(
      /--agent.ca-file: cannot read .*missing: ENOENT/,
    );
    expect(() => agentAccess('https://agent:9187', { caFile: path.join(dir, 'missing') })).toThrow(AgentAccessError);
  });
});
