// Builds dist/ with tsc when it is missing or older than any source file, so `npm start` works on a fresh clone.
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'gateway', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['kernel', 'gateway', 'subgraphs', 'migrations', 'bench'].map((d) => join(root, d)).filter(existsSync);
const newest = Math.max(...sources.map(newestSource), statSync(join(root, 'tsconfig.json')).mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < newest) {
  console.error('Building (tsc)...');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
// The widget's bundle (dist/widget/widget.js), served by the gateway at /widget.js.
require('./build-widget')
  .buildWidget()
  .catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
