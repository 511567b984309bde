import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A `*_file` secret that cannot be used; the message names the setting and the file, never the content. */
export class SecretFileError extends Error {
  constructor(
    readonly field: string,
    /** What is wrong, without the field: `cannot read secret file "/etc/x": ENOENT`. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = 'SecretFileError';
  }
}

/**
 * The one reader of `*_file` secrets (password_file, url_file, server_file, api_url_file, credentials_file, ...):
 * the file's content without surrounding whitespace, as Prometheus reads its password_file and credentials_file (the
 * newline an editor or `echo` leaves is never part of a password). A relative path is relative to `baseDir`, the
 * configuration file's directory. An empty file is an error: it is never the secret one meant.
 */
export function readSecretFile(baseDir: string, file: string, field: string): string {
  const full = path.resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SecretFileError(field, `cannot read secret file "${full}": ${reason}`);
  }
  const value = text.replace(/^\uFEFF/, '').trim();
  if (value === '') throw new SecretFileError(field, `secret file "${full}" is empty`);
  return value;
}

/** Replaces `key_file` by `key` (read with readSecretFile) in one object; returns a copy (`obj` itself without one). */
export function readKeyFile<T extends Record<string, unknown>>(obj: T, key: string, baseDir: string, path: string): T {
  const file = obj[`${key}_file`];
  if (typeof file !== 'string') return obj;
  const copy: Record<string, unknown> = { ...obj };
  delete copy[`${key}_file`];
  copy[key] = readSecretFile(baseDir, file, `${path}.${key}_file`);
  return copy as T;
}
