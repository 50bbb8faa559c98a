// End-to-end tests of the built playground (dist/) in headless Chromium, following the app's DOM
// contract (data-testid attributes). Run with scripts/test-all, or `npm test` here after
// scripts/build-release.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS_DIR, DECISIONS, POLICY_TYPES, REPO_ROOT, STAGES, decision, examples, foreignRequests,
  loadExample, loadExampleAndShare, matrix, open, policies, stages, waitForDecision, waitForDecisionValue,
  waitForFragment, fragmentScenario, decodeScenario, encodeScenario, savedScenarios, waitForSaved,
} from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const EXAMPLES = examples();
/** The examples whose requests are made by IAM principals under ordinary policies: an edit to
 * an identity policy changes their decisions (unlike an identity provider's, or a request that
 * a rule outside the policies decides). */
const IAM_EXAMPLES = EXAMPLES.filter((e) => /^(seed|teach)/.test(e.stem));
const DENY_ALL = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }] },
  null,
  2,
);

const site = siteForSpecs();
const newPage = (options) => site.newPage(options);

/** Every page must stay inside its own origin and throw no uncaught errors. */
function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

describe('the playground page', () => {
  test('loads, shows a gallery button per example, and the DOM contract\'s parts', async () => {
    const page = await newPage();
    await open(page, site.url);
    const stems = await page.$$eval('[data-testid=gallery] button[data-example]', (buttons) =>
      buttons.map((b) => b.getAttribute('data-example')),
    );
    assert.deepEqual([...stems].sort(), EXAMPLES.map((e) => e.stem), 'one gallery button per examples/*.json');
    await loadExample(page, EXAMPLES[0].stem);
    const shown = await stages(page);
    assert.deepEqual(Object.keys(shown).sort(), [...STAGES].sort(), 'one [data-testid=stage] per stage');
    for (const [stage, status] of Object.entries(shown)) {
      assert.ok(['allow', 'deny', 'noMatch', 'notApplicable'].includes(status), `stage ${stage} status ${status}`);
    }
    for (const p of await policies(page)) {
      assert.ok(POLICY_TYPES.includes(p.type), `policy type ${p.type}`);
      assert.ok(p.id, 'every policy editor has data-policy-id');
    }
    assertClean(page);
  });

  test('each seed example shows its first request\'s expected decision', async () => {
    const page = await newPage();
    await open(page, site.url);
    const failures = [];
    for (const { stem, scenario } of EXAMPLES) {
      await loadExample(page, stem);
      const want = scenario.requests?.[0]?.expect;
      const got = want ? await waitForDecisionValue(page, want, 3000) : await decision(page);
      if (want ? got !== want : !DECISIONS.includes(got)) {
        failures.push(`${stem}: request 0 shows ${got}, expected ${want ?? 'a decision'}`);
      }
      const rows = await matrix(page);
      if (rows.length !== (scenario.requests ?? []).length) {
        failures.push(`${stem}: ${rows.length} matrix rows for ${(scenario.requests ?? []).length} requests`);
        continue;
      }
      scenario.requests.forEach((request, i) => {
        const row = rows[i];
        if (request.expect && (row.decision !== request.expect || row.expect !== 'pass')) {
          failures.push(`${stem}: matrix row ${i} is ${row.decision}/${row.expect}, expected ${request.expect}/pass`);
        }
        if (!request.expect && row.expect !== 'none') {
          failures.push(`${stem}: matrix row ${i} has data-expect=${row.expect} but the request has no expect`);
        }
      });
    }
    assert.deepEqual(failures, []);
    assertClean(page);
  });

  test('the explanation shows the names it quotes as code, not between backticks', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-read-only-endpoint');
    const explanation = page.locator('.trace-view > .explanation');
    assert.deepEqual(
      await explanation.locator('code').allInnerTexts(),
      ['arn:aws:iam::111122223333:role/AppRole', 'dynamodb:DescribeTable',
        'arn:aws:dynamodb:us-east-1:111122223333:table/StockTable', '#0', 'AppDynamo', 'ReadOnly', 'vpce-11aa22bb'],
    );
    assert.ok(!(await explanation.innerText()).includes('`'), 'no backtick is left in the explanation');
    // Open every stage and statement: their verdicts quote the policies' patterns too.
    for (let round = 0; round < 3; round++) {
      await page.locator('.trace-view details:not([open])').evaluateAll((closed) => closed.forEach((d) => { d.open = true; }));
      await page.waitForTimeout(100);
    }
    assert.ok(await page.locator('.trace-view .elements code').count() > 0, 'the statements\' elements are shown');
    assert.ok(!(await page.locator('.trace-view').innerText()).includes('`'), 'no backtick is left in the trace');
    assertClean(page);
  });

  test('each decision point of the flowchart holds its text inside its shape', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-read-only-endpoint');
    const crowded = await page.locator('[data-testid=stage]').evaluateAll((stages) => stages
      .filter((stage) => {
        const shape = stage.querySelector('rect').getBoundingClientRect();
        return [...stage.querySelectorAll('text')].some((text) => {
          const box = text.getBoundingClientRect();
          return box.left < shape.left + 1 || box.right > shape.right - 1;
        });
      })
      .map((stage) => stage.dataset.stage));
    assert.deepEqual(crowded, []);
  });

  test('clicking a matrix row selects that request', async () => {
    const page = await newPage();
    await open(page, site.url);
    // an example whose requests do not all share one decision
    const example = EXAMPLES.find((e) => new Set((e.scenario.requests ?? []).map((r) => r.expect)).size > 1);
    assert.ok(example, 'an example with requests of different decisions');
    await loadExample(page, example.stem);
    const i = example.scenario.requests.findIndex((r) => r.expect && r.expect !== example.scenario.requests[0].expect);
    await page.locator('[data-testid=matrix-row]').nth(i).click();
    assert.equal(await waitForDecisionValue(page, example.scenario.requests[i].expect), example.scenario.requests[i].expect);
    assertClean(page);
  });
});

