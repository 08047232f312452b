// The report's audit section: the saved audit's table and reproducers,
// nothing when no audit was saved, and a note for a file that is no audit.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSection } from '../../src/report/audit-html.js';

const saved = {
  tfjsVersion: '4.22.0',
  backend: 'cpu',
  seed: 1,
  ok: false,
  subjects: [
    { kernels: ['Relu'], op: 'x => tf.relu(x)', verdict: 'ok', maxRelErr: 0, message: null, reproducer: null },
    { kernels: ['MirrorPad'], op: "x => tf.mirrorPad(x, [[1, 1]], 'reflect')", verdict: 'wrong', maxRelErr: 0.46, message: 'input 0: wrong at [0]', reproducer: 'const f = x => tf.mirrorPad(x, [[1, 1]], "reflect");\n// x0: tfjs gives [1] <' },
  ],
  coverage: { registered: ['MirrorPad', 'Relu'], uncovered: [] },
};

async function fileWith(contents: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'deltagrad-audit-')), 'audit.json');
  await writeFile(file, contents);
  return file;
}

describe('the report shows the latest audit', () => {
  it('as a table with each failure and its reproducer, escaped', async () => {
    const section = (await auditSection(await fileWith(JSON.stringify(saved)))).value;
    expect(section).toContain('tfjs 4.22.0 on cpu · seed 1 · 1 of 2 subjects ok · 2 gradients registered</p>');
    expect(section).toContain('<td class="bad">wrong</td><td>4.6e-1</td>');
    expect(section).toContain('<pre><code>const f = x =&gt; tf.mirrorPad(x, [[1, 1]], &quot;reflect&quot;);\n// x0: tfjs gives [1] &lt;</code></pre>');
  });
  it('not at all when none was saved, and as a note when the file is no audit', async () => {
    expect((await auditSection(join(tmpdir(), 'no-such-dir', 'audit.json'))).value).toBe('');
    expect((await auditSection(await fileWith('{"backend": 3}'))).value).toMatch(/is not an audit saved by <code>deltagrad audit tfjs<\/code>/);
    expect((await auditSection(await fileWith('not json'))).value).toMatch(/is not an audit/);
  });
});
