// End-to-end tests of the playground for keyboard and screen-reader users: the live region that
// announces changed decisions, the skip link, arrow keys in the requests matrix, editors tied to
// their findings, the examples list closing as menus do and fitting the window, and an axe-core
// scan of the main views (the scenario JSON view among them) at zero serious or critical
// violations.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  E2E_DIR, foreignRequests, loadExample, open, waitForDecisionValue, waitForFragment,
} from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const site = siteForSpecs();

function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

/** Opens the page and waits for all of it (the first render draws the trace alone). */
async function openSettled(page, suffix) {
  await open(page, site.url, suffix);
  await page.locator('main[aria-busy=false]').waitFor();
}

/** Describes the focused element: its data-testid, else its tag. */
const focused = (page) => page.evaluate(() => {
  const element = document.activeElement;
  return element?.dataset.testid ?? element?.tagName.toLowerCase() ?? 'none';
});

describe('the live region', () => {
  test('announces a changed decision once the typing stops, and nothing for edits that change none', async () => {
    const page = await site.newPage();
    await openSettled(page);
    await loadExample(page, 'seed000-read-only-endpoint');
    const region = page.locator('[data-testid=announcer]');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.equal(await region.getAttribute('role'), 'status');
    // Record every text the region takes.
    await page.evaluate(() => {
      window.announced = [];
      const region = document.querySelector('[data-testid=announcer]');
      new MutationObserver(() => window.announced.push(region.textContent.trim()))
        .observe(region, { childList: true, subtree: true, characterData: true });
    });
    // Keystrokes that change no decision: spaces at the end of the identity policy.
    const identity = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
    await identity.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('   ', { delay: 40 });
    await page.waitForTimeout(1200);
    assert.deepEqual(await page.evaluate(() => window.announced), [], 'nothing announced for re-renders that change no decision');

    // Retyping request 1's action, letter by letter, through states that cannot be evaluated.
    const action = page.locator('[data-testid=request-action]');
    await action.fill('');
    await action.pressSequentially('dynamodb:GetItem', { delay: 30 });
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    await page.waitForFunction(() => window.announced.length > 0);
    await page.waitForTimeout(1000);
    assert.deepEqual(
      await page.evaluate(() => window.announced.filter((text) => text)),
      ['Request 1 (DescribeTable through the read-only endpoint): allowed, now implicit deny'],
      'one announcement, of where the decision ended up',
    );
    assertClean(page);
  });
});

