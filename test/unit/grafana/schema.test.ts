// The shipped dashboards against Grafana's own JSON schemas (test/fixtures/grafana-schemas, generated from Grafana's
// CUE kinds): the dashboard, each panel's options and field config, and each Prometheus query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/paths.js';
import { allPanels, loadDashboards } from '../../support/dashboards.js';

const SCHEMAS = path.join(packageRoot(), 'test', 'fixtures', 'grafana-schemas');
type Schema = { definitions: Record<string, Record<string, unknown>> } & Record<string, unknown>;
const read = (name: string): Schema => JSON.parse(readFileSync(path.join(SCHEMAS, `${name}.jsonschema.json`), 'utf8'));

/**
 * The generator turned CUE's `_` (any value) into `{"type": "object"}` in three places where Grafana itself writes
 * strings and numbers (a byName matcher's options is the field name, an override's value is a unit or a number, a
 * query variable's query holds strings): those become "any" again. Nothing else is relaxed.
 */
function dashboardSchema(): Schema {
  const schema = read('dashboard');
  const defs = schema.definitions;
  (defs.MatcherConfig as { properties: Record<string, unknown> }).properties.options = {};
  (defs.DynamicConfigValue as { properties: Record<string, unknown> }).properties.value = {};
  (defs.VariableModel as { properties: Record<string, unknown> }).properties.query = {
    oneOf: [{ type: 'string' }, { type: 'object' }],
  };
  return schema;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compileDefinition = (schema: Schema, definition: string) =>
  ajv.compile({ ...schema, $ref: `#/definitions/${definition}` });
const validateDashboard = ajv.compile(dashboardSchema());
const validateQuery = ajv.compile(read('prometheus'));
const PANEL_SCHEMAS: Record<string, { options: ValidateFunction; custom?: ValidateFunction }> = {};
for (const type of ['stat', 'timeseries', 'table', 'bargauge']) {
  const schema = read(type);
  PANEL_SCHEMAS[type] = {
    options: compileDefinition(schema, 'Options'),
    ...(schema.definitions.FieldConfig ? { custom: compileDefinition(schema, 'FieldConfig') } : {}),
  };
}

function problems(where: string, validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${where}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

const dashboards = loadDashboards();

describe('shipped dashboards against Grafana JSON schemas', () => {
  it('are valid dashboards (without the import-only __inputs and __requires)', () => {
    const found = dashboards.flatMap((d) => {
      const { __inputs: _inputs, __requires: _requires, ...rest } = d.json as Record<string, unknown>;
      return problems(d.file, validateDashboard, rest);
    });
    expect(found).toEqual([]);
  });

  it("have panel options and field config valid for each panel's plugin schema", () => {
    let checked = 0;
    const found = dashboards.flatMap((d) =>
      allPanels(d).flatMap((panel) => {
        const schemas = PANEL_SCHEMAS[panel.type];
        if (!schemas) return [];
        checked += 1;
        const p = panel as unknown as { options: unknown; fieldConfig: { defaults: { custom?: unknown } } };
        const where = `${d.file} "${panel.title}"`;
        return [
          ...problems(`${where} options`, schemas.options, p.options),
          ...(schemas.custom ? problems(`${where} custom`, schemas.custom, p.fieldConfig.defaults.custom ?? {}) : []),
        ];
      }),
    );
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('have Prometheus queries valid for the Prometheus query schema', () => {
    const found = dashboards.flatMap((d) =>
      allPanels(d).flatMap((panel) =>
        (panel.targets ?? []).flatMap((t) => problems(`${d.file} "${panel.title}" ${t.refId}`, validateQuery, t)),
      ),
    );
    expect(found).toEqual([]);
  });

  it('catch an invalid panel (the check can fail)', () => {
    const bad = { ...dashboards[0]?.json, panels: [{ type: 'stat', gridPos: { x: 0, y: 0, w: 'wide', h: 4 } }] };
    expect(validateDashboard(bad)).toBe(false);
  });
});
