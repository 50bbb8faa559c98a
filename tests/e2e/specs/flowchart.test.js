// End-to-end tests of the trace's flowchart: its decision points carry the engine's stages and
// states (`precedence eval --format json` is the reference), the request's path is lit up to
// the point that decided, stepping through with the buttons and the arrow keys reveals one step
// at a time with its sentence, a node opens its stage's details, the chart runs top to bottom
// on a phone, motion is off for those who ask, and axe finds nothing serious in it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT, engineEvaluations, foreignRequests, loadExample, open, waitForDecisionValue } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const site = siteForSpecs();

/** AWS's order, as the engine names its stages. */
const ORDER = ['explicitDeny', 'rcp', 'scp', 'resource', 'identity', 'boundary', 'session', 'endpoint'];
const STATE = { allow: 'allows', deny: 'denies', noMatch: 'no-match', notApplicable: 'not-applicable' };

/** The engine's evaluation of every request of an example, from the CLI. */
const engine = (stem) => engineEvaluations(path.join(REPO_ROOT, 'examples', `${stem}.json`));

/** The chart as drawn: each node's stage, state, step and marks; the outcome reached. */
const chart = (page) => page.evaluate(() => ({
  orientation: document.querySelector('[data-testid=flowchart] svg').dataset.orientation,
  nodes: [...document.querySelectorAll('[data-testid=flowchart] [data-testid=stage]')].map((n) => ({
    stage: n.dataset.stage,
    state: n.dataset.state,
    step: n.dataset.step ?? null,
    lit: n.dataset.lit === 'true',
    decides: n.dataset.decides === 'true',
  })),
  reached: [...document.querySelectorAll('[data-testid=outcome][data-reached=true]')].map((o) => o.dataset.outcome),
  sentence: document.querySelector('[data-testid=flow-sentence]').textContent,
}));

/** The stage that decided, in AWS's order: the explicit-deny point, or the first that blocks. */
function decider(evaluation) {
  if (evaluation.decision === 'explicitDeny') return 'explicitDeny';
  if (evaluation.decision === 'implicitDeny') return ORDER.find((s) => evaluation.blockedBy.includes(s)) ?? null;
  return null;
}

function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

/** Selects request `index` of the loaded example and waits for its decision. */
async function select(page, index, expected) {
  await page.locator('[data-testid=matrix-row]').nth(index).click();
  await waitForDecisionValue(page, expected);
}

