import pino, { type Logger } from 'pino';
import { maskSecretsInText } from './config/secrets.js';

export type { Logger };

export type LogFormat = 'json' | 'logfmt';

export interface LogOptions {
  level?: string;
  format?: LogFormat;
  destination?: NodeJS.WritableStream;
}

// Keys that may carry a secret anywhere in a logged object; pino replaces their values before serialising.
const REDACTED_PATHS = [
  'password',
  '*.password',
  'url',
  '*.url',
  'dsn',
  '*.dsn',
  'api_url',
  '*.api_url',
  'auth_password',
  '*.auth_password',
  'connectionString',
  '*.connectionString',
];

function logfmtValue(value: unknown): string {
  // A list of plain values reads best comma-separated (targets=a,b); anything else nested stays JSON.
  const flat = Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null);
  const text = typeof value === 'string' ? value : flat ? value.join(',') : JSON.stringify(value);
  return /[\s="]/.test(text ?? '') ? JSON.stringify(text) : String(text);
}

/** Formats a pino JSON line as logfmt (`level=info msg="..." key=value`), as postgres_exporter's --log.format=logfmt. */
export function jsonLineToLogfmt(line: string): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  const { time, level, msg, ...rest } = record;
  const parts = [`ts=${new Date(Number(time)).toISOString()}`, `level=${String(level)}`];
  if (msg !== undefined) parts.push(`msg=${logfmtValue(msg)}`);
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'pid' || key === 'hostname') continue;
    parts.push(`${key}=${logfmtValue(value)}`);
  }
  return parts.join(' ');
}

/**
 * Every log line passes through a last mask for DSN passwords, whatever field or message carries them: redaction by
 * key catches structured fields, this catches a secret embedded in an error message from a driver.
 */
function maskingStream(target: NodeJS.WritableStream, format: LogFormat): NodeJS.WritableStream {
  return {
    write(chunk: string | Uint8Array) {
      const text = maskSecretsInText(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const out = format === 'logfmt' ? jsonLineToLogfmt(text) + '\n' : text;
      return target.write(out);
    },
  } as NodeJS.WritableStream;
}

export function createLogger(options: LogOptions = {}): Logger {
  const format = options.format ?? 'json';
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    maskingStream(options.destination ?? process.stderr, format),
  );
}

/** A logger that drops everything; for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
