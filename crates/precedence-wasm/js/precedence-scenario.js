// <precedence-scenario>: a scenario of Precedence in a documentation page, evaluated in the page by
// the JS API (web/precedence_wasm.js beside this file), with its decision, explanation, flowchart
// and stages, and policies and requests the reader can edit.
//
//   <script type="module" src="/precedence-playground/precedence-scenario.js"></script>
//   <precedence-scenario src="scenario.json" request="1" locked="Perimeter" mode="predict">
//   </precedence-scenario>
//
// The scenario comes from a `<script type="application/json">` child or a same-origin `src`.
// Attributes: `src`, `request` (a request's `name`, or its number counted from 1
// as `precedence eval` and `render --request` count them), `locked` (no value: every
// policy; else a comma list of policy ids; read-only but shown), `mode="predict"` (decision and
// trace hidden until the reader picks one). The page's look comes in through custom properties
// (`--precedence-accent`, `--precedence-font`, … below); nothing else crosses the shadow root.
// Nothing here throws out of the element: every problem is shown in it, with what to do.

/** One engine for every element of the page: the module is fetched and compiled once. Imported
 * when first needed, so that an engine that cannot load is shown in each element, not lost in
 * the console with the element never defined. */
let engine = null;
function loadEngine() {
  engine ??= import('./web/precedence_wasm.js')
    .then(async (api) => {
      await api.default();
      return api;
    })
    .catch((error) => {
      engine = null; // a later element may try again
      throw error;
    });
  return engine;
}

const DEBOUNCE_MS = 250;
const POLICY_TYPES = ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp', 'endpoint'];
const DECISIONS = {
  allowed: 'Allowed',
  explicitDeny: 'Explicit deny',
  implicitDeny: 'Implicit deny',
};
const QUESTIONS = {
  explicitDeny: 'Any Deny applies?',
  rcp: 'RCPs allow?',
  scp: 'SCPs allow?',
  resource: 'Resource policy allows?',
  identity: 'Identity policies allow?',
  boundary: 'Boundary allows?',
  session: 'Session policy allows?',
  endpoint: 'Endpoint policy allows?',
};
const STATES = {
  allow: 'allows',
  deny: 'denies',
  noMatch: 'no-match',
  notApplicable: 'not-applicable',
};
const STATE_WORDS = {
  allow: 'allows',
  deny: 'denies',
  noMatch: 'no match',
  notApplicable: 'not applicable',
};
const TYPE_NAMES = {
  identity: 'Identity policy',
  resource: 'Resource policy',
  boundary: 'Permissions boundary',
  session: 'Session policy',
  scp: 'SCP',
  rcp: 'RCP',
  endpoint: 'Endpoint policy',
};
const REQUEST_FIELDS = ['principal', 'action', 'resource'];

