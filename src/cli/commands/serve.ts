import type { Command } from 'commander';
import { buildServer } from '../../api/server.js';
import type { CliContext } from '../context.js';
import { ensureBundled } from './lists.js';

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP server (API and web UI) with the bundled lists loaded; prints its address')
    .option('--port <n>', 'port (default PORT or 8080; 0 picks a free one)', (v) => Number(v))
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (o: { port?: number; host?: string }) => {
      await ensureBundled(ctx);
      const services = await ctx.services();
      const first = await services.accounts.bootstrap(ctx.config.actor.officeId);
      if (first) {
        ctx.out.write(`\nFirst administrator created. Sign in as "${first.username}" with the password\n\n    ${first.password}\n\nIt is shown this once; you will be asked to change it at the first sign-in.\n\n`);
      }
      await services.screening.screener();
      const app = await buildServer(services, { logLevel: ctx.config.server.logLevel, trustProxy: ctx.config.server.trustProxy });
      await app.listen({ port: o.port ?? ctx.config.server.port, host: o.host ?? ctx.config.server.host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : o.port;
      const host = o.host ?? ctx.config.server.host;
      ctx.out.write(`Bulwark is serving at http://${host.includes(':') ? `[${host}]` : host}:${port}/ (API description at /docs)\n`);
      // Finish the requests under way, then close the store (the context closes it when the action returns).
      await new Promise<void>((resolve) => {
        const stop = () => {
          app.close().then(() => resolve(), () => resolve());
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      services.batches.close();
    });
}
