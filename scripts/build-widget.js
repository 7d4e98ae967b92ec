// Bundles the widget (widget/src, TypeScript, no framework) into dist/widget/widget.js with esbuild,
// and checks it against its size budget. Run by ensure-built.js and before the tests.
const { build } = require('esbuild');
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'widget', 'src', 'main.ts');
const outfile = join(root, 'dist', 'widget', 'widget.js');
/** What a visitor's browser downloads, compressed: the budget the widget is built to (README, "The widget"). */
const GZIP_BUDGET_BYTES = 16 * 1024;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds when the bundle is missing or older than a widget source; returns its size. */
async function buildWidget({ force = false } = {}) {
  if (force || !existsSync(outfile) || statSync(outfile).mtimeMs < newest(join(root, 'widget'))) {
    mkdirSync(join(root, 'dist', 'widget'), { recursive: true });
    await build({ entryPoints: [entry], outfile, bundle: true, minify: true, format: 'iife', target: 'es2020', legalComments: 'none', logLevel: 'warning' });
  }
  const bytes = readFileSync(outfile);
  const size = { bytes: bytes.length, gzipBytes: gzipSync(bytes).length, budget: GZIP_BUDGET_BYTES };
  if (size.gzipBytes > GZIP_BUDGET_BYTES) throw new Error(`widget.js is ${size.gzipBytes} bytes gzipped, over its budget of ${GZIP_BUDGET_BYTES}`);
  return size;
}

module.exports = { buildWidget, GZIP_BUDGET_BYTES };

if (require.main === module) {
  buildWidget({ force: process.argv.includes('--force') }).then(
    (size) => console.error(`widget.js: ${size.bytes} bytes, ${size.gzipBytes} gzipped (budget ${size.budget})`),
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