const STYLE = `
:host {
  all: initial;
  display: block;
  position: relative;
  box-sizing: border-box;
  color: var(--precedence-text, #1f2328);
  background: var(--precedence-background, transparent);
  font-family: var(--precedence-font, system-ui, -apple-system, "Segoe UI", sans-serif);
  font-size: var(--precedence-font-size, 15px);
  line-height: 1.45;
  border: 1px solid var(--precedence-border, #d0d7de);
  border-radius: var(--precedence-radius, 8px);
  padding: 12px 14px;
  margin: 1em 0;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
h3, h4, p, ul, ol { margin: 0 0 .5em; }
h3 { font-size: 1.05em; }
h4 { font-size: .95em; }
code, textarea, input, .mono {
  font-family: var(--precedence-mono-font, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace);
  font-size: .9em;
}
.problem {
  border-left: 4px solid var(--precedence-deny, #cf222e);
  padding: .4em .7em;
  background: color-mix(in srgb, var(--precedence-deny, #cf222e) 8%, transparent);
}
.problem .help { opacity: .85; }
.policy { margin-bottom: .8em; }
.policy label, .fields label { display: block; font-weight: 600; font-size: .9em; }
.policy .locked-note { font-weight: 400; opacity: .75; }
textarea {
  display: block;
  width: 100%;
  resize: vertical;
  padding: .5em;
  color: inherit;
  background: var(--precedence-input-background, #fff);
  border: 1px solid var(--precedence-border, #d0d7de);
  border-radius: 6px;
  tab-size: 2;
  white-space: pre;
  overflow-x: auto;
}
textarea[readonly] { background: var(--precedence-locked-background, #f6f8fa); }
textarea:focus-visible, input:focus-visible, button:focus-visible {
  outline: 2px solid var(--precedence-accent, #0969da);
  outline-offset: 1px;
}
.findings { list-style: none; padding: 0; font-size: .88em; }
.findings li[data-severity=error] { color: var(--precedence-deny, #cf222e); }
.request { border-top: 1px solid var(--precedence-border, #d0d7de); padding-top: .8em; margin-top: .8em; }
.fields { display: grid; grid-template-columns: 1fr; gap: .4em; margin-bottom: .7em; }
input {
  width: 100%;
  padding: .3em .5em;
  color: inherit;
  background: var(--precedence-input-background, #fff);
  border: 1px solid var(--precedence-border, #d0d7de);
  border-radius: 6px;
}
.decision {
  display: inline-block;
  font-weight: 700;
  padding: .15em .6em;
  border-radius: 999px;
  color: #fff;
  background: var(--precedence-deny, #cf222e);
}
.decision[data-decision=allowed] { background: var(--precedence-allow, #1a7f37); }
.decision[data-decision=implicitDeny] { background: var(--precedence-implicit, #9a6700); }
.picks { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
button {
  font: inherit;
  cursor: pointer;
  padding: .3em .8em;
  border-radius: 6px;
  border: 1px solid var(--precedence-accent, #0969da);
  color: var(--precedence-accent, #0969da);
  background: transparent;
}
button:hover { background: color-mix(in srgb, var(--precedence-accent, #0969da) 10%, transparent); }
.verdict[data-correct=true] { color: var(--precedence-allow, #1a7f37); font-weight: 600; }
.verdict[data-correct=false] { color: var(--precedence-deny, #cf222e); font-weight: 600; }
.result { display: flex; flex-wrap: wrap; gap: 1em 1.5em; align-items: flex-start; }
.result > .text { flex: 1 1 18em; min-width: 0; }
.chart { flex: 0 1 auto; max-width: 100%; height: auto; }
.chart .shape { fill: var(--precedence-node-background, #fff); stroke: var(--precedence-border, #8c959f); stroke-width: 1; }
.chart text { fill: currentColor; font-size: 11px; font-family: inherit; }
.chart .title { font-weight: 600; }
.chart .state { font-size: 10px; }
.chart .edge line { stroke: var(--precedence-border, #8c959f); stroke-width: 1.2; }
.chart .edge .head { fill: var(--precedence-border, #8c959f); }
.chart .edge.lit line { stroke: var(--precedence-accent, #0969da); stroke-width: 2.4; }
.chart .edge.lit .head { fill: var(--precedence-accent, #0969da); }
.chart .edge-label { font-size: 10px; fill: var(--precedence-muted, #57606a); }
/* Off the path: drawn faint by their outline, their words still readable (4.5:1 and more). */
.chart .node.unreached .shape, .chart .node[data-state=not-applicable] .shape { stroke: var(--precedence-faint, #d0d7de); }
.chart .node.unreached text, .chart .node[data-state=not-applicable] text { fill: var(--precedence-muted, #57606a); }
.chart .node.lit .shape { stroke: var(--precedence-accent, #0969da); stroke-width: 2; }
.chart .node[data-state=allows] .shape { fill: color-mix(in srgb, var(--precedence-allow, #1a7f37) 12%, var(--precedence-node-background, #fff)); }
.chart .node[data-state=denies] .shape { fill: color-mix(in srgb, var(--precedence-deny, #cf222e) 12%, var(--precedence-node-background, #fff)); }
.chart .node[data-state=not-applicable] .shape { stroke-dasharray: 4 3; }
.chart .node.decides .shape { stroke: var(--precedence-deny, #cf222e); stroke-width: 3; }
.chart .outcome.reached .shape { stroke: var(--precedence-accent, #0969da); stroke-width: 3; }
.chart .outcome.allowed.reached .shape { fill: color-mix(in srgb, var(--precedence-allow, #1a7f37) 18%, var(--precedence-node-background, #fff)); }
.chart .outcome.explicitDeny.reached .shape,
.chart .outcome.implicitDeny.reached .shape { fill: color-mix(in srgb, var(--precedence-deny, #cf222e) 18%, var(--precedence-node-background, #fff)); }
.stages { list-style: none; padding: 0; }
.stages > li { margin-bottom: .35em; }
.stages .status { font-weight: 600; }
.stages ul { margin: .2em 0 .2em 1.2em; padding: 0; font-size: .92em; }
.path { padding-left: 1.3em; font-size: .95em; }
.announce {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
details > summary { cursor: pointer; color: var(--precedence-accent, #0969da); }
`;

