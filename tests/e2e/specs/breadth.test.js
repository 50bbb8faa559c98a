// End-to-end tests of the breadth questions in the playground: what a decision depends on, in
// the trace; and the access map of the selected request's principal, computed on demand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, loadExample, open } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const newPage = () => site.newPage();

/** Selects the request row whose name contains `text`. */
async function selectRequest(page, text) {
  await page.locator('[data-testid=matrix-row]', { hasText: text }).first().click();
}

describe('breadth questions', () => {
  test('the trace says which key the decision depends on and what it would be otherwise', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-iam-sourcevpce-deny');
    await selectRequest(page, 'GetItem without any endpoint');
    const depends = page.locator('[data-testid=depends-on]');
    await depends.waitFor();
    const text = await depends.innerText();
    assert.match(text, /depends on aws:sourceVpce \(not in the request\)/);
    assert.match(text, /AccessFromSpecificEndpoint/);
    assert.match(text, /were its conditions false: allowed/);
    assert.deepEqual(page.record.errors, []);
  });

  test('the access map shows computing, then a grid whose cells open to actions', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-iam-sourcevpce-deny');
    await selectRequest(page, 'GetItem without any endpoint');
    const run = page.locator('[data-testid=access-map-run]');
    await run.waitFor();
    await page.locator('[data-testid=access-filter]').fill('dynamodb');
    // "computing…" is on screen before the map is made.
    await page.evaluate(() => {
      window.sawComputing = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid=access-computing]')) window.sawComputing = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await run.click();
    await page.locator('[data-testid=access-grid]').waitFor();
    assert.equal(await page.evaluate(() => window.sawComputing), true);
    const read = page.locator('[data-testid=access-cell][data-service=dynamodb][data-level=Read]');
    // Without an endpoint fixed, the Deny on table actions hangs on aws:sourceVpce.
    assert.ok(Number(await read.getAttribute('data-conditional')) > 0);
    await read.click();
    const getItem = page.locator('[data-testid=access-action][data-action="dynamodb:GetItem"]').first();
    await getItem.waitFor();
    assert.equal(await getItem.getAttribute('data-verdict'), 'conditional');
    assert.match(await getItem.innerText(), /aws:sourceVpce/);
    const list = page.locator('[data-testid=access-cell][data-service=dynamodb][data-level=List]');
    await list.click();
    const listTables = page.locator('[data-testid=access-action][data-action="dynamodb:ListTables"]');
    assert.equal(await listTables.getAttribute('data-verdict'), 'allowed');
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    assert.deepEqual(page.record.errors, []);
  });

  test('who can lists every principal the scenario holds with its verdict', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-iam-sourcevpce-deny');
    await selectRequest(page, 'GetItem through the approved endpoint');
    await page.locator('[data-testid=who-can-run]').click();
    const role = page.locator('[data-testid=who-can-entry][data-principal="arn:aws:iam::111122223333:role/AppRole"]');
    await role.waitFor();
    assert.equal(await role.getAttribute('data-verdict'), 'allowed');
    assert.deepEqual(page.record.errors, []);
  });
});
