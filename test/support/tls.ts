import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

export interface IssuedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

export interface TestCa {
  readonly dir: string;
  readonly caFile: string;
  readonly ca: string;
  /** A certificate signed by this CA, for a server (`serverAuth`) or a client (`clientAuth`). */
  issue(name: string, opts?: { client?: boolean; altNames?: string }): IssuedCertificate;
}

/** A throw-away certificate authority (openssl CLI), so tests can trust it with `ca_file` and nothing else does. */
export function testCa(commonName = 'pgwarden test CA'): TestCa {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-ca-'));
  const caFile = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...ec,
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      caKey,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  return {
    dir,
    caFile,
    ca: readFileSync(caFile, 'utf8'),
    issue(name, opts = {}) {
      const base = path.join(dir, name);
      const ext = `${base}.ext`;
      writeFileSync(
        ext,
        opts.client
          ? 'extendedKeyUsage=clientAuth\n'
          : `extendedKeyUsage=serverAuth\nsubjectAltName=${opts.altNames ?? 'IP:127.0.0.1,DNS:localhost'}\n`,
      );
      execFileSync('openssl', ['req', ...ec, '-subj', `/CN=${name}`, '-keyout', `${base}.key`, '-out', `${base}.csr`], {
        stdio: 'ignore',
      });
      execFileSync(
        'openssl',
        [
          'x509',
          '-req',
          '-in',
          `${base}.csr`,
          '-CA',
          caFile,
          '-CAkey',
          caKey,
          '-CAcreateserial',
          '-days',
          '2',
          '-extfile',
          ext,
          '-out',
          `${base}.crt`,
        ],
        { stdio: 'ignore' },
      );
      return {
        certFile: `${base}.crt`,
        keyFile: `${base}.key`,
        cert: readFileSync(`${base}.crt`, 'utf8'),
        key: readFileSync(`${base}.key`, 'utf8'),
      };
    },
  };
}
