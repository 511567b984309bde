import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretFile, SecretFileError } from '../../../src/config/secret-file.js';
import { loadConfig } from '../../../src/config/load.js';
import { envOrFile } from '../../../src/config/env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-secret-'));
const write = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};

describe('readSecretFile', () => {
  it.each([
    ['a plain value', 's3cret', 's3cret'],
    ['the newline echo leaves', 's3cret\n', 's3cret'],
    ['a Windows line end', 's3cret\r\n', 's3cret'],
    ['surrounding blanks', '  s3cret \n\n', 's3cret'],
    ['a byte order mark', '\uFEFFs3cret\n', 's3cret'],
    ['inner spaces stay', 'pass word\n', 'pass word'],
  ])('%s', (name, text, expected) => {
    expect(readSecretFile(dir, write(`${name}.txt`, text), 'password_file')).toBe(expected);
  });

  it('resolves a relative path against the base directory, and takes an absolute one as is', () => {
    write('abs.txt', 'x1\n');
    expect(readSecretFile(dir, 'abs.txt', 'f')).toBe('x1');
    expect(readSecretFile('/nowhere', path.join(dir, 'abs.txt'), 'f')).toBe('x1');
  });

  it('names the field and the file, never the content', () => {
    const missing = () => readSecretFile(dir, 'missing.txt', 'targets[0].password_file');
    expect(missing).toThrow(SecretFileError);
    expect(missing).toThrow(
      `targets[0].password_file: cannot read secret file "${path.join(dir, 'missing.txt')}": ENOENT`,
    );
    write('blank.txt', ' \n');
    expect(() => readSecretFile(dir, 'blank.txt', 'url_file')).toThrow(
      `url_file: secret file "${path.join(dir, 'blank.txt')}" is empty`,
    );
  });
});

describe('the readers that use it', () => {
  it('a target password_file: trimmed, and a located error for a missing file', () => {
    write('pw', '  hunter2 \n');
    const file = path.join(dir, 'agent.yml');
    writeFileSync(file, 'targets:\n  - name: db\n    url: postgresql://u@127.0.0.1/app\n    password_file: pw\n');
    expect(loadConfig({ file, env: {} }).targets[0]?.connection.password).toBe('hunter2');
    writeFileSync(file, 'targets:\n  - name: db\n    url: postgresql://u@127.0.0.1/app\n    password_file: nope\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(
      `${file}:4:20: targets.0.password_file: cannot read secret file "${path.join(dir, 'nope')}": ENOENT (db)`,
    );
  });

  it('VAR_FILE in the environment', () => {
    expect(envOrFile({ DATA_SOURCE_PASS_FILE: path.join(dir, write('env-pw', 'p\n')) }, 'DATA_SOURCE_PASS')).toBe('p');
    expect(() => envOrFile({ DATA_SOURCE_PASS_FILE: path.join(dir, 'gone') }, 'DATA_SOURCE_PASS')).toThrow(
      /^DATA_SOURCE_PASS_FILE: cannot read secret file ".*gone": ENOENT$/,
    );
  });
});