describe('editing', () => {
  test('typing into a policy editor re-evaluates the trace and the decision', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = IAM_EXAMPLES.find((e) =>
      e.scenario.requests?.[0]?.expect === 'allowed' && e.scenario.policies?.identity?.length);
    assert.ok(example, 'an example whose first request is allowed, with an identity policy');
    await loadExample(page, example.stem);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    const before = await stages(page);

    const editor = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
    await editor.fill(DENY_ALL);
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny', 'an explicit Deny * wins');
    const afterDeny = await stages(page);
    assert.equal(afterDeny.explicitDeny, 'deny', 'the explicitDeny stage denies');
    assert.notDeepEqual(afterDeny, before, 'the trace changed');

    // keystrokes, not only fill: turn the Deny back into an Allow by typing
    await editor.fill(DENY_ALL.replace('"Effect": "Deny"', '"Effect": "'));
    await editor.press('End'); // no-op on some platforms; place the caret explicitly below
    await editor.evaluate((el) => {
      const at = el.value.indexOf('"Effect": "') + '"Effect": "'.length;
      el.setSelectionRange(at, at);
    });
    await page.keyboard.type('Allow"');
    const got = await waitForDecisionValue(page, 'allowed');
    assert.notEqual(got, 'explicitDeny', 'typing Allow removed the explicit deny');
    assertClean(page);
  });
});

describe('left out for errors', () => {
  test('a typo\'s statement is shown where it stands, the decision is marked, and the mend is offered first', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = IAM_EXAMPLES.find((e) =>
      e.scenario.requests?.[0]?.expect === 'allowed' && e.scenario.policies?.identity?.length === 1);
    assert.ok(example, 'an example whose first request is allowed, with one identity policy');
    await loadExample(page, example.stem);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    const typo = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Permit', Action: '*', Resource: '*' }] },
      null,
      2,
    );
    const editor = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
    await editor.fill(typo);
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    const note = page.locator('[data-testid=invalid-note]');
    await note.waitFor();
    assert.match(await note.innerText(), /rests on invalid policies/);
    const left = page.locator('[data-testid=left-out-statement]').first();
    await left.waitFor();
    const text = await left.innerText();
    assert.match(text, /Everything/);
    assert.match(text, /error\[invalid-effect\]\s+line 6:17 Effect must be "Allow" or "Deny"/);
    assert.match(text, /Mended \(write "Allow"\), the request is allowed/);
    assert.match(await page.locator('[data-testid=left-out-note]').first().innerText(), /would have allowed this/);
    // The flowchart's point of that stage says so too.
    const flagged = page.locator('[data-testid=stage][data-left-out=true]');
    assert.equal(await flagged.count(), 1);
    assert.match(await flagged.getAttribute('aria-label'), /⚠.*would have allowed this/);
    // The first suggestion mends the typo; applying it changes only the typo.
    const item = page.locator('[data-testid=suggestion]').first();
    await item.waitFor();
    assert.match(await item.innerText(), /Mend statement Everything/);
    await item.locator('[data-testid=apply-suggestion]').click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assert.equal(await editor.inputValue(), typo.replace('"Permit"', '"Allow"'));
    assert.equal(await page.locator('[data-testid=invalid-note]').count(), 0, 'the note is gone');
    assertClean(page);
  });
});

