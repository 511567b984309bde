// Rules that exercise the rule unit-test runner: recording rules feeding a later group, for, keep_firing_for, label
// and annotation templates with external labels and URL, and group_left. Used by the runner's unit tests and by the
// interop test that compares its reports with promtool's.
export const FEATURE_RULES = `groups:
  - name: first
    rules:
      - record: x:doubled
        expr: x * 2
  - name: second
    rules:
      - alert: Doubled
        expr: x:doubled > 10
        annotations:
          value: '{{ $value }} {{ humanize $value }}'
      - alert: Down
        expr: up == 0
        for: 2m
        labels:
          severity: critical
          team: '{{ $labels.instance }}-team'
        annotations:
          summary: '{{ $labels.instance }} down, value {{ $value }}, site {{ $externalLabels.site }} {{ $externalURL }}'
      - alert: Flapping
        expr: up == 0
        keep_firing_for: 2m
      - alert: Ratio
        expr: rate(c[5m]) / ignoring(kind) group_left rate(d[5m]) > 0
        annotations:
          text: '{{ printf "%.3f" $value }}'
`;
