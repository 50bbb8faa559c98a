// Makes a built site (dist/) work offline: writes DIST/sw.js, the service worker of
// web/service-worker.js preceded by the build it keeps (every file of DIST with its SHA-256, and a
// version hashed from the file list and contents), and names it in DIST/index.html with
// <meta name="precedence-service-worker" content="sw.js">, which the app reads to register it. A
// build without the meta (`scripts/serve`, `trunk serve`) registers no worker. Run by
// scripts/build-release after `cargo xtask site`: `node scripts/write-service-worker.mjs DIST`.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER = 'sw.js';
const META = `<meta name="precedence-service-worker" content="${WORKER}">`;
const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'service-worker.js');

const dist = path.resolve(process.argv[2] ?? 'dist');

/** Every file under `dir` (no dot-files), as paths relative to `root` with `/`, sorted. */
function files(dir, root = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? files(full, root) : [path.relative(root, full).split(path.sep).join('/')];
    })
    .sort();
}

// The meta goes in first: index.html is one of the files kept, as it will be served.
const indexFile = path.join(dist, 'index.html');
const index = readFileSync(indexFile, 'utf8');
if (!index.includes(META)) {
  // Trunk's minifier leaves out <head>; <title> is always there.
  if (!index.includes('<title')) throw new Error(`${indexFile} has no <title> to put the worker's <meta> before`);
  writeFileSync(indexFile, index.replace('<title', `${META}<title`));
}

// The <precedence-scenario> package (element/) and its sample page (docs/) are for documentation
// sites, not the playground: the playground's offline copy leaves them out.
const kept = files(dist)
  .filter((file) => file !== WORKER && !file.startsWith('element/') && !file.startsWith('docs/'))
  .map((file) => ({
    path: file.split('/').map(encodeURIComponent).join('/'),
    sha256: createHash('sha256').update(readFileSync(path.join(dist, file))).digest('base64'),
  }));
const version = createHash('sha256')
  .update(kept.map((file) => `${file.path}\n${file.sha256}\n`).join(''))
  .digest('hex')
  .slice(0, 16);
const build = { version, files: kept };
writeFileSync(path.join(dist, WORKER), `const BUILD = ${JSON.stringify(build)};\n${readFileSync(TEMPLATE, 'utf8')}`);
console.log(`${WORKER}: version ${version}, ${kept.length} files kept for offline use`);