describe('rules outside the policies', () => {
  test('a request a rule decides shows the rule as its own step, with its AWS page', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = EXAMPLES.find((e) => e.stem === 'rule-get-caller-identity');
    assert.ok(example, 'the GetCallerIdentity example');
    await loadExample(page, example.stem);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed', 'no Deny stops GetCallerIdentity');
    const step = page.locator('[data-testid=rule-step]');
    await step.waitFor();
    assert.equal(await step.getAttribute('data-rule'), 'get-caller-identity');
    assert.match(await step.locator('a').getAttribute('href'), /^https:\/\/docs\.aws\.amazon\.com\/STS\//);
    assertClean(page);
  });
});

describe('keyboard', () => {
  const focused = (page) => page.evaluate(() => {
    const element = document.activeElement;
    return element === document.body ? 'body' : `${element.tagName.toLowerCase()}.${element.className}|${element.closest('[data-level]')?.dataset.level ?? ''}`;
  });

  test('focus stays with what was acted on: a moved level, a chosen example, a removed policy', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'teach-scp-level-without-allow');
    const scps = page.locator('[data-section=scp]');
    const levels = () => scps.locator('.level').evaluateAll((blocks) => blocks.map((b) => b.dataset.level));
    assert.deepEqual(await levels(), ['root', 'ou-workloads', 'account']);
    // Enter twice on root's "move down" moves root down twice.
    await scps.locator('.level[data-level=root] .move-down').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('[data-level]')?.dataset.level === 'root');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-section=scp] .level')].at(-1)?.dataset.level === 'root');
    assert.deepEqual(await levels(), ['ou-workloads', 'account', 'root']);
    // Focus follows a frame after the move is drawn: wait for it (briefly), then say where it is.
    await page.waitForFunction(() => document.activeElement?.matches('.level[data-level=root] .move-up'), null, { timeout: 3000 }).catch(() => {});
    assert.equal(await focused(page), 'button.move-up|root', 'at the bottom, focus moves to the level\'s other arrow');

    // Removing a policy: focus goes to its section's add button.
    await page.locator('[data-section=identity] .policy-editor .remove').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.matches('[data-section=identity] > header .add'));

    // Choosing an example from the gallery with the keyboard: focus returns to the gallery.
    await page.locator('[data-testid=gallery] summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=gallery] button[data-example]').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.matches('[data-testid=gallery] summary'));
    assertClean(page);
  });

  test('Import JSON is reached with Tab, between Export JSON and Copy embed snippet', async () => {
    const page = await newPage();
    await open(page, site.url);
    await page.getByRole('button', { name: 'Export JSON' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.type), 'file');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'copy-embed');
  });
});

describe('import', () => {
  test('a file that is not a scenario says so in the banner and keeps the page', async () => {
    const page = await newPage();
    await open(page, site.url);
    const before = await page.locator('.scenario-info h2').innerText();
    await page.locator('[data-testid=import-scenario]').setInputFiles({
      name: 'policy.json', mimeType: 'application/json', buffer: Buffer.from(DENY_ALL),
    });
    const banner = page.locator('[data-testid=error-banner]');
    await banner.waitFor();
    const text = await banner.innerText();
    assert.ok(text.includes('policy.json cannot be imported') && text.includes('scenario file'), text);
    assert.ok(!text.includes('`'), `names are shown as code, not between backticks: ${text}`);
    assert.equal(await page.locator('.scenario-info h2').innerText(), before);
    assertClean(page);
  });
});

