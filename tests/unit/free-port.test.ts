import net from 'node:net';
import { freePort } from '../../scripts/lib/local-services';

/**
 * The ports the test services start on must not be handed out again to the next process that binds port 0
 * (the Temporal dev server picks its internal ports that way while it starts on ours). With a plain
 * listen(0)-and-close, Linux gave the same number again about once in five calls here.
 */
test('freePort gives ports that port 0 does not hand out again, and that can still be bound', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 500; i++) ports.push(await freePort());
  expect(new Set(ports).size).toBe(ports.length);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ports[0], '127.0.0.1', resolve);
  });
  await new Promise((resolve) => server.close(resolve));
});
