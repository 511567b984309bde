// The dashboard shell: import inputs, data-source and label variables, links to the other pgwarden dashboards.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { DS, layout, type Panel } from './builder.js';

export const TAG = 'pgwarden';

export type VariableName = 'instance' | 'database' | 'backup_database';

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables: readonly VariableName[];
  /** Several instances at once (the overview); elsewhere one instance is shown. */
  readonly multiInstance?: boolean;
  readonly panels: readonly Panel[];
}

const VARIABLE_QUERIES: Record<VariableName, { label: string; query: string }> = {
  instance: { label: 'Instance', query: 'label_values(pg_up, instance)' },
  database: { label: 'Database', query: 'label_values(pg_database_size_bytes{instance=~"$instance"}, datname)' },
  backup_database: { label: 'Backup of', query: 'label_values(pg_backup_files{instance=~"$instance"}, database)' },
};

function queryVariable(name: VariableName, multi: boolean): Record<string, unknown> {
  const { label, query } = VARIABLE_QUERIES[name];
  return {
    allValue: '.+',
    current: multi ? { selected: true, text: ['All'], value: ['$__all'] } : { selected: false, text: '', value: '' },
    datasource: DS,
    definition: query,
    hide: 0,
    includeAll: multi,
    label,
    multi,
    name,
    options: [],
    query: { qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
    refresh: 2,
    regex: '',
    skipUrlSync: false,
    sort: 1,
    type: 'query',
  };
}

const datasourceVariable = {
  // On import Grafana replaces ${DS_PROMETHEUS} with the chosen data source; when provisioned the value matches no
  // data source and Grafana falls back to the default Prometheus one. Either way panels use ${datasource}.
  current: { selected: false, text: 'Prometheus', value: '${DS_PROMETHEUS}' },
  hide: 0,
  includeAll: false,
  label: 'Data source',
  multi: false,
  name: 'datasource',
  options: [],
  query: 'prometheus',
  refresh: 1,
  regex: '',
  skipUrlSync: false,
  type: 'datasource',
};

function requires(panels: readonly Panel[]): Record<string, unknown>[] {
  const types = [...new Set(panels.map((p) => p.type).filter((t) => t !== 'row'))].sort();
  return [
    { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.4.0' },
    { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ...types.map((id) => ({ type: 'panel', id, name: id, version: '' })),
  ];
}

export function dashboard(spec: DashboardSpec): Record<string, any> {
  const panels = layout(spec.panels);
  return {
    __inputs: [
      {
        name: 'DS_PROMETHEUS',
        label: 'Prometheus',
        description: 'The Prometheus that scrapes pgwarden',
        type: 'datasource',
        pluginId: 'prometheus',
        pluginName: 'Prometheus',
      },
    ],
    __requires: requires(panels),
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    description: spec.description,
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [
      {
        asDropdown: true,
        icon: 'external link',
        includeVars: true,
        keepTime: true,
        tags: [TAG],
        targetBlank: false,
        title: 'pgwarden dashboards',
        tooltip: '',
        type: 'dashboards',
        url: '',
      },
    ],
    panels,
    refresh: '30s',
    schemaVersion: 39,
    tags: [TAG, ...spec.tags],
    templating: {
      list: [
        datasourceVariable,
        ...spec.variables.map((v) => queryVariable(v, v !== 'instance' || !!spec.multiInstance)),
      ],
    },
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: '',
    title: spec.title,
    uid: spec.uid,
    version: 1,
    weekStart: '',
  };
}
