import { describe, expect, it } from 'vitest';
import type { TLSSocket } from 'node:tls';
import { clientCertAcceptable, tlsServerOptions } from '../../../src/http/web/server.js';
import type { ClientAuthType, TlsSettings } from '../../../src/http/web/web-config.js';

const settings = (clientAuth: ClientAuthType): TlsSettings => ({
  cert: 'CERT',
  key: 'KEY',
  ca: clientAuth.includes('Verify') ? 'CA' : undefined,
  clientAuth,
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
});

const socket = (presented: boolean, authorized: boolean) =>
  ({ getPeerCertificate: () => (presented ? { subject: { CN: 'x' } } : {}), authorized }) as unknown as TLSSocket;

describe('tlsServerOptions', () => {
  it.each([
    ['NoClientCert', false, false],
    ['RequestClientCert', true, false],
    ['RequireAnyClientCert', true, false],
    ['VerifyClientCertIfGiven', true, false],
    ['RequireAndVerifyClientCert', true, true],
  ] as const)('%s: requestCert %s, rejectUnauthorized %s', (policy, requestCert, rejectUnauthorized) => {
    expect(tlsServerOptions(settings(policy))).toMatchObject({
      requestCert,
      rejectUnauthorized,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
    });
  });
});

describe('clientCertAcceptable', () => {
  it.each([
    // policy, certificate presented, verified by the CA, accepted
    ['NoClientCert', false, false, true],
    ['RequestClientCert', true, false, true],
    ['RequireAnyClientCert', false, false, false],
    ['RequireAnyClientCert', true, false, true],
    ['VerifyClientCertIfGiven', false, false, true],
    ['VerifyClientCertIfGiven', true, false, false],
    ['VerifyClientCertIfGiven', true, true, true],
    ['RequireAndVerifyClientCert', false, false, false],
    ['RequireAndVerifyClientCert', true, false, false],
    ['RequireAndVerifyClientCert', true, true, true],
  ] as const)('%s, presented %s, verified %s: %s', (policy, presented, authorized, accepted) => {
    expect(clientCertAcceptable(policy, socket(presented, authorized))).toBe(accepted);
  });
});
