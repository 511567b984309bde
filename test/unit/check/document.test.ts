import { describe, expect, it } from 'vitest';
import { agentCheckUrl } from '../../../src/check/agent-client.js';
import { checkDocument, failureDocument, renderText } from '../../../src/check/document.js';
import { toNagios, type Check } from '../../../src/check/report.js';

const checks: Check[] = [
  { name: 'A', state: 'OK', severity: 'warning', labels: {}, summary: '' },
  {
    name: 'B',
    state: 'CRITICAL',
    severity: 'critical',
    value: 1200,
    labels: { alertname: 'B', severity: 'critical', datname: 'app' },
    summary: 'idle for 20m',
  },
];

describe('checkDocument / renderText', () => {
  const result = toNagios(checks, [
    { label: 'idle', value: 1200, unit: 's', warn: { start: 0, end: 300, alertInside: false }, min: 0 },
    { label: 'lag', value: NaN, unit: 's' },
  ]);
  const doc = checkDocument(result, checks, 'main', Date.UTC(2026, 0, 2, 3, 4, 5));

  it("has check_pgactivity's fields and the checks", () => {
    expect(doc).toEqual({
      service: 'POSTGRES',
      status: 'CRITICAL',
      exit_code: 2,
      msg: 'idle for 20m',
      longmsg: ['CRITICAL: idle for 20m'],
      perfdata: {
        idle: { val: 1200, unit: 's', warn: '300', crit: null, min: 0, max: null },
        lag: { val: null, unit: 's', warn: null, crit: null, min: null, max: null },
      },
      target: 'main',
      checked_at: '2026-01-02T03:04:05.000Z',
      checks: [
        { name: 'A', state: 'OK', severity: 'warning', value: null, labels: {}, summary: '', flapping: false },
        {
          name: 'B',
          state: 'CRITICAL',
          severity: 'critical',
          value: 1200,
          labels: { alertname: 'B', severity: 'critical', datname: 'app' },
          summary: 'idle for 20m',
          flapping: false,
        },
      ],
      report: [],
    });
  });

  it('renders the same text as the verdict, also after a JSON round trip (the --agent path)', () => {
    const text = 'POSTGRES CRITICAL - idle for 20m | idle=1200s;300;;0 lag=U\nCRITICAL: idle for 20m\n';
    expect(renderText(doc)).toBe(text);
    expect(renderText(JSON.parse(JSON.stringify(doc)))).toBe(text);
    expect(`${result.line}\n${result.longOutput.join('\n')}\n`).toBe(text);
  });

  it('failure documents carry the state and exit code', () => {
    const failure = failureDocument('CRITICAL', 'cannot connect | refused', 'main', 0);
    expect([failure.status, failure.exit_code, renderText(failure)]).toEqual([
      'CRITICAL',
      2,
      'POSTGRES CRITICAL - cannot connect / refused\n',
    ]);
  });
});

describe('agentCheckUrl', () => {
  it('puts selections, rules and target in the query', () => {
    expect(
      agentCheckUrl('http://127.0.0.1:9187', { selections: ['locks', 'disk'], rules: ['X Y'], target: 'main' }),
    ).toBe('http://127.0.0.1:9187/api/v1/check?selection=locks&selection=disk&rule=X+Y&target=main');
    expect(agentCheckUrl('https://h/pgwarden/', { selections: [], rules: [] })).toBe('https://h/pgwarden/api/v1/check');
  });
});
