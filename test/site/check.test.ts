// The page's check apart from the browser: the derive view's verdicts and
// malformed input, and the state a shared link carries.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, type PageState } from '../../src/site/browser/url-state.js';
import { check, type CheckRequest } from '../../src/site/check.js';
import { ROOT } from '../helpers/fixtures.js';

const LINEAR = readFileSync(join(ROOT, 'derivations', 'linear-backward.yaml'), 'utf8');
const request = (text: string): CheckRequest => ({ format: 'yaml', text, file: 'mine.yaml', view: 'derive', seed: 5, runs: 10 });

describe("the page's derive view", () => {
  it('derives and checks every gradient of a derivation, with the result and matrix form', async () => {
    const result = await check(request(LINEAR));
    expect(result).toMatchObject({ verdict: 'derived', problem: null });
    expect(result.html.match(/<th scope="row">result<\/th>/g)).toHaveLength(3);
    expect(result.html.match(/<th scope="row">matrix form<\/th>/g)).toHaveLength(3);
  });

  it('derives with respect to every input of a file without claims', async () => {
    const bare = 'name: bare\ntitle: no claims\nshapes: {X: [N], w: [N]}\nforward:\n  - y = sum(n, w[n] * X[n])\n';
    const result = await check(request(bare));
    expect(result.verdict).toBe('derived');
    expect(result.html.match(/class="gradient ok"/g)).toHaveLength(2);
  });

  it('points at malformed input', async () => {
    const result = await check(request(LINEAR.replace('Y[s,n] = sum(m,', 'Y[s,n] = sum(m')));
    expect(result.verdict).toBe('malformed');
    expect(result.problem).toMatchObject({ line: 10 });
    expect(result.html).toContain('mine.yaml:10:');
  });
});

describe("the page's state in its URL", () => {
  const state: PageState = { file: 'a b&c.yaml', format: 'yaml', text: 'name: x\n# 100% <ok> #', view: 'derive', seed: 42 };

  it('reads back what it wrote', () => {
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('refuses a link without text or with an unknown format, and draws a seed for a bad one', () => {
    expect(decodeState('')).toBeUndefined();
    expect(decodeState(encodeState(state).replace('format=yaml', 'format=nosuch'))).toBeUndefined();
    expect(decodeState(encodeState(state).replace(/&text=[^&]*/, ''))).toBeUndefined();
    const drawn = decodeState(encodeState(state).replace('seed=42', 'seed=-3'));
    expect(drawn?.seed).not.toBe(-3);
    expect(Number.isSafeInteger(drawn?.seed)).toBe(true);
  });
});
