// Generated PromQL cases for the differential test against promtool: a fixed set of input series (gauges with
// NaN/±Inf/gaps/staleness and empty label values, counters with resets, classic histogram buckets, Unix times) and
// expressions over every function, operator and aggregation, each at a few evaluation times. Deterministic (seeded).

export interface GeneratedCases {
  /** promtool input_series: series selector → expanding notation, one sample per minute from 0m. */
  series: Record<string, string>;
  /** [expr, eval time in minutes]; the times include ones after the data ends (lookback and staleness). */
  cases: [string, number][];
}

/** mulberry32: a small seeded PRNG, so the cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POINTS = 40;
const GAUGE_VALUES = ['0', '1', '-1', '2.5', '-3.75', '10', '100', '0.001', '1e3', '42', '-0.5', '7', '3'];

function gaugeValues(rand: () => number, special: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < POINTS; i++) {
    const r = rand();
    if (special && r < 0.05) out.push('NaN');
    else if (special && r < 0.08) out.push(rand() < 0.5 ? 'Inf' : '-Inf');
    else if (r < 0.12) out.push('_');
    else out.push(GAUGE_VALUES[Math.floor(rand() * GAUGE_VALUES.length)] as string);
  }
  if (special) out[25] = 'stale';
  return out.join(' ');
}

function counterValues(rand: () => number, end = POINTS): string {
  const out: string[] = [];
  let v = Math.floor(rand() * 50);
  for (let i = 0; i < end; i++) {
    v = rand() < 0.06 ? Math.floor(rand() * 5) : v + Math.floor(rand() * 20);
    out.push(String(v));
  }
  return out.join(' ');
}

function seriesSet(rand: () => number): Record<string, string> {
  const series: Record<string, string> = {};
  for (const instance of ['a', 'b', 'c']) {
    for (const job of ['x', 'y']) {
      series[`gauge{instance="${instance}",job="${job}"}`] = gaugeValues(rand, instance === 'c');
      series[`counter{instance="${instance}",job="${job}"}`] = counterValues(rand, instance === 'b' ? 20 : POINTS);
    }
    const buckets = ['0.1', '0.5', '1', '5', '+Inf'];
    let cumulative = 0;
    const perBucket = buckets.map(() => Math.floor(rand() * 5));
    buckets.forEach((le, i) => {
      cumulative += perBucket[i] as number;
      // instance c's buckets are not monotonic at one bound (a torn scrape), which histogram_quantile repairs
      const start = instance === 'c' && le === '1' ? cumulative - 2 : cumulative;
      series[`hist_bucket{instance="${instance}",le="${le}"}`] = `${start}+${cumulative + 1}x${POINTS - 1}`;
    });
    series[`unix{instance="${instance}"}`] = `${1_600_000_000 + Math.floor(rand() * 300_000_000)}+86399x${POINTS - 1}`;
    series[`ratio{instance="${instance}"}`] = Array.from({ length: POINTS }, () => (rand() * 2 - 1).toFixed(3)).join(
      ' ',
    );
  }
  // Collectors emit empty label values (pg_stat_activity_count{usename=""}): Prometheus stores no such label.
  series['activity{usename="",datname="app"}'] = '1+1x39';
  series['activity{usename="bob",datname="app"}'] = '5-1x39';
  const repeat = (v: string): string => Array.from({ length: POINTS }, () => v).join(' ');
  series['special{kind="nan"}'] = repeat('NaN');
  series['special{kind="inf"}'] = repeat('Inf');
  series['special{kind="ninf"}'] = repeat('-Inf');
  series['special{kind="zero"}'] = `0x${POINTS - 1}`;
  series['special{kind="neg"}'] = `-2x${POINTS - 1}`;
  series['special{kind="one"}'] = `1x${POINTS - 1}`;
  series['special{kind="minus_one"}'] = `-1x${POINTS - 1}`;
  return series;
}

const VECTORS = ['gauge', 'gauge{job="x"}', 'counter', 'special', 'ratio', 'activity', 'gauge{instance=~"a|c"}'];
const RANGE_SELECTORS = [
  'gauge[5m]',
  'counter[5m]',
  'counter[10m]',
  'gauge[3m]',
  'special[5m]',
  'activity[2m]',
  'counter[1m]',
];
const SCALARS = ['0', '1', '-1', '2', '0.5', 'NaN', 'Inf', '-Inf', '010', '0x1f', '1.e1', '5.', '3'];
const VALUE_FUNCTIONS = [
  'abs',
  'ceil',
  'floor',
  'sqrt',
  'exp',
  'ln',
  'log2',
  'log10',
  'sgn',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'deg',
  'rad',
  'round',
  'timestamp',
  'sort',
  'sort_desc',
  '-',
];
const DATE_FUNCTIONS = [
  'minute',
  'hour',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'month',
  'year',
];
const RANGE_FUNCTIONS = [
  'rate',
  'irate',
  'increase',
  'delta',
  'idelta',
  'deriv',
  'changes',
  'resets',
  'avg_over_time',
  'min_over_time',
  'max_over_time',
  'sum_over_time',
  'count_over_time',
  'last_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'present_over_time',
  'absent_over_time',
];
const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'count', 'group', 'stddev', 'stdvar'];
const BINARY_OPS = ['+', '-', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '<', '>=', '<=', '> bool', '== bool'];
const SET_OPS = ['and', 'or', 'unless'];
const MATCHING = [
  '',
  'on(instance, job) ',
  'ignoring(job) ',
  'on(instance) group_left ',
  'ignoring(instance) group_right ',
];
const GROUPINGS = [
  '',
  ' by (job)',
  ' by (instance)',
  ' without (instance)',
  ' by (kind)',
  ' without (job, kind)',
  ' by (usename)',
];

function expressions(pick: <T>(list: readonly T[]) => T): string[] {
  const out: string[] = [];
  for (const f of VALUE_FUNCTIONS) for (const v of VECTORS) out.push(f === '-' ? `-${v}` : `${f}(${v})`);
  for (const v of VECTORS) out.push(`round(${v}, ${pick(['0.5', '2', '0.1', '-1'])})`);
  for (const f of DATE_FUNCTIONS)
    out.push(`${f}()`, `${f}(unix)`, `${f}(vector(${pick(['0', '1e9', '951782400', '-1'])}))`);
  for (const f of RANGE_FUNCTIONS) for (const r of RANGE_SELECTORS) out.push(`${f}(${r})`);
  for (const r of RANGE_SELECTORS) {
    out.push(`quantile_over_time(${pick(['0', '0.5', '0.9', '1', '-1', '2', 'NaN'])}, ${r})`);
    out.push(`predict_linear(${r}, ${pick(['60', '-300', '0', '3600'])})`);
    out.push(`holt_winters(${r}, ${pick(['0.1', '0.5', '0.9'])}, ${pick(['0.1', '0.5', '0.9'])})`);
  }
  out.push('holt_winters(gauge[5m], 1, 0.5)', 'holt_winters(gauge[5m], 0.5, 0)');
  for (const a of AGGREGATIONS)
    for (const g of GROUPINGS) for (const v of ['gauge', 'special', 'activity', 'counter']) out.push(`${a}${g} (${v})`);
  for (const g of GROUPINGS) {
    const v = pick(VECTORS);
    out.push(`topk${g} (${pick(['1', '2', '5'])}, ${v})`, `bottomk${g} (${pick(['1', '2', '5'])}, ${v})`);
    out.push(`quantile${g} (${pick(['0', '0.25', '0.5', '0.99', '1', '-1', '2', 'NaN'])}, ${pick(VECTORS)})`);
    out.push(`count_values${g} ("value", ${pick(VECTORS)})`, `count_values${g} ("job", ${pick(VECTORS)})`);
  }
  for (const op of BINARY_OPS) {
    for (const v of VECTORS.slice(0, 5)) out.push(`${v} ${op} ${pick(SCALARS)}`, `${pick(SCALARS)} ${op} ${v}`);
    for (let i = 0; i < 4; i++)
      out.push(`${pick(SCALARS)} ${op.endsWith('bool') || !/[=<>]/.test(op) ? op : `${op} bool`} ${pick(SCALARS)}`);
    for (const m of MATCHING) out.push(`gauge ${op} ${m}counter`, `gauge{job="x"} ${op} ${m}gauge{job="y"}`);
  }
  for (const op of SET_OPS)
    for (const m of ['', 'on(instance) ', 'ignoring(job) '])
      out.push(`gauge ${op} ${m}counter{job="y"}`, `special ${op} ${m}gauge`);
  for (const x of SCALARS) for (const y of SCALARS) out.push(`${x} ^ ${y}`);
  for (const v of ['gauge', 'special', 'ratio']) {
    for (let i = 0; i < 4; i++) {
      const [lo, hi] = [pick(SCALARS), pick(SCALARS)];
      out.push(`clamp(${v}, ${lo}, ${hi})`, `clamp_min(${v}, ${lo})`, `clamp_max(${v}, ${hi})`);
    }
  }
  for (const q of ['0', '0.5', '0.9', '0.99', '1', '-0.5', '1.5', 'NaN']) {
    out.push(`histogram_quantile(${q}, hist_bucket)`, `histogram_quantile(${q}, rate(hist_bucket[5m]))`);
    out.push(`histogram_quantile(${q}, sum by (le) (rate(hist_bucket[10m])))`);
  }
  const inner = ['rate(counter[5m])', 'gauge', 'sum by (job) (gauge)', 'special', 'deriv(gauge[5m])'];
  for (const e of inner) {
    for (const f of [
      'max_over_time',
      'avg_over_time',
      'rate',
      'count_over_time',
      'last_over_time',
      'quantile_over_time(0.5,',
    ]) {
      const range = `[${pick(['5m', '10m', '7m'])}:${pick(['', '1m', '2m', '30s'])}]${pick(['', ' offset 3m', ' @ 1200'])}`;
      out.push(f.endsWith(',') ? `${f} ${e}${range})` : `${f}(${e}${range})`);
    }
  }
  for (const v of ['gauge', 'counter']) {
    out.push(`${v} @ 600`, `${v} @ 600 offset 2m`, `${v} offset 2m @ 600`, `${v} @ start()`, `${v} @ end()`);
    out.push(`rate(${v}[5m] @ 1200)`, `sum_over_time(${v}[5m] @ end())`, `${v} - ${v} @ 300`, `${v} @ 1e3`);
  }
  out.push('time()', 'vector(time())', 'scalar(gauge)', 'scalar(special{kind="one"})', 'pi()', 'vector(pi())');
  out.push(
    'absent(nonexistent)',
    'absent(nonexistent{a="b", c=~"d"})',
    'absent(gauge)',
    'absent_over_time(nonexistent{x="y"}[5m])',
  );
  out.push(
    'label_replace(gauge, "dst", "$1-$2", "instance", "(.)(.*)")',
    'label_replace(gauge, "job", "", "job", ".*")',
    'label_replace(activity, "usename", "$1", "usename", "(.*)")',
    'label_join(gauge, "dst", "-", "instance", "job")',
    'label_join(activity, "usename", "", "nothing")',
    'sum by (usename) (activity)',
    'count without (datname) (activity)',
    'activity * on(usename) group_left activity',
  );
  return out;
}

export function generateCases(seed = 20260604): GeneratedCases {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const series = seriesSet(rand);
  const times = [0, 1, 5, 12, 21, 26, 33, 39, 42, 46];
  const cases: [string, number][] = [];
  for (const expr of expressions(pick)) {
    const chosen = new Set([pick(times), pick(times), pick(times)]);
    for (const t of chosen) cases.push([expr, t]);
  }
  return { series, cases };
}

/**
 * Recording and alerting rules over the same series: recorded series and alerts must carry the labels Prometheus
 * gives them (no empty label values, rule labels set to "" removed), checked by querying them at several times.
 */
export const RULES = `groups:
  - name: recorded
    rules:
      - record: r_by_usename
        expr: sum by (usename) (activity)
        labels: { extra: '', team: db }
      - record: r_no_datname
        expr: label_replace(activity, "datname", "", "datname", ".*")
      - record: r_rate
        expr: rate(counter[5m])
      - record: r_quantile
        expr: histogram_quantile(0.9, rate(hist_bucket[5m]))
      - record: r_subquery
        expr: max_over_time(rate(counter[5m])[10m:1m])
      - record: r_count_values
        expr: count_values("v", special{kind!="nan"})
      - record: r_scalar
        expr: scalar(special{kind="one"})
      - record: r_stddev
        expr: stddev by (job) (gauge)
  - name: alerts
    rules:
      - alert: ActivityHigh
        expr: activity > 10
        for: 2m
        labels: { usename: '', severity: '{{ $labels.nothing }}', team: 'db-{{ $labels.datname }}' }
      - alert: RateHigh
        expr: r_rate > 5
`;

export const RULE_QUERIES: [string, number][] = [3, 8, 12, 21, 26, 33, 39, 44].flatMap((t): [string, number][] => [
  ['{__name__=~"r_.+"}', t],
  ['{__name__=~"ALERTS.*"}', t],
]);
