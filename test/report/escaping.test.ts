// Text from derivation files and run logs reaches the page as text, never as
// markup: titles, sources, descriptions, error messages, run ids, class names.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from '../../src/report/html.js';
import { reportOf, sectionOf } from './page-helpers.js';

const SCRIPT = "<script>alert('x')</script>";
const IMG = '<img src=x onerror=alert(1)>';

const hostile = `name: hostile-text
title: "${SCRIPT} & <b>bold</b>"
source: "${IMG} \\"quoted\\""
description: "</p><script>alert(2)</script><p>"
shapes: {X: [S, M], W: [N, M]}
forward:
  - Y[s,n] = sum(m, X[s,m] * W[n,m])
gradients:
  - wrt: W
    result: dW[i,j] = sum(s, dY[s,i] * X[s,j]) * 2
`;

// Malformed (an unknown tensor), with markup in its title and in the expression the error quotes.
const malformed = `name: hostile-malformed
title: "<iframe src=//evil></iframe>"
shapes: {X: [S]}
forward:
  - Y[s] = X[s] * Evil_script[s]
gradients:
  - wrt: X
    result: dX[i] = 1
`;

const run = [
  { type: 'start', runId: '<script>run()</script>', model: '<b>mlp</b>', backend: 'cpu', gradients: 'derived', config: {}, startedAt: '2026-01-01T00:00:00Z' },
  { type: 'eval', step: 0, epoch: 0, loss: 2, trainAccuracy: 0.1, testAccuracy: 0.1, time: 0 },
  { type: 'eval', step: 10, epoch: 0, loss: 1, trainAccuracy: 0.5, testAccuracy: 0.5, time: 1 },
  { type: 'end', epochs: 1, loss: 1, trainAccuracy: 0.5, testAccuracy: 0.5, samplesPerSecond: 10, gradCheckMaxRelErr: null, perClassAccuracy: [0.4, 0.6], classNames: ['<svg onload=alert(3)>', 'cat'] },
];

let page: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deltagrad-escaping-'));
  writeFileSync(join(dir, 'hostile-text.yaml'), hostile);
  writeFileSync(join(dir, 'hostile-malformed.yaml'), malformed);
  mkdirSync(join(dir, 'runs'));
  writeFileSync(join(dir, 'runs', 'hostile.jsonl'), run.map((r) => JSON.stringify(r)).join('\n'));
  page = (await reportOf([join(dir, 'hostile-text.yaml'), join(dir, 'hostile-malformed.yaml')], { runs: 20, seed: 1, trainingDir: join(dir, 'runs') })).html;
});

describe('escaping', () => {
  it('lets no markup from a derivation file or a run log into the page', () => {
    expect(page).not.toMatch(/<(script|img|iframe|b)\b/i);
    expect(page).not.toMatch(/<svg onload/i);
    expect(page).not.toMatch(/<\/p><script/i);
  });

  it('shows that text escaped, where it belongs', () => {
    const section = sectionOf(page, 'hostile-text');
    expect(section).toContain(`<h2><span class="mark bad" title="wrong">✗</span> ${escapeHtml(SCRIPT)} &amp; &lt;b&gt;bold&lt;/b&gt;</h2>`);
    expect(section).toContain(`${escapeHtml(IMG)} &quot;quoted&quot;`);
    expect(section).toContain('&lt;/p&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;p&gt;');
    expect(sectionOf(page, 'hostile-malformed')).toContain('&lt;iframe src=//evil&gt;&lt;/iframe&gt;');
    expect(page).toContain('<td>&lt;script&gt;run()&lt;/script&gt;</td><td>&lt;b&gt;mlp&lt;/b&gt;</td>');
    expect(page).toContain('<th>&lt;svg onload=alert(3)&gt;</th>');
  });

  it('escapes every interpolated value of the html template, but not Html', () => {
    expect(html`<p title="${'"><x>'}">${"a<b & 'c'"}${trusted('<i>ok</i>')}${[1, '<', null, false]}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;x&gt;">a&lt;b &amp; &#39;c&#39;<i>ok</i>1&lt;</p>',
    );
  });
});
