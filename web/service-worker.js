// The playground's service worker: it keeps one build's files so that, after one visit, the page
// opens and works with no network. scripts/build-release writes it into dist/ as sw.js, this file
// after a line `const BUILD = { version, files: [{ path, sha256 }] }` naming every file of that
// build with its SHA-256 (base64), the version being a hash of them all.
//
// - install: every file of the build is fetched past the HTTP cache, checked against its hash and
//   kept in a cache named after the version; if any fails, the worker already there stays.
// - activate: the caches of other versions of this site (same scope) are deleted, and the new
//   worker takes over the open pages.
// - fetch: the site's own files come from the network whenever there is one, so a new build is
//   seen at once and a development server on the same address is never hidden behind an old
//   build; only when the network fails do they come from the cache.
/* global BUILD */

const PREFIX = `precedence ${self.registration.scope} `;
const CACHE = PREFIX + BUILD.version;
const INDEX = new URL('index.html', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(keepBuild().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(dropOtherVersions().then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkElseCache(request));
});

/** Fetches every file of the build into this version's cache, or none. */
async function keepBuild() {
  const requests = BUILD.files.map(({ path, sha256 }) =>
    new Request(path, { cache: 'reload', integrity: `sha256-${sha256}` }));
  const cache = await caches.open(CACHE);
  try {
    await cache.addAll(requests);
  } catch (error) {
    await caches.delete(CACHE);
    throw error;
  }
}

async function dropOtherVersions() {
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
    .map((name) => caches.delete(name)));
}

/** The network's answer; without a network, the kept file (a page's address: index.html). */
async function networkElseCache(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cache = await caches.open(CACHE);
    const kept = (await cache.match(request, { ignoreSearch: true }))
      ?? (request.mode === 'navigate' ? await cache.match(INDEX) : undefined);
    if (kept) return kept;
    throw offline;
  }
}
