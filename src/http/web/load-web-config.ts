import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext, type SecureVersion } from 'node:tls';
import { ConfigError } from '../../config/load.js';
import { locatedProblem, parseYamlSource, type YamlSource } from '../../config/yaml-source.js';
import {
  NO_WEB_CONFIG,
  parseWebConfig,
  TLS_VERSIONS,
  type TlsSettings,
  type TlsSpec,
  type WebConfig,
} from './web-config.js';

// The I/O half of the web config: read the file and the certificate files it names, and check that they load.

function readTlsFiles(source: YamlSource, tls: TlsSpec, dir: string): { settings?: TlsSettings; problems: string[] } {
  const problems: string[] = [];
  const read = (inline: string | undefined, file: string | undefined, key: string): string | undefined => {
    if (inline !== undefined || file === undefined) return inline;
    try {
      return readFileSync(path.resolve(dir, file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(locatedProblem(source, ['tls_server_config', key], `cannot read ${file}: ${code}`));
      return undefined;
    }
  };
  const cert = read(tls.cert, tls.cert_file, 'cert_file');
  const key = read(tls.key, tls.key_file, 'key_file');
  const ca = read(tls.client_ca, tls.client_ca_file, 'client_ca_file');
  if (problems.length || cert === undefined || key === undefined) return { problems };
  try {
    createSecureContext({ cert, key, ...(ca ? { ca } : {}) });
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line") names no secret.
    const reason = (error as Error).message.split('\n')[0];
    problems.push(locatedProblem(source, ['tls_server_config', 'cert_file'], `unusable certificate or key: ${reason}`));
    return { problems };
  }
  const settings: TlsSettings = {
    cert,
    key,
    ca,
    clientAuth: tls.client_auth_type,
    minVersion: TLS_VERSIONS[tls.min_version] as SecureVersion,
    maxVersion: TLS_VERSIONS[tls.max_version] as SecureVersion,
  };
  return { settings, problems };
}

/** Reads and validates a web config file (and the certificates it names); throws ConfigError with every problem. */
export function loadWebConfig(file: string | undefined): WebConfig {
  if (!file) return NO_WEB_CONFIG;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  const source = parseYamlSource(file, text);
  const parsed = parseWebConfig(source);
  if (parsed.problems.length) throw new ConfigError(parsed.problems);
  const files = parsed.tls ? readTlsFiles(source, parsed.tls, path.dirname(path.resolve(file))) : { problems: [] };
  if (files.problems.length) throw new ConfigError(files.problems);
  return Object.freeze({
    file,
    tls: files.settings,
    users: parsed.users,
    headers: parsed.headers,
    warnings: parsed.warnings,
  });
}