describe('keeping work', () => {
  test('loading an example keeps the autosaved work and offers it back', async () => {
    const page = await newPage();
    await open(page, site.url);
    const mine = '{ "Statement": [ "my own work, not JSON yet"';
    await page.locator('textarea[data-testid=policy-text]').first().fill(mine);
    const saved = async () => (await savedScenarios(page)).map((entry) => entry.text).join('\n');
    await waitForSaved(page, 'my own work');

    const other = EXAMPLES.find((e) => e.stem !== EXAMPLES[0].stem);
    await loadExample(page, other.stem);
    const offer = page.locator('[data-testid=replaced]');
    await offer.waitFor();
    await page.waitForTimeout(600); // past the autosave's delay
    assert.ok((await saved()).includes('my own work'), 'the example did not overwrite the autosave');
    assert.ok((await offer.innerText()).includes('It stays in Recent'), 'the offer says where the work is kept');

    // Bringing it back restores the text as typed and offers the example in turn.
    await page.locator('[data-testid=restore-replaced]').click();
    assert.equal(await page.locator('textarea[data-testid=policy-text]').first().inputValue(), mine);
    assert.ok((await offer.innerText()).includes(other.scenario.name), 'the example is offered back in turn');
    // A later visit finds the work too.
    await open(page, site.url);
    assert.equal(await page.locator('textarea[data-testid=policy-text]').first().inputValue(), mine);
    assertClean(page);
  });

  for (const [label, withoutClipboard] of [
    ['without a clipboard (a plain-HTTP host)', () => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined })],
    ['when the browser refuses to write', () => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }],
  ]) {
    test(`${label} the copy buttons show the text to copy by hand`, async () => {
      const page = await newPage();
      await page.addInitScript(withoutClipboard);
      const prompts = [];
      page.on('dialog', async (dialog) => {
        prompts.push(dialog.defaultValue());
        await dialog.dismiss();
      });
      // The prompt comes once the browser has answered the copy: wait for it.
      const prompted = async (count) => {
        for (let i = 0; i < 100 && prompts.length < count; i++) await new Promise((r) => setTimeout(r, 20));
      };
      await open(page, site.url);
      await page.locator('[data-testid=copy-link]').click();
      await prompted(1);
      await page.locator('[data-testid=copy-embed]').click();
      await prompted(2);
      assert.equal(prompts.length, 2, 'one prompt per button');
      assert.ok(prompts[0].startsWith(`${site.url}/#s=`), prompts[0]);
      assert.ok(prompts[1].startsWith('<iframe src='), prompts[1]);
      assert.equal(await page.locator('.toolbar .status').innerText(), '', 'nothing claims to be copied');
      assertClean(page);
    });
  }

  test('an embed never writes the visitor\'s autosave', async () => {
    const page = await newPage();
    await open(page, site.url);
    const mine = '{ "my own work": true }';
    await page.locator('textarea[data-testid=policy-text]').first().fill(mine);
    await waitForSaved(page, 'my own work');
    const share = new URL(await loadExampleAndShare(page, EXAMPLES[0]));
    await page.goto(`${site.url}/?embed=1${share.hash}`);
    await waitForDecision(page);
    await page.locator('[data-testid=policy-text]').first().fill('{ "edited in the embed": true }');
    await page.waitForTimeout(600);
    const saved = (await savedScenarios(page)).map((entry) => entry.text).join('\n');
    assert.ok(saved.includes('my own work'));
    assert.ok(!saved.includes('edited in the embed'), 'nothing of the embed is saved');
    assertClean(page);
  });
});

describe('organization levels', () => {
  test('typing a new level name for a policy keeps the field, and the new level follows the old', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = EXAMPLES.find((e) => new Set((e.scenario.policies?.scp ?? []).map((p) => p.level)).size >= 2);
    assert.ok(example, 'an example with two SCP levels');
    await loadExample(page, example.stem);
    const first = (example.scenario.policies.scp)[0].level;
    const level = page.locator(`.level[data-level="${first}"]`).first();
    await level.getByRole('button', { name: '+ policy' }).click();
    const field = level.locator('.policy-editor').last().getByLabel('Level');
    await field.click();
    await page.keyboard.press('End');
    await page.keyboard.type('-new');
    assert.equal(await field.inputValue(), `${first}-new`, 'every keystroke landed in the field');
    await page.keyboard.press('Tab');
    const levels = await page.locator('.level').evaluateAll((blocks) => blocks.map((b) => b.dataset.level));
    assert.equal(levels[levels.indexOf(first) + 1], `${first}-new`, `levels: ${levels}`);
    assertClean(page);
  });
});

