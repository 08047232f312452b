// `deltagrad serve [folder]`: registration, and the handler that starts the
// page's server and prints its address. The server loads inside the action.
import { Command, InvalidArgumentError, Option } from 'commander';

export interface ServeCliOptions {
  readonly port: number;
}

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be an integer from 0 to 65535');
  return n;
};

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the page that checks a derivation as it is typed, on 127.0.0.1; the work happens in the browser')
    .argument('[folder]', "a folder of your derivation files (*.yaml), offered as examples on the page")
    .addOption(new Option('--port <n>', 'the port (default: a free one, printed)').argParser(port).default(0))
    .action(async (folder: string | undefined, opts: ServeCliOptions) => {
      process.exitCode = await runServe(folder, opts);
    });
}

async function runServe(folder: string | undefined, opts: ServeCliOptions): Promise<number> {
  const { existsSync, statSync } = await import('node:fs');
  const { createSiteServer, siteDir } = await import('../site/server.js');
  if (folder !== undefined && !(existsSync(folder) && statSync(folder).isDirectory())) {
    process.stderr.write(`error: ${folder} is not a folder\n(run deltagrad serve --help for usage)\n`);
    return 2;
  }
  const site = siteDir();
  if (!existsSync(`${site}/index.html`)) throw new Error(`the page is not built (${site} is missing): run npm run build`);
  const server = createSiteServer(site, folder);
  const listening = await new Promise<number | string>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? `port ${opts.port} is in use: give another with --port, or --port 0 for a free one` : err.message));
    server.listen(opts.port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  if (typeof listening === 'string') {
    process.stderr.write(`error: ${listening}\n`);
    return 2;
  }
  process.stdout.write(`deltagrad: serving the page at http://127.0.0.1:${listening}/${folder === undefined ? '' : ` with the derivations in ${folder} as examples`} (Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return 0;
}
