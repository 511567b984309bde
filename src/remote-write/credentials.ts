// Credentials for one remote_write destination, read once from the config or its *_file: an Authorization header
// and a URL without userinfo (fetch refuses URLs with credentials). The values never leave this object.
import { readSecretFile } from '../config/secret-file.js';
import type { RemoteWriteEntry } from './config.js';

export interface WriterCredentials {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export function resolveCredentials(entry: RemoteWriteEntry, baseDir: string, field: string): WriterCredentials {
  const url = new URL(entry.url);
  const headers: Record<string, string> = {};
  let user = decodeURIComponent(url.username);
  let password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  if (entry.basic_auth) {
    user = entry.basic_auth.username;
    password = entry.basic_auth.password_file
      ? readSecretFile(baseDir, entry.basic_auth.password_file, `${field}.basic_auth.password_file`)
      : (entry.basic_auth.password ?? '');
  }
  if (user) headers.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  if (entry.authorization) {
    const a = entry.authorization;
    const credentials = a.credentials_file
      ? readSecretFile(baseDir, a.credentials_file, `${field}.authorization.credentials_file`)
      : (a.credentials ?? '');
    headers.Authorization = `${a.type} ${credentials}`;
  }
  return { url: url.toString(), headers };
}
