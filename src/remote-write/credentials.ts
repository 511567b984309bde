// The HTTP side of one remote_write destination, read once from the config and its files: the URL without userinfo
// (fetch refuses URLs with credentials; its user and password become basic auth, as Go's client does) and the
// entry's inlined http_config with every file read (src/http-client/resolve.ts). The values never leave this object.
import { resolveHttpClientConfig, type ResolvedHttpClientConfig } from '../http-client/resolve.js';
import type { RemoteWriteEntry } from './config.js';

export interface WriterCredentials {
  readonly url: string;
  readonly http: ResolvedHttpClientConfig;
}

export function resolveCredentials(entry: RemoteWriteEntry, baseDir: string, field: string): WriterCredentials {
  const url = new URL(entry.url);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const http = resolveHttpClientConfig(entry, baseDir, field);
  const noAuth = !http.basic_auth && !http.authorization && !http.oauth2;
  if (user && noAuth) http.basic_auth = { username: user, password };
  return { url: url.toString(), http };
}
