// Starts the playground. Kept in its own file so the Content-Security-Policy needs no inline script.
import init from './precedence-web.js';

init({ module_or_path: new URL('./precedence-web_bg.wasm', import.meta.url) });
