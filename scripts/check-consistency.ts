/**
 * Compares every open dossier's workflow, and every recently closed one's (the last 7 days; `--closed all`
 * for every closed dossier, `--closed none` for open ones only), with its read-model row and history, prints
 * the differences, and can rebuild a dossier's projection from its workflow's history:
 *
 *   npm run check-consistency -- [--codes A,B] [--limit N] [--closed recent|all|none] [--repair CODE]… [--repair-all] [--json]
 *
 * Exit code: 0 when nothing differs (after the repairs asked for), 1 when something does, 2 when the check
 * itself could not run. Connects with DATABASE_URL, TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, or, when they
 * are not set, to the services of a running `npm start` (config/local-services.ts). Prints dossier
 * codes, fields and values only, never applicant data.
 */
import { Client, Connection } from '@temporalio/client';
import { parseArgs } from 'node:util';
import { readEnv } from '../config/env';
import { operatorEnv } from '../config/local-services';
import { checkAndRepair, formatDifference, formatRepair, formatSummary } from '../ops/consistency';
import { createDb } from '../db/knex';

const USAGE = 'usage: npm run check-consistency -- [--codes A,B] [--limit N] [--closed recent|all|none] [--repair CODE]… [--repair-all] [--json] [--timeout-ms N]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      codes: { type: 'string' },
      limit: { type: 'string' },
      closed: { type: 'string', default: 'recent' },
      repair: { type: 'string', multiple: true },
      'repair-all': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'timeout-ms': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  if ((limit !== undefined && !(Number.isInteger(limit) && limit > 0)) || (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0))) {
    throw new Error(USAGE);
  }
  const closed = values.closed;
  if (closed !== 'recent' && closed !== 'all' && closed !== 'none') throw new Error(USAGE);
  const codes = values.codes?.split(',').map((c) => c.trim()).filter(Boolean);
  const repair = values.repair?.flatMap((r) => r.split(',')).map((c) => c.trim()).filter(Boolean);

  const env = readEnv(operatorEnv());
  const db = createDb(env.DATABASE_URL, { max: 10 });
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    const report = await checkAndRepair(db, client, {
      ...(codes ? { codes } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(repair ? { repair } : {}),
      repairAll: values['repair-all'],
      closed,
    });
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      for (const r of report.repairs) console.log(formatRepair(r, report.repairedDifferences));
      for (const d of report.differences) console.log(formatDifference(d));
      console.log(formatSummary(report));
    }
    return report.differences.length > 0 || report.repairs.some((r) => !r.ok) ? 1 : 0;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
