// Writes grafana/dashboards/*.json from the definitions in defs/ (`npm run dashboards`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { DASHBOARDS, dashboardText } from './index.js';

const dir = path.join(packageRoot(), 'grafana', 'dashboards');
mkdirSync(dir, { recursive: true });
for (const { file, json } of DASHBOARDS) {
  writeFileSync(path.join(dir, file), dashboardText(json));
  console.log(`wrote grafana/dashboards/${file}`);
}
