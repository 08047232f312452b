// `deltagrad serve [folder]`: its entry, and the handler that starts the
// page's server and prints its address. The server loads inside the handler.
import { EXIT, misuse, numberWhere } from '../common.js';
import { defineCommand, value, withDefault, type OptionValues } from '../command.js';

const port = numberWhere((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer from 0 to 65535')('--port');

const options = {
  port: withDefault(value('--port <n>', 'the port (default: a free one, printed)', port), 0),
};

export type ServeCliOptions = OptionValues<typeof options>;

export const serveCommand = defineCommand({
  name: 'serve',
  description: 'serve the page that checks a derivation as it is typed, on 127.0.0.1; the work happens in the browser',
  arguments: [{ name: '[folder]', description: 'a folder of your derivation files (*.yaml), offered as examples on the page' }],
  options,
  run: async ([folder]: [string | undefined], options) => runServe(folder, options),
});

async function runServe(folder: string | undefined, opts: ServeCliOptions): Promise<number> {
  const { existsSync, statSync } = await import('node:fs');
  const { createSiteServer, siteDir } = await import('../../site/server.js');
  if (folder !== undefined && !(existsSync(folder) && statSync(folder).isDirectory())) return misuse('serve', `${folder} is not a folder`);
  const site = siteDir();
  if (!existsSync(`${site}/index.html`)) throw new Error(`the page is not built (${site} is missing): run npm run build`);
  const server = createSiteServer(site, folder);
  const listening = await new Promise<number | string>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? `port ${opts.port} is in use: give another with --port, or --port 0 for a free one` : err.message));
    server.listen(opts.port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  if (typeof listening === 'string') {
    process.stderr.write(`error: ${listening}\n`);
    return EXIT.misuse;
  }
  process.stdout.write(`deltagrad: serving the page at http://127.0.0.1:${listening}/${folder === undefined ? '' : ` with the derivations in ${folder} as examples`} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return EXIT.ok;
}
