// Shared set-up for the e2e tests and measurements: the static server for dist/, headless
// Chromium through playwright-core, the examples, and helpers that follow the app's DOM contract.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { startServer } from '../server.js';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const DIST_DIR = path.resolve(REPO_ROOT, process.env.DIST_DIR ?? 'dist');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');

export const DECISIONS = ['allowed', 'explicitDeny', 'implicitDeny'];

/** The engine's evaluation of every request of scenario `file`, from the CLI (the reference the
 * page is checked against): the built `precedence` when there is one, else `cargo run`. */
export function engineEvaluations(file) {
  const built = path.join(process.env.CARGO_TARGET_DIR ?? path.join(REPO_ROOT, 'target'), 'debug', 'precedence');
  const [command, args] = existsSync(built)
    ? [built, ['eval', '--format', 'json', file]]
    : ['cargo', ['run', '--quiet', '-p', 'precedence-cli', '--', 'eval', '--format', 'json', file]];
  let out;
  try {
    out = execFileSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    out = error.stdout; // a request that does not meet its expectation exits 1: the JSON is still whole
  }
  return JSON.parse(out)[0].requests.map((r) => r.evaluation);
}
export const STAGES = [
  'explicitDeny', 'rcp', 'scp', 'resource', 'identity', 'boundary', 'session', 'endpoint',
];
export const POLICY_TYPES = ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp', 'endpoint'];

/** Every examples/*.json as { stem, file, scenario }, sorted by name. */
export function examples() {
  const dir = path.join(REPO_ROOT, 'examples');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({
      stem: name.slice(0, -'.json'.length),
      file: path.join(dir, name),
      scenario: JSON.parse(readFileSync(path.join(dir, name), 'utf8')),
    }));
}

const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-extensions',
];

/**
 * Starts the server for dist/ and a headless Chromium (playwright gives it a fresh profile).
 * Call `close()` when done.
 */
export async function setUp() {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    throw new Error(`${DIST_DIR}/index.html is missing: run scripts/build-release first`);
  }
  const server = await startServer(DIST_DIR);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false, // adds --no-sandbox: the tests run as root
    args: CHROMIUM_ARGS,
  });
  return {
    url: server.url,
    browser,
    /** A new page in a fresh context (no shared storage), with its traffic and errors recorded. */
    async newPage(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        ...options,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS ?? 15000));
      const record = { requests: [], errors: [], console: [] };
      page.on('request', (request) => record.requests.push(request.url()));
      page.on('pageerror', (error) => record.errors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') record.console.push(message.text());
      });
      page.record = record;
      page.closeAll = () => context.close();
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.server.close(resolve));
    },
  };
}

/** URLs among `requests` that leave the page's origin (data: and blob: stay inside). */
export function foreignRequests(requests, origin) {
  return requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    try {
      return new URL(url).origin !== origin;
    } catch {
      return true;
    }
  });
}

/** Waits until the app has rendered a decision (after the first trace). */
export async function waitForDecision(page) {
  await page.locator('[data-testid=decision][data-decision]').first().waitFor();
}

/** Reads the selected request's decision. */
export async function decision(page) {
  return page.locator('[data-testid=decision]').first().getAttribute('data-decision');
}

/** Waits until the decision shown is `expected`; returns the decision shown at the end. */
export async function waitForDecisionValue(page, expected, timeout = 5000) {
  try {
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid=decision]')?.getAttribute('data-decision') === want,
      expected,
      { timeout },
    );
  } catch {
    // fall through: the caller's assertion reports what is shown
  }
  return decision(page);
}

/** Stage name → data-status, for the selected request. */
export async function stages(page) {
  return page.$$eval('[data-testid=stage]', (nodes) =>
    Object.fromEntries(nodes.map((n) => [n.getAttribute('data-stage'), n.getAttribute('data-status')])),
  );
}

/** [{ decision, expect }] for the matrix rows, in order. */
export async function matrix(page) {
  return page.$$eval('[data-testid=matrix-row]', (rows) =>
    rows.map((r) => ({ decision: r.getAttribute('data-decision'), expect: r.getAttribute('data-expect') })),
  );
}

