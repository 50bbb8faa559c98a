// End-to-end tests of flipping one thing: a policy, a statement or a context key switched off
// (kept as written, evaluated by no request) and back on. The decision and the flowchart follow
// at once, the trace says what the switch changed, undo takes it back, and a link keeps it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decision, decodeScenario, fragmentScenario, foreignRequests, loadExample, open, waitForDecisionValue, waitForFragment } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();

async function select(page, index) {
  await page.locator('[data-testid=matrix-row]').nth(index).click();
}

/** The flowchart's explicit-deny point's state. */
const explicitDenyNode = (page) =>
  page.locator('[data-testid=flowchart] [data-testid=stage][data-stage=explicitDeny]').getAttribute('data-state');

const note = (page) => page.locator('[data-testid=switch-note]');

describe('flip one thing', () => {
  test('an SCP switched off and on: the decision, the flowchart and the sentence follow', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'seed003-scp-deny-dynamodb-outside-vpc');
    await select(page, 1); // GetItem from outside any VPC
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    assert.equal(await explicitDenyNode(page), 'denies');

    const editor = page.locator('.policy-editor[data-policy-id=DenyDynamoDBOutsideVPC]');
    const policyText = await editor.locator('textarea').inputValue();
    const button = editor.locator('[data-testid=switch-policy]');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await button.click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.equal(await editor.locator('textarea').inputValue(), policyText, 'kept as written');
    await editor.locator('[data-testid=switched-off-note]').waitFor();
    assert.equal(await explicitDenyNode(page), 'no-match');
    assert.equal(
      (await note(page).innerText()).trim(),
      'Switching off service control policy DenyDynamoDBOutsideVPC turns explicitDeny into allowed.',
    );
    const listed = page.locator('[data-testid=switched-off]');
    assert.match(await listed.innerText(), /service control policy DenyDynamoDBOutsideVPC/);
    // The other requests meet the switch too: the one inside the VPC stays allowed.
    assert.equal(await page.locator('[data-testid=matrix-row]').nth(0).getAttribute('data-decision'), 'allowed');

    // Back on from the trace's list.
    await listed.locator('[data-testid=switch-on]').click();
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    assert.equal(
      (await note(page).innerText()).trim(),
      'Switching on service control policy DenyDynamoDBOutsideVPC turns allowed into explicitDeny.',
    );
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('a statement switched off where it stands in the trace, and back on', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'teach-explicit-deny-wins');
    await select(page, 1); // DeleteObject: the identity policy's Deny
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    const identity = page.locator('[data-testid=stage-detail][data-stage=identity]');
    if (!(await identity.getAttribute('open'))) await identity.locator('summary').first().click();
    await identity.locator('[aria-label="Switch off statement NeverDeleteAuditObjects"]').click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assert.match(await note(page).innerText(), /Switching off statement NeverDeleteAuditObjects of LogAdminPermissions turns explicitDeny into allowed/);
    const off = page.locator('[data-testid=stage-detail][data-stage=identity] [data-testid=switched-off-statement]');
    await off.waitFor();
    assert.match(await off.innerText(), /NeverDeleteAuditObjects[\s\S]*switched off/);
    await off.locator('[data-testid=switch-on]').click();
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('a derived context key switched off; Ctrl+Z takes it back; a link keeps a switch', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'seed003-scp-deny-dynamodb-outside-vpc');
    await select(page, 0); // GetItem from the production VPC: aws:SourceVpc derived from the endpoint
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    const table = page.locator('[data-testid=context-table]');
    await table.locator('summary').click();
    await table.locator('[aria-label="Switch off aws:SourceVpc"]').click();
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    assert.match(await note(page).innerText(), /Switching off context key aws:SourceVpc turns allowed into explicitDeny/);
    assert.equal(await table.locator('tr[data-key="aws:SourceVpc"]').count(), 0, 'the key is out of the request');

    // Undo, outside any text field.
    await page.locator('[data-testid=decision]').click();
    await page.keyboard.press('Control+z');
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');

    // A switch travels in the share link.
    await page.locator('.policy-editor[data-policy-id=DenyDynamoDBOutsideVPC] [data-testid=switch-policy]').click();
    await select(page, 1);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    await page.waitForFunction(() => location.hash.includes('s='));
    let link = page.url();
    for (let i = 0; i < 40 && !fragmentScenario(link); i += 1) {
      await page.waitForTimeout(50);
      link = page.url();
    }
    await page.waitForTimeout(600); // the fragment follows the last change
    link = page.url();
    const other = await site.newPage();
    await open(other, link, '');
    await select(other, 1);
    assert.equal(await waitForDecisionValue(other, 'allowed'), 'allowed');
    assert.equal(
      await other.locator('.policy-editor[data-policy-id=DenyDynamoDBOutsideVPC] [data-testid=switch-policy]').getAttribute('aria-pressed'),
      'true',
    );
    assert.equal(await decision(other), 'allowed');
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
    await other.closeAll();
  });

  test("a policy of the account model is switched by the ARN it belongs to, where its id is shared", async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'account-two-roles-two-buckets-two-ous');
    await select(page, 2); // AppWriter reads a report: the bucket policy's Deny
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    const resource = page.locator('[data-testid=stage-detail][data-stage=resource]');
    if (!(await resource.getAttribute('open'))) await resource.locator('summary').first().click();
    await resource.locator('[aria-label="Switch off resource policy"]').click();
    const after = await waitForDecisionValue(page, 'implicitDeny');
    assert.notEqual(after, 'explicitDeny', 'the Deny is switched off');
    const listed = page.locator('[data-testid=switched-off]');
    assert.match(await listed.innerText(), /arn:aws:s3:::amzn-s3-demo-bucket-reports|resource policy/);
    // Named by its bucket, not by the id every bucket's policy shares: the link says so.
    const link = await waitForFragment(page, null, 5000, (json) => (json?.switched_off ?? []).length > 0);
    assert.deepEqual(decodeScenario(fragmentScenario(link)).json.switched_off, [{ policy: 'arn:aws:s3:::amzn-s3-demo-bucket-reports' }]);
    await listed.locator('[data-testid=switch-on]').click();
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    assert.equal(await listed.count(), 0);
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });
});
