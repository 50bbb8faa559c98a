// End-to-end tests of predict-then-reveal and the lessons: in predict mode nothing of the
// selected request's decision is in the page (not merely hidden) until the learner answers;
// revealing says right or wrong (the engine's `blockedBy` is the reference for the stage, from
// `precedence eval --format json`) and shows the trace; an edit takes the answer back; share
// links keep the mode; `?lesson=1` opens the course, Next goes on, and the progress (kept in
// localStorage only) survives a reload and can be reset.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, engineEvaluations, foreignRequests, open } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const PROGRESS_KEY = 'precedence.lessons.v1';
const LESSONS_DIR = path.join(REPO_ROOT, 'examples', 'lessons');

/** The engine's evaluation of every request of a scenario file, from the CLI. */
const engine = engineEvaluations;

const example = (stem) => path.join(REPO_ROOT, 'examples', `${stem}.json`);

/** The course's files in order, as { stem, file, scenario }. */
function lessons() {
  return readdirSync(LESSONS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      stem: name.replace(/\.json$/, ''),
      file: path.join(LESSONS_DIR, name),
      scenario: JSON.parse(readFileSync(path.join(LESSONS_DIR, name), 'utf8')),
    }));
}

/** What a page in predict mode holds of the selected request's answer, counted. */
const revealedParts = (page) => page.evaluate(() => {
  const count = (selector) => document.querySelectorAll(selector).length;
  return {
    decision: count('[data-testid=decision]'),
    flowchart: count('[data-testid=flowchart]'),
    stages: count('[data-testid=stage]') + count('[data-testid=stage-detail]'),
    explanation: count('.explanation') + count('.blocked'),
    suggestions: count('[data-testid=suggestions]') + count('[data-testid=unfixable]'),
    whoCan: count('[data-testid=who-can-section]') + count('[data-testid=row-who-can]'),
    accessMap: count('[data-testid=access-map]'),
    rowDecisions: [...document.querySelectorAll('[data-testid=matrix-row]')]
      .filter((row) => row.dataset.decision || row.dataset.expect).length,
    badges: [...document.querySelectorAll('[data-testid=matrix-row] .badge')].filter((b) => b.textContent !== '?').length,
    expected: [...document.querySelectorAll('[data-testid=matrix-row] .expect')].filter((c) => c.textContent !== '—').length,
    announcer: document.querySelector('[data-testid=announcer]')?.textContent ?? '',
  };
});

const NOTHING = {
  decision: 0, flowchart: 0, stages: 0, explanation: 0, suggestions: 0, whoCan: 0, accessMap: 0,
  rowDecisions: 0, badges: 0, expected: 0, announcer: '',
};

/** Waits for the question of the selected request. */
async function waitForQuestion(page) {
  await page.locator('[data-testid=predict]').waitFor();
}

/** Loads example `stem` from the gallery and waits for its question. */
async function loadExampleToPredict(page, stem) {
  const button = page.locator(`[data-testid=gallery] button[data-example="${stem}"]`);
  if (!(await button.isVisible())) await page.locator('[data-testid=gallery] summary').first().click();
  await button.click();
  await waitForQuestion(page);
}

/** Answers the selected request with `decision` (and `stage` for a deny), then reveals. */
async function answer(page, decision, stage) {
  await page.locator(`[data-testid=predict-choice][value=${decision}]`).check();
  if (decision !== 'allowed') await page.locator(`[data-testid=predict-stage][value=${stage}]`).check();
  await page.locator('[data-testid=reveal]').click();
  await page.locator('[data-testid=predict-verdict]').waitFor();
  return page.locator('[data-testid=predict-verdict]').getAttribute('data-right');
}

/** The answer the engine gives: its decision and the first stage that blocked. */
const rightAnswer = (evaluation) => [evaluation.decision, evaluation.blockedBy[0]];

/** A stage that did not block, to answer wrongly. */
const STAGES = ['rcp', 'scp', 'resource', 'identity', 'boundary', 'session', 'endpoint'];
const wrongStage = (evaluation) => STAGES.find((s) => !evaluation.blockedBy.includes(s));

async function selectRow(page, index) {
  await page.locator('[data-testid=matrix-row]').nth(index).click();
  await page.waitForFunction((i) => document.querySelectorAll('[data-testid=matrix-row]')[i]?.getAttribute('aria-selected') === 'true', index);
}

