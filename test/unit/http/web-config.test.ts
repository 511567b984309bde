import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../../src/config/yaml-source.js';
import { parseWebConfig } from '../../../src/http/web/web-config.js';

const HASH = bcrypt.hashSync('s3cret', 4);

function problems(yaml: string): string[] {
  return parseWebConfig(parseYamlSource('web.yml', yaml)).problems;
}

describe('parseWebConfig', () => {
  it.each([
    ['an empty file', '', []],
    ['users with bcrypt hashes', `basic_auth_users:\n  alice: '${HASH}'\n`, []],
    ['an htpasswd $2y$ hash', `basic_auth_users:\n  bob: '${HASH.replace('$2b$', '$2y$')}'\n`, []],
    [
      'a plain-text password, without echoing it',
      'basic_auth_users:\n  alice: hunter2\n',
      ['web.yml:2:10: basic_auth_users.alice: not a bcrypt hash'],
    ],
    [
      'a user name with a colon',
      `basic_auth_users:\n  "a:b": '${HASH}'\n`,
      ['web.yml:2:3: basic_auth_users.a:b: a user name cannot contain ":"'],
    ],
    ['an unknown key', 'tls_server_confg: {}\n', ['web.yml:1:1: tls_server_confg: unknown key']],
    [
      'TLS without certificate and key',
      'tls_server_config:\n  min_version: TLS13\n',
      [
        'web.yml:2:3: tls_server_config: missing cert_file (or cert)',
        'web.yml:2:3: tls_server_config: missing key_file (or key)',
      ],
    ],
    [
      'both inline and file certificate',
      'tls_server_config:\n  cert: x\n  cert_file: a\n  key_file: b\n',
      ['web.yml:3:14: tls_server_config.cert_file: give either cert or cert_file, not both'],
    ],
    [
      'client verification without a CA',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n',
      ['web.yml:4:21: tls_server_config.client_auth_type: RequireAndVerifyClientCert needs client_ca_file'],
    ],
    [
      'a CA without a client auth policy',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca\n',
      ['web.yml:4:19: tls_server_config.client_ca_file: a client CA needs client_auth_type RequireAndVerifyClientCert'],
    ],
    [
      'an unknown client auth type',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Always\n',
      [expect.stringMatching(/^web\.yml:4:21: tls_server_config\.client_auth_type: Invalid option/)],
    ],
    [
      'min_version above max_version',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n',
      ['web.yml:4:16: tls_server_config.min_version: is above max_version'],
    ],
    [
      'client_allowed_sans, which is refused rather than ignored',
      'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_allowed_sans: [x]\n',
      [expect.stringContaining('web.yml:4:24: tls_server_config.client_allowed_sans: not supported')],
    ],
    [
      'a header that may not be configured',
      'http_server_config:\n  headers:\n    Content-Type: text/html\n',
      [expect.stringContaining('web.yml:3:5: http_server_config.headers.Content-Type: header "Content-Type" cannot')],
    ],
    ['a YAML syntax error', 'basic_auth_users:\n  alice: [\n', [expect.stringMatching(/^web\.yml:\d+:\d+: /)]],
  ])('%s', (_name, yaml, expected) => {
    expect(problems(yaml)).toEqual(expected);
  });

  it('keeps allowed headers under their canonical names and warns about settings it ignores', () => {
    const parsed = parseWebConfig(
      parseYamlSource(
        'web.yml',
        [
          'http_server_config:',
          '  http2: false',
          '  headers:',
          '    x-frame-options: deny',
          '    Strict-Transport-Security: max-age=31536000',
          'tls_server_config:',
          '  cert_file: a',
          '  key_file: b',
          '  cipher_suites: [TLS_AES_128_GCM_SHA256]',
          'rate_limit: {interval: 1s, burst: 5}',
          '',
        ].join('\n'),
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.headers).toEqual([
      ['X-Frame-Options', 'deny'],
      ['Strict-Transport-Security', 'max-age=31536000'],
    ]);
    expect(parsed.warnings).toEqual([
      "tls_server_config.cipher_suites is ignored: Node.js's defaults apply",
      'http_server_config.http2 is ignored: pgwarden serves HTTP/1.1',
      'rate_limit is ignored by pgwarden',
    ]);
  });
});
