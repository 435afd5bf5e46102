/**
 * Which open dossiers run which patches of the dossier workflow (ops/patch-usage.ts), before retiring one:
 *
 *   npm run ops:patch-usage -- [--codes A,B] [--concurrency N] [--json]
 *
 * Exit code 0; 2 when the report could not be made. Connects as check-consistency does.
 */
import { Client, Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { readEnv } from '../config/env';
import { operatorEnv } from '../config/local-services';
import { formatPatchUsage, patchUsage } from '../ops/patch-usage';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { codes: { type: 'string' }, concurrency: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency > 0)) throw new Error('usage: npm run ops:patch-usage -- [--codes A,B] [--concurrency N] [--json]');
  const env = readEnv(operatorEnv());
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const codes = values.codes?.split(',').map((c) => c.trim()).filter(Boolean);
    const usage = await patchUsage(client, { ...(concurrency ? { concurrency } : {}), ...(codes ? { codes } : {}) });
    console.log(values.json ? JSON.stringify(usage, null, 2) : formatPatchUsage(usage));
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