/** An element with attributes and children (strings become text). */
function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Text with `quoted names` shown as code. */
function prose(text) {
  return String(text ?? '')
    .split('`')
    .map((part, index) => (index % 2 === 1 ? h('code', { text: part }) : part));
}

/** A problem shown in the element: what is wrong and what to do. */
function problem(message, help, where) {
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-testid': 'problem' },
    h('p', {}, where ? h('strong', { text: `${where}: ` }) : null, ...prose(message)),
    help ? h('p', { class: 'help' }, ...prose(help)) : null,
  );
}

/** `line:column` of an error, or its path, for a heading. */
function located(error) {
  if (error?.line) return `line ${error.line}:${error.column ?? 1}`;
  return error?.path ?? null;
}

// --- The flowchart: the vertical chart of crates/precedence/src/flowchart/layout.rs ----------

const MARGIN = 6;
const ASIDE = 40;
const NODE = { width: 180, height: 38, gap: 20 };
const OUTCOME_WIDTH = 96;

function chartLayout() {
  const pitch = NODE.height + NODE.gap;
  const at = (row) => ({ x: MARGIN, y: MARGIN + row * pitch, width: NODE.width, height: NODE.height });
  const start = { ...at(0), y: MARGIN + 8, height: 24 };
  const nodes = Array.from({ length: 8 }, (_, i) => at(i + 1));
  const outcomeX = MARGIN + NODE.width + ASIDE;
  const explicitDeny = { ...nodes[0], x: outcomeX, width: OUTCOME_WIDTH };
  const implicitDeny = {
    x: outcomeX,
    y: nodes[1].y,
    width: OUTCOME_WIDTH,
    height: nodes[7].y + nodes[7].height - nodes[1].y,
  };
  const allowed = at(9);
  return {
    width: outcomeX + OUTCOME_WIDTH + MARGIN,
    height: allowed.y + allowed.height + MARGIN,
    start,
    nodes,
    explicitDeny,
    implicitDeny,
    allowed,
  };
}

const centre = (r) => [r.x + r.width / 2, r.y + r.height / 2];

function arrow([x1, y1], [x2, y2], label, lit, labelAt) {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const [bx, by] = [x2 - ux * 7, y2 - uy * 7];
  const [px, py] = [-uy * 3.5, ux * 3.5];
  return s(
    'g',
    { class: lit ? 'edge lit' : 'edge', 'data-lit': String(lit) },
    s('line', { x1, y1, x2: bx, y2: by }),
    s('polygon', { class: 'head', points: `${x2},${y2} ${bx + px},${by + py} ${bx - px},${by - py}` }),
    label ? s('text', { class: 'edge-label', x: labelAt[0], y: labelAt[1] }, label) : null,
  );
}

