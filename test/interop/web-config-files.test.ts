import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { loadWebConfig } from '../../src/http/web/load-web-config.js';
import { selfSignedCertificate } from '../support/tls.js';

// Certificates made with the openssl CLI: the web config's files are read and checked as a pair.
describe('loadWebConfig', () => {
  it('reads certificate files relative to the web config file', () => {
    const cert = selfSignedCertificate();
    const file = path.join(cert.dir, 'web.yml');
    writeFileSync(
      file,
      `tls_server_config:\n  cert_file: ${path.basename(cert.certFile)}\n  key_file: ${path.basename(cert.keyFile)}\n`,
    );
    const config = loadWebConfig(file);
    expect(config.tls?.cert).toBe(cert.cert);
    expect(config.tls).toMatchObject({ clientAuth: 'NoClientCert', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
  });

  it('locates a missing certificate file and a key that does not belong to the certificate', () => {
    const a = selfSignedCertificate('a');
    const b = selfSignedCertificate('b', a.dir);
    const file = path.join(a.dir, 'web.yml');
    writeFileSync(file, `tls_server_config:\n  cert_file: nope.crt\n  key_file: ${b.keyFile}\n`);
    expect(() => loadWebConfig(file)).toThrow(
      `${file}:2:14: tls_server_config.cert_file: cannot read nope.crt: ENOENT`,
    );
    writeFileSync(file, `tls_server_config:\n  cert_file: ${a.certFile}\n  key_file: ${b.keyFile}\n`);
    let error: unknown;
    try {
      loadWebConfig(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(new RegExp(`^${file}:2:14: tls_server_config.cert_file: unusable certificate or key: `)),
    ]);
  });
});
