// End-to-end tests of <precedence-scenario> on the sample documentation page
// (docs/element-sample.html, served from the built site with the package in element/): each
// element shows its decisions and flowchart, an edit re-evaluates, elements are independent and
// share one engine, predict mode keeps the answer out of the page until the reader picks, `locked`
// makes editors read-only, no CSS crosses the shadow root but the custom properties, and nothing
// is fetched from another origin. Also the package itself: `npm pack` takes it and Node
// evaluates with its Node build.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST_DIR, REPO_ROOT, foreignRequests } from '../lib/harness.js';
import { siteForSpecs } from '../lib/spec.js';

const site = siteForSpecs();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PACKAGE = path.join(DIST_DIR, 'element');
const SAMPLE = '/docs/element-sample.html';

/** The Node build of the package: the reference the page's decisions are checked against. */
const node = () => import(pathToFileURL(path.join(PACKAGE, 'node', 'precedence_wasm.js')).href);

/** The inline scenario of the sample page, as the page holds it. */
function inlineScenario() {
  const html = readFileSync(path.join(REPO_ROOT, 'docs', 'element-sample.html'), 'utf8');
  const start = html.indexOf('<script type="application/json">') + '<script type="application/json">'.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start)));
}

/** Opens the sample page and waits until its three elements have evaluated. */
async function openSample() {
  const page = await site.newPage();
  await page.goto(site.url + SAMPLE);
  for (const id of ['inline-scenario', 'file-scenario', 'predict-scenario']) {
    await page.locator(`#${id}[data-state=ready]`).waitFor();
  }
  return page;
}

/** The decisions an element shows (inside its shadow root), in order. */
const decisions = (page, id) =>
  page.locator(`#${id} [data-testid=decision]`).evaluateAll((nodes) => nodes.map((n) => n.dataset.decision));

/** The flowchart of an element's first request: stage → { state, lit, decides }, and the outcome reached. */
const chart = (page, id) =>
  page.locator(`#${id}`).evaluate((host) => {
    const svg = host.shadowRoot.querySelector('[data-testid=flowchart]');
    if (!svg) return null;
    const nodes = Object.fromEntries(
      [...svg.querySelectorAll('[data-stage]')].map((n) => [
        n.dataset.stage,
        { state: n.dataset.state, lit: n.dataset.lit === 'true', decides: n.dataset.decides === 'true' },
      ]),
    );
    const reached = [...svg.querySelectorAll('[data-outcome][data-reached=true]')].map((n) => n.dataset.outcome);
    return { nodes, reached, isSvg: svg instanceof SVGSVGElement };
  });

async function waitForDecisions(page, id, expected) {
  await page.waitForFunction(
    ([id, want]) => {
      const root = document.getElementById(id)?.shadowRoot;
      const shown = [...(root?.querySelectorAll('[data-testid=decision]') ?? [])].map((n) => n.dataset.decision);
      return JSON.stringify(shown) === JSON.stringify(want);
    },
    [id, expected],
  );
  return decisions(page, id);
}

