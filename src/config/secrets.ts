// Secrets (passwords, DSNs with passwords, webhook URLs, SMTP credentials) must never reach logs, metrics, errors, the
// API or check output. These helpers mask them at the edges.

const URL_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/gi;
const KEYWORD_PASSWORD = /\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"]+)/gi;

/** Masks the password in a connection string: URL form or libpq key=value form. */
export function maskDsn(dsn: string): string {
  return dsn.replace(URL_WITH_PASSWORD, '$1****$3').replace(KEYWORD_PASSWORD, '$1****');
}

/** Masks every DSN-style password found in free text (error messages, log lines). */
export function maskSecretsInText(text: string): string {
  return maskDsn(text);
}

/** A registry of literal secret values known at run time (webhook URLs, SMTP passwords), scrubbed from text. */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  scrub(text: string): string {
    let out = maskSecretsInText(text);
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}