describe('keyboard', () => {
  test('the first Tab reaches the skip link, which puts the keyboard on the decision', async () => {
    const page = await site.newPage();
    await openSettled(page);
    const address = await waitForFragment(page); // the share link the page keeps in its address
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'skip-to-trace');
    const link = await page.locator('[data-testid=skip-to-trace]').boundingBox();
    assert.ok(link && link.y >= 0 && link.height > 0, `the focused skip link is on screen: ${JSON.stringify(link)}`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'decision');
    assert.equal(page.url(), address, 'the share link stays in the address');
    assertClean(page);
  });

  test('arrow keys, Home and End move between the requests of the matrix, which keeps one tab stop', async () => {
    const page = await site.newPage();
    await openSettled(page);
    await loadExample(page, 'seed000-read-only-endpoint');
    const rows = page.locator('[data-testid=matrix-row]');
    const state = () => rows.evaluateAll((all) => ({
      focused: all.indexOf(document.activeElement),
      selected: all.findIndex((row) => row.getAttribute('aria-selected') === 'true'),
      tabStops: all.filter((row) => row.tabIndex === 0).length,
    }));
    await rows.first().focus();
    assert.deepEqual(await state(), { focused: 0, selected: 0, tabStops: 1 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await state(), { focused: 2, selected: 2, tabStops: 1 });
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny', 'request 3 is traced');
    await page.keyboard.press('End');
    assert.deepEqual(await state(), { focused: 4, selected: 4, tabStops: 1 });
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await state(), { focused: 4, selected: 4, tabStops: 1 }, 'the last row stays');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await state(), { focused: 0, selected: 0, tabStops: 1 });
    // Tab leaves the matrix rather than walking through its rows.
    await page.keyboard.press('Tab');
    assert.equal(await rows.evaluateAll((all) => all.includes(document.activeElement)), false);
    assert.equal(await page.locator('[data-testid=matrix]').getAttribute('role'), 'grid');
    assertClean(page);
  });

  test('the examples list closes on Escape and on a click outside, giving the keyboard back', async () => {
    const page = await site.newPage();
    await openSettled(page);
    const gallery = page.locator('[data-testid=gallery]');
    const summary = gallery.locator('summary');
    const isOpen = () => gallery.evaluate((details) => details.open);

    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await isOpen(), true);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => Boolean(document.activeElement?.dataset.example)), true, 'in the list');
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(), false, 'Escape closes it');
    assert.equal(await page.evaluate(() => document.activeElement?.matches('[data-testid=gallery] summary')), true);

    // A click on something that takes no focus: the list closes and its toggle has the keyboard.
    await summary.click();
    assert.equal(await isOpen(), true);
    await page.locator('.chrome h1').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=gallery]').open);
    assert.equal(await page.evaluate(() => document.activeElement?.matches('[data-testid=gallery] summary')), true);

    // A click on a field: the list closes and the field keeps the keyboard.
    await summary.click();
    await page.locator('[data-testid=request-action]').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=gallery]').open);
    assert.equal(await focused(page), 'request-action');

    // Clicks inside the list leave it open.
    await summary.click();
    await gallery.locator('h2').first().click();
    assert.equal(await isOpen(), true);
    assertClean(page);
  });

  test('Recent closes on Escape and on a click outside, as the examples list does', async () => {
    const page = await site.newPage();
    await openSettled(page);
    const recent = page.locator('[data-testid=recent]');
    const summary = recent.locator('summary');
    const isOpen = () => recent.evaluate((details) => details.open);
    await summary.focus();
    await page.keyboard.press('Enter');
    assert.equal(await isOpen(), true);
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(), false, 'Escape closes it');
    assert.equal(await page.evaluate(() => document.activeElement?.matches('[data-testid=recent] summary')), true);
    await summary.click();
    assert.equal(await isOpen(), true);
    await page.locator('.chrome h1').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=recent]').open);
    assertClean(page);
  });
});

describe('the examples list', () => {
  for (const width of [700, 800, 900, 1000, 1100]) {
    test(`opens inside a window ${width} px wide`, async () => {
      const page = await site.newPage({ viewport: { width, height: 800 } });
      await openSettled(page);
      await page.locator('[data-testid=gallery] summary').click();
      const list = await page.locator('[data-testid=gallery] .gallery-body').boundingBox();
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(list.x >= 0 && list.x + list.width <= clientWidth, `list from ${list.x} to ${list.x + list.width} px`);
      assert.equal(scrollWidth, clientWidth, 'the page does not scroll sideways');
      assertClean(page);
    });
  }
});

describe('editors and their findings', () => {
  test('an editor with errors is marked invalid and described by its findings', async () => {
    const page = await site.newPage();
    await openSettled(page);
    await loadExample(page, 'seed000-read-only-endpoint');
    const editor = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
    await editor.fill('{ "Statement": [ { "Effect": "Permit" ');
    await page.waitForFunction(() => document.querySelector('textarea[data-policy-type=identity]')?.getAttribute('aria-invalid') === 'true');
    const described = await editor.getAttribute('aria-describedby');
    assert.ok(described, 'aria-describedby is set');
    const findings = page.locator(`[id="${described}"]`);
    assert.equal(await findings.evaluate((list) => list.classList.contains('findings')), true, 'it names the findings list');
    assert.match(await findings.innerText(), /error/);
    // Mended, it is no longer invalid; with no findings at all, it is described by none.
    await editor.fill(JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
    }));
    await page.waitForFunction(() => !document.querySelector('textarea[data-policy-type=identity]')?.hasAttribute('aria-invalid'));
    assert.equal(await editor.getAttribute('aria-describedby'), null);
    assertClean(page);
  });
});

