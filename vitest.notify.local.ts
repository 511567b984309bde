import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/wt/notify', include: ['test/e2e/notify/**/*.test.ts'], testTimeout: 60_000, fileParallelism: false } });
