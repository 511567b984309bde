import path from 'node:path';
import { packageRoot } from '../paths.js';

/** The shipped rule pack, used when the config names no rule_files. */
export const shippedRuleFiles = (): string[] => [path.join(packageRoot(), 'alert-rules', '*.rules.yml')];
