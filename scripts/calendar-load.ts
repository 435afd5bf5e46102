/**
 * Loads a year's official days off and make-up working days from a JSON file (the year turns from proposed
 * to official), and moves open dossiers' appointments for newly announced days off:
 *   npm run calendar:load -- --file 2027.json
 * The file: { "year": 2027, "holidays": [{ "date", "name" }], "makeUpWorkingDays": [{ "date", "name" }], "source": "…" }
 */
import { Client, Connection } from '@temporalio/client';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readEnv } from '../config/env';
import { operatorEnv } from '../config/local-services';
import { announceCalendarYear } from '../api/calendar-change';
import { createDb, migrate } from '../db/knex';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: 'string' } } });
  if (!values.file) throw new Error('usage: npm run calendar:load -- --file <year.json>');
  const env = readEnv(operatorEnv());
  const db = createDb(env.DATABASE_URL);
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    await migrate(db);
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const result = await announceCalendarYear({ db, client, taskQueue: env.TASK_QUEUE }, JSON.parse(fs.readFileSync(values.file, 'utf8')));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