/** The evaluation flowchart of one request: its path (from the JS API) lit, the decider marked. */
function flowchart(evaluation, path) {
  const layout = chartLayout();
  const steps = path?.steps ?? [];
  const stepOf = (stage) => steps.findIndex((step) => step.stage === stage);
  const startsWithStage = steps.length > 0 && steps[0].stage !== null;
  const svg = s('svg', {
    class: 'chart',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'img',
    'data-testid': 'flowchart',
    'aria-label': `AWS's evaluation logic: the request's path ends at ${DECISIONS[evaluation.decision]?.toLowerCase()}.`,
  });
  const stageNames = Object.keys(QUESTIONS);
  // On from each decision point to the next (from the start to the first, the last to allowed).
  const bottom = (r) => [r.x + r.width / 2, r.y + r.height];
  const top = (r) => [r.x + r.width / 2, r.y];
  svg.append(arrow(bottom(layout.start), top(layout.nodes[0]), '', startsWithStage));
  stageNames.forEach((stage, i) => {
    const at = stepOf(stage);
    const outcome = at >= 0 ? steps[at].outcome : undefined;
    const taken = at >= 0 && (outcome === null || (i === 7 && outcome === 'allowed'));
    const label = at >= 0 && outcome === null ? steps[at].answer : stage === 'explicitDeny' ? 'no' : 'yes';
    const to = i === 7 ? layout.allowed : layout.nodes[i + 1];
    const from = bottom(layout.nodes[i]);
    svg.append(arrow(from, top(to), label, taken, [from[0] + 6, from[1] + NODE.gap / 2 + 4]));
  });
  // Out from each to its deny outcome.
  stageNames.forEach((stage, i) => {
    const at = stepOf(stage);
    const taken = at >= 0 && (steps[at].outcome === 'explicitDeny' || steps[at].outcome === 'implicitDeny');
    const node = layout.nodes[i];
    const target = i === 0 ? layout.explicitDeny : layout.implicitDeny;
    const y = node.y + node.height / 2;
    svg.append(
      arrow([node.x + node.width, y], [target.x, y], stage === 'explicitDeny' ? 'yes' : 'no', taken, [
        node.x + node.width + 6,
        y - 4,
      ]),
    );
  });
  const text = ([x, y], dy, words, cls) => s('text', { class: cls, x, y: y + dy, 'text-anchor': 'middle' }, words);
  svg.append(
    s('g', { class: startsWithStage ? 'start lit' : 'start' },
      s('rect', { class: 'shape', ...layout.start, rx: 12 }),
      text(centre(layout.start), 4, 'Request', 'title')),
  );
  for (const trace of evaluation.stages ?? []) {
    const i = stageNames.indexOf(trace.stage);
    if (i < 0) continue;
    const at = stepOf(trace.stage);
    const decides = path?.decider === trace.stage;
    const state = STATES[trace.status] ?? 'no-match';
    let words = trace.stage === 'explicitDeny' && trace.status === 'noMatch' ? 'no Deny matches' : STATE_WORDS[trace.status];
    if (decides) words += ' · decides';
    else if (trace.blocks) words += ' · blocks too';
    const classes = ['node', state, at >= 0 ? 'lit' : 'unreached'];
    if (decides) classes.push('decides');
    const shape = layout.nodes[i];
    svg.append(
      s('g', {
        class: classes.join(' '),
        'data-stage': trace.stage,
        'data-state': state,
        'data-lit': String(at >= 0),
        'data-step': at >= 0 ? at + 1 : null,
        'data-decides': decides ? 'true' : null,
      },
      s('title', {}, `${QUESTIONS[trace.stage]} ${words}; ${at >= 0 ? "on the request's path" : 'not reached'}: ${trace.summary}`),
      s('rect', { class: 'shape', ...shape, rx: 6 }),
      text(centre(shape), -3, QUESTIONS[trace.stage], 'title'),
      text(centre(shape), 12, words, 'state')),
    );
  }
  for (const [decision, shape] of [
    ['explicitDeny', layout.explicitDeny],
    ['implicitDeny', layout.implicitDeny],
    ['allowed', layout.allowed],
  ]) {
    const reached = evaluation.decision === decision;
    svg.append(
      s('g', {
        class: `outcome ${decision}${reached ? ' reached' : ''}`,
        'data-outcome': decision,
        'data-reached': String(reached),
      },
      s('rect', { class: 'shape', ...shape, rx: 6 }),
      text(centre(shape), 4, DECISIONS[decision], 'title')),
    );
  }
  return svg;
}

// --- The element ---------------------------------------------------------------------------

/** The policies the reader can edit: the scenario's `policies` lists, in evaluation order. */
function editablePolicies(scenario) {
  const lists = scenario && typeof scenario.policies === 'object' && scenario.policies ? scenario.policies : {};
  const out = [];
  for (const type of POLICY_TYPES) {
    const list = Array.isArray(lists[type]) ? lists[type] : [];
    list.forEach((entry, index) => {
      if (!entry || typeof entry !== 'object' || !('document' in entry)) return;
      const text = typeof entry.document === 'string' ? entry.document : JSON.stringify(entry.document, null, 2);
      out.push({ type, index, id: String(entry.id ?? `${type}#${index}`), text: text ?? '' });
    });
  }
  return out;
}

