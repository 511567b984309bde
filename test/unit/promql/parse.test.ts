import { describe, expect, it } from 'vitest';
import { parsePromql, typeOf } from '../../../src/promql/index.js';
import { parseError } from './helpers.js';

/** The same tree with parentheses removed, to compare against an explicitly parenthesised spelling. */
function withoutParens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParens);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if (node.kind === 'paren') return withoutParens(node.expr);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutParens(v)]));
}

describe('parsePromql: accepted subset', () => {
  it.each([
    ['selector with all matcher types', 'up{a="1",b!="2",c=~"x.*",d!~"y"}', 'vector'],
    ['range selector with offset', 'rate(http_requests_total{job="api"}[5m] offset 1m)', 'vector'],
    ['aggregation with by before', 'sum by (job) (rate(x[5m]))', 'vector'],
    ['aggregation with without after', 'max(x) without (instance)', 'vector'],
    ['topk', 'topk(3, x)', 'vector'],
    ['bottomk with grouping', 'bottomk by (a) (1, x)', 'vector'],
    ['vector matching', 'a * on(x) group_left(y) b', 'vector'],
    ['ignoring group_right', 'a / ignoring(x) group_right b', 'vector'],
    ['set operators', 'a and b unless c or d', 'vector'],
    ['bool comparison of scalars', '1 > bool 2', 'scalar'],
    ['scalar arithmetic', '(1 + 2) * 3 % 4 ^ 2', 'scalar'],
    ['time()', 'time() - 60', 'scalar'],
    ['string literal', '"hello"', 'string'],
    ['bare range selector', 'x[1h30m]', 'matrix'],
    ['label_replace', 'label_replace(up, "dst", "$1", "src", "(.*)")', 'vector'],
    ['label_join variadic', 'label_join(up, "dst", ",", "a", "b", "c")', 'vector'],
    ['round with and without to_nearest', 'round(x) + round(x, 0.5)', 'vector'],
    ['comment', 'up # a comment\n  == 0', 'vector'],
    ['name-only selector via __name__', '{__name__="up"}', 'vector'],
    ['negative offset', 'x offset -5m', 'vector'],
  ])('%s: %s', (_name, query, type) => {
    expect(typeOf(parsePromql(query))).toBe(type);
  });

  it('converts matchers, including the metric name written outside the braces', () => {
    expect(parsePromql('up{job="a", env=~"p.*"} offset 5m')).toEqual({
      kind: 'vectorSelector',
      matchers: [
        { name: 'job', type: '=', value: 'a' },
        { name: 'env', type: '=~', value: 'p.*' },
        { name: '__name__', type: '=', value: 'up' },
      ],
      offsetMs: 300_000,
      at: null,
    });
  });

  it('unquotes Go string escapes and raw strings', () => {
    const e = parsePromql('x{a="t\\"a\\nb", b=\'single\', c=`raw\\n`}');
    expect(e.kind === 'vectorSelector' && e.matchers.slice(0, 3).map((m) => m.value)).toEqual([
      't"a\nb',
      'single',
      'raw\\n',
    ]);
  });

  it.each([
    ['1e3', 1000],
    ['0x10', 16],
    ['.5', 0.5],
    ['-Inf', -Infinity],
    ['+Inf', Infinity],
    ['- 1', -1],
  ])('number literal %s = %s', (text, value) => {
    expect(parsePromql(text)).toEqual({ kind: 'number', value });
  });

  it('folds unary minus after ^ like Prometheus: -2 ^ 2 is -(2 ^ 2)', () => {
    expect(parsePromql('-2 ^ 2')).toEqual({
      kind: 'unary',
      op: '-',
      expr: {
        kind: 'binary',
        op: '^',
        lhs: { kind: 'number', value: 2 },
        rhs: { kind: 'number', value: 2 },
        returnBool: false,
        matching: null,
      },
    });
  });

  it('respects precedence: and binds tighter than or, * tighter than +', () => {
    const e = parsePromql('a or b and c');
    expect(e.kind === 'binary' && e.op).toBe('or');
    expect(e.kind === 'binary' && e.rhs.kind === 'binary' && e.rhs.op).toBe('and');
  });

  it.each([
    ['a + y offset 5m', 'a + (y offset 5m)'],
    ['x - x offset 1d', 'x - (x offset 1d)'],
    ['rate(x[5m]) > 0 and up offset 1h', 'rate(x[5m]) > 0 and (up offset 1h)'],
    ['a * b - c offset 1m', 'a * b - (c offset 1m)'],
    ['-x offset 5m', '-(x offset 5m)'],
    ['a + sum_over_time(y[5m] offset 1m)', 'a + sum_over_time(y[5m] offset 1m)'],
  ])('offset binds to the nearest selector: %s', (query, same) => {
    expect(parsePromql(query)).toEqual(withoutParens(parsePromql(same)));
  });

  it('a range after a binary expression applies to its right operand (and is then a type error)', () => {
    expect(() => parsePromql('a + y[5m]')).toThrow(
      /binary expression must contain only scalar and instant vector types/,
    );
  });

  it('set operators become many-to-many matching', () => {
    const e = parsePromql('a and on(x) b');
    expect(e.kind === 'binary' && e.matching).toEqual({ card: 'many-to-many', on: true, labels: ['x'], include: [] });
  });

  it('records group_left include labels', () => {
    const e = parsePromql('a * on(x) group_left(y, z) b');
    expect(e.kind === 'binary' && e.matching).toEqual({
      card: 'many-to-one',
      on: true,
      labels: ['x'],
      include: ['y', 'z'],
    });
  });
});

