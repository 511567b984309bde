import { describe, expect, it } from 'vitest';
import { relabelConfigSchema } from '../../../src/remote-write/config.js';
import { compileRelabelConfigs, hashMod, relabel } from '../../../src/remote-write/relabel.js';

const rules = (...raw: unknown[]) => compileRelabelConfigs(raw.map((r) => relabelConfigSchema.parse(r)));
const base = { __name__: 'pg_stat_user_tables_n_live_tup', datname: 'shop', relname: 'orders', instance: 'db1' };

// Expected results follow Prometheus 2.42's model/relabel semantics.
describe('write_relabel_configs', () => {
  it.each([
    ['keep matches the whole joined value', { source_labels: ['__name__'], regex: 'pg_stat_.*', action: 'keep' }, base],
    ['keep is anchored', { source_labels: ['__name__'], regex: 'stat', action: 'keep' }, undefined],
    [
      'drop by two labels joined with ;',
      { source_labels: ['datname', 'relname'], regex: 'shop;orders', action: 'drop' },
      undefined,
    ],
    ['drop leaves others', { source_labels: ['datname'], regex: 'other', action: 'drop' }, base],
    [
      'labeldrop',
      { regex: 'rel.*', action: 'labeldrop' },
      { __name__: base.__name__, datname: 'shop', instance: 'db1' },
    ],
    ['labelkeep', { regex: '__name__|instance', action: 'labelkeep' }, { __name__: base.__name__, instance: 'db1' }],
    [
      'replace with a group',
      { source_labels: ['relname'], regex: '(ord)(.*)', target_label: 'prefix', replacement: '${1}x$2' },
      { ...base, prefix: 'ordxers' },
    ],
    ['replace with no match changes nothing', { source_labels: ['relname'], regex: 'zzz', target_label: 'x' }, base],
    [
      'replace with an empty result deletes',
      { source_labels: ['nope'], target_label: 'datname' },
      { __name__: base.__name__, relname: 'orders', instance: 'db1' },
    ],
    [
      '$1x is the group named 1x: empty, as in Go',
      { source_labels: ['relname'], regex: '(.*)', target_label: 'y', replacement: '$1x' },
      base,
    ],
    ['uppercase', { source_labels: ['datname'], target_label: 'db', action: 'uppercase' }, { ...base, db: 'SHOP' }],
    ['keepequal', { source_labels: ['datname'], target_label: 'relname', action: 'keepequal' }, undefined],
    ['dropequal', { source_labels: ['datname'], target_label: 'relname', action: 'dropequal' }, base],
    ['labelmap', { regex: 'dat(.*)', action: 'labelmap', replacement: 'db_$1' }, { ...base, db_name: 'shop' }],
  ])('%s', (_name, rule, expected) => {
    expect(relabel(base, rules(rule))).toEqual(expected);
  });

  it('hashmod takes the last eight bytes of the MD5 sum, as Prometheus', () => {
    // md5("shop") = fb54f3c5992b96d001bb16e8e92d968d; Prometheus's sum64 keeps 01bb16e8e92d968d.
    expect(hashMod('shop', 1000)).toBe((0x01bb16e8e92d968dn % 1000n).toString());
    const shards = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((v) => hashMod(v, 3)));
    expect([...shards].every((s) => ['0', '1', '2'].includes(s))).toBe(true);
  });

  it('a regex that is not RE2 is an error naming the rule', () => {
    expect(() => rules({ regex: 'a(?=b)', action: 'keep' })).toThrow(/write_relabel_configs\[0\]\.regex/);
  });
});
