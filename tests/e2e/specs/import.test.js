// End-to-end tests of importing AWS output in the playground and of the account model's panel:
// files go through the real file input (and a synthetic drop), the report shows what was read,
// a request picks its principal from what was imported, and the trace says whose policy decided.
// The fixtures (tests/e2e/fixtures) follow the AWS CLI reference's output shapes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  E2E_DIR, examples, foreignRequests, loadExampleAndShare, open, waitForDecisionValue,
} from '../lib/harness.js';
import { largeAuthorizationDetails } from '../lib/large-import.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const ROLE = 'arn:aws:iam::111122223333:role/Analyst';
const BUCKET = 'arn:aws:s3:::amzn-s3-demo-bucket';
const KEY = 'arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A fixture as Playwright's file payload. */
function fixture(name) {
  return {
    name,
    mimeType: 'application/json',
    buffer: readFileSync(path.join(E2E_DIR, 'fixtures', name)),
  };
}

function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

/** Opens every closed stage of the trace, so its policies are shown. */
async function openStages(page) {
  const closed = page.locator('details.stage-detail:not([open]) > summary');
  for (let left = await closed.count(); left > 0; left -= 1) {
    await closed.first().click();
  }
}

describe('importing AWS output', () => {
  test('authorization details and a bucket policy: report, principal picked, decision and owner', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await page.locator('[data-testid=import-aws]').setInputFiles([
      fixture('authorization-details.json'),
      fixture('bucket-policy.json'),
    ]);
    const report = page.locator('[data-testid=import-report]');
    await report.waitFor();
    const files = await report.locator('[data-testid=import-file]').evaluateAll((items) =>
      items.map((item) => ({ kind: item.dataset.kind, taken: item.querySelector('[data-testid=import-taken]').textContent })),
    );
    assert.equal(files[0].kind, 'iam-authorization-details');
    for (const counted of ['1 user', '1 group', '1 role', '1 managed policy']) {
      assert.ok(files[0].taken.includes(counted), `${files[0].taken} lacks ${counted}`);
    }
    assert.equal(files[1].kind, 's3-bucket-policy');
    assert.ok(/1 resource/.test(files[1].taken), files[1].taken);
    assert.match(await report.locator('[data-testid=import-lacks]').innerText(), /service control/i);
    // The scenario on screen was replaced, and is offered back.
    await page.locator('[data-testid=replaced]').waitFor();

    // The model panel lists what was imported.
    const arns = await page.locator('[data-testid=model-entry]').evaluateAll((entries) => entries.map((e) => e.dataset.arn));
    for (const arn of [ROLE, 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:group/Readers', BUCKET]) {
      assert.ok(arns.includes(arn), `${arn} not in ${arns}`);
    }

    // A request picks the role and the bucket from what the scenario holds.
    await page.getByRole('button', { name: '+ request' }).click();
    const principal = page.locator('[data-testid=request-principal]');
    const choices = await principal.evaluate((input) => [...input.list.options].map((o) => o.value));
    assert.ok(choices.includes(ROLE), `${choices}`);
    assert.ok(choices.includes('arn:aws:sts::111122223333:assumed-role/Analyst/session'), `${choices}`);
    const resources = await page.locator('[data-testid=request-resource]').evaluate((input) => [...input.list.options].map((o) => o.value));
    assert.deepEqual(resources, [BUCKET]);
    await principal.fill(ROLE);
    await page.locator('[data-testid=request-action]').fill('s3:GetObject');
    await page.locator('[data-testid=request-resource]').fill(`${BUCKET}/reports/q1.csv`);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');

    await openStages(page);
    const owners = await page.locator('[data-testid=policy-owner]').allInnerTexts();
    assert.ok(owners.some((o) => o.includes(`attached to ${ROLE}`)), owners.join('\n'));
    assert.ok(owners.some((o) => o.includes(`resource policy of ${BUCKET}`)), owners.join('\n'));

    // The imported model's documents open in the policy editor with their text as imported.
    const entry = page.locator(`[data-testid=model-entry][data-arn="arn:aws:iam::111122223333:policy/ReadReports"]`);
    await entry.locator('summary').click();
    const text = await entry.locator('textarea[data-testid=policy-text]').inputValue();
    assert.ok(text.includes('"s3:ListBucket"'), text);
    assertClean(page);
  });

  test('a dropped key policy asks for its key ARN, and imports with it', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    const text = readFileSync(path.join(E2E_DIR, 'fixtures', 'key-policy.json'), 'utf8');
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'key-policy.json', { type: 'application/json' }));
      const app = document.querySelector('.app');
      app.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      app.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, text);
    const failed = page.locator('[data-testid=import-error]');
    await failed.waitFor();
    assert.match(await failed.innerText(), /key-policy\.json/);
    await page.locator('[data-testid=import-resource]').fill(KEY);
    await page.locator('[data-testid=import-retry]').click();
    const report = page.locator('[data-testid=import-report]');
    await report.waitFor();
    assert.equal(await report.locator('[data-testid=import-file]').getAttribute('data-kind'), 'kms-key-policy');
    await page.locator(`[data-testid=model-entry][data-arn="${KEY}"]`).waitFor();
    assertClean(page);
  });
});

