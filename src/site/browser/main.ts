// The page: an editor on the left, the typeset verdicts on the right. Each
// edit, after a pause, is checked in the worker (cancelling the check in
// flight); malformed input is underlined where the loader says it is.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { yaml } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState, type Extension, type Text } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import BUNDLED from 'virtual:examples';
import WORKER_SOURCE from 'virtual:worker-source';
import { PAGE_CSS } from '../../report/page-style.js';
import type { CheckRequest, Problem, View } from '../check.js';
import { FORMAT_EXTENSIONS, formatOfFile, isFormatName, type FormatName } from '../format-names.js';
import { Checker } from './checker.js';
import { servedExamples, type Example } from './examples.js';
import { decodeState, encodeState, randomSeed, type PageState } from './url-state.js';

/** The pause after a keystroke before checking: the aim is a verdict within 0.3 s of the last one (npm run bench -- page). */
const DEBOUNCE_MS = 150;
/** verify's default: the page's verdicts are the CLI's at the same seed. */
const RUNS = 100;
const FIRST_EXAMPLE = 'linear-backward.yaml';

/** Highlighting per format. */
// LaTeX documents get no highlighting: CodeMirror 6 ships no LaTeX language.
const LANGUAGES: Readonly<Record<FormatName, () => Extension>> = { yaml, markdown: () => markdown(), latex: () => [] };

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const results = element<HTMLElement>('results');
const status = element<HTMLElement>('status');
const problemLine = element<HTMLElement>('problem');
const picker = element<HTMLSelectElement>('example');
const seedInput = element<HTMLInputElement>('seed');
const formatPicker = element<HTMLSelectElement>('format');
const viewButtons = [...document.querySelectorAll<HTMLButtonElement>('button[data-view]')];

const checker = new Checker(WORKER_SOURCE);
/** Reports for download come from a worker of their own, started at the first download: they never cancel a check. */
let reporter: Checker | undefined;
let examples: Example[] = [...BUNDLED];
let state: PageState = decodeState(location.hash) ?? fromExample(examples.find((e) => e.file === FIRST_EXAMPLE) ?? examples[0]!, { view: 'verify', seed: randomSeed() });
/** The editor's highlighting, swapped when the format changes. */
const language = new Compartment();
let timer: ReturnType<typeof setTimeout> | undefined;
/** Bumped by each edit: a reply to an older one is dropped. */
let generation = 0;

/** An example opened in the editor, in the view and at the seed in use. */
function fromExample(e: Example, { view, seed }: Pick<PageState, 'view' | 'seed'>): PageState {
  return { file: e.file, format: formatOfFile(e.file) ?? 'yaml', text: e.text, view, seed };
}

const editor = new EditorView({
  parent: element('editor'),
  state: EditorState.create({
    doc: state.text,
    extensions: [
      lineNumbers(),
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      syntaxHighlighting(defaultHighlightStyle),
      language.of(LANGUAGES[state.format]()),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        state = { ...state, text: update.state.doc.toString() };
        schedule();
      }),
    ],
  }),
});

/**
 * An edit makes the check in flight stale: its verdict is never shown, and the
 * next check ends its worker if it is still running then. One that finishes
 * during the pause leaves the worker running, warm (a fresh worker starts cold).
 */
function schedule(): void {
  generation++;
  clearTimeout(timer);
  setStatus('waiting', 'editing…');
  timer = setTimeout(() => void run(), DEBOUNCE_MS);
}

const request = (): CheckRequest => ({ format: state.format, text: state.text, file: state.file, view: state.view, seed: state.seed, runs: RUNS });

async function run(): Promise<void> {
  const mine = ++generation;
  window.history.replaceState(null, '', encodeState(state));
  setStatus('checking', 'checking…');
  const reply = await checker.send({ kind: 'check', request: request() });
  if (reply === undefined || mine !== generation) return;
  if (reply.kind !== 'check') {
    setStatus('crash', `internal error: ${reply.kind === 'crash' ? reply.message : reply.kind}`);
    return;
  }
  const { result } = reply;
  // Markup from the report's escaping templates and KaTeX (which trusts no \href): text from the editor is never markup.
  results.innerHTML = result.html;
  showProblem(result.problem);
  setStatus('done', `${result.verdict} · ${Math.round(reply.ms)} ms · seed ${state.seed}`, result.verdict);
  // The check's own time, apart from the pause and the drawing (npm run bench -- page reads it).
  status.dataset.checkMs = String(reply.ms);
}

