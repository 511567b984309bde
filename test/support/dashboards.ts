// Reading the shipped Grafana dashboards and turning their panel queries into plain PromQL, for the unit and interop
// tests of grafana/dashboards/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelTarget {
  expr: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: { type?: string; uid?: string };
  targets?: PanelTarget[];
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  query: unknown;
  definition?: string;
}

export interface Dashboard {
  file: string;
  text: string;
  json: {
    uid: string;
    title: string;
    tags: string[];
    schemaVersion: number;
    panels: Panel[];
    templating: { list: Variable[] };
    __inputs?: Array<{ name: string; type: string; pluginId: string }>;
    links?: Array<{ type: string; tags?: string[] }>;
  };
}

export const DASHBOARD_DIR = path.join(packageRoot(), 'grafana', 'dashboards');

export function loadDashboards(): Dashboard[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(DASHBOARD_DIR, file), 'utf8');
      return { file, text, json: JSON.parse(text) as Dashboard['json'] };
    });
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.json.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Panels that query (everything but rows and text). */
export function queryPanels(dashboard: Dashboard): Panel[] {
  return allPanels(dashboard).filter((p) => p.type !== 'row' && p.type !== 'text');
}

export interface Substitutions {
  readonly rateInterval: string;
  readonly range: string;
  readonly interval: string;
  /** Values of dashboard variables by name; a variable not listed becomes `fallback`. */
  readonly variables: Readonly<Record<string, string>>;
  readonly fallback: string;
}

export const PARSE_SUBSTITUTIONS: Substitutions = {
  rateInterval: '5m',
  range: '1h',
  interval: '1m',
  variables: {},
  fallback: '.*',
};

/** Replaces Grafana's built-in and dashboard variables ($x, ${x}, ${x:format}) as Grafana would before querying. */
export function substitute(expr: string, s: Substitutions): string {
  const builtIns: Record<string, string> = {
    __rate_interval: s.rateInterval,
    __range: s.range,
    __interval: s.interval,
  };
  return expr.replace(
    /\$\{(\w+)(?::\w+)?\}|\$(\w+)/g,
    (_match, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      return builtIns[name] ?? s.variables[name] ?? s.fallback;
    },
  );
}

/** The query of a `label_values(<selector>, <label>)` variable, split into its selector and label. */
export function labelValuesQuery(variable: Variable): { selector: string; label: string } | undefined {
  const text =
    typeof variable.query === 'string' ? variable.query : ((variable.query as { query?: string } | null)?.query ?? '');
  const match = /^label_values\((.+),\s*(\w+)\)$/.exec(text.trim());
  return match ? { selector: match[1] as string, label: match[2] as string } : undefined;
}
