import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/args.js';
import { parseCheckArgs } from '../../../src/cli/check-args.js';

describe('parseCheckArgs', () => {
  it('defaults: every rule, 5 s interval, 10 s timeout, text', () => {
    expect(parseCheckArgs([])).toEqual({
      json: false,
      target: undefined,
      selections: [],
      rules: [],
      warning: undefined,
      critical: undefined,
      intervalMs: 5000,
      timeoutMs: 10_000,
      agent: undefined,
      agentBasicAuthFile: undefined,
      agentCaFile: undefined,
      backups: false,
    });
  });

  it('reads selections (with --metrics as --performance), rules, thresholds and Nagios-style seconds', () => {
    const args = parseCheckArgs(['--metrics', '--locks', '--performance', '--backups', '-t', '3', '--interval', '0']);
    expect(args.selections).toEqual(['locks', 'performance', 'backups']);
    expect(args.backups).toBe(true);
    expect(args.timeoutMs).toBe(3000);
    expect(args.intervalMs).toBe(0);
    const one = parseCheckArgs(['--rule', 'X', '-w', '0.5', '--critical=0.7', '--json', '--timeout', '1m30s']);
    expect([one.rules, one.warning, one.critical, one.json, one.timeoutMs]).toEqual([['X'], 0.5, 0.7, true, 90_000]);
  });

  it.each([
    [['--bogus'], /Unknown option/],
    [['--warning', '1'], /exactly one --rule/],
    [['--rule', 'A', '--rule', 'B', '-c', '1'], /exactly one --rule/],
    [['--rule', 'A', '--locks', '-c', '1'], /exactly one --rule/],
    [['--rule', 'A', '-w', 'ten'], /not a number/],
    [['--timeout', 'soon'], /not a duration/],
    [['--timeout', '0'], /more than 0/],
    [['--agent', 'localhost:9187'], /http/],
    [['--agent.ca-file', 'ca.pem'], /need --agent URL/],
    [['--agent', 'http://a:9187', '--rule', 'A', '-w', '1'], /cannot be used with --agent/],
    [['extra'], /positional/i],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckArgs(argv)).toThrow(message);
  });

  it('never echoes an --agent value, which may hold credentials', () => {
    expect(() => parseCheckArgs(['--agent', 'nagios:s3cret@agent:9187'])).toThrow(
      /^--agent must be an http:\/\/ or https:\/\/ URL$/,
    );
  });

  it('reads the agent access files', () => {
    const args = parseCheckArgs(['--agent', 'https://a:9187', '--agent.basic-auth-file', 'auth', '--agent.ca-file=ca']);
    expect([args.agentBasicAuthFile, args.agentCaFile]).toEqual(['auth', 'ca']);
  });
});
