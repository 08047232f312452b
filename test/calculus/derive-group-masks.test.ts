// Group normalisation over flat channels, its channel-to-group map written as
// a mask: derive's expansion leaves an index that only the mask reads
// (sum(c1, delta(floor(c1 / K), floor(c / K)))), whose range is the channels'.
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