describe('share links', () => {
  test('the page\'s URL after loading an example restores the same scenario in a fresh page', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = EXAMPLES.find((e) => e.stem === 'seed003-scp-break-glass-exception') ?? EXAMPLES[0];
    const url = await loadExampleAndShare(page, example);
    const want = { decision: await decision(page), policies: await policies(page), matrix: await matrix(page) };

    const fresh = await newPage();
    await fresh.goto(url);
    await waitForDecision(fresh);
    assert.equal(await waitForDecisionValue(fresh, want.decision), want.decision);
    assert.deepEqual(await policies(fresh), want.policies);
    assert.deepEqual(await matrix(fresh), want.matrix);
    assertClean(page);
    assertClean(fresh);
  });

  test('an edit updates the URL fragment, and that link restores the edit', async () => {
    const page = await newPage();
    await open(page, site.url);
    const example = IAM_EXAMPLES.find((e) =>
      e.scenario.requests?.[0]?.expect === 'allowed' && e.scenario.policies?.identity?.length);
    const before = await loadExampleAndShare(page, example);
    await page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first().fill(DENY_ALL);
    assert.equal(await waitForDecisionValue(page, 'explicitDeny'), 'explicitDeny');
    const url = await waitForFragment(page, fragmentScenario(before));

    const fresh = await newPage();
    await fresh.goto(url);
    await waitForDecision(fresh);
    assert.equal(await waitForDecisionValue(fresh, 'explicitDeny'), 'explicitDeny');
    const identity = (await policies(fresh)).find((p) => p.type === 'identity');
    assert.equal(identity?.text, DENY_ALL, 'the edited text comes back as typed');
    assertClean(fresh);
  });

  test('a request that cannot be evaluated says why under its form, names as code', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-read-only-endpoint');
    await page.locator('[data-testid=request-action]').fill('GetItem');
    const problem = page.locator('[data-testid=request-problem]');
    await problem.waitFor();
    assert.deepEqual(await problem.locator('code').allInnerTexts(), ['GetItem', 'service:ActionName', 'dynamodb:GetItem']);
    assert.ok(!(await problem.innerText()).includes('`'), 'no backtick is left in the message');
    assert.equal(await decision(page), '', 'no decision for a request that cannot be evaluated');
    assertClean(page);
  });

  test('another link opened in the same tab shows its scenario; a broken one keeps the page', async () => {
    const sharer = await newPage();
    await open(sharer, site.url);
    const [first, second] = [EXAMPLES[0], EXAMPLES.find((e) => e.scenario.name !== EXAMPLES[0].scenario.name)];
    const linkA = await loadExampleAndShare(sharer, first);
    const linkB = await loadExampleAndShare(sharer, second);
    const page = await newPage();
    await page.goto(linkA);
    await waitForDecision(page);
    const name = () => page.locator('.scenario-info h2').innerText();
    assert.equal(await name(), first.scenario.name);
    await page.goto(linkB); // only the fragment differs: the page stays, the app follows
    await page.waitForFunction((want) => document.querySelector('.scenario-info h2')?.textContent === want, second.scenario.name);
    assert.ok((await page.locator('[data-testid=replaced]').innerText()).includes(first.scenario.name), 'the first is offered back');
    await page.goto(`${site.url}/#s=garbage`);
    await page.locator('[data-testid=error-banner]').waitFor();
    assert.equal(await name(), second.scenario.name, 'a broken link keeps the scenario on screen');
    assertClean(sharer);
    assertClean(page);
  });

  test('a broken fragment shows the error banner and an empty, working playground', async () => {
    const page = await newPage();
    await open(page, site.url, '/#s=%%%garbage');
    await page.locator('[data-testid=error-banner]').waitFor({ state: 'visible' });
    assert.equal(await page.locator('textarea[data-testid=policy-text]').count(), 0, 'no policies');
    assert.equal(await page.locator('[data-testid=matrix-row]').count(), 0, 'no requests');
    // still working: an example loads and evaluates
    const example = EXAMPLES[0];
    await loadExample(page, example.stem);
    assert.equal(await waitForDecisionValue(page, example.scenario.requests[0].expect), example.scenario.requests[0].expect);
    assertClean(page);
  });
});

