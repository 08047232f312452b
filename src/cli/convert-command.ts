import { InputError } from '../notation/errors.js';
import { convertedJson, convertedYaml, readLatexFile } from '../latex/convert.js';
import { EXIT } from './common.js';

export async function runConvert(file: string, opts: { json?: boolean }): Promise<number> {
  try {
    const read = await readLatexFile(file);
    process.stdout.write(opts.json ? `${JSON.stringify(convertedJson(read), null, 2)}\n` : convertedYaml(read));
    return EXIT.ok;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`${err.format()}\n`);
    return EXIT.misuse;
  }
}
