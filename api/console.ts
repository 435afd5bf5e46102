import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Paths that belong to the API, its documents and its operations: never answered with the console's page. */
const NOT_CONSOLE = /^\/(api|print|auth|docs|metrics|healthz|readyz)(\/|$)/;
/** A file's request (an asset, the favicon), not a screen's: a dossier's page has dots in its code, not an extension. */
const FILE = /\.(js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|json|webmanifest|xml|html?)$/i;

/** console/dist, from the sources (api/) or from the compiled tree (dist/api/); CONSOLE_DIR overrides. */
export function consoleDir(): string | null {
  const candidates = process.env.CONSOLE_DIR ? [process.env.CONSOLE_DIR] : [path.resolve(__dirname, '../console/dist'), path.resolve(__dirname, '../../console/dist')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? null;
}

/**
 * The console (issue 11): the single-page app's static build at /, its hashed assets cached for a year, and its
 * page for every other GET outside the API (the router in the browser decides what to show). Without a build
 * (`npm run console:build`), / says so in words.
 */
export function consoleRoutes(dir: string | null = consoleDir()): Router {
  const r = Router();
  if (!dir) {
    r.get('/', (_req, res) => {
      res.status(503).type('text/plain; charset=utf-8').send('The console is not built: run `npm run console:build` (npm start does it).\nGiao diện chưa được dựng: chạy `npm run console:build`.');
    });
    return r;
  }
  const index = path.join(dir, 'index.html');
  r.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  r.get(/.*/, (req, res, next) => {
    if (NOT_CONSOLE.test(req.path) || FILE.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return r;
}
