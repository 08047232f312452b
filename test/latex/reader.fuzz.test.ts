// Whatever a LaTeX answer holds, reading it gives a derivation or an
// InputError (one line, exit 2), never another exception: the fixtures with a
// random slice of their text replaced by LaTeX tokens or random characters.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/notation/errors.js';
import { readLatexText } from '../../src/latex/reader.js';
import { buildDerivation } from '../../src/derivation/derivation.js';

const DIRS = ['test/fixtures/latex/seeds', 'test/fixtures/latex/styles'];
const FILES = DIRS.flatMap((d) => readdirSync(d).filter((f) => /\.(md|tex)$/.test(f)).map((f) => `${d}/${f}`));
const TEXTS = FILES.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

const TOKENS = [
  '\\frac', '{', '}', '_', '^', '\\sum', '\\sum_{k}', '\\sum_{k=1}^{n}', '\\partial', '\\nabla', '\\left(', '\\right)', '(', ')', '[', ']',
  '=', '&', '\\\\', '\\quad', '\\text{if }', '\\mathbf{W}', 'W_{ij}', 'X_{i}', '\\delta_{ij}', '\\mathbb{1}', '\\exp', '\\max', '\\sigma',
  '\\operatorname{ReLU}', "'", '^\\top', '\\cdot', '\\odot', '-', '+', '2', '0.5', '\\neq', '>', '\\begin{cases}', '\\end{cases}',
  '$', '$$', '\\begin{aligned}', '\\end{aligned}', '\\tag{1}', ',', '.', 'e^{x}', '\\mathrm{softmax}', '\\operatorname{tr}', '\\foo', ' ',
];

const corrupted = fc
  .tuple(fc.constantFrom(...TEXTS), fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.string({ maxLength: 3 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }).map((t) => t.join(''))))
  .map(([{ file, text }, at, cut, insert]) => {
    // Corrupt the body, after the front matter, where the math is.
    const body = text.indexOf('\n', text.indexOf('---', 4) + 1) + 1 || text.indexOf('\\begin{document}');
    const k = body + (at % Math.max(1, text.length - body));
    return { file, text: text.slice(0, k) + insert + text.slice(Math.min(text.length, k + cut)) };
  });

describe('LaTeX reader fuzz', () => {
  it('a corrupted answer reads into a derivation or fails with an InputError inside the file', () => {
    fc.assert(
      fc.property(corrupted, ({ file, text }) => {
        try {
          buildDerivation(readLatexText(text, file));
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          expect(err.location.file).toBe(file);
          expect(err.location.line).toBeGreaterThanOrEqual(1);
          expect(err.location.line).toBeLessThanOrEqual(text.split('\n').length);
        }
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});
