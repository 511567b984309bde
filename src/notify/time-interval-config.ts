// The `time_intervals:` (and older `mute_time_intervals:`) section of the alerting config, in Alertmanager's syntax.
// Values stay strings (validated, not transformed) like the rest of the alerting config; `buildTimeIntervals` turns
// them into the pure `TimeInterval`s the flush decision reads.
import { z } from 'zod';
import {
  checkLocation,
  parseDayOfMonthRange,
  parseMonthRange,
  parseTimeRange,
  parseWeekdayRange,
  parseYearRange,
  type Range,
  type TimeInterval,
} from './time-interval.js';

function rangeList(parse: (text: string) => Range) {
  return z.array(
    z.union([z.string(), z.number()]).superRefine((value, ctx) => {
      try {
        parse(String(value));
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  );
}

const timeRangeSchema = z
  .object({ start_time: z.string().optional(), end_time: z.string().optional() })
  .strict()
  .superRefine((value, ctx) => {
    try {
      parseTimeRange(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const timeIntervalSchema = z
  .object({
    times: z.array(timeRangeSchema).optional(),
    weekdays: rangeList(parseWeekdayRange).optional(),
    days_of_month: rangeList(parseDayOfMonthRange).optional(),
    months: rangeList(parseMonthRange).optional(),
    years: rangeList(parseYearRange).optional(),
    location: z
      .string()
      .refine((zone) => {
        try {
          checkLocation(zone);
          return true;
        } catch {
          return false;
        }
      }, 'unknown time zone (expected an IANA name such as Europe/Berlin, or UTC)')
      .optional(),
  })
  .strict();

export const namedTimeIntervalSchema = z
  .object({ name: z.string().min(1), time_intervals: z.array(timeIntervalSchema).default([]) })
  .strict();

export type NamedTimeIntervalConfig = z.output<typeof namedTimeIntervalSchema>;
type TimeIntervalConfig = NamedTimeIntervalConfig['time_intervals'][number];

function build(config: TimeIntervalConfig): TimeInterval {
  const ranges = (list: (string | number)[] | undefined, parse: (text: string) => Range) =>
    list?.map((value) => parse(String(value)));
  return {
    times: config.times?.map(parseTimeRange),
    weekdays: ranges(config.weekdays, parseWeekdayRange),
    daysOfMonth: ranges(config.days_of_month, parseDayOfMonthRange),
    months: ranges(config.months, parseMonthRange),
    years: ranges(config.years, parseYearRange),
    location: config.location,
  };
}

/** Every named interval of both sections, by name (config validation has rejected duplicates). */
export function buildTimeIntervals(
  ...sections: readonly (readonly NamedTimeIntervalConfig[])[]
): Map<string, TimeInterval[]> {
  return new Map(sections.flat().map((named) => [named.name, named.time_intervals.map(build)]));
}
