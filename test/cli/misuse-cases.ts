// The classes of bad input and misuse tried across the command line and the
// library, and what each must get: exit 2 and one line for input, 4 for a
// diverged training run, a thrown error for the library. None is a verdict
// (exit 0 or 1). README.md's "Bad input and misuse" table lists these rows
// (test/cli/misuse.test.ts holds the two together).
import * as tf from '@tensorflow/tfjs';
import { checkProperty, gradcheck, inputsArbitrary, verifyDerivation, type VerifyOptions } from '../../src/index.js';
import { resolveTarget } from '../../src/derivation/builtins.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { loadDerivationFile } from '../../src/derivation/load.js';

export type Group = 'files' | 'options' | 'sizes' | 'derive' | 'output paths' | 'data folders' | 'training' | 'checkpoints' | 'library';

/** An edit of a valid checkpoint (one saved by a run that diverged), described for the table. */
export interface CheckpointEdit {
  readonly text: string;
  readonly apply: (checkpoint: Record<string, any>) => unknown;
}

interface CaseBase {
  readonly group: Group;
  /** The message, or a piece of it, that must appear on one line. */
  readonly message: string;
}

export interface CliCase extends CaseBase {
  /** The command line after `deltagrad`; $DATA, $EMPTY, $BROKEN, $FIFO, $DEEP, $TMP and $CKPT are filled in by the test. */
  readonly args: readonly string[];
  readonly code: 2 | 4;
  /** Run as a separate process: the case exhausts memory or loads the wasm backend. */
  readonly spawn?: true;
  /** $CKPT is this edit of a valid checkpoint. */
  readonly checkpoint?: CheckpointEdit;
}

export interface LibraryCase extends CaseBase {
  readonly call: string;
  readonly run: () => Promise<unknown> | unknown;
  readonly throws: string;
}

export type MisuseCase = CliCase | LibraryCase;

const linear = async (): Promise<Derivation> => buildDerivation(await loadDerivationFile(resolveTarget('linear-backward')));
const verifyWith = (options: Partial<VerifyOptions>) => async () => verifyDerivation(await linear(), { runs: 5, seed: 1, ...options });
const square = (x: tf.Tensor): tf.Tensor => tf.square(x);
const small = ['--data', '$DATA', '--hidden', '4', '--batch', '16', '--epochs', '1', '--backend', 'cpu', '--runs-dir', '$TMP/runs'];
const resume = (text: string, apply: CheckpointEdit['apply'], message: string): CliCase => ({
  group: 'checkpoints',
  args: ['train', '--resume', '$CKPT'],
  code: 2,
  checkpoint: { text, apply },
  message,
});
const firstVariable = (c: Record<string, any>): { data: string; shape: number[] } => Object.values(c.variables)[0] as { data: string; shape: number[] };