describe('the flowchart', () => {
  test('on the seed examples, each node has its stage\'s state and the path stops where the engine decided', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    const failures = [];
    let checked = 0;
    for (const stem of ['seed000-read-only-endpoint', 'seed003-scp-missing-fullawsaccess', 'seed001-allow-from-account', 'seed003-scp-break-glass-exception']) {
      const evaluations = engine(stem);
      await loadExample(page, stem);
      for (const [index, evaluation] of evaluations.entries()) {
        if (!evaluation) continue;
        await select(page, index, evaluation.decision);
        const drawn = await chart(page);
        assert.deepEqual(drawn.nodes.map((n) => n.stage), ORDER, 'the decision points in AWS\'s order');
        const want = evaluation.stages.map((s) => STATE[s.status]);
        const got = drawn.nodes.map((n) => n.state);
        if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${stem} #${index}: states ${got} ≠ engine ${want}`);
        const decides = drawn.nodes.filter((n) => n.decides).map((n) => n.stage);
        const expected = decider(evaluation);
        if (JSON.stringify(decides) !== JSON.stringify(expected ? [expected] : [])) failures.push(`${stem} #${index}: decides ${decides}, engine ${expected}`);
        // The path: every point up to the decider (all of them for an allowed request), lit.
        const upTo = expected ? ORDER.indexOf(expected) : ORDER.length - 1;
        const lit = drawn.nodes.filter((n) => n.lit).map((n) => n.stage);
        if (!evaluation.rule && JSON.stringify(lit) !== JSON.stringify(ORDER.slice(0, upTo + 1))) failures.push(`${stem} #${index}: lit ${lit}`);
        if (JSON.stringify(drawn.reached) !== JSON.stringify([evaluation.decision])) failures.push(`${stem} #${index}: reached ${drawn.reached}`);
        checked++;
      }
    }
    assert.ok(checked >= 15, `checked ${checked} requests`);
    assert.deepEqual(failures, []);
    assertClean(page);
  });

  test('seed000\'s read-only endpoint decides at the endpoint; skipped stages are drawn as such', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'seed000-read-only-endpoint');
    await select(page, 2, 'implicitDeny');
    const drawn = await chart(page);
    const endpoint = drawn.nodes.find((n) => n.stage === 'endpoint');
    assert.deepEqual(endpoint, { stage: 'endpoint', state: 'no-match', step: '8', lit: true, decides: true });
    assert.equal(drawn.nodes.find((n) => n.stage === 'scp').state, 'not-applicable');
    const dashed = await page.locator('[data-testid=stage][data-stage=scp] rect').evaluate((r) => getComputedStyle(r).strokeDasharray);
    assert.notEqual(dashed, 'none', 'a stage that is not applicable is drawn dashed');
    assert.match(await page.locator('[data-testid=stage][data-stage=endpoint]').getAttribute('aria-label'), /no match · decides/);
    assertClean(page);
  });

  test('Next and Previous, and the arrow keys, reveal the path one step at a time with its sentence', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await loadExample(page, 'seed003-scp-missing-fullawsaccess');
    await select(page, 0, 'implicitDeny');
    // Shown whole at first: three steps, the last at the SCPs.
    let drawn = await chart(page);
    assert.match(drawn.sentence, /^Step 3 of 3: SCPs allow\? No: no SCP allows the request at level account/);
    assert.deepEqual(drawn.reached, ['implicitDeny']);

    await page.locator('[data-testid=flow-first]').click();
    drawn = await chart(page);
    assert.deepEqual(drawn.nodes.filter((n) => n.lit).map((n) => n.stage), ['explicitDeny']);
    assert.deepEqual(drawn.reached, [], 'no outcome before the last step');
    assert.match(drawn.sentence, /^Step 1 of 3: Any Deny applies\? No: no Deny statement/);
    assert.equal(await page.locator('[data-testid=flow-previous]').isDisabled(), true);

    await page.locator('[data-testid=flow-next]').click();
    drawn = await chart(page);
    assert.deepEqual(drawn.nodes.filter((n) => n.lit).map((n) => n.stage), ['explicitDeny', 'rcp']);
    assert.match(drawn.sentence, /^Step 2 of 3: RCPs: skipped, /);

    // The keyboard, with the chart focused: a node is a focusable button.
    await page.locator('[data-testid=stage][data-stage=explicitDeny]').focus();
    await page.keyboard.press('ArrowRight');
    drawn = await chart(page);
    assert.deepEqual(drawn.nodes.filter((n) => n.lit).map((n) => n.stage), ['explicitDeny', 'rcp', 'scp']);
    assert.deepEqual(drawn.reached, ['implicitDeny']);
    assert.equal(await page.locator('[data-testid=flow-next]').isDisabled(), true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    drawn = await chart(page);
    assert.deepEqual(drawn.nodes.filter((n) => n.lit).map((n) => n.stage), ['explicitDeny']);
    await page.keyboard.press('End');
    assert.match((await chart(page)).sentence, /^Step 3 of 3/);
    assert.equal(await page.locator('[data-testid=flow-sentence]').getAttribute('aria-live'), 'polite', 'steps the reader chose are announced');

    // Another request starts again with its whole path.
    await select(page, 1, 'explicitDeny');
    drawn = await chart(page);
    assert.match(drawn.sentence, /^Step 1 of 1: Any Deny applies\? Yes: a Deny statement matches \(in: scp\)/);
    assert.deepEqual(drawn.nodes.filter((n) => n.decides).map((n) => n.stage), ['explicitDeny']);
    assert.equal(drawn.nodes.find((n) => n.stage === 'scp').state, 'denies');
    assertClean(page);
  });

  test('a node opens its stage\'s policies and statements below the chart', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await page.locator('main[aria-busy=false]').waitFor();
    await loadExample(page, 'seed000-read-only-endpoint');
    await select(page, 0, 'allowed');
    const details = page.locator('#stage-detail-boundary');
    assert.equal(await details.getAttribute('open'), null, 'closed at first');
    await page.locator('[data-testid=stage][data-stage=boundary]').click();
    await page.waitForFunction(() => document.querySelector('#stage-detail-boundary').open);
    await page.locator('[data-testid=stage][data-stage=identity]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('details')?.id === 'stage-detail-identity');
    await page.locator('#stage-detail-identity .policy-trace').first().waitFor(); // the identity stage shows its policies
    assertClean(page);
  });

  test('runs top to bottom on a phone and left to right when wide', async () => {
    const phone = await site.newPage({ viewport: { width: 390, height: 844 } });
    await open(phone, site.url);
    await loadExample(phone, 'seed000-read-only-endpoint');
    assert.equal((await chart(phone)).orientation, 'vertical');
    const boxes = await phone.locator('[data-testid=flowchart] [data-testid=stage]').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON()));
    for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i].top > boxes[i - 1].top, 'each point below the one before');
    const svg = await phone.locator('[data-testid=flowchart] svg').boundingBox();
    assert.ok(svg.x >= 0 && svg.x + svg.width <= 390, 'the chart fits the phone\'s width');
    const text = await phone.locator('[data-testid=stage][data-stage=identity] text').first().evaluate((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    assert.ok(text >= 11, `text ${text.toFixed(1)} px on a phone`);

    const wide = await site.newPage({ viewport: { width: 1060, height: 900 } });
    await open(wide, site.url);
    await loadExample(wide, 'seed000-read-only-endpoint');
    await wide.waitForFunction(() => document.querySelector('[data-testid=flowchart] svg').dataset.orientation === 'horizontal');
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await phone.locator('[data-testid=flowchart]').screenshot({ path: path.join(ARTIFACTS_DIR, 'flowchart-phone.png') });
    // The README's picture: an SCP level without an Allow, decided at the SCPs.
    await loadExample(wide, 'seed003-scp-missing-fullawsaccess');
    await select(wide, 0, 'implicitDeny');
    await wide.mouse.move(0, 0);
    const crowded = await wide.locator('[data-testid=flowchart] [data-testid=stage]').evaluateAll((nodes) => nodes
      .filter((node) => {
        const shape = node.querySelector('rect').getBoundingClientRect();
        return [...node.querySelectorAll('text')].some((t) => t.getBoundingClientRect().left < shape.left || t.getBoundingClientRect().right > shape.right);
      })
      .map((node) => node.dataset.stage));
    assert.deepEqual(crowded, [], 'every point\'s text inside its shape, left to right too');
    const picture = path.join(ARTIFACTS_DIR, 'flowchart-wide.png');
    await wide.locator('[data-testid=flowchart]').screenshot({ path: picture });
    if (process.env.SAVE_SCREENSHOT === '1') copyFileSync(picture, path.join(REPO_ROOT, 'docs', 'flowchart.png'));
    assertClean(phone);
    assertClean(wide);
  });

  test('with reduced motion asked for, nothing in the chart transitions', async () => {
    const page = await site.newPage({ reducedMotion: 'reduce' });
    await open(page, site.url);
    const durations = await page.locator('[data-testid=flowchart] .shape, [data-testid=flowchart] .edge line').evaluateAll((items) =>
      [...new Set(items.map((i) => getComputedStyle(i).transitionDuration))]);
    assert.deepEqual(durations, ['0s']);
    const moving = await site.newPage({ reducedMotion: 'no-preference' });
    await open(moving, site.url);
    const animated = await moving.locator('[data-testid=flowchart] .shape').first().evaluate((i) => getComputedStyle(i).transitionDuration);
    assert.notEqual(animated, '0s', 'without the preference, the path\'s changes are animated');
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`every state's text is readable and axe finds nothing serious in the chart (${colorScheme})`, async () => {
      const page = await site.newPage({ bypassCSP: true, colorScheme });
      await open(page, site.url);
      await loadExample(page, 'seed003-scp-missing-fullawsaccess');
      const seen = new Map();
      for (const [index, expected] of [[0, 'implicitDeny'], [1, 'explicitDeny']]) {
        await select(page, index, expected);
        for (const item of await page.locator('[data-testid=flowchart] [data-testid=stage], [data-testid=outcome]').evaluateAll((nodes) => nodes.map((n) => ({
          kind: n.dataset.state ?? n.dataset.outcome,
          text: getComputedStyle(n.querySelector('text')).fill,
          background: getComputedStyle(n.querySelector('rect')).fill,
        })))) seen.set(item.kind, item);
      }
      assert.deepEqual([...seen.keys()].sort(), ['allowed', 'allows', 'denies', 'explicitDeny', 'implicitDeny', 'no-match', 'not-applicable']);
      const low = [...seen.values()].map((s) => ({ ...s, ratio: contrast(s.text, s.background) })).filter((s) => s.ratio < 4.5)
        .map((s) => `${s.kind}: ${s.ratio.toFixed(2)}`);
      assert.deepEqual(low, [], 'chart text under 4.5:1 against its shape');

      await page.addScriptTag({ path: AXE });
      const { violations } = await page.evaluate(() => window.axe.run('[data-testid=flowchart]', { resultTypes: ['violations'] }));
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(serious, []);
      assertClean(page);
    });
  }
});

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
