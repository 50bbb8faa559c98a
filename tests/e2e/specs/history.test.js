// End-to-end tests of never losing work: undo and redo (the offer after a removal or an applied
// suggestion, the keys), Recent (each tab's own entry, reopened from the list, a failed or full
// save said at once) and links that keep the view (the selected request, the stages opened).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  decision, foreignRequests, loadExample, matrix, open, policies, savedScenarios, waitForDecision,
  waitForDecisionValue, waitForSaved,
} from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const newPage = (options) => site.newPage(options);
const EXAMPLE = 'seed000-read-only-endpoint';
const identity = (page) => page.locator('textarea[data-testid=policy-text][data-policy-type=identity]');

/** Every page must stay inside its own origin and throw no uncaught errors. */
function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

/** Another tab of `page`'s browser context (the same storage, its own session). */
async function otherTab(page) {
  const tab = await page.context().newPage();
  tab.setDefaultTimeout(15000);
  tab.record = { requests: [], errors: [] };
  tab.on('request', (request) => tab.record.requests.push(request.url()));
  tab.on('pageerror', (error) => tab.record.errors.push(String(error)));
  return tab;
}

/** The names listed in the page's Recent menu, opening it. */
async function recentNames(page) {
  const menu = page.locator('[data-testid=recent]');
  if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
  await menu.locator('button[data-recent-id]').first().waitFor();
  const names = await menu.locator('button[data-recent-id] .recent-name').allInnerTexts();
  await menu.locator('summary').click();
  return names;
}

/** Opens the entry of Recent named `name` from the page's menu. */
async function openRecent(page, name) {
  const menu = page.locator('[data-testid=recent]');
  await menu.locator('summary').click();
  await menu.locator('button[data-recent-id]', { hasText: name }).click();
}

/** Stage name → whether its details are open, for the selected request. */
async function openStages(page) {
  return page.$$eval('[data-testid=stage-detail]', (nodes) =>
    Object.fromEntries(nodes.map((n) => [n.dataset.stage, n.open])));
}

describe('undo and redo', () => {
  test('a removed policy and a removed request come back from the offer and with Ctrl+Z', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, EXAMPLE);
    const typed = '{ "Statement": [ "half typed, not JSON yet"';
    await identity(page).fill(typed);
    await page.getByRole('button', { name: 'Remove AppDynamo' }).click();
    assert.equal(await identity(page).count(), 0);
    const offer = page.locator('[data-testid=undo-offer]');
    assert.match(await offer.innerText(), /Removed the identity-based policy AppDynamo/);
    await offer.locator('[data-testid=undo-offer-undo]').click();
    assert.equal(await identity(page).inputValue(), typed, 'the text comes back as typed');
    assert.equal(await offer.count(), 0, 'the offer goes with the undo');

    // Again, with the keys: focus is on the section's add button, not in a text field.
    await page.getByRole('button', { name: 'Remove AppDynamo' }).click();
    await identity(page).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await identity(page).waitFor();
    assert.equal(await identity(page).inputValue(), typed);
    await page.keyboard.press('Control+Shift+z');
    await identity(page).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+y');
    await page.keyboard.press('Control+z');
    await identity(page).waitFor();
    assert.equal(await identity(page).inputValue(), typed);

    // A request: removed, offered back by name, brought back with its place in the matrix.
    const rows = await matrix(page);
    await page.locator('[data-testid=matrix-row]').nth(2).click();
    await page.getByRole('button', { name: 'Remove request' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=matrix-row]').length === n, rows.length - 1);
    assert.match(await offer.innerText(), /Removed the request GetItem through the endpoint/);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=matrix-row]').length === n, rows.length);
    assert.deepEqual(await matrix(page), rows);
    assert.equal(await page.locator('[data-testid=matrix-row]').nth(2).getAttribute('aria-selected'), 'true');
    assertClean(page);
  });

  test('in a text field Ctrl+Z is the browser\'s own undo of what was typed', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, EXAMPLE);
    const rows = (await matrix(page)).length;
    await page.getByRole('button', { name: 'Remove request' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=matrix-row]').length === n, rows - 1);
    const before = await identity(page).inputValue();
    await identity(page).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('xyz');
    assert.equal(await identity(page).inputValue(), `${before}xyz`);
    // The browser's undo takes back the typing (Chromium in a few steps of its own).
    for (let i = 0; i < 5 && (await identity(page).inputValue()) !== before; i++) {
      await page.keyboard.press('Control+z');
      await page.waitForTimeout(100);
    }
    assert.equal(await identity(page).inputValue(), before);
    await page.waitForTimeout(200);
    assert.equal((await matrix(page)).length, rows - 1, 'the playground\'s undo left the removal alone');
    // The playground's undo, from the toolbar, takes back the typing (one step, the text as it
    // was), then the removal.
    await page.locator('[data-testid=undo]').click();
    await page.waitForTimeout(200);
    assert.equal(await identity(page).inputValue(), before);
    assert.equal((await matrix(page)).length, rows - 1);
    await page.locator('[data-testid=undo]').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=matrix-row]').length === n, rows);
    assertClean(page);
  });

  test('an applied suggestion is undone from the offer and with Ctrl+Z', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, EXAMPLE);
    await page.locator('[data-testid=matrix-row]').nth(2).click();
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    const before = await policies(page);
    const apply = page.locator('[data-testid=apply-suggestion]').first();
    await apply.click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assert.notDeepEqual(await policies(page), before);
    const offer = page.locator('[data-testid=undo-offer]');
    assert.match(await offer.innerText(), /^Applied: /);
    await offer.locator('[data-testid=undo-offer-undo]').click();
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    assert.deepEqual(await policies(page), before, 'every text as it was');

    await apply.click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    // Focus is on the new decision, outside any text field.
    await page.keyboard.press('Control+z');
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    assert.deepEqual(await policies(page), before);
    await page.locator('[data-testid=redo]').click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assertClean(page);
  });
});