/** Runs axe-core in `page`; returns its serious and critical violations, one line each. */
async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Opens every closed <details> under `selector`, a few rounds (opened ones render more). */
async function openAll(page, selector) {
  for (let round = 0; round < 3; round++) {
    await page.locator(`${selector} details:not([open])`).evaluateAll((closed) => closed.forEach((d) => { d.open = true; }));
    await page.waitForTimeout(150);
  }
}

function fixture(name) {
  return { name, mimeType: 'application/json', buffer: readFileSync(path.join(E2E_DIR, 'fixtures', name)) };
}

describe('the accessibility scan (axe-core)', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`finds nothing serious or critical on the main views (${colorScheme})`, async () => {
      // axe is injected as an inline script, which the page's Content-Security-Policy refuses.
      const page = await site.newPage({ bypassCSP: true, colorScheme });
      await openSettled(page);
      const found = {};
      const scan = async (view) => {
        found[view] = await seriousViolations(page);
      };
      await page.locator('[data-testid=gallery] summary').click();
      await scan('examples list');
      await page.keyboard.press('Escape');

      await loadExample(page, 'seed000-read-only-endpoint');
      await page.locator('[data-testid=matrix-row]').nth(2).click();
      await page.locator('[data-testid=suggestion]').first().waitFor();
      await scan('playground with an example');
      await openAll(page, '.trace-view');
      await scan('trace expanded');

      // The scenario's JSON view, with a finding in it.
      await page.locator('[data-testid=scenario-json-toggle]').click();
      await page.locator('#scenario-json-text').evaluate((area) => {
        area.focus();
        area.setSelectionRange(0, 0);
      });
      await page.keyboard.insertText('x');
      await page.locator('#scenario-json-findings').waitFor();
      await scan('scenario JSON view with a finding');
      await page.locator('[data-testid=scenario-json-discard]').click();
      await page.locator('[data-testid=scenario-json-toggle]').click();

      // The action under the cursor: what its pattern covers, and completions.
      await page.locator('[data-testid=access-map-run]').waitFor(); // the catalog is read
      const editor = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
      await editor.evaluate((area) => {
        const at = area.value.indexOf('dynamodb:') + 'dynamodb:'.length;
        area.focus();
        area.setSelectionRange(at, at);
      });
      await editor.press('ArrowRight');
      await page.locator('[data-testid=expansion]').waitFor();
      await scan('action under the cursor');

      await loadExample(page, 'account-two-roles-two-buckets-two-ous');
      await openAll(page, '[data-testid=model-panel]');
      await scan('account model');

      await loadExample(page, 'seed000-iam-sourcevpce-deny');
      await page.locator('[data-testid=access-filter]').fill('dynamodb');
      await page.locator('[data-testid=access-map-run]').click();
      await page.locator('[data-testid=access-cell]').first().click();
      await page.locator('[data-testid=access-actions]').waitFor();
      await page.locator('[data-testid=who-can-run]').click();
      await page.locator('[data-testid=who-can-entry]').first().waitFor();
      await scan('access map and who can');

      await page.locator('[data-testid=import-aws]').setInputFiles([fixture('authorization-details.json'), fixture('bucket-policy.json')]);
      await page.locator('[data-testid=import-report]').waitFor();
      await scan('import report');

      await page.locator('[data-testid=import-scenario]').setInputFiles({
        name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from('{ "Version": "2012-10-17", "Statement": [] }'),
      });
      await page.locator('[data-testid=error-banner]').waitFor();
      await scan('error banner');

      assert.deepEqual(found, Object.fromEntries(Object.keys(found).map((view) => [view, []])));
      assertClean(page);
    });
  }

  test('finds nothing serious or critical in the notice of a missing service catalog', async () => {
    const page = await site.newPage({ bypassCSP: true, serviceWorkers: 'block' });
    await page.route('**/catalog.txt', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await openSettled(page);
    await page.locator('[data-testid=catalog-notice]').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});
