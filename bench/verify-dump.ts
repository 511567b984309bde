// One verification of one dump, as the agent's background verifier does it but unthrottled, in its own process so
// that `npm run bench -- backups` can read its CPU time and peak RSS. Prints the result as JSON.
import { verifyDumpFile } from '../src/collect/backups/verify-file.js';

const file = process.argv[2];
if (!file) throw new Error('usage: verify-dump FILE');
const result = await verifyDumpFile(file, { bytesPerSecond: 0 });
process.stdout.write(`${JSON.stringify(result)}\n`);
