// S3 credentials from the config (`x` or `x_file`), else the AWS SDK's own chain (environment, ~/.aws, instance
// role). The values are handed to the SDK only; error texts pass through maskSecrets before they are logged.
import { readFileSync } from 'node:fs';
import type { S3LocationConfig } from './config.js';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

type SecretKey = 'access_key_id' | 'secret_access_key' | 'session_token';

function secret(config: S3LocationConfig, key: SecretKey, field: string): string | undefined {
  const inline = config[key];
  if (inline !== undefined) return inline;
  const file = config[`${key}_file`];
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`${field}.${key}_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/** Undefined: no keys configured, the SDK's default chain applies. Throws naming the field when a file is unreadable. */
export function s3Credentials(config: S3LocationConfig, field: string): S3Credentials | undefined {
  const accessKeyId = secret(config, 'access_key_id', field);
  const secretAccessKey = secret(config, 'secret_access_key', field);
  const sessionToken = secret(config, 'session_token', field);
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
}

/** Every value that must never be shown: the configured keys and the standard AWS variables. */
export function secretValues(credentials: S3Credentials | undefined, env: NodeJS.ProcessEnv): string[] {
  const fromEnv = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].map((name) => env[name]);
  return [credentials?.accessKeyId, credentials?.secretAccessKey, credentials?.sessionToken, ...fromEnv].filter(
    (value): value is string => value !== undefined && value.length >= 4,
  );
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const value of secrets) masked = masked.split(value).join('***');
  return masked;
}
