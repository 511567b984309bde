import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentConfig } from '../../../src/agent/agent-config.js';

/** A config file in a fresh directory with the given template files next to it (under templates/). */
function configWith(alerting: string, templates: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pgwarden-templates-'));
  mkdirSync(path.join(dir, 'templates'));
  for (const [name, text] of Object.entries(templates)) writeFileSync(path.join(dir, 'templates', name), text);
  const file = path.join(dir, 'pgwarden.yml');
  writeFileSync(file, `targets:\n  - name: db1\n    url: postgres://u@127.0.0.1:5432/postgres\nalerting:\n${alerting}`);
  return file;
}

const ROUTE = `  route:\n    receiver: hook\n  receivers:\n    - name: hook\n      webhook_configs:\n        - url: http://127.0.0.1:9/\n`;

describe('alerting.templates', () => {
  it('accepts template files that parse', () => {
    const file = configWith(`  templates: ['templates/*.tmpl']\n${ROUTE}`, {
      'a.tmpl': '{{ define "slack.default.title" }}{{ .Status }}{{ end }}',
    });
    expect(() => loadAgentConfig(file, {})).not.toThrow();
  });

  it('refuses a template file that does not parse, naming its file, line and column', () => {
    const file = configWith(`  templates: ['templates/*.tmpl']\n${ROUTE}`, {
      'a.tmpl': '{{ define "ok" }}fine{{ end }}',
      'b.tmpl': '{{ define "x" }}\n  {{ .Status | nope }}\n{{ end }}',
    });
    const bad = path.join(path.dirname(file), 'templates', 'b.tmpl');
    expect(() => loadAgentConfig(file, {})).toThrow(`${bad}:2:16: function "nope" not defined`);
  });

  it('refuses a missing template file given by name', () => {
    const file = configWith(`  templates: ['templates/missing.tmpl']\n${ROUTE}`, {});
    expect(() => loadAgentConfig(file, {})).toThrow(/missing\.tmpl: cannot read template file \(ENOENT\)/);
  });

  it('refuses an integration field template that does not parse, naming the config line', () => {
    const file = configWith(
      `  route:\n    receiver: chat\n  receivers:\n    - name: chat\n      slack_configs:\n` +
        `        - api_url: http://127.0.0.1:9/\n          pretext: '{{ .Status'\n`,
      {},
    );
    expect(() => loadAgentConfig(file, {})).toThrow(
      `${file}:11:20: alerting.receivers.0.slack_configs.0.pretext: invalid template: unclosed action`,
    );
  });
});
