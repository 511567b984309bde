import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, loadConfig } from '../../../src/config/load.js';
import { alertingConfigSchema } from '../../../src/notify/config.js';
import { buildTimeIntervals } from '../../../src/notify/time-interval-config.js';
import { inInterval, type TimeInterval } from '../../../src/notify/time-interval.js';
import { isTimeMuted } from '../../../src/notify/time-interval-mute.js';

/** One interval from Alertmanager YAML, through the config schema as a user's file goes. */
function interval(yaml: string): TimeInterval {
  const config = alertingConfigSchema.parse({ time_intervals: [{ name: 'x', time_intervals: [parse(yaml)] }] });
  return buildTimeIntervals(config.time_intervals).get('x')![0]!;
}

// Cases in the spirit of Alertmanager's timeinterval_test.go (its dates, its expectations).
describe('inInterval', () => {
  it.each([
    // times: start inclusive, end exclusive, end 24:00 allowed
    ['times: [{start_time: "00:00", end_time: "24:00"}]', '2021-01-01T23:59:59Z', true],
    ['times: [{start_time: "17:00", end_time: "24:00"}]', '2021-01-01T16:59:59Z', false],
    ['times: [{start_time: "17:00", end_time: "24:00"}]', '2021-01-01T17:00:00Z', true],
    ['times: [{start_time: "09:00", end_time: "17:00"}]', '2021-01-01T17:00:00Z', false],
    [
      'times: [{start_time: "00:00", end_time: "01:00"}, {start_time: "22:00", end_time: "23:00"}]',
      '2021-01-01T22:30:00Z',
      true,
    ],
    // weekdays: 2021-01-01 was a Friday
    ['weekdays: ["monday:friday"]', '2021-01-01T12:00:00Z', true],
    ['weekdays: ["saturday", "sunday"]', '2021-01-01T12:00:00Z', false],
    ['weekdays: ["saturday", "sunday"]', '2021-01-03T12:00:00Z', true],
    ['weekdays: ["Friday"]', '2021-01-01T00:00:00Z', true],
    // days_of_month: negative counts from the month's end, clamped to the month
    ['days_of_month: ["1:5"]', '2021-01-05T23:59:59Z', true],
    ['days_of_month: ["1:5"]', '2021-01-06T00:00:00Z', false],
    ['days_of_month: ["-1"]', '2021-02-28T12:00:00Z', true],
    ['days_of_month: ["-1"]', '2020-02-28T12:00:00Z', false],
    ['days_of_month: ["-1"]', '2020-02-29T12:00:00Z', true],
    ['days_of_month: ["-3:-1"]', '2021-04-28T00:00:00Z', true],
    ['days_of_month: ["-3:-1"]', '2021-04-27T00:00:00Z', false],
    ['days_of_month: ["1:31"]', '2021-02-28T00:00:00Z', true],
    ['days_of_month: ["30:31"]', '2021-02-28T00:00:00Z', false],
    ['days_of_month: ["1:-25"]', '2021-02-05T00:00:00Z', false],
    ['days_of_month: ["1:-25"]', '2021-02-04T00:00:00Z', true],
    ['days_of_month: ["7:-1"]', '2021-02-28T00:00:00Z', true],
    // months and years
    ['months: ["january:march"]', '2021-03-31T23:59:59Z', true],
    ['months: ["january:march"]', '2021-04-01T00:00:00Z', false],
    ['months: ["12", "february"]', '2021-12-10T00:00:00Z', true],
    ['years: ["2020:2022"]', '2022-12-31T23:59:59Z', true],
    ['years: ["2020:2022", "2030"]', '2023-01-01T00:00:00Z', false],
    // every field must match
    ['{weekdays: ["friday"], times: [{start_time: "09:00", end_time: "17:00"}]}', '2021-01-01T08:59:00Z', false],
    ['{weekdays: ["friday"], months: ["january"], years: ["2021"]}', '2021-01-01T08:59:00Z', true],
    // location: 2021-01-01T23:30Z is Saturday 00:30 in Berlin, Friday 18:30 in New York
    ['{weekdays: ["saturday"], location: "Europe/Berlin"}', '2021-01-01T23:30:00Z', true],
    ['{weekdays: ["saturday"]}', '2021-01-01T23:30:00Z', false],
    ['{times: [{start_time: "18:00", end_time: "19:00"}], location: "America/New_York"}', '2021-01-01T23:30:00Z', true],
    ['{days_of_month: ["1"], location: "Asia/Tokyo"}', '2020-12-31T15:00:00Z', true],
  ])('%s contains %s: %s', (yaml, at, expected) => {
    expect(inInterval(interval(yaml), new Date(at))).toBe(expected);
  });

  it('an empty interval contains every instant', () => {
    expect(inInterval(interval('{}'), new Date('2021-06-15T03:04:05Z'))).toBe(true);
  });
});

