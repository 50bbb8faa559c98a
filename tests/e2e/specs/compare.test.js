// End-to-end tests of compare mode (a before kept aside, the after edited, the requests the two
// decide differently), of an access-map answer's trace, and of who-can asked from a request row
// that is not the selected one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decision, foreignRequests, loadExample, open } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const newPage = () => site.newPage();

const BREAK_GLASS = 'seed003-scp-break-glass-exception';
const SCP = 'textarea[data-testid=policy-text][data-policy-id=DenyDynamoDBOutsideVPC]';
const APP_ROLE = 'arn:aws:iam::111122223333:role/AppRole';
const PAYMENTS = 'arn:aws:dynamodb:us-east-1:111122223333:table/Payments';

/** Waits until compare mode has worked out the comparison of the versions on screen. */
async function comparisonDone(page) {
  await page.locator('[data-testid=compare-changes][data-state=done]').waitFor();
}

/** The change row of the scenario's own request of AppRole calling dynamodb:GetItem. */
function appRoleRow(page) {
  return page.locator(
    `[data-testid=compare-change][data-given=true][data-principal="${APP_ROLE}"][data-action="dynamodb:GetItem"]`,
  );
}

describe('compare mode', () => {
  test("widening seed 003's break-glass exception shows the requests that gain access, each with both traces", async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, BREAK_GLASS);
    await page.locator('[data-testid=compare-open]').click();
    await page.locator('[data-testid=compare]').waitFor();
    await comparisonDone(page);
    assert.match(await page.locator('[data-testid=compare-counts]').innerText(), /▲ 0 request\(s\) gains access · ▼ 0/);
    assert.match(await page.locator('[data-testid=compare-policy-summary]').innerText(), /Every policy is the same/);

    // The edit that opens DynamoDB outside the VPC to every role: made in the after's editor.
    const scp = page.locator(SCP);
    const text = await scp.inputValue();
    await scp.fill(text.replace('role/BreakGlassRole', 'role/*'));
    await page.locator('[data-testid=compare-changes][data-state=comparing]').waitFor();
    await comparisonDone(page);

    const counts = await page.locator('[data-testid=compare-counts]').innerText();
    const gained = Number(/▲ (\d+) request\(s\) gains access/.exec(counts)?.[1]);
    assert.ok(gained > 1, counts);
    assert.match(counts, /▼ 0 request\(s\) loses access/);
    // The coverage line the CLI prints, and what was not covered.
    const coverage = await page.locator('[data-testid=compare-coverage]').innerText();
    assert.match(coverage, /compared \d+ requests \(5 of the scenarios, \d+ generated from \d+ principals × \d+ actions × \d+ resources\)/);
    assert.match(coverage, /not covered: generated requests carry no context keys/);

    // The scenario's own request that gains access, marked by a symbol and words, not colour alone.
    const row = appRoleRow(page);
    assert.equal(await row.getAttribute('data-direction'), 'gains');
    assert.match(await row.innerText(), /▲ gains access/);
    assert.match(await row.innerText(), /explicitDeny \(scp\)[\s\S]*allowed/);
    assert.match(await row.innerText(), new RegExp(PAYMENTS.replaceAll('.', '\\.')));
    // The changed line is marked in the before: removed, then added.
    const policy = page.locator('[data-testid=compare-policy][data-change=changed]');
    assert.equal(await policy.count(), 1);
    assert.match(await policy.locator('[data-line=removed]').innerText(), /role\/BreakGlassRole/);
    assert.match(await policy.locator('[data-line=added]').innerText(), /role\/\*/);

    // Both traces, side by side: denied by the SCP before, allowed after.
    await row.locator('[data-testid=compare-traces]').click();
    const traces = page.locator('[data-testid=compare-traces-row]').first();
    const before = traces.locator('[data-testid=request-trace][data-version=Before]');
    const after = traces.locator('[data-testid=request-trace][data-version=After]');
    assert.equal(await before.locator('[data-testid=request-trace-decision]').getAttribute('data-decision'), 'explicitDeny');
    assert.equal(await before.locator('[data-testid=stage][data-stage=scp]').getAttribute('data-status'), 'deny');
    assert.equal(await after.locator('[data-testid=request-trace-decision]').getAttribute('data-decision'), 'allowed');

    // A filter narrows the rows; a generated request can be added to the after's own.
    await page.locator('[data-testid=compare-filter]').fill('BatchGetItem');
    const generated = page.locator('[data-testid=compare-change][data-given=false]').first();
    await generated.waitFor();
    assert.match(await generated.innerText(), /dynamodb:BatchGetItem/);
    assert.equal(await appRoleRow(page).count(), 0);
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    assert.deepEqual(page.record.errors, []);
  });

  test('leaving keeps the after\'s edits; swap and reset change the before', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, BREAK_GLASS);
    await page.locator('[data-testid=compare-open]').click();
    const scp = page.locator(SCP);
    const text = await scp.inputValue();
    const widened = text.replace('role/BreakGlassRole', 'role/*');
    await scp.fill(widened);
    await comparisonDone(page);
    assert.equal(await appRoleRow(page).getAttribute('data-direction'), 'gains');

    // Swap: the before (the seed as loaded) goes on screen, the widened version becomes the
    // before, so the same request now loses access.
    await page.locator('[data-testid=compare-swap]').click();
    await comparisonDone(page);
    assert.equal(await page.locator(SCP).inputValue(), text);
    assert.equal(await appRoleRow(page).getAttribute('data-direction'), 'loses');
    assert.match(await appRoleRow(page).innerText(), /▼ loses access/);
    assert.match(await page.locator('[data-testid=compare-origin]').innerText(), /the after, swapped/);
    await page.locator('[data-testid=compare-swap]').click();
    await comparisonDone(page);
    assert.equal(await page.locator(SCP).inputValue(), widened);

    // Back to the playground: the after's edit is there, and its request is allowed now.
    await page.locator('[data-testid=compare-close]').click();
    await page.locator('main.columns').waitFor();
    assert.equal(await page.locator('[data-testid=compare]').count(), 0);
    assert.equal(await page.locator(SCP).inputValue(), widened);
    await page.locator('[data-testid=matrix-row]', { hasText: 'AppRole outside the VPC' }).click();
    assert.equal(await decision(page), 'allowed');

    // Coming back compares with the same before; "make the after the before" leaves nothing.
    await page.locator('[data-testid=compare-open]').click();
    await comparisonDone(page);
    assert.equal(await appRoleRow(page).getAttribute('data-direction'), 'gains');
    await page.locator('[data-testid=compare-reset]').click();
    await comparisonDone(page);
    assert.match(await page.locator('[data-testid=compare-counts]').innerText(), /▲ 0 request\(s\) gains access · ▼ 0/);

    // A before from an example: the seed without the exception denies the break-glass role.
    await page.locator('[data-testid=compare-before-example]').selectOption('seed003-scp-deny-dynamodb-outside-vpc');
    await comparisonDone(page);
    assert.match(await page.locator('[data-testid=compare-origin]').innerText(), /the example/);
    assert.deepEqual(page.record.errors, []);
  });
});

