// Prints the playground's timings as a table (scripts/measure). Needs dist/ built.
//   node measure.js [--runs N] [--edits N]
//   node measure.js --compare DIR [--compare DIR…] [--runs N]
//     first trace of dist/ and of each other build DIR, alternating run by run (a seed example)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ARTIFACTS_DIR, DIST_DIR, REPO_ROOT, setUp } from './lib/harness.js';
import { compareFirstTrace, formatTable, measureAll, shareLinkFor } from './lib/perf.js';
import { startServer } from './server.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    edits: { type: 'string', default: '15' },
    compare: { type: 'string', multiple: true, default: [] },
  },
});

/**
 * First trace of dist/ and the other builds, alternating; the servers are closed after. Relative
 * directories are read from where scripts/measure was started.
 */
async function compareBuilds(env, dirs, runs) {
  const from = process.env.PRECEDENCE_CALLER_DIR ?? process.cwd();
  const servers = await Promise.all(dirs.map((dir) => startServer(path.resolve(from, dir))));
  try {
    const builds = { [path.relative(REPO_ROOT, DIST_DIR)]: env.url };
    dirs.forEach((dir, i) => { builds[dir] = servers[i].url; });
    const { url } = await shareLinkFor(env, 'seed000-read-only-endpoint');
    return await compareFirstTrace(env, builds, url, runs);
  } finally {
    for (const { server } of servers) server.close();
  }
}

const env = await setUp();
try {
  const runs = Number(values.runs);
  const rows = values.compare.length
    ? await compareBuilds(env, values.compare, runs)
    : (await measureAll(env, { runs, edits: Number(values.edits) })).rows;
  const table = formatTable(rows);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'perf.txt'), table + '\n');
  console.log(`Chromium headless, ${process.env.CHROMIUM ?? '/usr/bin/chromium'}, dist/ served from 127.0.0.1`);
  console.log(table);
} finally {
  await env.close();
}