function assertClean(page) {
  assert.deepEqual(foreignRequests(page.record.requests, site.url), [], 'requests outside the page\'s origin');
  assert.deepEqual(page.record.errors, [], 'uncaught errors in the page');
}

describe('predict, then reveal', () => {
  test('before the answer nothing of the decision is in the page; revealing says right or wrong and shows the trace', async () => {
    const stem = 'teach-explicit-deny-wins';
    const evaluations = engine(example(stem));
    const page = await site.newPage();
    await open(page, site.url, '/?mode=predict');
    await loadExampleToPredict(page, stem);
    // Give the analysis and the announcer's pause time to put anything they would in the page.
    await page.waitForTimeout(900);
    assert.deepEqual(await revealedParts(page), NOTHING, 'nothing revealed before the answer');
    assert.equal(await page.locator('[data-testid=reveal]').isDisabled(), true, 'nothing to reveal before a choice');

    // A deny asks for its stage before it can be revealed.
    const denied = evaluations.findIndex((e) => e.decision === 'explicitDeny');
    assert.ok(denied >= 0, 'the example has an explicit deny');
    await selectRow(page, denied);
    await waitForQuestion(page);
    await page.locator('[data-testid=predict-choice][value=explicitDeny]').check();
    assert.equal(await page.locator('[data-testid=reveal]').isDisabled(), true, 'a deny needs its stage');
    assert.equal(await page.locator('[data-testid=decision]').count(), 0);

    // Right: the verdict, the decision, the flowchart and the explanation.
    const [decision, stage] = rightAnswer(evaluations[denied]);
    assert.equal(await answer(page, decision, stage), 'true');
    assert.equal(await page.locator('[data-testid=decision]').getAttribute('data-decision'), decision);
    await page.locator('[data-testid=flowchart]').waitFor();
    assert.ok((await page.locator('[data-testid=flowchart] [data-testid=stage]').count()) >= 8);
    assert.ok((await page.locator('.explanation').textContent()).length > 0);
    assert.equal(await page.locator('[data-testid=matrix-row]').nth(denied).getAttribute('data-decision'), decision,
      'the answered row shows its decision');

    // An edit of a policy takes the answer back.
    const editor = page.locator('textarea[data-testid=policy-text]').first();
    await editor.fill(`${await editor.inputValue()} `);
    await waitForQuestion(page);
    assert.equal(await page.locator('[data-testid=decision]').count(), 0, 'an edit takes the answer back');
    await editor.fill((await editor.inputValue()).trimEnd());
    await waitForQuestion(page);

    // Wrong: the right decision with a stage that did not decide.
    assert.equal(await answer(page, decision, wrongStage(evaluations[denied])), 'false');
    assert.match(await page.locator('[data-testid=predict-verdict]').textContent(), /stage is not/);
    assert.equal(await page.locator('[data-testid=decision]').getAttribute('data-decision'), decision);

    // Another request is unanswered again, and saying allowed of a deny is wrong.
    const allowed = evaluations.findIndex((e) => e.decision === 'allowed');
    await selectRow(page, allowed);
    await waitForQuestion(page);
    assert.deepEqual((await revealedParts(page)).decision, 0);
    assert.equal(await answer(page, 'allowed'), 'true');
    await selectRow(page, denied);
    await waitForQuestion(page);
    assert.equal(await answer(page, 'allowed'), 'false');
    assertClean(page);
  });

  test('the toggle turns predict mode on and off, and a share link keeps the mode', async () => {
    const page = await site.newPage();
    await open(page, site.url);
    await page.locator('[data-testid=decision]').first().waitFor();
    const toggle = page.locator('[data-testid=predict-toggle]');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    await waitForQuestion(page);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid=decision]').count(), 0);
    await page.waitForFunction(() => location.hash.includes('&mode=predict'));
    const link = page.url();

    // The teacher's link opens as a question in another browser.
    const student = await site.newPage();
    await student.goto(link);
    await waitForQuestion(student);
    await student.waitForTimeout(900);
    assert.deepEqual(await revealedParts(student), NOTHING);
    assert.equal(await student.locator('[data-testid=predict-toggle]').getAttribute('aria-pressed'), 'true');

    // Off again: the trace is back and the link no longer asks.
    await toggle.click();
    await page.locator('[data-testid=decision]').first().waitFor();
    assert.equal(await page.locator('[data-testid=predict]').count(), 0);
    await page.waitForFunction(() => !location.hash.includes('mode=predict'));
    assertClean(page);
    assertClean(student);
  });

  test('?lesson=1 opens the course; a right answer marks the lesson done, Next goes on, the progress survives a reload', async () => {
    const course = lessons();
    assert.ok(course.length >= 2, 'the course has lessons');
    const [first, second] = course;
    const page = await site.newPage();
    await page.goto(`${site.url}/?lesson=1`);
    const bar = page.locator('[data-testid=lesson-bar]');
    await bar.waitFor();
    await waitForQuestion(page);
    assert.equal(await page.locator('[data-testid=lesson-count]').textContent(), `Lesson 1 of ${course.length}`);
    assert.equal(await page.locator('[data-testid=lesson-question]').textContent(), first.scenario.lesson.question);
    assert.deepEqual(await revealedParts(page), NOTHING, 'a lesson starts unanswered');
    assert.equal(await page.locator('[data-testid=lesson-teaches]').count(), 0, 'what it teaches waits for the reveal');
    if (first.scenario.lesson.hint) {
      assert.equal(await page.locator('[data-testid=lesson-hint]').count(), 0);
      await page.locator('[data-testid=lesson-hint-button]').click();
      assert.equal(await page.locator('[data-testid=lesson-hint]').textContent(), first.scenario.lesson.hint);
    }

    // Answer each request right.
    const evaluations = engine(first.file);
    for (const [index, evaluation] of evaluations.entries()) {
      await selectRow(page, index);
      await waitForQuestion(page);
      const [decision, stage] = rightAnswer(evaluation);
      assert.equal(await answer(page, decision, stage), 'true', `request ${index}`);
    }
    assert.equal(await page.locator('[data-testid=lesson-teaches]').textContent(), first.scenario.lesson.teaches);
    if (first.scenario.lesson.source.startsWith('https://')) {
      assert.equal(await page.locator('[data-testid=lesson-source]').getAttribute('href'), first.scenario.lesson.source);
    }
    await page.waitForFunction(([key, stem]) => (localStorage.getItem(key) ?? '').includes(stem), [PROGRESS_KEY, first.stem]);
    assert.deepEqual(JSON.parse(await page.evaluate((key) => localStorage.getItem(key), PROGRESS_KEY)), [first.stem]);

    // Next: lesson 2, unanswered, in the URL.
    await page.locator('[data-testid=lesson-next]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-count]')?.textContent.startsWith('Lesson 2 '));
    await waitForQuestion(page);
    assert.equal(await page.locator('[data-testid=lesson-question]').textContent(), second.scenario.lesson.question);
    assert.equal(await page.locator('[data-testid=decision]').count(), 0);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('lesson') === '2');

    // A reload keeps the lesson and the progress; the menu marks lesson 1 done.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-count]')?.textContent.startsWith('Lesson 2 '));
    await page.locator('[data-testid=lessons-menu] summary').click();
    const entry = (stem) => page.locator(`[data-testid=lessons-menu] button[data-lesson="${stem}"]`);
    assert.equal(await entry(first.stem).getAttribute('data-done'), 'true');
    assert.equal(await entry(second.stem).getAttribute('data-done'), 'false');
    assert.equal(await entry(second.stem).getAttribute('aria-current'), 'true');
    assert.ok((await entry(first.stem).textContent()).includes('✓'));

    // Previous goes back; Reset progress forgets it, here only.
    await page.locator('[data-testid=lessons-menu] summary').click();
    await page.locator('[data-testid=lesson-previous]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-count]')?.textContent.startsWith('Lesson 1 '));
    assert.ok((await page.locator('[data-testid=lesson-count]').textContent()).includes('✓'));
    await page.locator('[data-testid=lessons-menu] summary').click();
    await page.locator('[data-testid=lessons-reset]').click();
    assert.equal(await entry(first.stem).getAttribute('data-done'), 'false');
    await page.waitForFunction((key) => localStorage.getItem(key) === null, PROGRESS_KEY);
    assertClean(page);
  });

  test('a lesson number outside the course says so and opens the playground', async () => {
    const page = await site.newPage();
    await page.goto(`${site.url}/?lesson=999`);
    await page.locator('[data-testid=error-banner]').waitFor();
    assert.match(await page.locator('[data-testid=error-banner]').textContent(), /no lesson/);
    assert.equal(await page.locator('[data-testid=lesson-bar]').count(), 0);
    assertClean(page);
  });
});