/** [{ type, id, text }] for the policy editors, in order. */
export async function policies(page) {
  return page.$$eval('textarea[data-testid=policy-text]', (nodes) =>
    nodes.map((n) => ({
      type: n.getAttribute('data-policy-type'),
      id: n.getAttribute('data-policy-id'),
      text: n.value,
    })),
  );
}

/**
 * The scenarios saved in Recent (the page's localStorage), newest first, as { id, name, owner,
 * text }: what a later visit or another tab can open.
 */
export async function savedScenarios(page) {
  return page.evaluate(() => {
    const index = JSON.parse(localStorage.getItem('precedence.recent.v1') ?? '{"entries":[]}');
    return index.entries.map((entry) => ({
      ...entry,
      text: localStorage.getItem(`precedence.recent.v1:${entry.id}`) ?? '',
    }));
  });
}

/** Waits until some scenario saved in Recent includes `text`; returns the saved scenarios. */
export async function waitForSaved(page, text, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const saved = await savedScenarios(page);
    if (saved.some((entry) => entry.text.includes(text))) return saved;
    if (Date.now() > deadline) throw new Error(`no scenario saved in Recent includes ${text} within ${timeout} ms`);
    await page.waitForTimeout(50);
  }
}

/** Opens the page (optionally with a query or fragment) and waits for the gallery. */
export async function open(page, base, suffix = '/') {
  await page.goto(base + suffix);
  await page.locator('[data-testid=gallery]').waitFor();
}

/**
 * Clicks the gallery button of example `stem` (opening the gallery first if it is collapsed, as a
 * person would) and waits for its decision to show.
 */
export async function loadExample(page, stem) {
  const button = page.locator(`[data-testid=gallery] button[data-example="${stem}"]`);
  if (!(await button.isVisible())) {
    const summary = page.locator('[data-testid=gallery] summary').first();
    if (await summary.count()) await summary.click();
  }
  await button.click();
  await waitForDecision(page);
}

/**
 * Loads `example` ({ stem, scenario }) from the gallery and waits until the URL fragment holds it
 * (the app replaces the fragment shortly after each change); returns that share URL.
 */
export async function loadExampleAndShare(page, example) {
  await loadExample(page, example.stem);
  return waitForFragment(page, null, 5000, (json) => json?.name === example.scenario.name);
}

/** The `s` value of the page's fragment, or null. */
export function fragmentScenario(url) {
  const hash = new URL(url).hash.replace(/^#/, '');
  return new URLSearchParams(hash).get('s');
}

/**
 * Waits until the page's URL fragment holds a scenario different from `previous` (and, if given,
 * one whose decoded JSON satisfies `accept`); returns the URL.
 */
export async function waitForFragment(page, previous = null, timeout = 5000, accept = null) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const s = fragmentScenario(page.url());
    if (s && s !== previous && (!accept || accept(tryDecode(s)))) return page.url();
    if (Date.now() > deadline) {
      throw new Error(`the URL fragment did not get a new #s= scenario within ${timeout} ms: ${page.url()}`);
    }
    await page.waitForTimeout(50);
  }
}

// --- share-link codec: deflate + base64url, detected from what the app writes ---

function fromBase64Url(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Decodes an `s` value; returns { json, codec } where codec is 'raw' or 'zlib'. */
export function decodeScenario(s) {
  const bytes = fromBase64Url(decodeURIComponent(s));
  for (const [codec, inflate] of [['raw', zlib.inflateRawSync], ['zlib', zlib.inflateSync]]) {
    try {
      return { json: JSON.parse(inflate(bytes).toString('utf8')), codec };
    } catch {
      // try the next
    }
  }
  throw new Error('the app\'s #s= value is neither raw deflate nor zlib of JSON');
}

function tryDecode(s) {
  try {
    return decodeScenario(s).json;
  } catch {
    return null;
  }
}

/** Encodes a scenario the way the app does (codec as detected by decodeScenario). */
export function encodeScenario(scenario, codec) {
  const json = Buffer.from(JSON.stringify(scenario), 'utf8');
  const bytes = codec === 'zlib' ? zlib.deflateSync(json, { level: 9 }) : zlib.deflateRawSync(json, { level: 9 });
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function median(values) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
