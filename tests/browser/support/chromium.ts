import fs from 'node:fs';

/** Debian's Chromium (scripts/ensure-browser.sh installs it), or CHROMIUM_PATH. Never a browser Playwright downloads. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`No Chromium at ${p}: run scripts/ensure-browser.sh (apt-get install chromium) or set CHROMIUM_PATH`);
  return p;
}

/** This machine's network is closed: without these, Chromium's background connections are refused at every start. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
