// Index maps in derive. Group normalisation over flat channels, its
// channel-to-group map written as a mask: derive's expansion leaves an index
// that only the mask reads (sum(c1, delta(floor(c1 / K), floor(c / K)))),
// whose range is the channels'. Pixel shuffle: sifting i = 2*j+1 into i % 2
// must keep (2*j+1) % 2 whole.
import { describe, expect, it } from 'vitest';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';

const groupNorm = (mask: string) =>
  buildDerivation(
    parseDerivationText(
      JSON.stringify({
        name: 'group-norm-flat',
        title: 'group norm over channels c = g * K + k',
        shapes: { X: ['N', 'G * K'], Y: ['N', 'G * K'], mu: ['N', 'G'], var: ['N', 'G'], gamma: ['G * K'] },
        constants: { eps: 1e-5 },
        sizes: { N: [1, 2], G: [1, 3], K: [2, 3] },
        forward: [
          `mu[n,g] = sum(c, X[n,c] * ${mask}) / K`,
          `var[n,g] = sum(c, (X[n,c] - mu[n,g])^2 * ${mask}) / K`,
          'Y[n,c] = gamma[c] * (X[n,c] - mu[n, c // K]) / sqrt(var[n, c // K] + eps)',
        ],
        gradients: [{ wrt: 'X', result: 'dX[n,c] = dY[n,c]' }],
      }),
      'group-norm-flat.yaml',
      'derive',
    ),
  );

describe('derive through a channel-to-group mask', () => {
  it.each(['delta(floor(c / K), g)', '(floor(c / K) == g)', '(c // K == g)'])('%s: the gradient of X is derived and checked', (mask) => {
    const [dX] = deriveAndCheck(groupNorm(mask), ['X'], { runs: 20, seed: 3 });
    expect(dX!.failure).toBeNull();
    expect(dX!.verified).toBe(true);
  });
});

describe('derive through // and %', () => {
  it('pixel shuffle Y[i] = X[i // 2, i % 2]: dX is derived and checked', () => {
    const text = JSON.stringify({ name: 'pixel-shuffle', title: 't', shapes: { X: ['H', 2], Y: ['2 * H'] }, forward: ['Y[i] = X[i // 2, i % 2]'], gradients: [{ wrt: 'X', result: 'dX[h,r] = dY[2 * h + r]' }] });
    const [dX] = deriveAndCheck(buildDerivation(parseDerivationText(text, 'pixel-shuffle.yaml', 'derive')), ['X'], { runs: 20, seed: 3 });
    expect(dX!.failure).toBeNull();
    expect(dX!.derived?.result).toContain('(2*j+1) % 2');
  });
});
