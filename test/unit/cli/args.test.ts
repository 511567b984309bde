import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseListenAddress, UsageError } from '../../../src/cli/args.js';

describe('parseCommandLine', () => {
  it('defaults to serve with postgres_exporter defaults', () => {
    expect(parseCommandLine([])).toEqual({
      command: 'serve',
      options: {
        listenAddress: ':9187',
        telemetryPath: '/metrics',
        webConfigFile: undefined,
        logRequests: false,
        logLevel: 'info',
        logFormat: 'json',
        configFile: undefined,
        queryTimeoutMs: 120_000,
      },
      rest: [],
    });
  });
  it('reads --query.timeout as a Prometheus duration', () => {
    expect(parseCommandLine(['--query.timeout=30s']).options.queryTimeoutMs).toBe(30_000);
    expect(() => parseCommandLine(['--query.timeout=soon'])).toThrow('--query.timeout');
  });
  it("reads postgres_exporter's flag names", () => {
    const parsed = parseCommandLine([
      'serve',
      '--web.listen-address=127.0.0.1:9999',
      '--web.telemetry-path',
      '/m',
      '--log.level=debug',
      '--log.format=logfmt',
      '--config=x.yml',
      '--web.log-requests',
    ]);
    expect(parsed.options).toMatchObject({
      listenAddress: '127.0.0.1:9999',
      logRequests: true,
      telemetryPath: '/m',
      logLevel: 'debug',
      logFormat: 'logfmt',
      configFile: 'x.yml',
    });
  });
  it('passes what it does not know to other subcommands', () => {
    const parsed = parseCommandLine(['check', '--json', '--rule', 'PostgresDown', '--config', 'c.yml']);
    expect(parsed.command).toBe('check');
    expect(parsed.rest).toEqual(['--json', '--rule', 'PostgresDown']);
    expect(parsed.options.configFile).toBe('c.yml');
  });
  it.each([
    [['frobnicate'], 'unknown command "frobnicate" (commands: serve, check, rules, doctor, backups)'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--log.level=loud'], '--log.level must be one of debug, info, warn, error'],
    [['--log.format=xml'], '--log.format must be json or logfmt'],
  ])('rejects %j with one line', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    try {
      parseCommandLine(argv);
    } catch (error) {
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
  it.each([
    [[], undefined],
    [['--web.read-only'], true],
    [['--no-web.read-only'], false],
  ])('%j sets the console read-only to %s (absent: web.read_only decides)', (argv, readOnly) => {
    expect(parseCommandLine(argv).options.readOnly).toBe(readOnly);
  });
  it('refuses --web.read-only with --no-web.read-only', () => {
    expect(() => parseCommandLine(['--web.read-only', '--no-web.read-only'])).toThrow('contradict');
  });
  it('understands --help and --version', () => {
    expect(parseCommandLine(['--help']).command).toBe('help');
    expect(parseCommandLine(['--version']).command).toBe('version');
  });
});

describe('parseListenAddress', () => {
  it.each([
    [':9187', { host: '', port: 9187 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:9187', { host: '::1', port: 9187 }],
    ['localhost:80', { host: 'localhost', port: 80 }],
  ])('%s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });
  it.each(['9187', 'host:', 'a:99999'])('rejects %s', (text) => {
    expect(() => parseListenAddress(text)).toThrow(UsageError);
  });
});
