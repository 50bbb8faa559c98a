// Prints the playground's timings as a table (scripts/measure). Needs dist/ built.
//   node measure.js [--runs N] [--edits N]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS_DIR, setUp } from './lib/harness.js';
import { formatTable, measureAll } from './lib/perf.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, edits: { type: 'string', default: '15' } },
});
const env = await setUp();
try {
  const { rows } = await measureAll(env, { runs: Number(values.runs), edits: Number(values.edits) });
  const table = formatTable(rows);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'perf.txt'), table + '\n');
  console.log(`Chromium headless, ${process.env.CHROMIUM ?? '/usr/bin/chromium'}, dist/ served from 127.0.0.1`);
  console.log(table);
} finally {
  await env.close();
}
