import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import supertest from 'supertest';
import { consoleRoutes } from '../../api/console';

function appWith(dir: string | null) {
  const app = express();
  app.use(consoleRoutes(dir));
  app.use((_req, res) => void res.status(404).json({ code: 'not_found' }));
  return supertest(app);
}

describe('the console at / (api/console.ts)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-console-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Motcua</title><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves the page at / and at every screen path, never cached, so a new build is picked up', async () => {
    // A dossier's code has dots (000.02.00.H26-…): its page is not a file.
    for (const p of ['/', '/inbox', '/dossiers/HN-2026-000001', '/dossiers/000.02.00.H26-261202-0001', '/tra-cuu?code=X']) {
      const res = await appWith(dir).get(p).expect(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const res = await appWith(dir).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toContain('max-age=31536000');
    await appWith(dir).get('/assets/gone-000.js').expect(404);
  });

  it('never answers an API, print, auth or operations path with the page', async () => {
    for (const p of ['/api/v1/nothing', '/print/nothing', '/auth/oidc/x', '/docs/x', '/metrics', '/healthz', '/favicon.ico']) {
      const res = await appWith(dir).get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
    }
  });

  it('says in words that the console is not built, rather than a blank page', async () => {
    const res = await appWith(null).get('/').expect(503);
    expect(res.text).toContain('npm run console:build');
  });
});