class PrecedenceScenario extends HTMLElement {
  static observedAttributes = ['src', 'request', 'locked', 'mode'];

  #root = null;
  #scenario = null; // the scenario as edited: documents of edited policies are the text as typed
  #policies = []; // [{ type, index, id, text }]
  #predictions = new Map(); // request index → the reader's pick
  #timer = 0;
  #loads = 0;
  #waiting = null; // watches for a scenario child added after the element
  #connected = false;
  /** The latest result of `evaluate`, for scripts of the page. */
  result = null;

  connectedCallback() {
    this.#connected = true;
    if (!this.#root) {
      this.#root = this.attachShadow({ mode: 'open' });
      this.#load();
    }
  }

  disconnectedCallback() {
    this.#connected = false;
    clearTimeout(this.#timer);
    this.#waiting?.disconnect();
    this.#waiting = null;
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#root || before === after) return;
    if (name === 'src') this.#load();
    else if (this.#scenario) this.#renderAll();
  }

  /** The policy ids `locked` names, or true for all. */
  #locked() {
    if (!this.hasAttribute('locked')) return new Set();
    const value = this.getAttribute('locked').trim();
    if (value === '' || value === 'all' || value === 'true') return true;
    return new Set(value.split(',').map((id) => id.trim()).filter(Boolean));
  }

  #isLocked(id) {
    const locked = this.#locked();
    return locked === true || locked.has(id);
  }

