import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CertificateFiles {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
}

/** A self-signed certificate for 127.0.0.1/localhost, made with the openssl CLI in a fresh directory. */
export function selfSignedCertificate(commonName = 'localhost', dir?: string): CertificateFiles {
  const where = dir ?? mkdtempSync(path.join(os.tmpdir(), 'pgwarden-tls-'));
  const certFile = path.join(where, `${commonName}.crt`);
  const keyFile = path.join(where, `${commonName}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { dir: where, certFile, keyFile, cert: readFileSync(certFile, 'utf8') };
}
