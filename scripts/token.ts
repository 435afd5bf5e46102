/** Prints a staff token: npm run token -- --role <role> --unit <unitId> [--sub <id>] [--name <text>] [--expires 12h] */
import { parseArgs } from 'node:util';
import { signStaffToken } from '../api/auth';
import { jwtSecret, readEnv } from '../config/env';
import { Actor } from '../domain/roles';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  if (values.role === 'system') {
    console.error('A system token is a service account’s: an admin creates one (POST /api/v1/service-accounts), the system gets its token from POST /api/v1/auth/token (README, "Service accounts").');
    process.exit(2);
  }
  const actor = Actor.safeParse({ sub: values.sub ?? `${values.role}@${values.unit}`, role: values.role, unitId: values.unit, name: values.name });
  if (!actor.success) {
    console.error('usage: npm run token -- --role clerk|officer|leader|supervisor|admin --unit <unitId> [--sub <id>] [--name <text>]');
    process.exit(2);
  }
  const { secret, isDevDefault } = jwtSecret(readEnv({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'unused' }));
  if (isDevDefault) console.error('(signed with the development secret; set AUTH_JWT_SECRET to match your API)');
  console.log(await signStaffToken(secret, actor.data, values.expires));
}

void main();
