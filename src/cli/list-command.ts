import { InputError } from '../notation/errors.js';
import { builtinNames, builtinsDir } from '../derivation/builtins.js';
import { loadDerivationFile } from '../derivation/load.js';
import { join } from 'node:path';

export async function runList(opts: { json?: boolean }): Promise<number> {
  const entries = await Promise.all(
    builtinNames().map(async (name) => {
      try {
        const { data } = await loadDerivationFile(join(builtinsDir(), `${name}.yaml`));
        return { name, title: data.title, source: data.source ?? null };
      } catch (err) {
        if (err instanceof InputError) return { name, title: `(malformed: ${err.format()})`, source: null };
        throw err;
      }
    }),
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...entries.map((e) => e.name.length));
  for (const e of entries) {
    process.stdout.write(`${e.name.padEnd(width)}  ${e.title}${e.source ? `\n${' '.repeat(width)}  source: ${e.source}` : ''}\n`);
  }
  return 0;
}
