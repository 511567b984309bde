import { describe, expect, it } from 'vitest';
import {
  discoveredTargets,
  expandUrlTemplate,
  parseFileSd,
  type TargetGroup,
} from '../../../src/fleet/file-sd-parse.js';

describe('file_sd files', () => {
  it('reads JSON and YAML groups', () => {
    const json = parseFileSd('a.json', '[{"targets":["db1"],"labels":{"host":"h1"}}]');
    const yaml = parseFileSd('a.yml', '- targets: [db1]\n  labels: { host: h1 }\n');
    expect(json).toEqual([{ targets: ['db1'], labels: { host: 'h1' } }]);
    expect(yaml).toEqual(json);
    expect(parseFileSd('empty.yml', '')).toEqual([]);
  });

  it.each([
    ['a.json', '{', /a\.json: not valid JSON/],
    ['a.yml', 'targets: [x]', /a\.yml: must be a list/],
    ['a.yml', '- labels: {}', /group 0: targets must be a list/],
    ['a.yml', '- targets: [x]\n  labels: { 1bad: v }', /"1bad" is not a valid label name/],
    ['a.yml', '- targets: [x]\n  labels: { n: 1 }', /label n must be a string/],
  ])('%s %j is refused with the file named', (file, text, message) => {
    expect(() => parseFileSd(file, text)).toThrow(message);
  });

  it('url_template substitutes the target and its labels, and nothing else', () => {
    const values = { target: 'db1', host: '10.0.0.1' };
    expect(expandUrlTemplate('postgresql://m@{{ .host }}:5432/{{.target}}', values)).toBe(
      'postgresql://m@10.0.0.1:5432/db1',
    );
    expect(() => expandUrlTemplate('{{ .port }}', values)).toThrow(/no label "port"/);
    expect(() => expandUrlTemplate('{{ printf "%s" .host }}', values)).toThrow(/only \{\{ \.target \}\}/);
  });

  it('names targets by their string; labels lose reserved ones; a duplicate or bad entry skips only itself', () => {
    const groups: Array<{ file: string; group: TargetGroup }> = [
      { file: 'a.yml', group: { targets: ['db1', 'db2'], labels: { host: 'h', __meta_x: 'y', empty: '' } } },
      { file: 'b.yml', group: { targets: ['db1', 'db3'], labels: {} } },
    ];
    const { targets, problems } = discoveredTargets(groups, 'postgresql://{{ .host }}/{{ .target }}');
    expect(targets.map((t) => [t.name, t.url, t.labels])).toEqual([
      ['db1', 'postgresql://h/db1', { host: 'h' }],
      ['db2', 'postgresql://h/db2', { host: 'h' }],
    ]);
    expect(problems).toEqual([
      'b.yml: target db1 is listed twice; the first entry is used',
      'b.yml: target db3: url_template: no label "host" for this target',
    ]);
  });
});
