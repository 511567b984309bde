import { describe, expect, it } from 'vitest';
import { clusterPosition, needsOrderedPost, postingWaves } from '../../../src/notify/alertmanager-order.js';

const peers = (...names: string[]) => names.map((name, i) => ({ name, address: `10.0.0.${i}:9094` }));
const status = (name: unknown, list: unknown) => ({ cluster: { name, status: 'ready', peers: list } });

describe('clusterPosition: the rank of the node name among its peers, as Alertmanager sorts them', () => {
  it.each<[string, unknown, number | undefined]>([
    ['lowest name notifies first', status('01A', peers('01B', '01A')), 0],
    ['second of two', status('01B', peers('01A', '01B')), 1],
    ['third of three, peers unsorted', status('01C', peers('01C', '01A', '01B')), 2],
    ['bytewise: digits before letters', status('01Z', peers('01Z', '019')), 1],
    ['not clustered (no peers)', status('01A', []), undefined],
    ['a single node', status('01A', peers('01A')), undefined],
    ['cluster disabled: no name', { cluster: { status: 'disabled' } }, undefined],
    ['own name missing from the peers', status('01X', peers('01A', '01B')), undefined],
    ['peers not a list', status('01A', 'x'), undefined],
    ['not a status at all', null, undefined],
    ['a peer without a name is ignored', status('01B', [{ address: 'x' }, ...peers('01A', '01B')]), 1],
  ])('%s', (_name, answer, expected) => {
    expect(clusterPosition(answer)).toBe(expected);
  });
});

describe('postingWaves: the highest position first, node 0 last', () => {
  const at = (positions: Record<string, number | undefined>) => (url: string) => positions[url];
  it.each<[string, string[], Record<string, number | undefined>, string[][]]>([
    ['two nodes', ['am1', 'am2'], { am1: 0, am2: 1 }, [['am2'], ['am1']]],
    ['two nodes, listed the other way', ['am2', 'am1'], { am1: 1, am2: 0 }, [['am1'], ['am2']]],
    ['three nodes', ['a', 'b', 'c'], { a: 1, b: 0, c: 2 }, [['c'], ['a'], ['b']]],
    ['an unknown node goes in the first wave', ['a', 'b', 'x'], { a: 0, b: 1 }, [['x', 'b'], ['a']]],
    ['nothing known: all at once', ['a', 'b'], {}, [['a', 'b']]],
    ['one known position orders nothing', ['a', 'b'], { a: 0 }, [['a', 'b']]],
    ['a single Alertmanager', ['a'], { a: undefined }, [['a']]],
    ['no Alertmanager', [], {}, []],
    [
      'two separate clusters (the same positions)',
      ['a', 'b', 'c', 'd'],
      { a: 0, b: 1, c: 0, d: 1 },
      [
        ['b', 'd'],
        ['a', 'c'],
      ],
    ],
  ])('%s', (_name, urls, positions, expected) => {
    expect(postingWaves(urls, at(positions))).toEqual(expected);
  });
});

describe('needsOrderedPost: only a batch with a resolution', () => {
  it.each<[string, ('firing' | 'resolved')[], boolean]>([
    ['firing only', ['firing', 'firing'], false],
    ['one resolved among firing', ['firing', 'resolved'], true],
    ['resolved only', ['resolved'], true],
    ['empty', [], false],
  ])('%s', (_name, statuses, expected) => {
    expect(needsOrderedPost(statuses.map((status) => ({ status })))).toBe(expected);
  });
});