export const MISUSE_CASES: readonly MisuseCase[] = [
  { group: 'files', args: ['verify', 'test/fixtures/no-such-file.yaml'], code: 2, message: 'test/fixtures/no-such-file.yaml:1:1: no such file' },
  { group: 'files', args: ['verify', 'no-such-derivation'], code: 2, message: 'no-such-derivation:1:1: no built-in derivation named no-such-derivation' },
  { group: 'files', args: ['verify', 'test/fixtures'], code: 2, message: 'test/fixtures:1:1: is a directory' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/bad-yaml.yaml'], code: 2, message: 'bad-yaml.yaml:6:1: YAML: Tabs are not allowed as indentation' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/unknown-field.yaml'], code: 2, message: 'unknown-field.yaml:9:5: gradients.0: Unrecognized key: "reslt"' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/unknown-tensor.yaml'], code: 2, message: 'unknown-tensor.yaml:6:30: unknown tensor V' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/rank-mismatch.yaml'], code: 2, message: 'rank-mismatch.yaml:10:36: X has rank 2 but is indexed with 1 index' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/range-mismatch.yaml'], code: 2, message: 'range-mismatch.yaml:6:18: dimension mismatch' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/output-is-input.yaml'], code: 2, message: 'output-is-input.yaml:7:17: outputs: X is an input' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/non-conserved-index.yaml'], code: 2, message: 'non-conserved-index.yaml:6:42: index k is free on the right but not on the left' },
  { group: 'files', args: ['verify', 'test/fixtures/malformed/matrix-forward-shapes.yaml'], code: 2, message: 'matrix-forward-shapes.yaml:6:5: cannot be evaluated for the declared shapes' },
  { group: 'files', args: ['verify', '$DEEP'], code: 2, message: 'too large for this machine' },
  { group: 'files', args: ['derive', '$DEEP'], code: 2, message: 'too large for this machine' },
  { group: 'options', args: ['verify', 'test/fixtures/wrong/wrong-sign.yaml', '--rtol', '-1'], code: 2, message: '--rtol must be a positive number' },
  { group: 'options', args: ['verify', 'test/fixtures/wrong/wrong-sign.yaml', '--rtol', 'NaN'], code: 2, message: '--rtol must be a positive number' },
  { group: 'options', args: ['verify', 'test/fixtures/wrong/wrong-sign.yaml', '--atol', '-1'], code: 2, message: '--atol must be a number >= 0' },
  { group: 'options', args: ['verify', 'linear-backward', '--runs', '0'], code: 2, message: '--runs must be a positive integer' },
  { group: 'options', args: ['verify', 'linear-backward', '--seed', '1.5'], code: 2, message: '--seed must be an integer' },
  { group: 'options', args: ['verify', 'linear-backward', '--mode', 'slow'], code: 2, message: "argument 'slow' is invalid. Allowed choices are full, fast, auto" },
  { group: 'options', args: ['verify', 'test/fixtures/misuse/diff-only.yaml', '--mode', 'fast'], code: 2, message: 'every claim of dx is skipped in fast mode' },
  { group: 'options', args: ['verify', 'linear-backward', '--frobnicate'], code: 2, message: "unknown option '--frobnicate'" },
  { group: 'options', args: ['verify'], code: 2, message: 'nothing to verify: give a built-in name, a file, or --all' },
  { group: 'options', args: ['verify', '--all', 'linear-backward'], code: 2, message: 'give either --all or targets, not both' },
  { group: 'options', args: ['frobnicate'], code: 2, message: "unknown command 'frobnicate'" },
  { group: 'sizes', args: ['verify', 'linear-backward', '--sizes', 'S=0'], code: 2, message: '--sizes expects NAME=SIZE pairs' },
  { group: 'sizes', args: ['verify', 'linear-backward', '--sizes', 'S=1,M=2,S=3'], code: 2, message: '--sizes gives S twice' },
  { group: 'sizes', args: ['verify', 'linear-backward', '--sizes', 'Q=3'], code: 2, message: 'sizes: Q is not a dimension of linear-backward' },
  { group: 'sizes', args: ['verify', 'linear-backward', '--sizes', 'S=100000,M=100000,N=1000'], code: 2, message: 'above the budget of 3e+10 (about a minute); pass --force to run it anyway' },
  { group: 'sizes', args: ['verify', 'linear-backward', '--sizes', 'S=100000,M=100000,N=1000', '--force'], code: 2, message: 'too large for this machine', spawn: true },
  { group: 'sizes', args: ['verify', 'test/fixtures/misuse/huge-sizes.yaml'], code: 2, message: 'too large for this machine', spawn: true },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = sqrt(x[i])'], code: 2, message: '--shapes:1:1: --forward needs --shapes' },
  { group: 'derive', args: ['derive', 'linear-backward', '--forward', 'y[i] = x[i]', '--shapes', 'x:[N]'], code: 2, message: 'give either a derivation (name or file) or --forward with --shapes' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i]; z[i] = frobnicate(y[i])', '--shapes', 'x:[N]', '--wrt', 'x'], code: 2, message: '--forward:1:21: unknown function frobnicate' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i]', '--shapes', 'x:N', '--wrt', 'x'], code: 2, message: '--shapes:1:1: cannot read "x:N"' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i]', '--shapes', 'x:[N],x:[M]', '--wrt', 'x'], code: 2, message: '--shapes:1:7: x is given twice' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i]', '--shapes', 'x:[N]', '--domains', 'x:blue', '--wrt', 'x'], code: 2, message: '--domains:1:3: domains: unknown domain "blue"' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i] * z[i]', '--shapes', 'x:[N], z:[n]', '--wrt', 'x'], code: 2, message: '--shapes:1:11: dimension symbol n must start with an upper-case letter' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = log(x[i] - 4)', '--shapes', 'x:[N]', '--wrt', 'x', '--seed', '1'], code: 2, message: '(with --domains, e.g. --domains x:positive)' },
  { group: 'derive', args: ['derive', 'linear-backward', '--wrt', 'Q'], code: 2, message: '--wrt Q: not an input of linear-backward' },
  { group: 'derive', args: ['derive', '--forward', 'y[i] = x[i]', '--shapes', 'x:[N]'], code: 2, message: 'say which inputs to differentiate with respect to' },
  { group: 'output paths', args: ['report', 'linear-backward', '--runs', '1', '-o', '$TMP'], code: 2, message: 'a folder, not a regular file' },
  { group: 'output paths', args: ['report', 'linear-backward', '--runs', '1', '-o', '$FIFO'], code: 2, message: 'fifo: a pipe, not a regular file' },
  { group: 'output paths', args: ['report', 'linear-backward', '--runs', '1', '-o', 'package.json/report.html'], code: 2, message: 'a file where a folder is expected' },
  { group: 'output paths', args: ['report', 'linear-backward', '--runs', '1', '-o', '$TMP/r.html', '--training', 'package.json'], code: 2, message: 'package.json: a file where a folder is expected' },
  { group: 'output paths', args: ['report', '--runs', '0'], code: 2, message: '--runs must be a positive integer' },
  { group: 'data folders', args: ['train', 'mlp', '--data', '/nonexistent/mnist'], code: 2, message: '--data /nonexistent/mnist: no such folder' },
  { group: 'data folders', args: ['train', 'mlp', '--data', 'package.json'], code: 2, message: '--data package.json: not a folder' },
  { group: 'data folders', args: ['train', 'mlp', '--data', '$EMPTY'], code: 2, message: 'found neither MNIST' },
  { group: 'data folders', args: ['train', 'mlp', ...small, '--derivations', '/nonexistent/derivations'], code: 2, message: '--derivations /nonexistent/derivations: no such folder' },
  { group: 'data folders', args: ['train', 'mlp', ...small, '--derivations', '$EMPTY'], code: 2, message: 'holds none of the derivations this model uses (linear-backward.yaml, softmax-cross-entropy-backward.yaml, relu-backward.yaml)' },
  { group: 'data folders', args: ['train', 'mlp', ...small, '--derivations', '$BROKEN'], code: 2, message: 'linear-backward.yaml:1:1: title:' },
  { group: 'training', args: ['train', 'rnn'], code: 2, message: 'model must be mlp or cnn, not rnn' },
  { group: 'training', args: ['train'], code: 2, message: 'give a model (mlp or cnn), or --resume with a checkpoint' },
  { group: 'training', args: ['train', 'mlp', '--lr', '-1'], code: 2, message: '--lr must be a positive number' },
  { group: 'training', args: ['train', 'mlp', '--hidden', '128,x'], code: 2, message: 'each of --hidden must be a positive integer' },
  { group: 'training', args: ['train', 'mlp', '--dropout', '1'], code: 2, message: '--dropout must be in [0, 1)' },
  { group: 'training', args: ['train', 'mlp', '--channels', '8'], code: 2, message: '--channels sets the conv blocks of a cnn; an mlp has none' },
  { group: 'training', args: ['train', 'cnn', ...small, '--channels', '2,2,2,2'], code: 2, message: '--channels 2,2,2,2: 4 pooling blocks halve 8 x 8 images to nothing; use at most 3' },
  { group: 'training', args: ['train', 'mlp', '--check-grads', '0'], code: 2, message: '--check-grads must be a positive integer' },
  { group: 'training', args: ['train', 'mlp', '--eval-every', '0'], code: 2, message: '--eval-every must be a positive integer' },
  { group: 'training', args: ['train', 'mlp', '--data', '$DATA', '--hidden', '100000000', '--runs-dir', '$TMP/runs'], code: 2, message: 'too large for this machine', spawn: true },
  { group: 'training', args: ['train', 'mlp', ...small, '--lr', '1e30', '--eval-every', '1'], code: 4, message: 'training diverged: the loss is NaN at step 1; the last good checkpoint is' },
  { group: 'training', args: ['sweep', 'momentum'], code: 2, message: 'parameter must be one of lr, optimizer, init, batch, activation' },
  { group: 'training', args: ['sweep', 'lr', '--values', '0.1,-1'], code: 2, message: '--values: -1 is not a positive number' },
  { group: 'checkpoints', args: ['train', '--resume', '/nonexistent.ckpt.json'], code: 2, message: '/nonexistent.ckpt.json: no such checkpoint' },
  { group: 'checkpoints', args: ['train', '--resume', 'package.json'], code: 2, message: 'package.json: not a deltagrad checkpoint' },
  { group: 'checkpoints', args: ['train', '--resume', 'README.md'], code: 2, message: 'README.md: not a readable checkpoint' },
  { group: 'checkpoints', args: ['train', '--resume', '$CKPT', '--lr', '0.01'], code: 2, message: '--lr cannot change a resumed run' },
  { group: 'checkpoints', args: ['train', '--resume', '$CKPT', '--runs-dir', '$TMP'], code: 2, message: '--runs-dir cannot change a resumed run' },
  { group: 'checkpoints', args: ['train', 'cnn', '--resume', '$CKPT'], code: 2, message: 'the checkpoint is of a mlp, not a cnn' },
  resume('position.step = 1e9', (c) => (c.position.step = 1e9), 'position (epoch 0, batch 1, step 1000000000) is not a step of this run'),
  resume('config.lr = "fast"', (c) => (c.config.lr = 'fast'), 'not a valid checkpoint: config.lr: Invalid input: expected number, received string'),
  resume('config.epochs = -3', (c) => (c.config.epochs = -3), 'not a valid checkpoint: config.epochs: Too small'),
  resume('a weight is NaN', (c) => (firstVariable(c).data = Buffer.from(new Float32Array(firstVariable(c).shape.reduce((a, b) => a * b, 1)).fill(NaN).buffer).toString('base64')), 'holds NaN or infinite values'),
  resume('a weight cut short', (c) => (firstVariable(c).data = firstVariable(c).data.slice(0, 8)), 'holds 6 bytes, its shape'),
  resume('a weight of another shape', (c) => (firstVariable(c).shape = [1]), 'its shape [1] needs 4'),
  resume('position missing', (c) => delete c.position, 'not a valid checkpoint: position: Invalid input'),
  {
    group: 'library',
    call: 'verifyDerivation(d, {runs: 5, seed: 1, rtol: NaN})',
    run: verifyWith({ rtol: NaN }),
    throws: 'UsageError',
    message: 'rtol must be a positive number, got NaN',
  },
  { group: 'library', call: 'verifyDerivation(d, {runs: 0, seed: 1})', run: verifyWith({ runs: 0 }), throws: 'UsageError', message: 'runs must be a positive integer, got 0' },
  { group: 'library', call: 'verifyDerivation(d, {runs: 5, seed: 1, atol: -1})', run: verifyWith({ atol: -1 }), throws: 'UsageError', message: 'atol must be a number >= 0, got -1' },
  { group: 'library', call: 'verifyDerivation(d, {runs: 5, seed: 0.5})', run: verifyWith({ seed: 0.5 }), throws: 'UsageError', message: 'seed must be an integer, got 0.5' },
  { group: 'library', call: "verifyDerivation(d, {runs: 5, seed: 1, mode: 'slow'})", run: verifyWith({ mode: 'slow' as 'fast' }), throws: 'UsageError', message: 'mode must be one of full, fast, auto, got "slow"' },
  {
    group: 'library',
    call: 'verifyDerivation({...d, gradients: [{...dW, steps: [], result: undefined, matrix: undefined}]}, {runs: 5, seed: 1})',
    run: async () => {
      const d = await linear();
      return verifyDerivation({ ...d, gradients: [{ ...d.gradients[0]!, steps: [], result: undefined, matrix: undefined }] }, { runs: 5, seed: 1 });
    },
    throws: 'UsageError',
    message: 'linear-backward: dW has no claim to check',
  },
  {
    group: 'library',
    call: 'deriveAndCheck(d, undefined, {runs: 0, seed: 1})',
    run: async () => deriveAndCheck(buildDerivation(await loadDerivationFile(resolveTarget('linear-backward'), 'derive')), undefined, { runs: 0, seed: 1 }),
    throws: 'UsageError',
    message: 'runs must be a positive integer, got 0',
  },
  { group: 'library', call: 'gradcheck(f, x, {rtol: NaN})', run: () => gradcheck(square, tf.tensor1d([1, 2]), { rtol: NaN }), throws: 'GradcheckError', message: 'gradcheck: rtol must be a positive number, got NaN' },
  {
    group: 'library',
    call: 'checkProperty(f, inputsArbitrary([[2]]), {runs: 0})',
    run: () => checkProperty(square, inputsArbitrary([[2]]), { runs: 0 }),
    throws: 'GradcheckError',
    message: 'checkProperty: runs must be a positive integer, got 0',
  },
];

const quote = (arg: string): string => (/^[\w$./=,:\-[\]]+$/.test(arg) ? arg : `"${arg}"`);

/** What is tried, as the README's table shows it. */
export function triedText(c: MisuseCase): string {
  if ('call' in c) return `\`${c.call}\``;
  const command = `\`deltagrad ${c.args.map(quote).join(' ')}\``;
  return c.checkpoint === undefined ? command : `${command}, $CKPT with ${c.checkpoint.text}`;
}

/** What it gets, as the README's table shows it. */
export function outcomeText(c: MisuseCase): string {
  return 'call' in c ? `throws ${c.throws}: ${c.message}` : `exit ${c.code}: ${c.message}`;
}