describe('network', () => {
  test('the page requests nothing outside its own origin, and nothing that is not there', async () => {
    const page = await newPage();
    await open(page, site.url);
    for (const { stem } of EXAMPLES.slice(0, 5)) await loadExample(page, stem);
    await page.waitForTimeout(500);
    assert.ok(page.record.requests.length > 0, 'requests were recorded');
    assert.deepEqual(foreignRequests(page.record.requests, site.url), []);
    // A request that fails (the browser's own ask for /favicon.ico, say) logs a console error.
    assert.deepEqual(page.record.console, [], 'console errors');
  });

  test('a host that serves the wasm without its MIME type still starts the playground', async () => {
    const page = await newPage();
    // Streaming compilation needs `application/wasm`; boot.js then leaves the file to the glue,
    // which compiles it from its bytes.
    await page.route('**/*.wasm', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    });
    const wasmTypes = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) wasmTypes.push(response.headers()['content-type']);
    });
    await open(page, site.url);
    await waitForDecision(page);
    assert.ok(wasmTypes.length > 0 && wasmTypes.every((type) => type === 'application/octet-stream'), `wasm served as ${wasmTypes}`);
    assert.ok(DECISIONS.includes(await decision(page)), 'a decision is shown');
    assertClean(page);
  });
});

describe('small screens', () => {
  const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  test('no example makes the page wider than a phone\'s screen', async () => {
    const page = await newPage(PHONE);
    await open(page, site.url);
    const tooWide = [];
    for (const { stem } of EXAMPLES) {
      await loadExample(page, stem);
      // (A phone's window widens to fit what overflows; the root's client width does not.)
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const root = document.documentElement;
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
      });
      if (scrollWidth > clientWidth) tooWide.push(`${stem}: ${scrollWidth} px`);
    }
    assert.deepEqual(tooWide, [], `wider than ${PHONE.viewport.width} px`);
    assertClean(page);
  });

  test('a long description shows three lines and a button for the rest; its sources are links', async () => {
    const page = await newPage(PHONE);
    await open(page, site.url);
    await loadExample(page, 'seed003-scp-deny-dynamodb-outside-vpc');
    const description = page.locator('[data-testid=scenario-description]');
    const toggle = page.locator('[data-testid=description-toggle]');
    await toggle.waitFor();
    const lines = () => description.evaluate((p) => Math.round(p.clientHeight / parseFloat(getComputedStyle(p).lineHeight)));
    assert.equal(await lines(), 3);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await lines() > 3, 'the whole description is shown');
    const links = await description.locator('a').evaluateAll((anchors) => anchors.map((a) => ({
      href: a.getAttribute('href'), text: a.textContent, target: a.target, rel: a.rel,
    })));
    const sources = EXAMPLES.find((e) => e.stem === 'seed003-scp-deny-dynamodb-outside-vpc')
      .scenario.description.match(/https:\/\/[^\s,]+[^\s,.]/g);
    assert.deepEqual(links.map((l) => l.href), sources, 'every source is a link');
    for (const link of links) {
      assert.equal(link.text, link.href, 'a link shows its address');
      assert.equal(link.target, '_blank');
      assert.equal(link.rel, 'noopener noreferrer');
    }
    await toggle.click();
    assert.equal(await lines(), 3);
    // A link in the hidden lines, reached with the keyboard, shows them.
    await description.locator('a').last().focus();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await lines() > 3, 'the focused link is shown');
    assertClean(page);

    // A description that fits has no button.
    const link = new URL(await loadExampleAndShare(page, EXAMPLES[0]));
    const { json, codec } = decodeScenario(fragmentScenario(link.href));
    link.hash = `s=${encodeScenario({ ...json, description: 'Fits on one line.' }, codec)}`;
    const short = await newPage(PHONE);
    await short.goto(link.href);
    await waitForDecision(short);
    const fits = short.locator('[data-testid=scenario-description]', { hasText: 'Fits on one line.' });
    await fits.waitFor();
    await short.locator('main[aria-busy=false]').waitFor();
    assert.ok(await fits.evaluate((p) => p.scrollHeight <= p.clientHeight), 'nothing of it is cut');
    assert.equal(await short.locator('[data-testid=description-toggle]').count(), 0);
    assertClean(short);
  });
});

