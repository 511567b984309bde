// Keeps a benchmark fixture running for profiling by hand: `node dist/bench/fixture-server.js [small|large]`
// prints the admin URL and the agent role's DSN, then waits until interrupted.
import { startEmbeddedPostgres } from '../src/demo/embedded-postgres.js';
import { BENCH_SERVER_FLAGS, benchUrl, buildFixture, SCALES, type Scale } from './fixture.js';

const scale = SCALES[process.argv[2] ?? 'large'] as Scale;
const server = await startEmbeddedPostgres({ extraFlags: BENCH_SERVER_FLAGS });
const databases = await buildFixture(server.url, scale, (m) => process.stderr.write(`fixture: ${m}\n`));
process.stdout.write(`admin ${server.url}\nagent ${benchUrl(server.url, databases[0] as string)}\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
