// A client session of the test's own on a given database, named so the report's lines can be found.
import pg from 'pg';

export async function sessionOn(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