describe('contrast', () => {
  /** WCAG contrast of two `rgb(…)` colours. */
  function contrast(a, b) {
    const luminance = (rgb) => {
      const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
    };
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }

  for (const colorScheme of ['light', 'dark']) {
    test(`every kind of stage in the flowchart is readable (${colorScheme})`, async () => {
      const page = await newPage({ colorScheme });
      await open(page, site.url);
      const seen = new Map();
      for (const { stem } of EXAMPLES) {
        await loadExample(page, stem);
        // The flowchart's decision points: their text against their shape.
        const stages = await page.locator('[data-testid=stage]').evaluateAll((items) => items.map((item) => ({
          status: item.dataset.status,
          color: getComputedStyle(item.querySelector('text')).fill,
          background: getComputedStyle(item.querySelector('rect')).fill,
        })));
        for (const stage of stages) seen.set(stage.status, stage);
        if (seen.size === 4) break;
      }
      assert.deepEqual([...seen.keys()].sort(), ['allow', 'deny', 'noMatch', 'notApplicable']);
      const low = [...seen.values()]
        .map((s) => ({ ...s, ratio: contrast(s.color, s.background) }))
        .filter((s) => s.ratio < 4.5)
        .map((s) => `${s.status}: ${s.ratio.toFixed(2)}`);
      assert.deepEqual(low, [], 'stage text under 4.5:1 against its background');
    });
  }
});

describe('embed mode', () => {
  test('?embed=1 marks <body>, hides the chrome and shows the open-full link', async () => {
    const full = await newPage();
    await open(full, site.url);
    const chromeCount = await full.locator('[data-testid=chrome]').count();
    assert.ok(chromeCount > 0, 'the full page has [data-testid=chrome] elements');
    assert.ok(await full.locator('[data-testid=chrome]').first().isVisible(), 'chrome is visible in the full page');
    assert.equal(await full.evaluate(() => document.body.classList.contains('embed')), false);

    // embed links carry their scenario: take the full page's share link and add ?embed=1
    const share = new URL(await loadExampleAndShare(full, EXAMPLES[0]));
    const page = await newPage();
    await page.goto(`${site.url}/?embed=1${share.hash}`);
    await waitForDecision(page);
    assert.equal(await waitForDecisionValue(page, EXAMPLES[0].scenario.requests[0].expect),
      EXAMPLES[0].scenario.requests[0].expect, 'the embedded scenario is evaluated');
    assert.equal(await page.evaluate(() => document.body.classList.contains('embed')), true, 'body.embed');
    const chrome = page.locator('[data-testid=chrome]');
    for (let i = 0; i < (await chrome.count()); i++) {
      assert.equal(await chrome.nth(i).isVisible(), false, `chrome element ${i} is hidden`);
    }
    const openFull = page.locator('[data-testid=open-full]');
    await openFull.waitFor({ state: 'visible' });
    const href = await openFull.getAttribute('href');
    assert.ok(href, 'open-full has an href');
    assert.ok(!/[?&]embed=1/.test(href), `open-full leaves embed mode: ${href}`);
    assertClean(full);
    assertClean(page);
  });
});

describe('screenshot', () => {
  test('saves a screenshot of the playground', async () => {
    const page = await newPage();
    await open(page, site.url);
    await loadExample(page, 'teach-explicit-deny-wins');
    // close the examples drop-down, as a person would after choosing one
    if (await page.locator('[data-testid=gallery][open]').count()) {
      await page.locator('[data-testid=gallery] summary').first().click();
    }
    // and dismiss the offer to bring back the first example
    await page.locator('[data-testid=replaced] button[aria-label=Dismiss]').click();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, 'playground.png');
    await page.screenshot({ path: file });
    if (process.env.SAVE_SCREENSHOT === '1') {
      mkdirSync(path.join(REPO_ROOT, 'docs'), { recursive: true });
      copyFileSync(file, path.join(REPO_ROOT, 'docs', 'screenshot.png'));
    }
    assertClean(page);
  });
});
