// Times compare mode in headless Chromium (the README's compare rows). Needs dist/ built
// (scripts/build-release); run from tests/e2e: `node measure-compare.js`.
// Each step: from the action to the comparison on screen (`data-state=done`), and the longest
// task meanwhile (Long Tasks API), which is how long the page could not answer.
import { loadExample, open, setUp } from './lib/harness.js';

const SCP = 'textarea[data-testid=policy-text][data-policy-id=DenyDynamoDBOutsideVPC]';

const env = await setUp();
try {
  const page = await env.newPage();
  await open(page, env.url);
  await loadExample(page, 'seed003-scp-break-glass-exception');
  await page.evaluate(() => {
    window.longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  await page.locator('[data-testid=compare-open]').click();
  await page.locator('[data-testid=compare-changes][data-state=done]').waitFor();

  const step = async (label, act) => {
    await page.evaluate(() => { window.longest = 0; });
    const start = Date.now();
    await act();
    await page.locator('[data-testid=compare-changes][data-state=comparing]').waitFor();
    await page.locator('[data-testid=compare-changes][data-state=done]').waitFor({ timeout: 60000 });
    const ms = Date.now() - start;
    const longest = Math.round(await page.evaluate(() => window.longest));
    const covered = await page.locator('[data-testid=compare-coverage] p').first().innerText();
    console.log(`${label}: ${ms} ms to the comparison, longest task ${longest} ms — ${covered}`);
  };
  const scp = page.locator(SCP);
  const text = await scp.inputValue();
  await step('break-glass exception widened to every role', () =>
    scp.fill(text.replace('role/BreakGlassRole', 'role/*')));
  await step('a statement naming every action, while editing', () =>
    scp.fill(text.replace('"Effect": "Deny"', '"Effect": "Allow"').replace('"dynamodb:*"', '"*"')));
  await step('the same, Compare all', () => page.locator('[data-testid=compare-all]').click());
  await step('a before from another example, while editing', () =>
    page.locator('[data-testid=compare-before-example]').selectOption('seed000-read-only-endpoint'));
  await step('the same, Compare all', () => page.locator('[data-testid=compare-all]').click());
} finally {
  await env.close();
}
