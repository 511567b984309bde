// Part of `npm run build`: copies the console's browser assets and uPlot (from node_modules) next to the compiled
// console, so the agent serves every byte itself (no CDN; the users' servers often have no internet).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'dist', 'src', 'console', 'assets');
mkdirSync(target, { recursive: true });
const source = path.join(root, 'src', 'console', 'assets');
for (const file of readdirSync(source)) copyFileSync(path.join(source, file), path.join(target, file));
const uplot = path.dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
copyFileSync(path.join(uplot, 'dist', 'uPlot.iife.min.js'), path.join(target, 'uPlot.iife.min.js'));
copyFileSync(path.join(uplot, 'dist', 'uPlot.min.css'), path.join(target, 'uPlot.min.css'));
copyFileSync(path.join(uplot, 'LICENSE'), path.join(target, 'uPlot.LICENSE'));
