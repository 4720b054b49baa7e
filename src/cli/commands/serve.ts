import type { Worker } from 'node:cluster';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { ensureBundled } from './lists.js';

/** How often a server looks for reminder digests that are due. */
const DIGEST_LOOK_MS = 5 * 60_000;

/** Resolves when the process is asked to stop. */
const stopSignal = () => new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});

/** Runs the HTTP server in this process until asked to stop; answers the port it listens on. */
async function runServer(ctx: CliContext, port: number, host: string, onListening: (port: number) => void): Promise<void> {
  const services = await ctx.services();
  await services.screening.screener();
  // The HTTP server's code loads only for `serve`, not for every command.
  const { buildServer } = await import('../../api/server.js');
  const app = await buildServer(services, { logLevel: ctx.config.server.logLevel, trustProxy: ctx.config.server.trustProxy });
  await app.listen({ port, host });
  // Every process looks; the store hands each digest round to one of them.
  const stopDigests = ctx.config.mail
    ? services.reminders.schedule(DIGEST_LOOK_MS, ({ results, error }) => {
      if (error) app.log.error({ err: error }, 'reminder digests could not be sent');
      else app.log.info({ sent: results!.filter((r) => r.status === 'sent').length, failed: results!.filter((r) => r.status === 'failed').length }, 'reminder digests');
    })
    : undefined;
  // Reports another process stored but did not get to resolve (it stopped) are resolved here.
  const stopResolving = services.security.resolution.start((e) => app.log.error({ code: (e as { code?: string }).code }, 'resolving queued reports failed; they stay queued'));
  const addr = app.server.address();
  onListening(typeof addr === 'object' && addr ? addr.port : port);
  await stopSignal();
  await stopResolving();
  // Finish the requests under way; the context closes the store when the action returns.
  stopDigests?.();
  await app.close();
  services.batches.close();
}

export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP server (API and web UI) with the bundled lists loaded; prints its address')
    .option('--port <n>', 'port (default PORT or 8080; 0 picks a free one)', (v) => Number(v))
    .option('--host <host>', 'address to listen on (default HOST or 127.0.0.1)')
    .option('--workers <n>', 'server processes sharing the port (default BULWARK_WORKERS or 1)', (v) => Number(v))
    .action(async (o: { port?: number; host?: string; workers?: number }) => {
      const port = o.port ?? ctx.config.server.port;
      const host = o.host ?? ctx.config.server.host;
      // Loaded here, not by every command: node:cluster costs a start.
      const { default: cluster } = await import('node:cluster');
      const announce = (p: number) => ctx.out.write(`Bulwark is serving at http://${host.includes(':') ? `[${host}]` : host}:${p}/ (API description at /docs)\n`);
      if (cluster.isWorker) return runServer(ctx, port, host, (p) => process.send?.({ listening: p }));
      await ensureBundled(ctx);
      const services = await ctx.services();
      const first = await services.accounts.bootstrap(ctx.config.actor.officeId);
      if (first) {
        ctx.out.write(`\nFirst administrator created. Sign in as "${first.username}" with the password\n\n    ${first.password}\n\nIt is shown this once; you will be asked to change it at the first sign-in.\n\n`);
      }
      const workers = o.workers ?? ctx.config.server.workers;
      if (workers <= 1) return runServer(ctx, port, host, announce);
      // Several processes share the port; sessions, limits and list versions live in the store. The
      // index is saved first (SQLite), so each process loads it instead of all building it at once.
      await services.screening.ensureSaved();
      const forked = Array.from({ length: workers }, () => cluster.fork());
      try {
        const ports = await Promise.all(forked.map(listening));
        announce(ports[0]);
        await stopSignal();
      } finally {
        for (const w of forked) if (!w.isDead()) w.process.kill('SIGTERM');
        await Promise.all(forked.map((w) => (w.isDead() ? undefined : once(w, 'exit'))));
      }
    });
}

/** The port a forked server process listens on; refused if it stops before it listens (its error is on standard error). */
function listening(w: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    w.once('message', (m: { listening: number }) => resolve(m.listening));
    w.once('exit', (code) => reject(new Error(`a server process stopped before it was listening (exit code ${code})`)));
  });
}
