import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/demo/embedded-postgres.js';
import { startContainerPostgres } from './container-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One real PostgreSQL for a test run: the server named by PGWARDEN_TEST_DATABASE_URL when set; a Docker container
 * when PGWARDEN_TEST_DOCKER_IMAGE names an image (testcontainers); otherwise an embedded-postgres server started here
 * and stopped after the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.PGWARDEN_TEST_DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    return async () => undefined;
  }
  const image = process.env.PGWARDEN_TEST_DOCKER_IMAGE;
  if (image) {
    const container = await startContainerPostgres(image);
    project.provide('databaseUrl', container.url);
    return () => container.stop();
  }
  const server: EmbeddedServer = await startEmbeddedPostgres();
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
