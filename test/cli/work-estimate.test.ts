// verify --sizes estimates its work before starting and refuses a check
// above the budget unless --force.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileIndexProgram } from '../../bench/compiled.js';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(assertBuilt);

describe('the work estimate', () => {
  it('counts the statements of the compiled code: a hoisted row sum costs per row, not per entry', () => {
    const sizes = { S: 100, C: 50 };
    const hoisted = compileIndexProgram('dX[i,j] = Y[i,j] * (dY[i,j] - sum(c, dY[i,c] * Y[i,c]))', { Y: ['S', 'C'], dY: ['S', 'C'] }, sizes);
    const perEntry = compileIndexProgram('dX[i,j] = sum(c, dY[i,c] * Y[i,c] * Y[i,j])', { Y: ['S', 'C'], dY: ['S', 'C'] }, sizes);
    // S*C entries of a few statements each, the table filled S times with C terms, against S*C*C terms.
    expect(hoisted.compiled.operations).toBeLessThan(10 * 100 * 50);
    expect(perEntry.compiled.operations).toBeGreaterThan(100 * 50 * 50);
  });

  it('refuses a check above the budget in one line (exit 2), and names --force', async () => {
    // Full mode evaluates the forward lines 4 times per entry of X: 4e6 times 5e6 operations.
    const r = await runCli(['verify', 'softmax-backward', '--sizes', 'S=1000,C=1000', '--mode', 'full']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/softmax-backward at these sizes is about [\d.]+e\+\d+ operations, above the budget .* --force/);
  });

  it('runs a check within the budget', async () => {
    const r = await runCli(['verify', 'softmax-backward', '--sizes', 'S=20,C=30', '--mode', 'fast']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
