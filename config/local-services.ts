/**
 * Where the services of a running `npm start` are: it writes them to `<DATA_DIR>/services.json`, and the
 * operators' scripts (check-consistency, calendar:load, token) read them when DATABASE_URL / TEMPORAL_ADDRESS
 * are not set, so they work beside `npm start` with no extra variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LocalServices = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  databaseUrl: z.string().min(1),
  temporalAddress: z.string().min(1),
  temporalNamespace: z.string().min(1),
  taskQueue: z.string().min(1),
  apiUrl: z.string().min(1),
  dataDir: z.string().min(1),
});
export type LocalServices = z.infer<typeof LocalServices>;

/** DATA_DIR, or `.data/` in the checkout. */
export function dataDir(source: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(source.DATA_DIR ?? path.join(__dirname, '..', '.data'));
}

export function servicesFile(dir: string): string {
  return path.join(dir, 'services.json');
}

/** Written by `npm start` once everything is up (owner-only: the database URL holds a password). */
export function writeLocalServices(services: LocalServices): void {
  const file = servicesFile(services.dataDir);
  // With PostgreSQL and Temporal both elsewhere (DATABASE_URL, TEMPORAL_ADDRESS), nothing else made the folder.
  fs.mkdirSync(services.dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(services, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

/** Removed by `npm start` when it stops; only its own file (a newer `npm start` may have replaced it). */
export function removeLocalServices(dir: string, pid: number): void {
  const found = readFile(dir);
  if (found?.pid === pid) fs.rmSync(servicesFile(dir), { force: true });
}

function readFile(dir: string): LocalServices | null {
  try {
    return LocalServices.parse(JSON.parse(fs.readFileSync(servicesFile(dir), 'utf8')));
  } catch {
    return null;
  }
}

/** The services of a running `npm start` in `dir`; null when there is none (no file, or its process is gone). */
export function readLocalServices(dir: string): LocalServices | null {
  const found = readFile(dir);
  if (!found) return null;
  try {
    process.kill(found.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return found;
}

/**
 * The environment of an operator's script: DATABASE_URL and TEMPORAL_ADDRESS (and the namespace and task
 * queue) from a running `npm start` when they are not set. Throws a message saying what to set when neither
 * the variables nor a running `npm start` are there.
 */
export function operatorEnv(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const missing = !source.DATABASE_URL || !source.TEMPORAL_ADDRESS;
  if (!missing) return source;
  const dir = dataDir(source);
  const local = readLocalServices(dir);
  if (!local) {
    if (source.DATABASE_URL) return source; // TEMPORAL_ADDRESS keeps its default (localhost:7233)
    throw new Error(
      'No services to connect to: set DATABASE_URL and TEMPORAL_ADDRESS ' +
        `(e.g. DATABASE_URL=postgres://user:password@127.0.0.1:5432/motcua TEMPORAL_ADDRESS=127.0.0.1:7233), ` +
        `or run \`npm start\` first (found no running one in ${dir}; set DATA_DIR if it uses another folder).`,
    );
  }
  return {
    ...source,
    DATABASE_URL: source.DATABASE_URL ?? local.databaseUrl,
    TEMPORAL_ADDRESS: source.TEMPORAL_ADDRESS ?? local.temporalAddress,
    TEMPORAL_NAMESPACE: source.TEMPORAL_NAMESPACE ?? local.temporalNamespace,
    TASK_QUEUE: source.TASK_QUEUE ?? local.taskQueue,
  };
}
