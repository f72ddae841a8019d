// Monaco's editor worker (diffs, links, word-based suggestions), served by the gateway (src/playground/browser/monaco.ts).
import 'monaco-editor/esm/vs/editor/editor.worker.js';
