// End-to-end tests of what keeps a large scenario responsive: requests decided in slices after
// an edit, long policies' statements folded in the trace, and pastes too large for an editor
// refused with a message instead of freezing the tab.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeScenario, matrix, waitForDecision } from '../lib/harness.js';
import { largeScenario } from '../lib/perf.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();

/** Opens one 1,000-statement identity policy and 100 requests (each expecting `allowed`) from a share link. */
async function openLongPolicy(page) {
  const scenario = largeScenario({ policyCount: 1, statementCount: 1000, requestCount: 100 });
  // Every request expects to be allowed: some are, some are not, so rows pass and fail.
  for (const request of scenario.requests) request.expect = 'allowed';
  await page.goto(`${site.url}/#s=${encodeScenario(scenario, 'deflate')}`);
  await waitForDecision(page);
  await page.locator('[data-testid=matrix-row]').nth(99).waitFor();
  await waitUntilDecided(page);
}

/** Waits until every matrix row shows a decision of its own (none still being decided). */
async function waitUntilDecided(page) {
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=matrix-row]')];
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-decision') && !r.hasAttribute('aria-busy'))
      && !document.querySelector('[data-testid=deciding]');
  }, null, { timeout: 20000 });
}

describe('a large scenario stays responsive', () => {
  test('after an edit every request is decided again, the same as before, each row keeping its decision meanwhile', async () => {
    const page = await site.newPage();
    await openLongPolicy(page);
    const before = await matrix(page);
    assert.equal(before.length, 100);
    assert.ok(new Set(before.map((r) => r.decision)).size > 1, 'the set-up decides requests both ways');
    assert.ok(new Set(before.map((r) => r.expect)).size > 1, 'rows both meet and miss their expectation');

    // Record what the matrix showed while it was being decided again (the table busy).
    await page.evaluate(() => {
      window.__busy = [];
      const table = document.querySelector('[data-testid=matrix]');
      new MutationObserver(() => {
        if (table.getAttribute('aria-busy') !== 'true') return;
        window.__busy.push([...table.querySelectorAll('[data-testid=matrix-row]')].map((row) => ({
          decision: row.getAttribute('data-decision'),
          expect: row.getAttribute('data-expect'),
          rowBusy: row.hasAttribute('aria-busy'),
        })));
      }).observe(table, { subtree: true, attributes: true, childList: true });
    });
    const editor = page.locator('textarea[data-testid=policy-text]').first();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ');
    await waitUntilDecided(page);
    assert.deepEqual(await matrix(page), before, 'a space changes no decision');
    // Meanwhile the table said it was busy, and no row lost its decision or its expectation
    // (no "✗ expected" flashing up for a request that meets it).
    const busy = await page.evaluate(() => window.__busy);
    assert.ok(busy.length > 0, 'the requests were decided after the keystroke, the table busy');
    const expected = before.map((r) => ({ decision: r.decision, expect: r.expect, rowBusy: false }));
    for (const shown of busy) assert.deepEqual(shown, expected);
    assert.deepEqual(page.record.errors, []);
  });

  test('a long policy folds the statements that do not apply, and opens them on request', async () => {
    const page = await site.newPage();
    await openLongPolicy(page);
    const folded = page.locator('[data-testid=folded-statements]').first();
    await folded.waitFor();
    const summary = await folded.locator('summary').innerText();
    const [, count] = summary.match(/^(\d+) more statements do not apply/) ?? [];
    assert.ok(Number(count) > 50, summary);
    assert.equal(await folded.locator('details.statement').count(), 0, 'nothing rendered while closed');
    await folded.locator('summary').click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=folded-statements] details.statement').length === n,
      Number(count),
    );
    // Fewer elements than one per line and statement: the page stays small.
    const total = await page.evaluate(() => document.querySelectorAll('.gutter *').length);
    assert.ok(total < 50, `the gutter has ${total} elements`);
  });

  test('a paste too large for an editor is refused with a message, the text kept', async () => {
    const page = await site.newPage();
    await openLongPolicy(page);
    const editor = page.locator('textarea[data-testid=policy-text]').first();
    const text = await editor.inputValue();
    const paste = (size) => editor.evaluate((area, size) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'x'.repeat(size));
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      area.dispatchEvent(event);
      return event.defaultPrevented;
    }, size);
    assert.equal(await paste(1000), false, 'a small paste goes in as usual');
    assert.equal(await paste(5 * 1024 * 1024), true, 'a 5 MB paste is stopped');
    const banner = page.locator('[data-testid=error-banner]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Not pasted: the policy would hold 5\.\d MB, more than the editor takes \(512 KB\)/);
    assert.equal(await editor.inputValue(), text);
  });
});
