// Tables of instant queries merged on their labels, and the alert table two dashboards share.
import { base, defaults, I, REF, targets, thresholds, type Column, type Panel, type PanelSpec } from './builder.js';

/**
 * A table of instant queries merged on their labels: one row per label set, one column per query ("Value #A" ...),
 * named by `columns`; `hide` lists label columns to leave out (Time is always hidden).
 */
export function table(
  spec: PanelSpec & { columns: readonly Column[]; hide?: readonly string[]; sortBy?: string },
): Panel {
  const valueField = (i: number) => (spec.targets.length === 1 ? 'Value' : `Value #${REF[i]}`);
  const overrides = spec.columns.map((c, i) => ({
    matcher: { id: 'byName', options: valueField(i) },
    properties: [
      ...(c.unit ? [{ id: 'unit', value: c.unit }] : []),
      ...(c.decimals !== undefined ? [{ id: 'decimals', value: c.decimals }] : []),
      ...(c.mappings ? [{ id: 'mappings', value: c.mappings }] : []),
      ...(c.steps
        ? [
            { id: 'thresholds', value: thresholds(c.steps) },
            { id: 'custom.cellOptions', value: { type: 'color-text' } },
          ]
        : []),
    ],
  }));
  const renameByName = Object.fromEntries(spec.columns.map((c, i) => [valueField(i), c.name]));
  const excludeByName = Object.fromEntries(['Time', '__name__', 'job', ...(spec.hide ?? [])].map((n) => [n, true]));
  return {
    ...base('table', spec),
    fieldConfig: {
      defaults: {
        ...defaults(spec, { align: 'auto', inspect: false }),
        color: { mode: 'thresholds' },
      },
      overrides,
    },
    options: {
      cellHeight: 'sm',
      footer: { countRows: false, fields: [], reducer: ['sum'], show: false },
      frameIndex: 0,
      showHeader: true,
      sortBy: [{ desc: true, displayName: spec.sortBy ?? spec.columns[0]?.name ?? '' }],
    },
    targets: targets(spec.targets, true, true),
    transformations: [
      ...(spec.targets.length > 1 ? [{ id: 'merge', options: {} }] : []),
      { id: 'organize', options: { excludeByName, indexByName: {}, renameByName } },
    ],
  };
}

/** Pending and firing alerts as a table of their labels (Overview and Backups and alerts). */
export function activeAlerts(h: number): Panel {
  return table({
    title: 'Active alerts',
    description: 'Pending and firing alerts of the selected instances (ALERTS). Empty when nothing is wrong.',
    w: 24,
    h,
    hide: ['Value'],
    sortBy: 'severity',
    targets: [{ expr: `ALERTS{${I}}` }],
    columns: [{ name: 'Value' }],
  });
}
