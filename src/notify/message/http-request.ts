// What the receivers' payload builders produce: plain HTTP requests (method, URL, headers, body), so the builders stay
// pure and tested by tables, and one sender (integrations/http.ts) does the I/O for all of them; that sender's client
// (src/http-client/) adds http_config's authentication.
import { createHash } from 'node:crypto';

export interface HttpRequestSpec {
  readonly method: 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** JSON as Go's json.Encoder writes it (Alertmanager's bodies): <, >, & and U+2028/9 escaped, a final newline. */
export function goJson(value: unknown): string {
  const escapes: Record<string, string> = {
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
    '\u2028': '\\u2028',
    '\u2029': '\\u2029',
  };
  return `${JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => escapes[ch] ?? ch)}\n`;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** Alertmanager's TruncateInRunes: at most `n` code points, the last one `…` when cut. */
export function truncateRunes(text: string, n: number): string {
  const runes = [...text];
  if (runes.length <= n) return text;
  if (n <= 3) return runes.slice(0, n).join('');
  return `${runes.slice(0, n - 1).join('')}…`;
}

/** Alertmanager's TruncateInBytes (UTF-8): at most `n` bytes, ending in `…` when cut. */
export function truncateBytes(text: string, n: number): string {
  if (Buffer.byteLength(text) <= n) return text;
  if (n <= 3) return n === 3 ? '…' : '.'.repeat(n);
  const runes = [...text];
  let out = '';
  for (const rune of runes) {
    if (Buffer.byteLength(out + rune) > n - 3) break;
    out += rune;
  }
  return `${out}…`;
}

/** Alertmanager's notify.Key.Hash(): the group key's SHA-256, PagerDuty's dedup_key and Opsgenie's alias. */
export function groupKeyHash(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}
