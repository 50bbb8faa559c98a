// End-to-end tests of what the playground writes and says about size and names: a scenario too
// large for a share link gets its size, the limit and the file export instead of a link the
// page could not open; the exported file loads back; a link at the top of what fits opens; and
// repeated policy ids and Sids are listed under their editors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  examples, encodeScenario, foreignRequests, fragmentScenario, open, waitForDecision,
} from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const EXAMPLES = examples();
const SEED = EXAMPLES.find((e) => e.stem === 'seed001-allow-from-account');
/** The share link's bounds, as `web/src/share.rs` sets them. */
const MAX_LINK_CHARACTERS = 1_000_000;
const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;

function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

/** Characters deflate cannot pack much: base64's alphabet in a fixed pseudo-random order. */
function noise(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let x = 0x2545f491;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out += alphabet[(x >>> 0) % 64];
  }
  return out;
}

/**
 * The seed example grown to about `megabytes` MB by 40 identity policies that each list many
 * object ARNs (an account's worth of resources), generated here.
 */
function bigScenario(megabytes) {
  const scenario = structuredClone(SEED.scenario);
  scenario.name = `Large scenario (${megabytes} MB)`;
  const perPolicy = Math.ceil((megabytes * 1024 * 1024) / 40);
  for (let p = 0; p < 40; p++) {
    const resources = [];
    for (let size = 0, i = 0; size < perPolicy; i++) {
      const arn = `arn:aws:s3:::amzn-s3-demo-bucket-${p}/reports/${i}/${noise(24)}`;
      resources.push(arn);
      size += arn.length + 3;
    }
    scenario.policies.identity.push({
      id: `Reports${p}`,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resources }] },
    });
  }
  return scenario;
}

/** Imports `scenario` through the toolbar's Import JSON, as a person picks a file. */
async function importScenario(page, scenario, name = 'scenario.json') {
  await page.locator('[data-testid=import-scenario]').setInputFiles({
    name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.locator('.scenario-info h2', { hasText: scenario.name }).waitFor({ timeout: 60_000 });
}

/** A page whose clipboard writes are kept in `window.copied`, read back by the test. */
async function pageWithClipboard() {
  const page = await site.newPage();
  await page.addInitScript(() => {
    window.copied = [];
    navigator.clipboard.writeText = (text) => {
      window.copied.push(text);
      return Promise.resolve();
    };
  });
  return page;
}

describe('share links and size', () => {
  test('a 4.6 MB scenario gets its size, the limit and an Export file offer, never a link', async () => {
    const page = await pageWithClipboard();
    await open(page, site.url);
    const scenario = bigScenario(4.6);
    const bytes = Buffer.byteLength(JSON.stringify(scenario));
    assert.ok(bytes > MAX_SCENARIO_BYTES, `${bytes} bytes`);
    await importScenario(page, scenario, 'large.json');
    await waitForDecision(page);

    for (const button of ['copy-link', 'copy-embed']) {
      await page.locator(`[data-testid=${button}]`).click();
      const message = page.locator('[data-testid=link-too-large]');
      await message.waitFor();
      const said = await message.innerText();
      // Its size as the playground holds it (each policy as the text its editor shows).
      const size = said.match(/This scenario is \d+\.\d MB \(([\d,]+) bytes of JSON\)/);
      assert.ok(size && Number(size[1].replace(/,/g, '')) >= bytes, said);
      assert.ok(said.includes('at most 4.0 MB (4,194,304 bytes)'), said);
      assert.ok(await message.locator('[data-testid=export-offer]').isVisible(), 'Export file is offered');
      await message.getByRole('button', { name: 'Dismiss' }).click();
      await message.waitFor({ state: 'detached' });
    }
    assert.deepEqual(await page.evaluate(() => window.copied), [], 'no link and no snippet was copied');
    // Nor does the page's own address hold one.
    await page.waitForTimeout(600);
    assert.equal(fragmentScenario(page.url()), null, page.url().slice(0, 200));

    // The export offered is the whole scenario, and it loads back.
    await page.locator('[data-testid=copy-link]').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=export-offer]').click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.name, scenario.name);
    // Documents are exported as the text their editors hold.
    assert.deepEqual(
      exported.policies.identity.map((p) => [p.id, JSON.parse(p.document)]),
      scenario.policies.identity.map((p) => [p.id, p.document]),
    );
    const fresh = await site.newPage();
    await open(fresh, site.url);
    await importScenario(fresh, exported, download.suggestedFilename());
    await waitForDecision(fresh);
    const ids = await fresh.$$eval('textarea[data-testid=policy-text][data-policy-type=identity]', (areas) => areas.map((a) => a.dataset.policyId));
    assert.deepEqual(ids, scenario.policies.identity.map((p) => p.id));
    assertClean(page);
    assertClean(fresh);
  });

  test('a scenario whose link would be too long says so with the link\'s length; one that fits opens', async () => {
    const page = await pageWithClipboard();
    await open(page, site.url);
    const long = structuredClone(SEED.scenario);
    long.name = 'Noisy scenario';
    long.description = noise(1_100_000);
    await importScenario(page, long);
    await page.locator('[data-testid=copy-link]').click();
    const said = await page.locator('[data-testid=link-too-large]').innerText();
    assert.match(said, /packs into a link of 1,[\d,]+ characters; a share link may be at most 1,000,000 characters/, said);

    // Shorter noise fits: the link copied opens in a new page with the same scenario.
    const fits = structuredClone(long);
    fits.name = 'Noisy scenario that fits';
    fits.description = noise(900_000);
    await importScenario(page, fits);
    await page.locator('[data-testid=copy-link]').click();
    await page.waitForFunction(() => window.copied.length === 1);
    const link = (await page.evaluate(() => window.copied))[0];
    const payload = fragmentScenario(link);
    assert.ok(payload.length > 0.85 * MAX_LINK_CHARACTERS && payload.length <= MAX_LINK_CHARACTERS, `${payload.length}`);
    const opened = await site.newPage();
    await opened.goto(link);
    await waitForDecision(opened);
    await opened.locator('.scenario-info h2', { hasText: fits.name }).waitFor();
    assert.equal(await opened.locator('[data-testid=error-banner]').count(), 0, 'the link opens without complaint');
    assertClean(page);
    assertClean(opened);
  });

  test('Export JSON writes a file that Import JSON loads back as the same scenario', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await importScenario(page, SEED.scenario);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=export-scenario]').click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.name, SEED.scenario.name);
    const other = await site.newPage();
    await open(other, site.url);
    await importScenario(other, exported, download.suggestedFilename());
    await waitForDecision(other);
    const texts = await other.$$eval('textarea[data-testid=policy-text]', (areas) => areas.map((a) => JSON.parse(a.value)));
    const written = Object.values(SEED.scenario.policies).flat().map((p) => p.document);
    assert.deepEqual(texts.sort(byJson), written.sort(byJson));
    assertClean(page);
    assertClean(other);
  });
});

