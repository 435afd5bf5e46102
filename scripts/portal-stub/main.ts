/**
 * The national portal's stub on this machine, for trying the adapter by hand:
 *   npm run portal-stub -- [--port 8099] [--username motcua] [--password motcua-portal] [--dstcode 000.00.00.H26]
 *                          [--session-ttl 1800] [--fail-every N | --fail-ratio 0.2] [--fail-kinds error_code,http_500,slow] [--slow-ms 2000]
 * then start the API and worker with PORTAL_URL=http://127.0.0.1:8099 (and the same credentials). It prints
 * what it holds of each dossier on SIGINT.
 */
import { parseArgs } from 'node:util';
import { createPortalStub, type FailureKind } from './stub';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8099' },
      host: { type: 'string', default: '127.0.0.1' },
      username: { type: 'string', default: 'motcua' },
      password: { type: 'string', default: 'motcua-portal' },
      'auth-path': { type: 'string', default: '/auth' },
      dstcode: { type: 'string' },
      'session-ttl': { type: 'string', default: '1800' },
      'fail-every': { type: 'string' },
      'fail-ratio': { type: 'string' },
      'fail-kinds': { type: 'string' },
      'slow-ms': { type: 'string', default: '2000' },
    },
  });
  const every = values['fail-every'] ? Number(values['fail-every']) : undefined;
  const ratio = values['fail-ratio'] ? Number(values['fail-ratio']) : undefined;
  const stub = await createPortalStub({
    port: Number(values.port),
    host: values.host,
    username: values.username,
    password: values.password,
    authPath: values['auth-path'],
    dstcode: values.dstcode,
    sessionTtlMs: Number(values['session-ttl']) * 1000,
    failures: every || ratio ? { every, ratio, kinds: values['fail-kinds']?.split(',') as FailureKind[] | undefined, slowMs: Number(values['slow-ms']) } : undefined,
  });
  console.log(`portal stub on ${stub.url} (sign-in ${values['auth-path']}, user ${values.username})`);
  process.once('SIGINT', () => {
    for (const [maHoSo, held] of stub.dossiers) console.log(`${maHoSo}: TrangThaiHoSo ${held.statuses.join(' → ')}; ${held.progress.length} progress updates`);
    console.log(stub.stats);
    void stub.close().then(() => process.exit(0));
  });
}

void main();
