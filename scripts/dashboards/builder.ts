// Builds Grafana dashboard JSON (schemaVersion 39) from short panel descriptions, so the eight dashboards share one
// data-source convention, one variable set and one layout algorithm. `npm run dashboards` writes grafana/dashboards/.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Every panel and query uses the `datasource` variable, so one file works both imported and provisioned. */
export const DS = { type: 'prometheus', uid: '${datasource}' };
/** Label matchers used by nearly every query. */
export const I = 'instance=~"$instance"';
export const ID = 'instance=~"$instance", datname=~"$database"';
export const RATE = '$__rate_interval';

export interface Query {
  readonly expr: string;
  readonly legend?: string;
}

/** Threshold steps: [value, colour]; the first value is the base (null). */
export type Steps = ReadonlyArray<readonly [number | null, string]>;

export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly w: number;
  readonly h: number;
  readonly unit?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly steps?: Steps;
  readonly mappings?: readonly any[];
  readonly targets: readonly Query[];
}

export interface Column {
  readonly name: string;
  readonly unit?: string;
  readonly steps?: Steps;
  readonly mappings?: readonly any[];
  readonly decimals?: number;
}

export type Panel = Record<string, any> & { type: string; gridPos: { x: number; y: number; w: number; h: number } };

const OK: Steps = [[null, 'green']];
export const REF = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function thresholds(steps: Steps = OK) {
  return { mode: 'absolute', steps: steps.map(([value, color]) => ({ color, value })) };
}

/** Single values take their threshold colour; lines keep one colour per series and show thresholds as dashes. */
export function defaults(spec: PanelSpec, custom: Record<string, unknown>, lines = false): Record<string, unknown> {
  return {
    color: { mode: spec.steps && !lines ? 'thresholds' : 'palette-classic' },
    custom,
    mappings: spec.mappings ?? [],
    thresholds: thresholds(spec.steps),
    ...(spec.unit ? { unit: spec.unit } : {}),
    ...(spec.decimals !== undefined ? { decimals: spec.decimals } : {}),
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
  };
}

export function targets(queries: readonly Query[], instant: boolean, table = false) {
  return queries.map((q, i) => ({
    datasource: DS,
    editorMode: 'code',
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    range: !instant,
    instant,
    ...(table ? { format: 'table' } : {}),
    refId: REF[i],
  }));
}

export function base(type: string, spec: PanelSpec): Panel {
  return {
    type,
    title: spec.title,
    ...(spec.description ? { description: spec.description } : {}),
    datasource: DS,
    gridPos: { x: 0, y: 0, w: spec.w, h: spec.h },
  };
}

export function stat(spec: PanelSpec & { graph?: boolean; background?: boolean }): Panel {
  return {
    ...base('stat', spec),
    fieldConfig: { defaults: defaults(spec, {}), overrides: [] },
    options: {
      colorMode: spec.background ? 'background' : 'value',
      graphMode: spec.graph ? 'area' : 'none',
      justifyMode: 'auto',
      orientation: 'auto',
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      percentChangeColorMode: 'standard',
      showPercentChange: false,
      textMode: 'auto',
      wideLayout: true,
    },
    targets: targets(spec.targets, false),
  };
}

export function timeseries(spec: PanelSpec & { stack?: boolean; bars?: boolean; legendTable?: boolean }): Panel {
  const custom = {
    axisBorderShow: false,
    axisPlacement: 'auto',
    drawStyle: spec.bars ? 'bars' : 'line',
    fillOpacity: spec.stack ? 40 : 10,
    gradientMode: 'none',
    lineInterpolation: 'linear',
    lineWidth: 1,
    pointSize: 4,
    showPoints: 'never',
    spanNulls: false,
    stacking: { group: 'A', mode: spec.stack ? 'normal' : 'none' },
    thresholdsStyle: { mode: spec.steps ? 'dashed' : 'off' },
  };
  return {
    ...base('timeseries', spec),
    fieldConfig: { defaults: defaults(spec, custom, true), overrides: [] },
    options: {
      legend: spec.legendTable
        ? { calcs: ['lastNotNull', 'max'], displayMode: 'table', placement: 'right', showLegend: true }
        : { calcs: [], displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
    targets: targets(spec.targets, false),
  };
}

export function bargauge(spec: PanelSpec): Panel {
  return {
    ...base('bargauge', spec),
    fieldConfig: { defaults: defaults(spec, {}), overrides: [] },
    options: {
      displayMode: 'gradient',
      legend: { calcs: [], displayMode: 'list', placement: 'bottom', showLegend: false },
      maxVizHeight: 300,
      minVizHeight: 16,
      minVizWidth: 8,
      namePlacement: 'auto',
      orientation: 'horizontal',
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      showUnfilled: true,
      sizing: 'auto',
      valueMode: 'color',
    },
    targets: targets(spec.targets, true),
  };
}

export function stateTimeline(spec: PanelSpec): Panel {
  return {
    ...base('state-timeline', spec),
    fieldConfig: { defaults: defaults(spec, { fillOpacity: 70, lineWidth: 0 }), overrides: [] },
    options: {
      alignValue: 'left',
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      mergeValues: true,
      rowHeight: 0.9,
      showValue: 'never',
      tooltip: { mode: 'single', sort: 'none' },
    },
    targets: targets(spec.targets, false),
  };
}

export function row(title: string): Panel {
  return { type: 'row', title, collapsed: false, panels: [], gridPos: { x: 0, y: 0, w: 24, h: 1 } };
}

/** Places panels left to right, wrapping at 24 columns; a row starts on its own line. Assigns ids 1..n. */
export function layout(panels: readonly Panel[]): Panel[] {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  return panels.map((panel, index) => {
    const { w, h } = panel.gridPos;
    if (panel.type === 'row' || x + w > 24) {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    }
    const placed = { ...panel, id: index + 1, gridPos: { x, y, w, h } };
    x += w;
    lineHeight = Math.max(lineHeight, h);
    if (panel.type === 'row') {
      x = 24;
    }
    return placed;
  });
}