/** The underline: from the reported column to the end of the word there, at least one character. */
function diagnostic(doc: Text, p: Problem): Diagnostic {
  const line = doc.line(Math.min(Math.max(p.line, 1), doc.lines));
  const at = line.from + Math.min(Math.max(p.col - 1, 0), line.length);
  const word = /^[A-Za-z0-9_]+/.exec(doc.sliceString(at, line.to))?.[0].length ?? 1;
  // At the end of a line (a value missing there) the character before it is underlined.
  const from = at < line.to ? at : Math.max(line.from, at - 1);
  const to = Math.max(Math.min(at + word, line.to), Math.min(from + 1, doc.length));
  return { from, to, severity: 'error', message: p.message };
}

/** Underlines the malformed input and says why under the editor; a click there moves the cursor to it. */
function showProblem(p: Problem | null): void {
  const marks = p === null ? [] : [diagnostic(editor.state.doc, p)];
  editor.dispatch(setDiagnostics(editor.state, marks));
  problemLine.hidden = p === null;
  problemLine.textContent = p === null ? '' : `line ${p.line}, column ${p.col}: ${p.message}`;
  problemLine.onclick = () => {
    editor.dispatch({ selection: { anchor: marks[0]?.from ?? 0 }, scrollIntoView: true });
    editor.focus();
  };
}

function setStatus(phase: string, text: string, verdict = ''): void {
  status.dataset.phase = phase;
  status.dataset.verdict = verdict;
  status.textContent = text;
}

function open(example: Example): void {
  state = fromExample(example, state);
  showFormat();
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.text } });
}

function fillPicker(): void {
  picker.replaceChildren(
    new Option('Open an example…', ''),
    ...[...new Set(examples.map((e) => e.group))].map((group) => {
      const optgroup = document.createElement('optgroup');
      optgroup.label = group;
      optgroup.append(...examples.filter((e) => e.group === group).map((e) => new Option(e.file.replace(/\.[^.]+$/, ''), `${group}/${e.file}`)));
      return optgroup;
    }),
  );
}

function download(name: string, text: string, type: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The format picker and the editor's highlighting follow the state's format. */
function showFormat(): void {
  formatPicker.value = state.format;
  editor.dispatch({ effects: language.reconfigure(LANGUAGES[state.format]()) });
}

function showView(): void {
  for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.dataset.view === state.view));
}

picker.addEventListener('change', () => {
  const example = examples.find((e) => `${e.group}/${e.file}` === picker.value);
  if (example !== undefined) open(example);
  picker.value = '';
});
for (const button of viewButtons) {
  button.addEventListener('click', () => {
    state = { ...state, view: button.dataset.view === 'derive' ? 'derive' : 'verify' };
    showView();
    schedule();
  });
}
formatPicker.replaceChildren(...Object.keys(FORMAT_EXTENSIONS).map((f) => new Option(f, f)));
formatPicker.addEventListener('change', () => {
  if (!isFormatName(formatPicker.value)) return;
  const format = formatPicker.value;
  // The file name keeps its stem and takes the format's extension: what a download and the replay command use.
  state = { ...state, format, file: `${state.file.replace(/\.[^.]+$/, '')}.${FORMAT_EXTENSIONS[format][0]}` };
  showFormat();
  schedule();
});
seedInput.value = String(state.seed);
seedInput.addEventListener('change', () => {
  const seed = Number(seedInput.value);
  if (!Number.isSafeInteger(seed) || seed < 0) return;
  state = { ...state, seed };
  schedule();
});
element('download-file').addEventListener('click', () => download(state.file, state.text, 'text/plain'));
element('download-report').addEventListener('click', async () => {
  reporter ??= new Checker(WORKER_SOURCE);
  const reply = await reporter.send({ kind: 'report', request: { ...request(), view: 'verify' }, katexStyles: element('katex-style').textContent ?? '' });
  if (reply?.kind === 'report') download(`${state.file.replace(/\.[^.]+$/, '')}-report.html`, reply.text, 'text/html');
});

element('report-style').textContent = PAGE_CSS;
fillPicker();
showFormat();
showView();
void run();
void servedExamples().then((served) => {
  examples = [...served, ...examples];
  fillPicker();
});
