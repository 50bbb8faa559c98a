// End-to-end tests of the playground without a network: after one visit its service worker has
// kept the build, so a reload with the network gone (the server stopped, the browser offline)
// opens and works; a new build replaces the kept one; a build without the worker (a development
// server on the same address) removes it; and a catalog that fails to load is said in the page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DIST_DIR, REPO_ROOT, examples, foreignRequests, loadExample, open, waitForDecision, waitForDecisionValue,
} from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';
import { startServer } from '../server.js';

const site = siteForSpecs();
const EXAMPLES = examples();

/** A copy of dist/ served on its own port, to change or take away. Call `stop()` when done. */
async function ownSite() {
  const dir = mkdtempSync(path.join(tmpdir(), 'precedence-dist-'));
  cpSync(DIST_DIR, dir, { recursive: true });
  const served = await startServer(dir);
  return {
    dir,
    url: served.url,
    requests: served.requests,
    async stop() {
      served.server.closeAllConnections();
      await new Promise((resolve) => served.server.close(resolve));
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` (evaluated in `page`, may be async) until it returns true; fails after `timeout` ms. */
async function waitInPage(page, check, arg, timeout = 20000) {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${check}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until a service worker controls `page`, its build kept; returns its cache names. */
async function waitForWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 20000 });
  return page.evaluate(() => caches.keys());
}

describe('offline', () => {
  test('after one visit, the playground opens and works with the network gone', async () => {
    const own = await ownSite();
    try {
      const page = await site.newPage();
      await open(page, own.url);
      await waitForDecision(page);
      const caches = await waitForWorker(page);
      assert.equal(caches.length, 1, `one cache: ${caches}`);

      const asked = own.requests.length;
      await own.stop();
      await page.context().setOffline(true);
      await page.reload();
      await waitForDecision(page);
      const first = EXAMPLES[0];
      assert.equal(await waitForDecisionValue(page, first.scenario.requests[0].expect), first.scenario.requests[0].expect);
      // It works: another example loads and is decided, and the catalog came from the kept copy.
      const other = EXAMPLES.find((e) => e.stem === 'teach-explicit-deny-wins');
      await loadExample(page, other.stem);
      assert.equal(await waitForDecisionValue(page, other.scenario.requests[0].expect), other.scenario.requests[0].expect);
      // The access map's button shows once the catalog is read: it was kept too.
      await page.locator('[data-testid=access-map-run]').waitFor();
      assert.equal(await page.locator('[data-testid=catalog-notice]').count(), 0, 'no notice of a missing catalog');
      assert.equal(own.requests.length, asked, 'nothing reached the server');
      assert.deepEqual(page.record.errors, []);
    } finally {
      await own.stop().catch(() => {});
      own.remove();
    }
  });

  test('a new build replaces the kept one, and its old cache is deleted', async () => {
    const own = await ownSite();
    try {
      const page = await site.newPage();
      await open(page, own.url);
      const [before] = await waitForWorker(page);
      // A new build: a file changes, and the worker is written again with its new version.
      appendFileSync(path.join(own.dir, 'style.css'), '\n/* a new build */\n');
      execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'write-service-worker.mjs'), own.dir]);
      await page.reload();
      await waitInPage(page, async (old) => {
        const names = await caches.keys();
        return names.length === 1 && names[0] !== old && navigator.serviceWorker.controller?.state === 'activated';
      }, before);
      const kept = await page.evaluate(async () => {
        const cache = await caches.open((await caches.keys())[0]);
        const response = await cache.match('style.css');
        return response.text();
      });
      assert.ok(kept.includes('a new build'), 'the new build\'s files are kept');
      assert.deepEqual(page.record.errors, []);
    } finally {
      await own.stop();
      own.remove();
    }
  });

  test('a build without the worker (a development server) removes the one a release build left', async () => {
    const own = await ownSite();
    try {
      const page = await site.newPage();
      await open(page, own.url);
      await waitForWorker(page);
      const index = path.join(own.dir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace(/<meta name="precedence-service-worker"[^>]*>/, ''));
      rmSync(path.join(own.dir, 'sw.js'));
      await page.reload();
      await waitForDecision(page);
      await waitInPage(page, async () => (await navigator.serviceWorker.getRegistrations()).length === 0);
      assert.equal(await page.locator('meta[name=precedence-service-worker]').count(), 0, 'the page came from the server, not the kept copy');
      assert.deepEqual(page.record.errors, []);
    } finally {
      await own.stop();
      own.remove();
    }
  });

  test('the worker registers under the page\'s Content-Security-Policy, with no console error', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await waitForWorker(page);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL),
      `${site.url}/sw.js`);
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    assert.deepEqual(page.record.console, [], 'console errors');
    assert.deepEqual(page.record.errors, []);
  });
});

describe('a catalog that fails to load', () => {
  for (const [how, fail] of [
    ['is missing (HTTP 404)', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })],
    ['cannot be fetched', (route) => route.abort('failed')],
  ]) {
    test(`${how}: a notice says what is missing and what works, and can be dismissed`, async () => {
      // Routes see only what no service worker answers: this page has none.
      const page = await site.newPage({ serviceWorkers: 'block' });
      await page.route('**/catalog.txt', fail);
      await open(page, site.url);
      const notice = page.locator('[data-testid=catalog-notice]');
      await notice.waitFor();
      const text = await notice.innerText();
      assert.match(text, /The service catalog could not be loaded/);
      assert.match(text, /access map/);
      assert.match(text, /work as before/);
      // The playground works on without it.
      await loadExample(page, 'teach-explicit-deny-wins');
      await page.locator('[data-testid=matrix-row]').nth(1).click();
      assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
      await notice.getByRole('button', { name: /Dismiss/ }).click();
      assert.equal(await notice.count(), 0, 'dismissed');
      assert.deepEqual(page.record.errors, []);
    });
  }
});
