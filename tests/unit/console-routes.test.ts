import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { consoleRoutes } from '../../api/console';

describe('the console’s page for its screens (api/console.ts)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Motcua</title>');
  fs.mkdirSync(path.join(dir, 'assets'));
  const app = express().use(consoleRoutes(dir));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a dossier’s page, whose code has dots, with the console', async () => {
    const res = await request(app).get('/dossiers/000.02.00.H26-261202-0001').expect(200);
    expect(res.text).toContain('<title>Motcua</title>');
    await request(app).get('/inbox').expect(200);
  });

  it('leaves files and the API to others', async () => {
    await request(app).get('/favicon.ico').expect(404);
    await request(app).get('/api/v1/dossiers/000.02.00.H26-261202-0001').expect(404);
    await request(app).get('/assets/missing.js').expect(404);
  });
});