describe('recent scenarios', () => {
  test('two tabs keep two scenarios, both listed in Recent and both reopened', async () => {
    const a = await newPage();
    await open(a, site.url);
    await loadExample(a, EXAMPLE);
    await identity(a).fill('{ "work of tab A": 1 }');
    await waitForSaved(a, 'work of tab A');

    // A second tab of the same browser opens with the newest saved scenario, tab A's...
    const b = await otherTab(a);
    await open(b, site.url);
    await waitForDecision(b);
    assert.equal(await identity(b).inputValue(), '{ "work of tab A": 1 }');
    // ...and its work goes into an entry of its own, never into tab A's.
    await loadExample(b, 'seed001-allow-from-account');
    await identity(b).fill('{ "work of tab B": 2 }');
    await waitForSaved(b, 'work of tab B');
    await identity(a).fill('{ "work of tab A, later": 3 }');
    const saved = await waitForSaved(a, 'work of tab A, later');
    const holding = (text) => saved.filter((entry) => entry.text.includes(text));
    assert.equal(holding('work of tab A, later').length, 1);
    assert.equal(holding('work of tab B').length, 1);
    assert.notEqual(holding('work of tab A, later')[0].id, holding('work of tab B')[0].id);

    const nameA = JSON.parse(readFileSync(new URL(`../../../examples/${EXAMPLE}.json`, import.meta.url))).name;
    const nameB = JSON.parse(readFileSync(new URL('../../../examples/seed001-allow-from-account.json', import.meta.url))).name;
    for (const tab of [a, b]) {
      const names = await recentNames(tab);
      assert.ok(names.includes(nameA) && names.includes(nameB), `both listed: ${names}`);
    }

    // A third tab reopens each, as it was saved.
    const c = await otherTab(a);
    await open(c, site.url);
    await openRecent(c, nameB);
    await c.waitForFunction(() => document.querySelector('textarea[data-policy-type=identity]')?.value.includes('work of tab B'));
    // Tab B is still open: what changes here is saved as a copy, and it says so.
    assert.match(await c.locator('[data-testid=error-banner]').innerText(), /open in another tab too/);
    await openRecent(c, nameA);
    await c.waitForFunction(() => document.querySelector('textarea[data-policy-type=identity]')?.value.includes('work of tab A, later'));
    // What tab C replaced is offered back, and neither tab's entry was written over.
    await c.locator('[data-testid=replaced]').waitFor();
    const after = await savedScenarios(c);
    assert.ok(after.some((entry) => entry.text.includes('work of tab B')));
    assert.ok(after.some((entry) => entry.text.includes('work of tab A, later')));
    // A reload of tab A goes on in its own entry.
    await a.reload();
    await waitForDecision(a);
    assert.equal(await identity(a).inputValue(), '{ "work of tab A, later": 3 }');
    await identity(a).fill('{ "work of tab A, reloaded": 4 }');
    const reloaded = await waitForSaved(a, 'work of tab A, reloaded');
    assert.equal(reloaded.filter((entry) => entry.text.includes('work of tab A')).length, 1, 'one entry for tab A');
    for (const tab of [a, b, c]) assertClean(tab);
  });

  test('an edit made a moment before the tab is reloaded is kept', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, EXAMPLE);
    await identity(page).fill('{ "typed just before leaving": true }');
    // Sooner than the autosave's delay: leaving the page saves what is waiting.
    await page.reload();
    await waitForDecision(page);
    await identity(page).waitFor();
    assert.equal(await identity(page).inputValue(), '{ "typed just before leaving": true }');
    assert.equal(await page.locator('[data-testid=replaced]').count(), 0, 'nothing to offer back: it is the same work');
    assertClean(page);
  });

  test('a save the browser refuses says so at once, and Export file keeps the work', async () => {
    for (const [refusal, said] of [
      [() => {
        const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
          if (this === window.localStorage && key.startsWith('precedence.recent')) {
            throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          }
          return setItem.call(this, key, value);
        };
      }, /storage for this page is full/],
      [() => {
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
      }, /does not let the page store anything/],
    ]) {
      const page = await newPage({ acceptDownloads: true });
      await page.addInitScript(refusal);
      await open(page, site.url);
      await loadExample(page, EXAMPLE);
      await identity(page).fill('{ "work that cannot be saved": true }');
      const failed = page.locator('[data-testid=save-failed]');
      await failed.waitFor({ timeout: 2000 });
      assert.match(await failed.innerText(), said);
      assert.match(await failed.innerText(), /export the file to keep it/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        failed.locator('[data-testid=export-file]').click(),
      ]);
      const text = readFileSync(await download.path(), 'utf8');
      assert.ok(text.includes('work that cannot be saved'), 'the exported file holds the work');
      assertClean(page);
    }
  });

  test('an old scenario dropped to make room is said, with its export', async () => {
    const page = await newPage({ acceptDownloads: true });
    await open(page, site.url);
    // Twelve scenarios saved a day apart by a tab long closed.
    await page.evaluate(() => {
      const day = 86_400_000;
      const entries = [];
      for (let i = 0; i < 12; i++) {
        const id = `old-${i}`;
        const text = JSON.stringify({ name: `Old scenario ${i}`, policies: {}, requests: [] });
        localStorage.setItem(`precedence.recent.v1:${id}`, text);
        entries.push({ id, name: `Old scenario ${i}`, saved_at: Date.now() - (20 - i) * day, size: text.length + 30, owner: 'gone' });
      }
      localStorage.setItem('precedence.recent.v1', JSON.stringify({ entries: entries.reverse() }));
    });
    await loadExample(page, EXAMPLE);
    await identity(page).fill('{ "new work": true }');
    const dropped = page.locator('[data-testid=recent-dropped]');
    await dropped.waitFor({ timeout: 2000 });
    assert.match(await dropped.innerText(), /“Old scenario 0” \(saved 20 days ago\) was dropped from Recent to make room/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dropped.getByRole('button', { name: 'Export it' }).click(),
    ]);
    assert.match(readFileSync(await download.path(), 'utf8'), /Old scenario 0/);
    assert.equal((await savedScenarios(page)).length, 12);
    assertClean(page);
  });
});

