// The README's rule table is written by hand: every rule of the engine must be
// in it, with its description as rules.ts gives it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TERM_RULES } from '../../src/calculus/rules.js';
import { ROOT } from '../helpers/fixtures.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = README.slice(README.indexOf('## Deriving gradients'), README.indexOf('\n## ', README.indexOf('## Deriving gradients') + 1));

it('has a "Deriving gradients" section', () => {
  expect(section).toMatch(/^## Deriving gradients\n/);
  expect(section).toContain('deltagrad derive');
});

it.each(TERM_RULES.map((r) => [r.name, r.description]))('lists %s with its description', (name, description) => {
  expect(section).toContain(`| \`${name}\` | ${description} |`);
});

it.each(['collect-like-terms', 'fold-definition'])('lists %s, the rewrite of whole results', (name) => {
  expect(section).toContain(`| \`${name}\` |`);
});
