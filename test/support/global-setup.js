// Before any test: the widget's bundle, which the in-process gateways serve at /widget.js, and
// Debian's Chromium for the browser tests (test/widget.test.ts), installed when it is missing so
// that `npm test` works on a fresh machine as it does in .ci/run.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

module.exports = async () => {
  await require('../../scripts/build-widget').buildWidget();
  if (existsSync(CHROMIUM) || process.env.CHROMIUM_PATH) return;
  if (process.getuid?.() !== 0) {
    console.warn(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) for the browser tests`);
    return;
  }
  console.warn("Installing Debian's chromium for the browser tests (apt-get)...");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
};