function byJson(a, b) {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

describe('names that repeat', () => {
  test('a second policy id and a second Sid are listed under their editors', async () => {
    const statement = (sid, action) => ({ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' });
    const scenario = {
      name: 'Repeated names',
      policies: {
        identity: [
          { id: 'App', document: { Version: '2012-10-17', Statement: [statement('Read', 's3:GetObject'), statement('Read', 's3:ListBucket')] } },
          { id: 'App', document: { Version: '2012-10-17', Statement: [statement('Write', 's3:PutObject')] } },
        ],
      },
      requests: [{ principal: 'arn:aws:iam::111122223333:role/R', action: 's3:GetObject', resource: '*' }],
    };
    const page = await site.newPage();
    await page.goto(`${site.url}/#s=${encodeScenario(scenario, 'raw')}`);
    await waitForDecision(page);
    const findings = await page.$$eval('.policy-editor', (editors) => editors.map((editor) =>
      [...editor.querySelectorAll('.finding')].map((item) => ({
        code: item.querySelector('.code-name').textContent,
        where: item.querySelector('.where').textContent,
        message: item.querySelector('.message').textContent,
      }))));
    assert.equal(findings.length, 2);
    const sid = findings[0].find((f) => f.code === 'duplicate-sid');
    assert.ok(sid, JSON.stringify(findings[0]));
    assert.match(sid.where, /^\d+:\d+$/);
    assert.match(sid.message, /Read is the Sid of the statement at line \d+, column \d+ too/);
    const id = findings[1].find((f) => f.code === 'duplicate-policy-id');
    assert.ok(id, JSON.stringify(findings[1]));
    assert.equal(id.where, 'id');
    assert.match(id.message, /App is the id of policies\.identity\[0\] too/);
    assert.equal(findings[0].filter((f) => f.code === 'duplicate-policy-id').length, 0, 'the first keeps its id');
    assertClean(page);
  });
});