describe('compare mode, wide changes', () => {
  test('a change naming every action is compared in part while editing, in full when asked', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, BREAK_GLASS);
    await page.locator('[data-testid=compare-open]').click();
    await comparisonDone(page);
    const scp = page.locator(SCP);
    const text = await scp.inputValue();
    await scp.fill(text.replace('"Effect": "Deny"', '"Effect": "Allow"').replace('"dynamodb:*"', '"*"'));
    await page.locator('[data-testid=compare-changes][data-state=comparing]').waitFor();
    await comparisonDone(page);
    const coverage = page.locator('[data-testid=compare-coverage]');
    assert.match(await coverage.innerText(), /10000 generated/);
    assert.match(await coverage.innerText(), /not covered: only the first 10000 generated requests were compared/);
    await page.locator('[data-testid=compare-all]').click();
    await page.locator('[data-testid=compare-changes][data-state=comparing]').waitFor();
    await page.locator('[data-testid=compare-changes][data-state=done]').waitFor({ timeout: 60000 });
    assert.match(await coverage.innerText(), /compared 200005 requests/);
    assert.equal(await page.locator('[data-testid=compare-all]').count(), 0);
    assert.deepEqual(page.record.errors, []);
  });
});

describe('breadth questions from anywhere', () => {
  test('an access-map answer opens its full trace in place, and can be kept as a request', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-iam-sourcevpce-deny');
    await page.locator('[data-testid=matrix-row]', { hasText: 'GetItem without any endpoint' }).first().click();
    await page.locator('[data-testid=access-filter]').fill('dynamodb');
    await page.locator('[data-testid=access-map-run]').click();
    await page.locator('[data-testid=access-cell][data-service=dynamodb][data-level=List]').click();
    const listTables = page.locator('[data-testid=access-action][data-action="dynamodb:ListTables"]');
    assert.equal(await listTables.getAttribute('data-verdict'), 'allowed');
    await listTables.locator('[data-testid=access-trace]').click();
    const trace = listTables.locator('[data-testid=request-trace]');
    await trace.waitFor();
    assert.equal(await trace.locator('[data-testid=request-trace-decision]').getAttribute('data-decision'), 'allowed');
    assert.match(await trace.innerText(), /arn:aws:iam::111122223333:role\/AppRole calls dynamodb:ListTables on \*/);
    assert.equal(await trace.locator('[data-testid=stage][data-stage=identity]').getAttribute('data-status'), 'allow');
    // The identity stage opens to the statement that allows it.
    await trace.locator('details.stage-detail.allow > summary', { hasText: 'Identity policies' }).click();
    await trace.locator('.statement.matched').first().waitFor();

    const rows = await page.locator('[data-testid=matrix-row]').count();
    await listTables.locator('[data-testid=access-add-request]').click();
    await page.locator('[data-testid=matrix-row]').nth(rows).waitFor();
    const added = page.locator('[data-testid=matrix-row]').nth(rows);
    assert.equal(await added.getAttribute('aria-selected'), 'true');
    assert.match(await added.innerText(), /dynamodb:ListTables \(from the access map\)/);
    assert.equal(await decision(page), 'allowed');
    assert.deepEqual(page.record.errors, []);
  });

  test('who can, from the row of a request that is not selected', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-iam-sourcevpce-deny');
    const selected = page.locator('[data-testid=matrix-row][aria-selected=true]');
    const selectedName = await selected.innerText();
    const other = page.locator('[data-testid=matrix-row][aria-selected=false]', { hasText: 'PutItem without an endpoint' }).first();
    await other.locator('[data-testid=row-who-can]').click();
    const heading = page.locator('[data-testid=who-can-heading]');
    await heading.waitFor();
    assert.match(await heading.innerText(), /Who can call dynamodb:PutItem on arn:aws:dynamodb:.*\(request 4 “PutItem without an endpoint”\)/);
    // The row asked without being selected; the answer is about its request (the selected one
    // goes through the approved endpoint, where AppRole may call GetItem).
    assert.equal(await other.getAttribute('aria-selected'), 'false');
    assert.equal(await page.locator('[data-testid=matrix-row][aria-selected=true]').innerText(), selectedName);
    const role = page.locator(`[data-testid=who-can-entry][data-principal="${APP_ROLE}"]`);
    assert.equal(await role.getAttribute('data-verdict'), 'conditional');
    assert.match(await role.innerText(), /aws:sourceVpce/);
    // Focus moved to the answer.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'who-can-heading');
    // An edit makes the answer out of date: it goes, until asked again.
    await page.locator('[data-testid=request-name]').fill('renamed');
    await heading.waitFor({ state: 'detached' });
    assert.deepEqual(page.record.errors, []);
  });
});
