// End-to-end tests of the scenario's JSON view: the whole scenario in the policy editors' code
// editor, coloured as JSON, following edits made elsewhere until it is typed into; an error
// underlined at its place and listed under it; Apply as an edit the Undo offer takes back; and
// Discard my JSON edits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExample, open, waitForDecisionValue } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();

/** Opens the page with the read-only endpoint example, whose request 1 is allowed. */
async function openExample(page) {
  await open(page, site.url);
  await page.locator('main[aria-busy=false]').waitFor();
  await loadExample(page, 'seed000-read-only-endpoint');
  assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
}

/** Opens the view; returns its text area. */
async function openView(page) {
  const toggle = page.locator('[data-testid=scenario-json-toggle]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#scenario-json-text').count(), 0, 'nothing rendered while closed');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const area = page.locator('#scenario-json-text');
  await area.waitFor();
  return area;
}

/** Where request 1's action value starts in `text` (the policies' documents are strings, so
 * `"action": ` unescaped is a request's). */
function actionValueAt(text) {
  return text.indexOf('"action": ', text.indexOf('"requests"')) + '"action": '.length;
}

/** 1-based `line:column` of UTF-16 offset `at` of `text`. */
function place(text, at) {
  const before = text.slice(0, at);
  return `${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
}

/** Selects `start..end` of the view's text and puts `typed` in its place, as a paste would
 * (nothing: deletes it). */
async function replaceRange(page, area, start, end, typed) {
  await area.evaluate((el, [s, e]) => {
    el.focus();
    el.setSelectionRange(s, e);
  }, [start, end]);
  if (typed) await page.keyboard.insertText(typed);
  else await page.keyboard.press('Delete');
}

describe('the scenario JSON view', () => {
  test('shows the scenario coloured as JSON and follows edits made elsewhere', async () => {
    const page = await site.newPage();
    await openExample(page);
    const area = await openView(page);
    assert.equal(await area.getAttribute('aria-label'), 'Scenario JSON text');
    const text = await area.inputValue();
    const scenario = JSON.parse(text);
    assert.equal(scenario.requests[0].action, 'dynamodb:DescribeTable');
    assert.equal(text, JSON.stringify(scenario, null, 2), 'pretty JSON, two spaces a level');
    const pieces = (css) => area.evaluate((el, css) =>
      [...el.closest('.code-stack').querySelectorAll(`.code-highlight .${css}`)].map((s) => s.textContent), css);
    assert.ok((await pieces('tok-key')).includes('"requests"'), 'member names are keys');
    assert.ok((await pieces('tok-key')).includes('"policies"'));
    assert.ok((await pieces('tok-bracket')).includes('{'));
    assert.ok((await pieces('tok-punct')).includes(':'));
    assert.ok((await pieces('tok-string')).includes('"dynamodb:DescribeTable"'));
    assert.ok((await pieces('tok-arn')).some((t) => t.startsWith('"arn:aws:')));
    assert.deepEqual(await pieces('tok-unknown-element'), [], 'no scenario name is taken for a policy element');
    const color = (css) => area.evaluate((el, css) =>
      getComputedStyle(el.closest('.code-stack').querySelector(`.code-highlight .${css}`)).color, css);
    assert.notEqual(await color('tok-key'), await color('tok-string'), 'names and strings are coloured apart');

    // An edit elsewhere shows in the view at once.
    await page.locator('[data-testid=request-action]').fill('dynamodb:GetItem');
    await page.waitForFunction(() =>
      JSON.parse(document.querySelector('#scenario-json-text').value).requests[0].action === 'dynamodb:GetItem');
    assert.match(await page.locator('[data-testid=scenario-json-note]').innerText(), /following edits made elsewhere/);
    assert.equal(await page.locator('[data-testid=scenario-json-apply]').count(), 0, 'nothing to apply');

    // Closing it takes it off the page.
    await page.locator('[data-testid=scenario-json-toggle]').click();
    assert.equal(await page.locator('#scenario-json-text').count(), 0);
    assert.deepEqual(page.record.errors, []);
  });

  test('underlines an error at its place, lists it, applies the fixed text and undoes the apply', async () => {
    const page = await site.newPage();
    await openExample(page);
    const area = await openView(page);
    const original = await area.inputValue();

    // A syntax error: a stray character after request 1's action.
    const at = actionValueAt(original);
    const end = original.indexOf(',', at);
    await replaceRange(page, area, end, end, ' x');
    let typed = await area.inputValue();
    const mark = page.locator('.scenario-json-view .code-marks .mark.error');
    await mark.waitFor({ state: 'attached' });
    assert.equal(await mark.textContent(), 'x');
    const list = page.locator('#scenario-json-findings');
    assert.match(await list.innerText(), /scenario-syntax/);
    assert.match(await list.innerText(), /fix the JSON syntax/);
    assert.equal(await list.locator('button.where').innerText(), place(typed, end + 1));
    assert.equal(await area.getAttribute('aria-invalid'), 'true');
    assert.equal(await area.getAttribute('aria-describedby'), 'scenario-json-findings');
    assert.ok(await page.locator('[data-testid=scenario-json-apply]').isDisabled(), 'nothing to apply while it does not read');
    const line = typed.slice(0, end + 1).split('\n').length;
    const gutter = await area.evaluate((el) =>
      [...el.closest('.code').querySelectorAll('.gutter .line-number.error')].map((n) => n.textContent));
    assert.deepEqual(gutter, [String(line)]);
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed', 'the scenario is untouched');

    // A value of the wrong kind: a number for the action, at its path.
    await replaceRange(page, area, at, end + 2, '5');
    typed = await area.inputValue();
    await page.waitForFunction(() =>
      document.querySelector('.scenario-json-view .code-marks .mark.error')?.textContent === '5');
    assert.match(await list.innerText(), /scenario-shape/);
    assert.match(await list.innerText(), /requests\[0\]\.action/);
    assert.equal(await list.locator('button.where').innerText(), place(typed, at));
    // The place in the list selects the range in the text; F8 from the top goes to it too.
    await area.evaluate((el) => el.setSelectionRange(0, 0));
    await list.locator('button.where').click();
    assert.equal(await area.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)), '5');
    await area.evaluate((el) => el.setSelectionRange(0, 0));
    await page.keyboard.press('F8');
    assert.equal(await area.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)), '5');

    // Typed into, the view keeps its text through an edit made elsewhere, and says so.
    await page.locator('[data-testid=request-name]').first().fill('renamed elsewhere');
    await page.waitForFunction(() =>
      /changed elsewhere/.test(document.querySelector('[data-testid=scenario-json-note]').textContent));
    assert.equal(await area.inputValue(), typed, 'the text is kept as typed');

    // Fixed, applied: the decision changes, the editors follow, Undo is offered.
    await replaceRange(page, area, at, at + 1, '"dynamodb:GetItem"');
    await page.waitForFunction(() => !document.querySelector('#scenario-json-findings'));
    assert.equal(await area.getAttribute('aria-invalid'), null);
    assert.equal(await area.getAttribute('aria-describedby'), null);
    await page.locator('[data-testid=scenario-json-apply]').click();
    assert.equal(await waitForDecisionValue(page, 'implicitDeny'), 'implicitDeny');
    assert.equal(await page.locator('[data-testid=request-action]').inputValue(), 'dynamodb:GetItem');
    const offer = page.locator('[data-testid=undo-offer]');
    await offer.waitFor();
    assert.match(await offer.innerText(), /Replaced the scenario with the JSON you applied/);
    assert.equal(await page.locator('[data-testid=scenario-json-discard]').count(), 0);
    assert.match(await page.locator('[data-testid=scenario-json-note]').innerText(), /following edits made elsewhere/);
    assert.equal(JSON.parse(await area.inputValue()).requests[0].action, 'dynamodb:GetItem');

    // Undo brings back the scenario before the apply (with the rename made elsewhere).
    await offer.locator('[data-testid=undo-offer-undo]').click();
    assert.equal(await waitForDecisionValue(page, 'allowed'), 'allowed');
    assert.equal(await page.locator('[data-testid=request-action]').inputValue(), 'dynamodb:DescribeTable');
    await page.waitForFunction(() =>
      JSON.parse(document.querySelector('#scenario-json-text').value).requests[0].action === 'dynamodb:DescribeTable');
    assert.equal(JSON.parse(await area.inputValue()).requests[0].name, 'renamed elsewhere');
    assert.deepEqual(page.record.errors, []);
  });

  test('keeps what was typed through closing the view; Discard my JSON edits shows the scenario again', async () => {
    const page = await site.newPage();
    await openExample(page);
    const area = await openView(page);
    const original = await area.inputValue();
    await replaceRange(page, area, 0, 0, 'oops ');
    // Closing the view keeps what was typed, and the toggle says so.
    const toggle = page.locator('[data-testid=scenario-json-toggle]');
    await toggle.click();
    assert.equal(await page.locator('#scenario-json-text').count(), 0);
    assert.equal(await toggle.innerText(), 'Scenario JSON (edited)');
    await toggle.click();
    assert.equal(await area.inputValue(), `oops ${original}`);
    await page.locator('[data-testid=scenario-json-discard]').click();
    assert.equal(await area.inputValue(), original);
    assert.equal(await page.locator('[data-testid=scenario-json-discard]').count(), 0);
    assert.equal(await page.locator('#scenario-json-findings').count(), 0);
    // Typing the text back as it was is no edit either.
    await replaceRange(page, area, 0, 0, 'x');
    await page.locator('[data-testid=scenario-json-discard]').waitFor();
    await replaceRange(page, area, 0, 1, '');
    await page.locator('[data-testid=scenario-json-discard]').waitFor({ state: 'detached' });
    assert.deepEqual(page.record.errors, []);
  });
});
