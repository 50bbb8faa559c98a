// End-to-end tests of the policy editor: the text area over its coloured layer, findings
// underlined at their ranges, cards on hover and by the keyboard, completion at the caret,
// the helping keys, and Format undone by Ctrl+Z.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT, open } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const newPage = () => site.newPage();

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["dynamodb:Get*", "s3:GetObject"],
    "Resource": "arn:aws:s3:::bucket/\${aws:username}/*",
    "Condition": {"StringEqualz": {"aws:PrincipalTag/team": "blue"}},
    "Colour": "red"
  }]
}`;

/** The first policy editor's text area, its text replaced by `text`. */
async function editorWith(page, text) {
  const editor = page.locator('textarea[data-testid=policy-text][data-policy-type=identity]').first();
  await editor.fill(text);
  return editor;
}

/** Puts the caret of `editor` at `offset` (UTF-16 units), seen by the editor. */
async function caretAt(editor, offset) {
  await editor.evaluate((el, at) => {
    el.focus();
    el.setSelectionRange(at, at);
  }, offset);
  await editor.press('Shift+ArrowRight');
  await editor.press('ArrowLeft');
}

/** The highlighted layer's pieces of class `css` in the editor holding `editor`, as text. */
async function pieces(editor, css) {
  return editor.evaluate((el, css) =>
    [...el.closest('.code-stack').querySelectorAll(`.code-highlight .${css}`)].map((s) => s.textContent), css);
}

async function waitForCatalog(page) {
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => e.name.endsWith('/catalog.txt') && e.responseEnd > 0));
  await page.locator('[data-testid=access-map-run]').waitFor();
}

describe('the policy editor', () => {
  test('colours what it types: elements, operators, keys, actions, ARNs, variables and unknown names', async () => {
    const page = await newPage();
    await open(page, site.url);
    const editor = await editorWith(page, POLICY);
    // keystrokes too: the colours follow typing
    await caretAt(editor, POLICY.indexOf('"Colour"'));
    await page.keyboard.type('"Effect": "Deny", ');
    await page.waitForFunction(() => [...document.querySelectorAll('.tok-effect')].some((s) => s.textContent === '"Deny"'));
    assert.deepEqual(await pieces(editor, 'tok-unknown-element'), ['"Colour"']);
    assert.deepEqual(await pieces(editor, 'tok-unknown-operator'), ['"StringEqualz"']);
    assert.deepEqual(await pieces(editor, 'tok-condition-key'), ['"aws:PrincipalTag/team"']);
    assert.deepEqual(await pieces(editor, 'tok-service'), ['dynamodb:', 's3:']);
    assert.deepEqual(await pieces(editor, 'tok-variable'), ['${aws:username}']);
    assert.ok((await pieces(editor, 'tok-element')).includes('"Statement"'));
    assert.ok((await pieces(editor, 'tok-arn')).some((t) => t.startsWith('"arn:aws:s3')));
    assert.ok((await pieces(editor, 'tok-wildcard')).includes('*'));
    // The text area keeps the text exactly as typed, and lies over its coloured twin.
    const value = await editor.inputValue();
    assert.ok(value.includes('"Effect": "Deny", "Colour"'), value);
    const layer = await editor.evaluate((el) => el.closest('.code-stack').querySelector('.code-highlight').textContent);
    assert.equal(layer.trimEnd(), value.trimEnd());
    const boxes = await editor.evaluate((el) => {
      const pre = el.closest('.code-stack').querySelector('.code-highlight').getBoundingClientRect();
      const area = el.getBoundingClientRect();
      return { pre: [pre.left, pre.top, pre.width], area: [area.left, area.top, area.width] };
    });
    assert.deepEqual(boxes.area, boxes.pre);
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('underlines a finding at its range, says what it is on hover and by the keyboard, and F8 goes to it', async () => {
    const page = await newPage();
    await open(page, site.url);
    const editor = await editorWith(page, POLICY);
    const mark = page.locator('.code-marks .mark.error', { hasText: 'StringEqualz' });
    await mark.waitFor({ state: 'attached' });
    assert.equal(await mark.textContent(), '"StringEqualz"');
    assert.equal(await mark.evaluate((el) => getComputedStyle(el).textDecorationStyle), 'wavy');
    const line = POLICY.slice(0, POLICY.indexOf('StringEqualz')).split('\n').length;
    const marked = await editor.evaluate((el) =>
      [...el.closest('.code').querySelectorAll('.gutter .line-number.error')].map((n) => n.textContent));
    assert.ok(marked.includes(String(line)), `the gutter marks line ${line}: ${marked}`);

    // the pointer over the underlined text shows the finding's message, code and help
    const box = await page.locator('.code-highlight .tok-unknown-operator').first().boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.locator('[data-testid=code-card]');
    await card.waitFor();
    assert.match(await card.innerText(), /unknown-operator/);
    assert.match(await card.innerText(), /StringEquals/);
    await page.mouse.move(1, 1);
    await card.waitFor({ state: 'detached' });

    // F8 from the top selects the next finding's range and tells what it is
    await caretAt(editor, 0);
    await page.keyboard.press('F8');
    const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.ok(selected.length > 0, 'a range is selected');
    await card.waitFor();
    const cardText = await card.innerText();
    assert.ok(cardText.length > 0);
    // the list under the editor jumps to a finding's range too
    const entry = page.locator('.policy-editor .finding', { hasText: 'unknown-operator' }).first().locator('button.where');
    await entry.click();
    const jumped = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(jumped, '"StringEqualz"');
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('shows what the catalog knows of a wildcard action on hover, and of a key by Ctrl+I', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    const editor = await editorWith(page, POLICY);
    await page.waitForFunction(() => [...document.querySelectorAll('.tok-service')].some((s) => s.textContent === 'dynamodb:'));
    const service = page.locator('.code-highlight .tok-service', { hasText: 'dynamodb:' }).first();
    const box = await service.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const info = page.locator('[data-testid=code-card-info]');
    await info.waitFor();
    assert.match(await info.innerText(), /dynamodb:Get\*/);
    assert.match(await info.innerText(), /matches \d+ actions \(\d+ Read/);
    assert.match(await info.innerText(), /dynamodb:GetItem/);
    await page.mouse.move(1, 1);
    await caretAt(editor, POLICY.indexOf('aws:PrincipalTag') + 3);
    await page.keyboard.press('Control+i');
    await info.waitFor();
    assert.match(await info.innerText(), /global condition key · String/);
    await page.closeAll();
  });

  test('completes at the caret with the keyboard: Ctrl+Space, arrows, Enter; Escape closes', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    const text = '{\n  "Statement": {\n    "Effect": "",\n    "Action": "dynamodb:GetI"\n  }\n}';
    const editor = await editorWith(page, text);
    await caretAt(editor, text.indexOf('""') + 1);
    await page.keyboard.press('Control+Space');
    const list = page.locator('[role=listbox][data-testid=code-completions]');
    await list.waitFor();
    assert.deepEqual(await list.locator('[role=option] code').allTextContents(), ['Allow', 'Deny']);
    await page.keyboard.press('ArrowDown');
    const active = await editor.getAttribute('aria-activedescendant');
    assert.equal(await page.locator(`[id="${active}"] code`).textContent(), 'Deny');
    assert.equal(await page.locator(`[id="${active}"]`).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    assert.match(await editor.inputValue(), /"Effect": "Deny",/);

    // an action after its service prefix, accepted with Tab; typing narrows the list first
    await caretAt(editor, (await editor.inputValue()).indexOf('GetI') + 3);
    await page.keyboard.press('Control+Space');
    await list.waitFor();
    await page.keyboard.type('I');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=code-completions] code')].map((c) => c.textContent).join() === 'dynamodb:GetItem');
    await page.keyboard.press('Tab');
    assert.match(await editor.inputValue(), /"Action": "dynamodb:GetItem"/);
    assert.equal(await editor.evaluate((el) => document.activeElement === el), true, 'Tab accepted, focus stayed');
    // Escape closes the list without a change
    await page.keyboard.press('Control+Space');
    const before = await editor.inputValue();
    if (await list.count()) {
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });
    }
    assert.equal(await editor.inputValue(), before);
    await page.closeAll();
  });

  test('Format re-indents, and Ctrl+Z takes it back; Tab indents, Enter keeps the indent, Escape then Tab leaves', async () => {
    const page = await newPage();
    await open(page, site.url);
    const compact = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    const editor = await editorWith(page, compact);
    await page.locator('.policy-editor', { has: page.locator('textarea[data-policy-type=identity]') }).first()
      .locator('[data-testid=format]').click();
    const formatted = await editor.inputValue();
    assert.ok(formatted.startsWith('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",'), formatted);
    assert.equal(formatted.replace(/\s/g, ''), compact.replace(/\s/g, ''), 'only whitespace changed');
    await editor.focus();
    await page.keyboard.press('Control+z');
    assert.equal(await editor.inputValue(), compact, 'undo takes Format back');
    await page.keyboard.press('Control+Shift+z');
    assert.equal(await editor.inputValue(), formatted, 'redo makes it again');

    // Enter after a bracket indents a level; Tab inserts two spaces
    await editor.fill('{}');
    await caretAt(editor, 1);
    await page.keyboard.press('Enter');
    assert.equal(await editor.inputValue(), '{\n  \n}');
    await page.keyboard.press('Tab');
    assert.equal(await editor.inputValue(), '{\n    \n}');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await editor.inputValue(), '{\n  \n}');
    // brackets and quotes pair, and a closing one steps over its twin
    await page.keyboard.type('"a": [');
    assert.equal(await editor.inputValue(), '{\n  "a": []\n}');
    await page.keyboard.type(']');
    assert.equal(await editor.inputValue(), '{\n  "a": []\n}');
    // Escape, then Tab moves focus on
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.equal(await editor.evaluate((el) => document.activeElement === el), false, 'focus left the editor');
    assert.equal(await editor.inputValue(), '{\n  "a": []\n}');
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('long lines scroll sideways and the editors can take more of the page', async () => {
    const page = await newPage();
    await open(page, site.url);
    const long = `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${'x'.repeat(300)}"}}`;
    const editor = await editorWith(page, long);
    const scroll = await editor.evaluate((el) => {
      const code = el.closest('.code');
      return { scrollWidth: code.scrollWidth, clientWidth: code.clientWidth, area: el.scrollWidth, areaBox: el.clientWidth };
    });
    assert.ok(scroll.scrollWidth > scroll.clientWidth, 'the editor scrolls sideways');
    assert.ok(scroll.area <= scroll.areaBox + 1, 'the text area is as wide as its longest line: nothing cut off');
    const toggle = page.locator('[data-testid=wide-editors]');
    const narrow = await editor.evaluate((el) => el.closest('.column').getBoundingClientRect().width);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    const wide = await editor.evaluate((el) => el.closest('.column').getBoundingClientRect().width);
    assert.ok(wide > narrow * 1.3, `the column widened from ${narrow} to ${wide}`);
    await page.closeAll();
  });

  test('a long policy is laid out in chunks that line up with the text area, the last line too', async () => {
    const page = await newPage();
    await open(page, site.url);
    const statements = Array.from({ length: 150 }, (_, i) =>
      `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "arn:aws:s3:::bucket-${i}/${'k'.repeat(i % 7 === 0 ? 200 : 3)}"\n    }`);
    const long = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}`;
    for (const text of [long, `${long}\n`]) {
      const editor = await editorWith(page, text);
      await page.waitForFunction((n) => document.querySelectorAll('.code-highlight .chunk').length > n, 5);
      const geometry = await editor.evaluate((area, sid) => {
        const pre = area.closest('.code-stack').querySelector('.code-highlight');
        const style = getComputedStyle(pre);
        const line = parseFloat(style.lineHeight);
        const lineOf = (node) => Math.round((node.getBoundingClientRect().top - pre.getBoundingClientRect().top - parseFloat(style.paddingTop)) / line);
        const piece = [...pre.querySelectorAll('.tok-string')].find((s) => s.textContent === `"${sid}"`);
        piece.scrollIntoView({ block: 'center' });
        const last = [...pre.querySelectorAll('.tok-punct, span')].at(-1);
        return {
          chunks: pre.querySelectorAll('.chunk').length,
          lines: area.value.split('\n').length,
          sidLine: lineOf(piece),
          lastLine: lineOf(last),
          // The layer's lines: as many as the text area holds (an empty last one too).
          drawnLines: (pre.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / line,
          preWidth: pre.scrollWidth,
          areaWidth: area.scrollWidth,
        };
      }, 'S120');
      const expected = text.split('\n').findIndex((l) => l.includes('"S120"'));
      assert.equal(geometry.sidLine, expected, JSON.stringify(geometry));
      assert.equal(geometry.lastLine, text.trimEnd().split('\n').length - 1, JSON.stringify(geometry));
      assert.ok(Math.abs(geometry.drawnLines - geometry.lines) < 0.1, JSON.stringify(geometry));
      assert.ok(geometry.areaWidth <= geometry.preWidth + 1, `nothing of the longest line is cut off: ${JSON.stringify(geometry)}`);
    }
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });

  test('saves a picture of the editor: colours, an underlined finding and a catalog card', async () => {
    const page = await newPage();
    await open(page, site.url);
    await waitForCatalog(page);
    await page.locator('[data-testid=wide-editors]').click();
    const editor = await editorWith(page, POLICY);
    await page.locator('.code-marks .mark.error', { hasText: 'StringEqualz' }).waitFor({ state: 'attached' });
    await page.waitForFunction(() => [...document.querySelectorAll('.tok-service')].some((s) => s.textContent === 'dynamodb:'));
    const service = page.locator('.code-highlight .tok-service', { hasText: 'dynamodb:' }).first();
    await service.scrollIntoViewIfNeeded();
    const box = await service.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const info = page.locator('[data-testid=code-card-info]');
    await info.waitFor();
    // The card is moved left rather than cut off by the editor's edge.
    const inside = await page.locator('[data-testid=code-card]').evaluate((card) => {
      const frame = card.closest('.code').getBoundingClientRect();
      const box = card.getBoundingClientRect();
      return { card: [box.left, box.right], frame: [frame.left, frame.right] };
    });
    assert.ok(inside.card[1] <= inside.frame[1] + 1 && inside.card[0] >= inside.frame[0] - 1, JSON.stringify(inside));
    const panel = await editor.evaluate((el) => {
      const r = el.closest('.policy-editor').getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    const card = await page.locator('[data-testid=code-card]').boundingBox();
    // The editor and its card, whole.
    const left = Math.max(0, Math.min(panel.x, card.x) - 8);
    const top = Math.max(0, Math.min(panel.y, card.y) - 8);
    const right = Math.max(panel.x + panel.width, card.x + card.width) + 8;
    const bottom = Math.max(panel.y + panel.height, card.y + card.height) + 8;
    const clip = { x: left, y: top, width: right - left, height: bottom - top };
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, 'editor.png');
    await page.screenshot({ path: file, clip });
    if (process.env.SAVE_SCREENSHOT === '1') copyFileSync(file, path.join(REPO_ROOT, 'docs', 'editor.png'));
    assert.ok(clip.height > 100, `the picture holds the editor: ${JSON.stringify(clip)}`);
    assert.deepEqual(page.record.errors, []);
    await page.closeAll();
  });
});