describe('parsePromql: rejections carry line and column', () => {
  it.each([
    // [query, line, col, construct or message fragment]
    ['rate(x[5m * 2])', 1, 8, 'duration expression'],
    ['up + my_func(x)', 1, 6, 'function "my_func"'],
    ['my_func(x)', 1, 1, 'function "my_func"'],
  ])('%s → line %i col %i', (query, line, col, construct) => {
    const err = parseError(query);
    expect(err.construct).toBe(construct);
    expect([err.line, err.col]).toEqual([line, col]);
    expect(err.message).toContain(`line ${line}, col ${col}`);
  });

  it.each([
    ['sum(x', 'syntax error'],
    ['x{', 'syntax error'],
    ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
    ['x + bool y', 'bool modifier can only be used on comparison operators'],
    ['1 and x', 'set operator "and" not allowed in binary scalar expression'],
    ['rate(x)', 'expected type range vector in call to function "rate", got instant vector'],
    ['abs(x[5m])', 'expected type instant vector in call to function "abs", got range vector'],
    ['sum(x[5m])', 'expected type instant vector in aggregation expression, got range vector'],
    ['topk(x, y)', 'expected type scalar in aggregation parameter, got instant vector'],
    ['clamp(x, 1)', 'expected 3 argument(s) in call to "clamp", got 2'],
    ['round(x, 1, 2)', 'expected at most 2 argument(s) in call to "round", got 3'],
    ['label_join(x, "a")', 'expected at least 3 argument(s) in call to "label_join", got 2'],
    ['x[5m] + 1', 'binary expression must contain only scalar and instant vector types'],
    ['-(x[5m])', 'unary expression only allowed on expressions of type scalar or instant vector'],
    ['a and on(x) group_left b', 'no grouping allowed for "and" operation'],
    ['a * on(x) group_left(x) b', 'label "x" must not occur in ON and GROUP clause at once'],
    ['1 + on(x) 2', 'vector matching only allowed between instant vectors'],
    ['{a=~".*"}', 'vector selector must contain at least one non-empty matcher'],
    ['up{__name__="x"}', 'metric name must not be set twice'],
    ['(x) offset 5m', 'offset modifier must be preceded by an instant vector selector'],
    ['sum(x) offset 5m', 'offset modifier must be preceded by an instant vector selector'],
    ['(a + b) offset 5m', 'offset modifier must be preceded by an instant vector selector'],
    ['x offset 1m offset 2m', 'offset may not be set multiple times'],
    ['(x)[5m]', 'ranges only allowed for vector selectors'],
    ['x offset 1m [5m]', 'no offset modifiers allowed before range'],
    ['x{a=~"("}', 'invalid regular expression'],
    ['x{a=~"a**"}', 'invalid nested repetition operator'],
    ['x{a=~"(?=a)b"}', 'invalid or unsupported Perl syntax'],
    ['x[5]', 'bad range duration'],
    ['time() - 1h', 'duration used as a number'],
    ['', 'empty expression'],
  ])('%s → %s', (query, fragment) => {
    expect(parseError(query).message).toContain(fragment);
  });
});

describe('parsePromql: the whole Prometheus 2.x language', () => {
  it.each([
    'histogram_quantile(0.9, rate(x[5m]))',
    'sum(rate(x[5m])) + quantile(0.5, y)',
    'x @ 1609746000',
    'rate(x[5m] @ start())',
    'x offset 5m @ end()',
    'max_over_time(x[5m:1m])',
    'max_over_time(rate(x[5m])[30m:] offset 1m)',
    'up\n  and\n  stddev(x)',
    'count_values("v", x)',
    'x atan2 y',
    'sort(x)',
    'up + holt_winters(x[5m], 0.1, 0.1)',
    'group by (a) (x)',
    'stdvar without (b) (x)',
    'quantile_over_time(0.9, x[5m]) + stddev_over_time(x[5m]) + present_over_time(x[5m])',
    'exp(x) + ln(x) + log2(x) + log10(x) + sgn(x) + sin(x) + acosh(x) + deg(x) + rad(x) * pi()',
    'minute() + hour(x) + day_of_month() + day_of_week() + day_of_year() + days_in_month() + month() + year()',
  ])('accepts %s', (query) => {
    expect(() => parsePromql(query)).not.toThrow();
  });

  it.each([
    ['010', 8],
    ['08', 8],
    ['0X1f', 31],
    ['0x1F', 31],
    ['5.', 5],
    ['1.e3', 1000],
    ['-1.E-3', -0.001],
  ])('reads the number literal %s as Prometheus does: %d', (query, value) => {
    expect(parsePromql(query)).toEqual({ kind: 'number', value });
  });

  it('reads offset as a metric name where an operand is expected', () => {
    const e = parsePromql('sum(offset{a="1"} offset 5m) + offset');
    expect(e.kind).toBe('binary');
    expect(JSON.stringify(e)).toContain('"value":"offset"');
    expect(JSON.stringify(e)).toContain('"offsetMs":300000');
  });

  it('keeps string contents and rejects what Prometheus rejects', () => {
    expect(parsePromql('"1.e3 0X1 offset"')).toEqual({ kind: 'string', value: '1.e3 0X1 offset' });
    expect(() => parsePromql('1_000')).toThrow(/bad number literal/);
    expect(() => parsePromql('sum(x) @ 100')).toThrow(/@ modifier must be preceded by/);
    expect(() => parsePromql('x @ 1 @ 2')).toThrow(/may not be set multiple times/);
    expect(() => parsePromql('x[5m][10m:1m]')).toThrow(/subquery is only allowed on instant vector/);
  });
});
