// How `pgwarden check --agent` authenticates to the agent and which CA it trusts: credentials from the URL's
// user-info (moved to an Authorization header: fetch refuses URLs with credentials, and the URL is printed in
// errors) or from --agent.basic-auth-file, and a CA bundle from --agent.ca-file. Nothing here is ever printed.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readSecretFile } from '../config/secret-file.js';

export interface AgentAccess {
  /** The URL without user-info: safe to show. */
  readonly url: URL;
  /** `Basic …` when credentials were given. */
  readonly authorization?: string | undefined;
  /** PEM CA certificates to trust (https). */
  readonly ca?: string | undefined;
}

export class AgentAccessError extends Error {
  override name = 'AgentAccessError';
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new AgentAccessError(`${flag}: cannot read ${file}: ${(error as { code?: string }).code ?? 'error'}`);
  }
}

/**
 * The credentials of a basic-auth file: one line `user:password` (the password may contain `:`), or Prometheus's
 * basic_auth block as YAML (`username:` with `password:` or `password_file:`). Pure apart from password_file.
 * Errors name the file and line, never the content.
 */
export function parseBasicAuthFile(file: string, text: string): { username: string; password: string } {
  const flag = '--agent.basic-auth-file';
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (/^username\s*:/m.test(trimmed)) {
    let doc: unknown;
    try {
      doc = parse(trimmed);
    } catch {
      throw new AgentAccessError(`${flag}: ${file} is not valid YAML`);
    }
    const { username, password, password_file } = (doc ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || username === '')
      throw new AgentAccessError(`${flag}: ${file}: username must be a non-empty string`);
    if (typeof password === 'string' && password_file === undefined) return { username, password };
    if (typeof password_file === 'string' && password === undefined) {
      try {
        return { username, password: readSecretFile('', password_file, `${flag}: ${file}: password_file`) };
      } catch (error) {
        throw new AgentAccessError((error as Error).message);
      }
    }
    throw new AgentAccessError(`${flag}: ${file}: give exactly one of password and password_file`);
  }
  const lines = trimmed.split(/\r?\n/);
  const colon = lines[0]?.indexOf(':') ?? -1;
  if (lines.length !== 1 || colon <= 0)
    throw new AgentAccessError(`${flag}: ${file}:1: expected one line "user:password" (or YAML username/password)`);
  return { username: (lines[0] as string).slice(0, colon), password: (lines[0] as string).slice(colon + 1) };
}

export interface AgentAccessOptions {
  readonly basicAuthFile?: string | undefined;
  readonly caFile?: string | undefined;
}

/** The agent's URL without credentials, the Authorization header and the CA to use. */
export function agentAccess(base: string, options: AgentAccessOptions = {}): AgentAccess {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new AgentAccessError('--agent is not a valid URL');
  }
  let authorization: string | undefined;
  if (url.username || url.password) {
    authorization = basic(decodeURIComponent(url.username), decodeURIComponent(url.password));
    url.username = '';
    url.password = '';
  }
  if (options.basicAuthFile !== undefined) {
    if (authorization)
      throw new AgentAccessError('give credentials in the --agent URL or --agent.basic-auth-file, not both');
    const { username, password } = parseBasicAuthFile(
      options.basicAuthFile,
      readText('--agent.basic-auth-file', options.basicAuthFile),
    );
    authorization = basic(username, password);
  }
  const ca = options.caFile === undefined ? undefined : readText('--agent.ca-file', options.caFile);
  if (ca !== undefined && url.protocol !== 'https:')
    throw new AgentAccessError('--agent.ca-file needs an https:// agent URL');
  return { url, authorization, ca };
}