describe('links that keep the view', () => {
  test('the selected request and the stages opened or closed travel in the link and the embed snippet', async () => {
    const page = await newPage();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    const prompts = [];
    page.on('dialog', async (dialog) => {
      prompts.push(dialog.defaultValue());
      await dialog.dismiss();
    });
    await open(page, site.url);
    await loadExample(page, EXAMPLE);
    await page.locator('[data-testid=matrix-row]').nth(3).click();
    await waitForDecisionValue(page, 'implicitDeny');
    const defaults = await openStages(page);
    const shut = Object.keys(defaults).find((stage) => !defaults[stage]);
    const shown = Object.keys(defaults).find((stage) => defaults[stage]);
    assert.ok(shut && shown, `a closed and an open stage: ${JSON.stringify(defaults)}`);
    await page.locator(`[data-testid=stage-detail][data-stage=${shut}] > summary`).click();
    await page.locator(`[data-testid=stage-detail][data-stage=${shown}] > summary`).click();
    const want = { ...defaults, [shut]: true, [shown]: false };
    assert.deepEqual(await openStages(page), want);

    // The page's own URL follows the view at once.
    await page.waitForFunction(([opened, closed]) => location.hash.endsWith(`&r=3&open=${opened}&closed=${closed}`), [shut, shown]);
    const url = page.url();
    await page.locator('[data-testid=copy-link]').click();
    await page.locator('[data-testid=copy-embed]').click();
    for (let i = 0; i < 100 && prompts.length < 2; i++) await page.waitForTimeout(20);
    assert.equal(prompts[0], url, 'Copy link gives the page\'s link, view included');
    const embedSrc = /src="([^"]+)"/.exec(prompts[1])?.[1];
    assert.ok(embedSrc?.includes('&r=3') && embedSrc.includes(`open=${shut}`), prompts[1]);

    for (const link of [url, embedSrc]) {
      const fresh = await newPage();
      await fresh.goto(link);
      await waitForDecision(fresh);
      await fresh.locator('[data-testid=stage-detail]').first().waitFor();
      assert.equal(await fresh.locator('[data-testid=matrix-row]').nth(3).getAttribute('aria-selected'), 'true', link);
      assert.equal(await decision(fresh), 'implicitDeny');
      assert.deepEqual(await openStages(fresh), want, link);
      assertClean(fresh);
    }

    // A link made before views travelled opens with the first request and the trace's own stages.
    const old = await newPage();
    await old.goto(url.replace(/&.*$/, ''));
    await waitForDecision(old);
    assert.equal(await old.locator('[data-testid=matrix-row]').nth(0).getAttribute('aria-selected'), 'true');
    assertClean(page);
    assertClean(old);
  });
});
