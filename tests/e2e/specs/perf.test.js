// Reports the playground's timings (Performance API marks and measures); asserts none of them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, setUp } from '../lib/harness.js';
import { formatTable, measureAll } from '../lib/perf.js';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('timings: first trace from a share link, updates after typing (reported, not asserted)', async (t) => {
  const { rows } = await measureAll(env, { runs: 3, edits: 5 });
  for (const [name, samples] of rows) assert.ok(samples.length > 0, `${name}: no samples`);
  const table = formatTable(rows);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'perf.txt'), table + '\n');
  for (const line of table.split('\n')) t.diagnostic(line);
});