describe('a large import', () => {
  test('20 MB of authorization details show that they are being read, then their report', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    const text = largeAuthorizationDetails();
    // Record, from inside the page, when the file is picked (the input's change: handing 20 MB
    // to the page through the test's driver takes seconds of its own) and when the reading
    // state and the report first show.
    await page.evaluate(() => {
      window.importSeen = {};
      let start = null;
      document.querySelector('[data-testid=import-aws]').addEventListener('change', () => {
        start = performance.now();
      }, { capture: true });
      new MutationObserver(() => {
        for (const id of ['import-reading', 'import-report', 'import-error']) {
          if (start !== null && !(id in window.importSeen) && document.querySelector(`[data-testid=${id}]`)) {
            window.importSeen[id] = performance.now() - start;
          }
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.locator('[data-testid=import-aws]').setInputFiles({
      name: 'authorization-details.json', mimeType: 'application/json', buffer: Buffer.from(text),
    });
    await page.locator('[data-testid=import-report]').waitFor({ timeout: 60000 });
    const seen = await page.evaluate(() => window.importSeen);
    assert.ok('import-reading' in seen, 'the reading state was never shown');
    assert.ok(seen['import-reading'] < seen['import-report'], JSON.stringify(seen));
    const taken = await page.locator('[data-testid=import-taken]').innerText();
    assert.ok(taken.includes('3000 roles') && taken.includes('1000 users') && taken.includes('2000 managed policies'), taken);
    console.log(`# ${(text.length / 1e6).toFixed(1)} MB picked: reading shown after ${seen['import-reading'].toFixed(0)} ms, report after ${seen['import-report'].toFixed(0)} ms`);
    assertClean(page);
  });
});

describe('the account model panel', () => {
  test('a share link of a scenario with principals opens with them, and they can be edited', async () => {
    const example = examples().find((e) => (e.scenario.principals ?? []).length > 1);
    assert.ok(example, 'an example with principals');
    const first = await site.newPage();
    await open(first, site.url);
    const link = await loadExampleAndShare(first, example);

    const page = await site.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(link);
    await page.locator('[data-testid=model-panel]').waitFor();
    const arns = await page.locator('[data-testid=model-entry]').evaluateAll((entries) => entries.map((e) => e.dataset.arn));
    for (const principal of example.scenario.principals) {
      assert.ok(arns.includes(principal.arn), `${principal.arn} not in ${arns}`);
    }
    const units = await page.locator('[data-testid=org-unit]').count();
    assert.equal(units, example.scenario.organization?.units?.length ?? 0);

    // A tag added to a principal is in the next share link.
    const arn = example.scenario.principals[0].arn;
    const entry = page.locator(`[data-testid=model-entry][data-arn="${arn}"]`);
    await entry.locator('summary').click();
    await entry.getByRole('button', { name: '+ tag' }).click();
    await entry.locator('[data-testid=tag-row] input[aria-label="Tag value"]').last().fill('from-the-test');
    await page.waitForFunction(() => location.hash.length > 3);
    const reopened = await site.newPage();
    await page.waitForTimeout(400); // past the fragment's update
    await reopened.goto(page.url());
    const again = reopened.locator(`[data-testid=model-entry][data-arn="${arn}"]`);
    await again.locator('summary').click();
    const values = await again.locator('[data-testid=tag-row] input[aria-label="Tag value"]').evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.ok(values.includes('from-the-test'), `${values}`);
    // Nothing of the panel is wider than a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    assertClean(page);
  });
});