  #predict() {
    return (this.getAttribute('mode') ?? '').trim().toLowerCase() === 'predict';
  }

  #show(...nodes) {
    this.#root.replaceChildren(h('style', { text: STYLE }), ...nodes.filter(Boolean));
  }

  #fail(message, help, where) {
    this.setAttribute('data-state', 'error');
    this.#show(problem(message, help, where));
  }

  async #load() {
    const load = ++this.#loads;
    const current = () => load === this.#loads;
    this.setAttribute('data-state', 'loading');
    this.#show(h('p', { class: 'loading', text: 'Loading the scenario…' }));
    try {
      const [text, api] = await Promise.all([this.#scenarioText(), loadEngine().catch((error) => ({ error }))]);
      if (!current()) return;
      if (api.error) {
        this.#fail(
          `the evaluator could not be loaded: ${api.error.message ?? api.error}`,
          'serve the page over http(s) with `web/precedence_wasm_bg.wasm` beside `precedence-scenario.js`; browsers do not load WebAssembly from file://',
        );
        return;
      }
      if (text.error) {
        this.#fail(text.error, text.help);
        if (text.missing) this.#waitForScenario();
        return;
      }
      let scenario;
      try {
        scenario = JSON.parse(text.text);
      } catch {
        // The engine reads the text again to say where it breaks.
        const read = api.evaluate(text.text);
        const error = read?.error ?? { message: 'the scenario is not JSON', help: 'check its syntax' };
        this.#fail(error.message, error.help, `${text.from}, ${located(error) ?? 'JSON'}`);
        return;
      }
      if (!scenario || typeof scenario !== 'object' || Array.isArray(scenario)) {
        this.#fail('the scenario is not a JSON object', 'write it as `{ "policies": {…}, "requests": […] }`', text.from);
        return;
      }
      this.#api = api;
      this.#scenario = scenario;
      this.#policies = editablePolicies(scenario);
      this.#predictions.clear();
      this.#renderAll();
    } catch (error) {
      if (current()) this.#fail(`the scenario could not be shown: ${error?.message ?? error}`, 'report this as a bug of Precedence, with the scenario');
    }
  }

  #api = null;

  /** A page that adds the `<script type="application/json">` child later gets it shown. */
  #waitForScenario() {
    if (this.#waiting || typeof MutationObserver !== 'function') return;
    this.#waiting = new MutationObserver(() => {
      const added = [...this.children].some((child) => child.localName === 'script');
      if (!added) return;
      this.#waiting.disconnect();
      this.#waiting = null;
      this.#load();
    });
    this.#waiting.observe(this, { childList: true, subtree: true, characterData: true });
  }

  /** `{ text, from }` of the scenario, or `{ error, help }`. */
  async #scenarioText() {
    const src = this.getAttribute('src');
    if (src !== null && src.trim() !== '') {
      let url;
      try {
        url = new URL(src, document.baseURI);
      } catch {
        return { error: `\`src\` is not a URL: \`${src}\``, help: 'name the scenario file by a path on this site, e.g. `examples/scenario.json`' };
      }
      if (url.origin !== window.location.origin) {
        return {
          error: `\`src\` is on another site (${url.origin}): the element reads only files of this page's own site`,
          help: 'copy the scenario file into the documentation site and name it by its path, or put it inline in a `<script type="application/json">` child',
        };
      }
      let response;
      try {
        response = await fetch(url, { credentials: 'same-origin' });
      } catch (error) {
        return { error: `\`${src}\` could not be fetched: ${error?.message ?? error}`, help: 'check that the site is being served and the path is right' };
      }
      if (!response.ok) {
        return {
          error: `\`${src}\` could not be fetched (HTTP ${response.status} ${response.statusText})`.trim(),
          help: 'check the path: it is read relative to the page, and the file must be published with the documentation',
        };
      }
      return { text: await response.text(), from: src };
    }
    const inline = [...this.children].find(
      (child) => child.localName === 'script' && (child.getAttribute('type') ?? '').trim().toLowerCase() === 'application/json',
    );
    if (inline) return { text: inline.textContent ?? '', from: 'the inline scenario' };
    return {
      missing: true,
      error: 'no scenario to show',
      help: 'put the scenario JSON in a `<script type="application/json">` child of `<precedence-scenario>`, or name its file in `src`',
    };
  }

  /** The indices of the requests to show, or a problem with `request`. */
  #shownRequests(requests) {
    const wanted = this.getAttribute('request');
    const all = requests.map((_, index) => index);
    if (wanted === null || wanted.trim() === '') return { indices: all };
    const key = wanted.trim();
    const byName = requests.findIndex((request) => request && request.name === key);
    if (byName >= 0) return { indices: [byName] };
    const number = /^\d+$/.test(key) ? Number(key) : 0;
    if (number >= 1 && number <= requests.length) return { indices: [number - 1] };
    const names = requests.map((request, index) => (request?.name ? `${index + 1} (\`${request.name}\`)` : String(index + 1)));
    return {
      indices: [],
      problem: problem(
        `the scenario has no request \`${key}\``,
        `\`request\` takes a request's name or its number counted from 1: ${names.join(', ') || 'the scenario has no requests'}`,
      ),
    };
  }

  /** Draws everything: the policies' editors, then each request with its result. */
  #renderAll() {
    const scenario = this.#scenario;
    const requests = Array.isArray(scenario.requests) ? scenario.requests : [];
    const shown = this.#shownRequests(requests);
    const heading = scenario.name ? h('h3', { class: 'name', text: String(scenario.name) }) : null;
    // A question does not say its answer: scenario descriptions and request names often do.
    const predict = this.#predict();
    const description = scenario.description && !predict
      ? h('p', { class: 'description', 'data-testid': 'description' }, ...prose(scenario.description))
      : null;
    const policies = h('section', { class: 'policies', 'aria-label': 'Policies' },
      this.#policies.map((policy, i) => this.#policyEditor(policy, i)));
    const requestNodes = shown.indices.map((index) => this.#requestView(index, requests[index]));
    this.#show(
      heading,
      description,
      h('div', { class: 'scenario-problem', 'data-testid': 'scenario-problem' }),
      policies,
      shown.problem ?? null,
      h('section', { class: 'requests', 'aria-label': 'Requests' }, requestNodes),
    );
    this.#evaluate();
  }

  #policyEditor(policy, i) {
    const locked = this.#isLocked(policy.id);
    const id = `policy-${i}`;
    const area = h('textarea', {
      id,
      'data-testid': 'policy-text',
      'data-policy-id': policy.id,
      'data-policy-type': policy.type,
      spellcheck: 'false',
      autocomplete: 'off',
      autocapitalize: 'off',
      readonly: locked,
      'aria-readonly': locked ? 'true' : null,
      rows: Math.max(3, policy.text.split('\n').length + 1),
    });
    area.value = policy.text;
    area.addEventListener('input', () => {
      policy.text = area.value; // kept as typed
      area.rows = Math.max(3, area.value.split('\n').length + 1);
      const entry = this.#scenario.policies?.[policy.type]?.[policy.index];
      if (entry) entry.document = area.value;
      this.#schedule();
    });
    return h('div', { class: 'policy', 'data-policy-id': policy.id, 'data-policy-type': policy.type, 'data-locked': locked ? 'true' : 'false' },
      h('label', { for: id }, `${TYPE_NAMES[policy.type] ?? policy.type} `, h('code', { text: policy.id }),
        locked ? h('span', { class: 'locked-note', text: ' (read-only)' }) : null),
      area,
      h('ul', { class: 'findings', 'data-testid': 'findings', 'aria-live': 'polite' }));
  }

  #requestView(index, request) {
    const fields = h('div', { class: 'fields' }, REQUEST_FIELDS.map((field) => {
      const id = `request-${index}-${field}`;
      const input = h('input', {
        id,
        type: 'text',
        'data-testid': `request-${field}`,
        spellcheck: 'false',
        autocomplete: 'off',
        autocapitalize: 'off',
      });
      input.value = typeof request?.[field] === 'string' ? request[field] : '';
      input.addEventListener('input', () => {
        if (request && typeof request === 'object') request[field] = input.value;
        this.#schedule();
      });
      return h('div', {}, h('label', { for: id, text: field[0].toUpperCase() + field.slice(1) }), input);
    }));
    const named = request?.name && !this.#predict();
    const title = named ? String(request.name) : `Request ${index + 1}`;
    return h('article', { class: 'request', 'data-testid': 'request', 'data-request-index': index },
      h('h4', { text: title }),
      fields,
      h('div', { class: 'outcome-area', 'data-testid': 'outcome' }),
      h('p', { class: 'announce', 'aria-live': 'polite', 'data-testid': 'announce' }));
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#evaluate(), DEBOUNCE_MS);
  }

  /** Evaluates the scenario as edited and draws the results; problems are shown, never thrown. */
  #evaluate() {
    if (!this.#connected || !this.#api || !this.#scenario) return;
    let result;
    try {
      result = this.#api.evaluate(this.#scenario);
    } catch (error) {
      result = { error: { message: `the evaluator failed: ${error?.message ?? error}`, help: 'report this as a bug of Precedence, with the scenario' } };
    }
    this.result = result;
    const root = this.#root;
    const scenarioProblem = root.querySelector('.scenario-problem');
    scenarioProblem?.replaceChildren();
    if (result?.error) {
      scenarioProblem?.append(problem(result.error.message, result.error.help, located(result.error)));
      this.setAttribute('data-state', 'error');
      for (const area of root.querySelectorAll('[data-testid=outcome]')) area.replaceChildren();
      this.#announce();
      return;
    }
    this.#showFindings(result.policies ?? []);
    for (const article of root.querySelectorAll('article.request')) {
      const index = Number(article.getAttribute('data-request-index'));
      const outcome = article.querySelector('[data-testid=outcome]');
      const entry = (result.requests ?? []).find((r) => r.index === index);
      outcome.replaceChildren(...this.#outcome(index, entry));
      // Said once per change, and only what the reader may see (nothing before a prediction).
      const said = outcome.querySelector('[data-testid=decision]')?.textContent;
      const announce = article.querySelector('[data-testid=announce]');
      const sentence = said ? `Decision: ${said}.` : '';
      if (announce && announce.textContent !== sentence) announce.textContent = sentence;
    }
    this.setAttribute('data-state', 'ready');
    this.#announce();
  }

  #announce() {
    this.dispatchEvent(new CustomEvent('precedence-evaluated', { detail: this.result, bubbles: true, composed: true }));
  }

  #showFindings(reports) {
    const lists = this.#root.querySelectorAll('.policy');
    this.#policies.forEach((policy, i) => {
      const list = lists[i]?.querySelector('.findings');
      if (!list) return;
      const report = reports.find((r) => r.policyType === policy.type && r.id === policy.id);
      const findings = (report?.findings ?? []).filter((f) => f.severity === 'error' || f.severity === 'securityWarning' || f.severity === 'warning');
      list.replaceChildren(...findings.map((f) =>
        h('li', { 'data-severity': f.severity, 'data-code': f.code },
          h('span', { class: 'mono', text: `${f.line}:${f.column} ` }), ...prose(f.message),
          f.help ? h('span', { class: 'help' }, ' — ', ...prose(f.help)) : null)));
    });
  }

  /** What a request's area shows: its error, the predict question, or the result. */
  #outcome(index, entry) {
    if (!entry) return [problem('this request was not evaluated', 'check the scenario for errors above')];
    if (entry.error) {
      return [problem(entry.error.message, entry.error.help, entry.error.field)];
    }
    const evaluation = entry.evaluation;
    if (!this.#predict()) return [this.#resultView(evaluation, entry.flowchart)];
    const pick = this.#predictions.get(index);
    if (!pick) {
      const buttons = Object.entries(DECISIONS).map(([decision, label]) => {
        const button = h('button', { type: 'button', 'data-pick': decision, text: label });
        button.addEventListener('click', () => {
          this.#predictions.set(index, decision);
          this.#evaluate();
          this.#root.querySelector(`article[data-request-index="${index}"] .verdict`)?.focus();
        });
        return button;
      });
      return [h('div', { class: 'picks', 'data-testid': 'predict' },
        h('span', { text: 'What does AWS decide?' }), buttons)];
    }
    const correct = pick === evaluation.decision;
    const verdict = h('p', { class: 'verdict', 'data-testid': 'verdict', 'data-correct': String(correct), tabindex: '-1' },
      correct ? `Right: ${DECISIONS[pick].toLowerCase()}.` : `Not quite: you said ${DECISIONS[pick].toLowerCase()}; AWS decides ${DECISIONS[evaluation.decision]?.toLowerCase()}.`);
    const again = h('button', { type: 'button', 'data-testid': 'predict-again', text: 'Ask again' });
    again.addEventListener('click', () => {
      this.#predictions.delete(index);
      this.#evaluate();
    });
    const name = entry.name ? h('p', { class: 'request-name', 'data-testid': 'request-name' }, ...prose(entry.name)) : null;
    return [verdict, name, this.#resultView(evaluation, entry.flowchart), h('p', {}, again)].filter(Boolean);
  }

  #resultView(evaluation, path) {
    const decision = h('p', {},
      h('span', { class: 'decision', 'data-testid': 'decision', 'data-decision': evaluation.decision, text: DECISIONS[evaluation.decision] ?? evaluation.decision }));
    const explanation = h('p', { class: 'explanation', 'data-testid': 'explanation' }, ...prose(evaluation.explanation));
    const steps = h('ol', { class: 'path', 'data-testid': 'path' }, (path?.steps ?? []).map((step) =>
      h('li', { 'data-stage': step.stage ?? 'rule' }, ...prose(step.sentence))));
    const stages = h('ul', { class: 'stages', 'data-testid': 'stages' }, (evaluation.stages ?? []).map((stage) => {
      const matched = [];
      for (const policy of stage.policies ?? []) {
        for (const statement of policy.statements ?? []) {
          if (statement.matched) matched.push(h('li', {}, `${statement.effect} `, h('code', { text: statement.label }), ' of ', h('code', { text: policy.id })));
        }
      }
      return h('li', { 'data-testid': 'stage', 'data-stage': stage.stage, 'data-status': stage.status },
        h('span', { class: 'status', text: `${QUESTIONS[stage.stage] ?? stage.stage} ${STATE_WORDS[stage.status] ?? stage.status}` }),
        ' — ', ...prose(stage.summary),
        matched.length ? h('ul', { class: 'matched', 'data-testid': 'matched' }, matched) : null);
    }));
    return h('div', { class: 'result', 'data-testid': 'result' },
      h('div', { class: 'text' },
        decision,
        explanation,
        h('details', { open: true }, h('summary', { text: 'The path' }), steps),
        h('details', {}, h('summary', { text: 'Every stage and the statements that matched' }), stages)),
      flowchart(evaluation, path));
  }
}

if (!customElements.get('precedence-scenario')) {
  customElements.define('precedence-scenario', PrecedenceScenario);
}

export { PrecedenceScenario, loadEngine };
