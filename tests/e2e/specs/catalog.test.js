// End-to-end tests of the service catalog in the playground: fetched after the first trace,
// then findings that need it, the expansion of the action pattern under the cursor,
// completions in the editors and the request form, and what a pattern matched in the trace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, loadExample, open, waitForDecisionValue } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const newPage = () => site.newPage();

/** Puts the caret of `editor` just after the first occurrence of `marker` in its text. */
async function caretAfter(editor, marker) {
  await editor.evaluate((el, text) => {
    const at = el.value.indexOf(text) + text.length;
    el.focus();
    el.setSelectionRange(at, at);
  }, marker);
  // a key press (a no-op arrow pair) lets the editor see where the caret is
  await editor.press('ArrowLeft');
  await editor.press('ArrowRight');
}

/** Waits until the catalog's findings are shown (the catalog has loaded). */
async function waitForCatalog(page) {
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => e.name.endsWith('/catalog.txt') && e.responseEnd > 0));
}

describe('the service catalog', () => {
  test('is fetched from the site itself, only after the first trace is on screen', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    const timing = await page.evaluate(() => ({
      firstTrace: performance.getEntriesByName('precedence:first-trace')[0]?.startTime,
      catalog: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/catalog.txt'))?.startTime,
    }));
    assert.ok(timing.firstTrace > 0, 'the first trace was marked');
    assert.ok(timing.catalog >= timing.firstTrace, `catalog fetched at ${timing.catalog} ms, first trace at ${timing.firstTrace} ms`);
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    assert.deepEqual(page.record.errors, []);
  });

  test('adds its findings: seed 001 compares aws:PrincipalArn with an account id', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    await loadExample(page, 'seed001-allow-from-account');
    const finding = page.locator('.finding', { hasText: 'condition-value-never-matches' }).first();
    await finding.waitFor();
    assert.match(await finding.innerText(), /aws:PrincipalAccount/);
  });

  test('shows what the action pattern under the cursor matches, and completes names', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    await loadExample(page, 'seed000-read-only-endpoint');
    const editor = page.locator('textarea[data-testid=policy-text]').first();
    await editor.fill(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['dynamodb:Delete*', 'dynamodb:GetI'], Resource: '*' }],
    }, null, 2));

    await caretAfter(editor, 'dynamodb:Del');
    const summary = page.locator('[data-testid=expansion-summary]');
    await summary.waitFor();
    assert.match(await summary.innerText(), /dynamodb:Delete\* matches \d+ actions/);
    assert.match(await page.locator('[data-testid=expansion]').innerText(), /dynamodb:DeleteTable\s*Write/);

    await caretAfter(editor, 'dynamodb:GetI');
    const completion = page.locator('[data-testid=completion]', { hasText: 'dynamodb:GetItem' });
    await completion.click();
    const text = await editor.inputValue();
    assert.ok(text.includes('"dynamodb:GetItem"'), text);
    assert.deepEqual(page.record.errors, []);
  });

  test('the request form names the action and the trace says what a pattern matched', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    await loadExample(page, 'seed000-read-only-endpoint');
    const action = page.locator('[data-testid=request-action]');
    await action.fill('dynamodb:GetItems');
    await page.locator('[data-testid=action-hint]', { hasText: 'did you mean dynamodb:GetItem' }).waitFor();
    assert.deepEqual(await page.locator('[data-testid=action-hint] code').allInnerTexts(), ['GetItems', 'dynamodb:GetItem']);
    await action.fill('dynamodb:describetable');
    await page.locator('[data-testid=action-hint]', { hasText: 'dynamodb:DescribeTable · Read' }).waitFor();

    // An identity policy allowing dynamodb:Describe* shows which action the pattern covered.
    const identity = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
    await identity.fill(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'dynamodb:Describe*', Resource: '*' }],
    }));
    const stage = page.locator('[data-testid=stage][data-stage=identity]').first();
    await stage.waitFor();
    const matched = page.locator('[data-testid=matched-action]').first();
    if (!(await matched.isVisible())) {
      await page.locator('.stage-detail.allow > summary, .stage-detail > summary', { hasText: /Identity/ }).first().click();
    }
    await matched.waitFor();
    assert.equal(await matched.innerText(), 'dynamodb:DescribeTable (Read)');
  });
});

describe('what would allow this', () => {
  test('a denied request shows checked suggestions, and applying one allows it', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-read-only-endpoint');
    // Its third request, GetItem through the read-only endpoint, is implicitly denied.
    await page.locator('[data-testid=matrix-row]').nth(2).click();
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    const first = page.locator('[data-testid=suggestion]').first();
    await first.waitFor();
    assert.match(await first.innerText(), /Checked:/);
    // Titles and explanations quote names between backticks: the page shows them as code.
    assert.ok(await first.locator('.suggestion-head strong code').count() > 0, 'the title shows its names as code');
    assert.ok(!(await page.locator('[data-testid=suggestions]').innerText()).includes('`'), 'no backtick is left in the suggestions');
    await first.locator('[data-testid=apply-suggestion]').click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed', 'the applied suggestion allows the request');
    assert.equal(await page.locator('[data-testid=suggestions]').count(), 0, 'no suggestions once allowed');
    // The Apply button went with the suggestions: focus is on the new decision, not lost.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'decision');
    assert.deepEqual(page.record.errors, []);
  });
});
