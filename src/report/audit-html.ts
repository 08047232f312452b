// The latest `deltagrad audit tfjs`, as the report's last section: the table
// of subjects and each failure's reproducer. Absent when no audit was saved;
// a file that does not read as an audit is said so, not fatal.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { html, type Html } from './html.js';

/** Where `deltagrad audit` saves its JSON by default. */
export const AUDIT_FILE = 'reports/audit.json';

const AuditJson = z.object({
  tfjsVersion: z.string(),
  backend: z.string(),
  seed: z.number(),
  subjects: z.array(
    z.object({
      kernels: z.array(z.string()),
      op: z.string(),
      verdict: z.string(),
      maxRelErr: z.union([z.number(), z.string()]),
      message: z.string().nullable(),
      reproducer: z.string().nullable(),
    }),
  ),
  coverage: z.object({ registered: z.array(z.string()), uncovered: z.array(z.string()) }),
});

const relErr = (x: number | string): string => (typeof x === 'number' ? x.toExponential(1) : x);

export async function auditSection(file: string): Promise<Html> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return html``;
    throw err;
  }
  let parsed: ReturnType<typeof AuditJson.safeParse>;
  try {
    parsed = AuditJson.safeParse(JSON.parse(text));
  } catch {
    parsed = AuditJson.safeParse(undefined);
  }
  if (!parsed.success) return html`<section id="audit"><h2>TensorFlow.js audit</h2><p class="note"><code>${file}</code> is not an audit saved by <code>deltagrad audit tfjs</code>.</p></section>`;
  const a = parsed.data;
  const failures = a.subjects.filter((s) => s.verdict !== 'ok');
  const { registered, uncovered } = a.coverage;
  return html`<section id="audit"><h2>TensorFlow.js audit</h2>
<p class="meta">tfjs ${a.tfjsVersion} on ${a.backend} · seed ${a.seed} · ${a.subjects.length - failures.length} of ${a.subjects.length} subjects ok · ${registered.length} gradients registered${uncovered.length > 0 && `, not covered: ${uncovered.join(', ')}`}</p>
<table><thead><tr><th>kernel</th><th>subject</th><th>verdict</th><th>worst rel err</th></tr></thead><tbody>
${a.subjects.map((s) => html`<tr><td>${s.kernels.join(', ')}</td><td><code>${s.op}</code></td><td class="${s.verdict === 'ok' ? 'ok' : 'bad'}">${s.verdict}</td><td>${relErr(s.maxRelErr)}</td></tr>`)}
</tbody></table>
${failures.map((s) => html`<h3>${s.kernels.join(', ')}: ${s.verdict}</h3><p>${s.message}</p>${s.reproducer !== null && html`<pre><code>${s.reproducer}</code></pre>`}`)}
</section>`;
}