function issues(input: unknown): string[] {
  const result = alertingConfigSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('time interval validation (Alertmanager messages)', () => {
  it.each([
    ['times: [{start_time: "10:00", end_time: "09:00"}]', 'start time cannot be equal or greater than end time'],
    ['times: [{start_time: "10:00"}]', 'both start and end times must be provided'],
    ['times: [{start_time: "24:01", end_time: "25:00"}]', "couldn't parse timestamp 24:01, invalid format"],
    ['weekdays: ["friday:monday"]', 'start day cannot be before end day'],
    ['weekdays: ["someday"]', 'someday is not a valid weekday'],
    ['days_of_month: ["0"]', '0 is not a valid day of the month: out of range'],
    ['days_of_month: ["-32:-1"]', '-32 is not a valid day of the month: out of range'],
    ['days_of_month: ["-1:5"]', 'end day must be negative if start day is negative'],
    ['days_of_month: ["10:-25"]', 'end day -25 is always before start day 10'],
    ['months: ["march:january"]', 'end month 1 is before start month 3'],
    ['months: ["13"]', '13 is not a valid month'],
    ['years: ["2022:2020"]', 'end year 2020 is before start year 2022'],
    ['location: "Mars/Olympus"', 'unknown time zone'],
  ])('%s: %s', (yaml, message) => {
    const found = issues({ time_intervals: [{ name: 'x', time_intervals: [parse(yaml)] }] });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
    expect(found[0]).toMatch(/^time_intervals\.0\.time_intervals\.0\./);
  });

  it('rejects duplicate names, undefined names on routes and intervals on the root route', () => {
    const found = issues({
      time_intervals: [{ name: 'night' }],
      mute_time_intervals: [{ name: 'night' }],
      receivers: [{ name: 'r' }],
      route: {
        receiver: 'r',
        active_time_intervals: ['night'],
        routes: [{ mute_time_intervals: ['night', 'lunch'] }],
      },
    });
    expect(found).toEqual([
      'mute_time_intervals.0.name: duplicate time interval "night"',
      'route.active_time_intervals: the root route must not have active_time_intervals',
      'route.routes.0.mute_time_intervals.1: undefined time interval "lunch"',
    ]);
  });

  it('reports a bad interval at its file:line in the config file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-ti-'));
    const file = path.join(dir, 'pgwarden.yml');
    writeFileSync(
      file,
      [
        'alerting:',
        '  time_intervals:',
        '    - name: night',
        '      time_intervals:',
        '        - weekdays: [moonday]',
        '',
      ].join('\n'),
    );
    let problems: string[] = [];
    try {
      loadConfig({ file, env: {}, sections: { alerting: alertingConfigSchema } });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems.map((p) => p.replace(file, 'F'));
    }
    expect(problems).toEqual([
      'F:5:22: alerting.time_intervals.0.time_intervals.0.weekdays.0: moonday is not a valid weekday',
    ]);
  });
});

describe('isTimeMuted (the route decision)', () => {
  const config = alertingConfigSchema.parse({
    time_intervals: [
      {
        name: 'office',
        time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }] }],
      },
    ],
    mute_time_intervals: [{ name: 'lunch', time_intervals: [{ times: [{ start_time: '12:00', end_time: '13:00' }] }] }],
  });
  const intervals = buildTimeIntervals(config.time_intervals, config.mute_time_intervals);
  const at = (iso: string) => Date.parse(iso);
  it.each([
    // 2021-01-04 was a Monday
    [{ mute: [], active: [] }, '2021-01-04T12:30:00Z', false],
    [{ mute: ['lunch'], active: [] }, '2021-01-04T12:30:00Z', true],
    [{ mute: ['lunch'], active: [] }, '2021-01-04T13:00:00Z', false],
    [{ mute: [], active: ['office'] }, '2021-01-04T08:59:00Z', true],
    [{ mute: [], active: ['office'] }, '2021-01-04T09:00:00Z', false],
    [{ mute: [], active: ['office'] }, '2021-01-03T10:00:00Z', true],
    // mute wins over active
    [{ mute: ['lunch'], active: ['office'] }, '2021-01-04T12:00:00Z', true],
    [{ mute: ['lunch'], active: ['office'] }, '2021-01-04T11:59:00Z', false],
  ])('%j at %s: muted %s', (names, iso, expected) => {
    const route = { muteTimeIntervals: names.mute, activeTimeIntervals: names.active };
    expect(isTimeMuted(route, intervals, at(iso))).toBe(expected);
  });
});
