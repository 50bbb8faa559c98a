// Starts the playground. Kept in its own file so the Content-Security-Policy needs no inline script.
// Loaded async, it runs as soon as it arrives: the WebAssembly compiles while it downloads, beside
// the glue code, instead of after it. If streaming compilation fails (a host serving .wasm with
// another MIME type), the glue fetches and compiles the file itself.
const wasmUrl = new URL('precedence-web_bg.wasm', document.currentScript.src);
const compiled = WebAssembly.compileStreaming(fetch(wasmUrl)).catch(() => wasmUrl);
import('./precedence-web.js').then(async ({ default: init }) => init({ module_or_path: await compiled }));