describe('the <precedence-scenario> element on the sample page', () => {
  test('each element shows the decision, the explanation and the flowchart the engine gives', async () => {
    const page = await openSample();
    const { evaluate } = await node();
    const inline = evaluate(inlineScenario()).requests[0];
    assert.equal(inline.evaluation.decision, 'explicitDeny');
    assert.deepEqual(await decisions(page, 'inline-scenario'), ['explicitDeny']);
    assert.equal(await page.locator('#inline-scenario [data-testid=announce]').textContent(), 'Decision: Explicit deny.');
    const words = await page.locator('#inline-scenario').evaluate((host) => host.shadowRoot.textContent);
    assert.doesNotMatch(words, /\bnull\b|undefined|\[object/);

    const file = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', 'teach-cross-account-needs-both.json'), 'utf8'));
    const expected = evaluate(file).requests[1];
    assert.deepEqual(await decisions(page, 'file-scenario'), [expected.evaluation.decision]);
    assert.equal(await page.locator('#file-scenario [data-testid=request]').count(), 1, 'request="2" shows one request');
    const explanation = await page.locator('#file-scenario [data-testid=explanation]').textContent();
    assert.equal(explanation, expected.evaluation.explanation.replaceAll('`', ''));

    // The chart: every stage a node with the engine's state, the path lit up to the decider.
    const STATE = { allow: 'allows', deny: 'denies', noMatch: 'no-match', notApplicable: 'not-applicable' };
    for (const [id, result] of [['inline-scenario', inline], ['file-scenario', expected]]) {
      const drawn = await chart(page, id);
      assert.ok(drawn.isSvg, `${id}: inline SVG`);
      assert.deepEqual(drawn.reached, [result.evaluation.decision]);
      const lit = result.flowchart.steps.map((step) => step.stage).filter(Boolean);
      for (const stage of result.evaluation.stages) {
        assert.equal(drawn.nodes[stage.stage].state, STATE[stage.status], `${id} ${stage.stage}`);
        assert.equal(drawn.nodes[stage.stage].lit, lit.includes(stage.stage), `${id} ${stage.stage} lit`);
        assert.equal(drawn.nodes[stage.stage].decides, result.flowchart.decider === stage.stage, `${id} ${stage.stage} decides`);
      }
    }
    const deciding = await chart(page, 'inline-scenario');
    assert.equal(deciding.nodes.explicitDeny.decides, true);
    assert.equal(deciding.nodes.explicitDeny.state, 'denies');

    // The stages with the statements that matched.
    const matched = await page.locator('#inline-scenario [data-testid=stage][data-stage=identity] [data-testid=matched]').textContent();
    assert.match(matched, /Allow ReadWrite of AppPermissions/);
    assert.match(matched, /Deny NoDeletes of AppPermissions/);

    // Sized to its content: no inner scrolling, taller than its chart.
    const size = await page.locator('#inline-scenario').evaluate((host) => ({
      height: host.getBoundingClientRect().height,
      chart: host.shadowRoot.querySelector('svg').getBoundingClientRect().height,
      scrolls: host.scrollHeight > host.clientHeight + 1,
    }));
    assert.ok(size.height > size.chart, JSON.stringify(size));
    assert.equal(size.scrolls, false);
    assert.deepEqual(page.record.errors, []);
  });

  test('an edit to a policy re-evaluates that element only, keeping the text as typed', async () => {
    const page = await openSample();
    const editor = page.locator('#inline-scenario textarea[data-policy-id=AppPermissions]');
    const text = await editor.inputValue();
    const edited = text.replace('"Effect": "Deny"', '"Effect":   "Allow"');
    assert.notEqual(edited, text);
    await editor.fill(edited);
    assert.deepEqual(await waitForDecisions(page, 'inline-scenario', ['allowed']), ['allowed']);
    assert.equal(await editor.inputValue(), edited, 'the text stays as typed');
    const drawn = await chart(page, 'inline-scenario');
    assert.deepEqual(drawn.reached, ['allowed']);
    assert.equal(drawn.nodes.explicitDeny.state, 'no-match');
    // The other elements did not move.
    assert.deepEqual(await decisions(page, 'file-scenario'), ['implicitDeny']);

    // A JSON error is shown with its line and column; the element keeps working.
    await editor.fill('{\n  "Version": "2012-10-17",\n  "Statement": [\n');
    const finding = page.locator('#inline-scenario .policy[data-policy-id=AppPermissions] [data-testid=findings] li[data-severity=error]').first();
    await finding.waitFor();
    assert.match(await finding.textContent(), /^\d+:\d+ /);
    await editor.fill(text);
    assert.deepEqual(await waitForDecisions(page, 'inline-scenario', ['explicitDeny']), ['explicitDeny']);

    // The request is editable too.
    const action = page.locator('#inline-scenario input[data-testid=request-action]');
    await action.fill('s3:GetObject');
    assert.deepEqual(await waitForDecisions(page, 'inline-scenario', ['allowed']), ['allowed']);
    await action.fill('not an action');
    await page.locator('#inline-scenario [data-testid=outcome] [data-testid=problem]').waitFor();
    assert.deepEqual(page.record.errors, []);
  });

  test('two elements on one page work independently and share one engine', async () => {
    const page = await openSample();
    // The same file in two elements: an edit in one leaves the other as it was.
    const file = page.locator('#file-scenario textarea[data-policy-id=PartnerExchangeBucketPolicy]');
    const text = await file.inputValue();
    await file.fill(text.replaceAll('"Allow"', '"Deny"'));
    assert.deepEqual(await waitForDecisions(page, 'file-scenario', ['explicitDeny']), ['explicitDeny']);
    await page.locator('#predict-scenario [data-pick=implicitDeny]').click();
    assert.deepEqual(await waitForDecisions(page, 'predict-scenario', ['implicitDeny']), ['implicitDeny']);
    assert.equal(await page.locator('#predict-scenario textarea[data-policy-id=PartnerExchangeBucketPolicy]').inputValue(), text);
    assert.deepEqual(await decisions(page, 'inline-scenario'), ['explicitDeny']);
    const wasm = page.record.requests.filter((url) => url.endsWith('/element/web/precedence_wasm_bg.wasm'));
    assert.equal(wasm.length, 1, 'the engine is fetched once for the three elements');
  });

  test('predict mode reveals nothing before the reader picks, then the answer with right or wrong', async () => {
    const page = await openSample();
    const hidden = await page.locator('#predict-scenario').evaluate((host) => ({
      decision: host.shadowRoot.querySelectorAll('[data-decision], [data-testid=flowchart], [data-testid=explanation], [data-testid=stages], [data-testid=path]').length,
      text: host.shadowRoot.textContent,
      picks: [...host.shadowRoot.querySelectorAll('[data-pick]')].map((b) => b.dataset.pick),
    }));
    assert.equal(hidden.decision, 0);
    assert.equal(await page.locator('#predict-scenario [data-testid=announce]').textContent(), '', 'nothing said before the pick');
    assert.deepEqual(hidden.picks, ['allowed', 'explicitDeny', 'implicitDeny']);
    assert.doesNotMatch(hidden.text, /identity policies allow it|not allowed|denied implicitly|bucket policy does not/i);
    assert.equal(await page.locator('#predict-scenario [data-testid=description]').count(), 0, 'the description can give the answer away');

    await page.locator('#predict-scenario [data-pick=allowed]').click();
    const verdict = page.locator('#predict-scenario [data-testid=verdict]');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-correct'), 'false');
    assert.deepEqual(await decisions(page, 'predict-scenario'), ['implicitDeny']);
    assert.ok((await chart(page, 'predict-scenario')).isSvg);
    assert.match(await page.locator('#predict-scenario [data-testid=request-name]').textContent(), /ListBucket: identity allows, bucket policy does not/);

    await page.locator('#predict-scenario [data-testid=predict-again]').click();
    assert.equal(await page.locator('#predict-scenario [data-decision]').count(), 0);
    await page.locator('#predict-scenario [data-pick=implicitDeny]').click();
    assert.equal(await page.locator('#predict-scenario [data-testid=verdict]').getAttribute('data-correct'), 'true');
  });

  test('`locked` makes the named policies read-only, and a bare `locked` every policy', async () => {
    const page = await openSample();
    const readOnly = (id) =>
      page.locator(`#${id} textarea[data-testid=policy-text]`).evaluateAll((nodes) =>
        Object.fromEntries(nodes.map((n) => [n.dataset.policyId, n.readOnly])));
    assert.deepEqual(await readOnly('inline-scenario'), { AppPermissions: false, FullAWSAccess: true });
    assert.deepEqual(await readOnly('predict-scenario'), { PipelineS3: true, PartnerExchangeBucketPolicy: true });
    assert.deepEqual(await readOnly('file-scenario'), { PipelineS3: false, PartnerExchangeBucketPolicy: false });
    // Shown, not hidden.
    assert.match(await page.locator('#inline-scenario textarea[data-policy-id=FullAWSAccess]').inputValue(), /"Allow"/);
    await page.locator('#inline-scenario').evaluate((host) => host.setAttribute('locked', 'AppPermissions'));
    assert.deepEqual(await readOnly('inline-scenario'), { AppPermissions: true, FullAWSAccess: false });
  });

  test('no CSS crosses the shadow root but the custom properties', async () => {
    const page = await openSample();
    const inside = await page.locator('#inline-scenario').evaluate((host) => {
      const root = host.shadowRoot;
      const style = (node) => getComputedStyle(node);
      return {
        textarea: style(root.querySelector('textarea')).backgroundColor,
        fontSize: style(root.querySelector('textarea')).fontSize,
        font: style(root.querySelector('.explanation')).fontFamily,
        paragraph: style(root.querySelector('.explanation')).color,
        code: style(root.querySelector('label code')).color,
        focusRing: style(root.querySelector('details > summary')).color,
      };
    });
    assert.notEqual(inside.textarea, 'rgb(255, 255, 221)');
    assert.notEqual(inside.fontSize, '22px');
    assert.notEqual(inside.paragraph, 'rgb(58, 58, 58)');
    assert.notEqual(inside.code, 'rgb(160, 82, 45)');
    assert.match(inside.font, /Helvetica Neue/, '--precedence-font reaches inside');
    assert.equal(inside.focusRing, 'rgb(106, 63, 181)', '--precedence-accent reaches inside');

    const button = await page.locator('#predict-scenario [data-pick=allowed]').evaluate((b) => getComputedStyle(b).textTransform);
    assert.equal(button, 'none');
    // And the element's rules stay inside: page nodes with its class names are untouched.
    const outside = await page.evaluate(() => {
      const probe = document.createElement('p');
      probe.className = 'problem decision';
      probe.textContent = 'page text';
      document.body.append(probe);
      const style = getComputedStyle(probe);
      return { border: style.borderLeftStyle, color: style.color, background: style.backgroundColor };
    });
    assert.deepEqual(outside, { border: 'none', color: 'rgb(58, 58, 58)', background: 'rgba(0, 0, 0, 0)' });
  });

  test('axe finds nothing serious on the page, before and after a prediction', async () => {
    const page = await openSample();
    await page.addScriptTag({ path: AXE });
    const scan = async () => {
      const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    };
    assert.deepEqual(await scan(), []);
    // The chart's words against their shapes, on the path and off it (axe does not look into SVG).
    const low = await page.locator('#inline-scenario [data-testid=flowchart] g[data-stage], #inline-scenario [data-testid=flowchart] g[data-outcome]').evaluateAll((groups) => {
      // `rgb(r, g, b)`, or `color(srgb r g b)` (0–1) for a colour-mix.
      const rgb = (colour) => {
        const values = colour.match(/[\d.]+/g).slice(0, 3).map(Number);
        return colour.startsWith('color(') ? values.map((v) => v * 255) : values;
      };
      const luminance = (colour) => {
        const [r, g, b] = rgb(colour).map((v) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      return groups.flatMap((group) => [...group.querySelectorAll('text')].map((text) => {
        const [a, b] = [luminance(getComputedStyle(text).fill), luminance(getComputedStyle(group.querySelector('rect')).fill)];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        return { node: group.dataset.stage ?? group.dataset.outcome, ratio, opacity: getComputedStyle(group).opacity };
      })).filter((t) => t.ratio < 4.5 || t.opacity !== '1');
    });
    assert.deepEqual(low, []);
    await page.locator('#predict-scenario [data-pick=allowed]').click();
    await page.locator('#inline-scenario details:not([open]) > summary').first().click();
    assert.deepEqual(await scan(), []);
  });

  test('nothing is fetched from another origin', async () => {
    const page = await openSample();
    await page.locator('#inline-scenario textarea[data-policy-id=AppPermissions]').fill('{}');
    await page.waitForTimeout(400);
    assert.deepEqual(foreignRequests(page.record.requests, new URL(site.url).origin), []);
    assert.deepEqual(page.record.errors, []);
  });

  test('a missing file, a foreign src, bad JSON and an unknown request are shown in the element', async () => {
    const page = await openSample();
    const shown = await page.evaluate(async () => {
      const TWO = JSON.stringify({ requests: [
        { name: 'first', principal: 'arn:aws:iam::111122223333:role/R', action: 's3:GetObject', resource: '*' },
        { name: 'second', principal: 'arn:aws:iam::111122223333:role/R', action: 's3:PutObject', resource: '*' },
      ] });
      const make = (attributes, inline) => {
        const element = document.createElement('precedence-scenario');
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        if (inline !== undefined) {
          const script = document.createElement('script');
          script.type = 'application/json';
          script.textContent = inline;
          element.append(script);
        }
        document.body.append(element);
        return element;
      };
      const elements = [
        make({ src: 'examples/no-such-file.json' }),
        make({ src: 'https://example.invalid/scenario.json' }),
        make({}, '{\n  "requests": [\n    {"principal": }\n  ]\n}'),
        make({ request: 'nope' }, '{"requests": [{"name": "only", "principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "*"}]}'),
        make({ request: 'second' }, TWO),
        make({ request: '1' }, TWO),
        make({}),
      ];
      const deadline = Date.now() + 10000;
      while (elements.some((e) => e.getAttribute('data-state') === 'loading') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return elements.map((e) => e.shadowRoot.querySelector('[data-testid=problem]')?.textContent
        ?? [...e.shadowRoot.querySelectorAll('[data-testid=request] h4')].map((h) => h.textContent).join());
    });
    assert.match(shown[0], /HTTP 404/);
    assert.match(shown[0], /check the path/);
    assert.match(shown[1], /another site/);
    assert.match(shown[2], /line 3:\d+/);
    assert.match(shown[3], /no request `?nope`?/);
    assert.match(shown[3], /1 \(`?only`?\)/);
    assert.equal(shown[4], 'second', 'a request by its name');
    assert.equal(shown[5], 'first', 'a request by its number, counted from 1');
    assert.match(shown[6], /application\/json/);
    // The scenario child added after the element: shown once it is there.
    await page.evaluate(() => {
      const element = [...document.querySelectorAll('precedence-scenario')].at(-1);
      const script = document.createElement('script');
      script.type = 'application/json';
      script.textContent = '{"requests": [{"principal": "arn:aws:iam::111122223333:role/R", "action": "s3:GetObject", "resource": "*"}]}';
      element.append(script);
    });
    await page.locator('precedence-scenario:last-of-type[data-state=ready] [data-decision=implicitDeny]').waitFor();
    assert.deepEqual(foreignRequests(page.record.requests, new URL(site.url).origin), []);
    assert.deepEqual(page.record.errors, []);
  });
});

test('an engine that cannot load is shown in every element, with what to do', async () => {
  const page = await site.newPage();
  await page.route('**/precedence_wasm_bg.wasm', (route) => route.abort());
  await page.goto(site.url + SAMPLE);
  for (const id of ['inline-scenario', 'file-scenario', 'predict-scenario']) {
    const problem = page.locator(`#${id}[data-state=error] [data-testid=problem]`);
    await problem.waitFor();
    assert.match(await problem.textContent(), /evaluator could not be loaded[\s\S]*serve the page over http/);
  }
  assert.deepEqual(page.record.errors, []);
});

describe('the package the site carries in element/', () => {
  test('npm pack takes it with every file it names', () => {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
    const version = /^version = "([^"]+)"/m.exec(readFileSync(path.join(REPO_ROOT, 'Cargo.toml'), 'utf8'))[1];
    assert.equal(manifest.name, 'precedence-playground');
    assert.equal(manifest.version, version);
    assert.equal(manifest.license, 'MIT');
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: PACKAGE, encoding: 'utf8' }));
    const files = packed.files.map((file) => file.path).sort();
    for (const file of [
      'LICENSE',
      'README.md',
      'catalog-LICENSE.txt',
      'catalog.txt',
      'node/precedence_wasm.d.ts',
      'node/precedence_wasm.js',
      'node/precedence_wasm_bg.wasm',
      'package.json',
      'precedence-scenario.d.ts',
      'precedence-scenario.js',
      'web/precedence_wasm.d.ts',
      'web/precedence_wasm.js',
      'web/precedence_wasm_bg.wasm',
    ]) {
      assert.ok(files.includes(file), `${file} in ${files.join(', ')}`);
    }
    // Every entry the manifest names is in the package.
    const named = [manifest.main, manifest.types, ...Object.values(manifest.exports).flatMap(function entries(value) {
      return typeof value === 'string' ? [value] : Object.values(value).flatMap(entries);
    })].map((entry) => entry.replace(/^\.\//, ''));
    for (const entry of named) assert.ok(files.includes(entry), `${entry} is packed`);
    assert.match(readFileSync(path.join(PACKAGE, 'LICENSE'), 'utf8'), /MIT License[\s\S]*The Precedence authors/);
  });

  test('Node imports the package by name and evaluates a scenario', () => {
    const script = `
      import { evaluate, version } from 'precedence-playground';
      const result = evaluate(${JSON.stringify(JSON.stringify(inlineScenario()))});
      console.log(JSON.stringify({ version: version(), decision: result.requests[0].evaluation.decision,
        decider: result.requests[0].flowchart.decider, bad: evaluate('{').error.line }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PACKAGE, // the package resolves itself by its name
      encoding: 'utf8',
    });
    assert.deepEqual(JSON.parse(out), { version: JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version, decision: 'explicitDeny', decider: 'explicitDeny', bad: 1 });
  });
});
