// What every spec file of the end-to-end tests shares: the server and Chromium, started before
// the file's tests and closed after them, with every page the tests opened.
import { after, before } from 'node:test';
import { setUp } from './harness.js';

/**
 * Registers the file's before and after hooks; returns the site: its `url` (once the hooks have
 * run) and `newPage(options)`, a page in a fresh context (Playwright's context options: viewport,
 * colour scheme…) that is closed with the rest.
 */
export function siteForSpecs() {
  let env;
  const pages = [];
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    for (const page of pages) await page.closeAll().catch(() => {});
    await env?.close();
  });
  return {
    get url() {
      return env.url;
    },
    async newPage(options) {
      const page = await env.newPage(options);
      pages.push(page);
      return page;
    },
  };
}
