import { loadConfig, type Config } from '../config.js';
import { cliActor, type Actor } from '../domain/actor.js';
import { escapeUnsafe } from '../domain/text.js';
import type { Principal } from '../services/accounts.js';
import { createServices, type Services } from '../services/container.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';

/** What every command needs: configuration, the acting user, and the store and services (opened on first use). */
export interface CliContext {
  config: Config;
  /** Set before each command runs (src/cli/access.ts): the signed-in user, or the local operator of a new store. */
  actor: Actor;
  principal?: Principal;
  store(): Promise<Store>;
  services(): Promise<Services>;
  close(): Promise<void>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

/** Standard output with control and bidi characters from records shown as escapes, never acted on by the terminal. */
function safeStdout(): NodeJS.WriteStream {
  const out = Object.create(process.stdout) as NodeJS.WriteStream;
  out.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    process.stdout.write(typeof chunk === 'string' ? escapeUnsafe(chunk, { keepLines: true }) : chunk, ...rest)) as NodeJS.WriteStream['write'];
  return out;
}

export function createContext(): CliContext {
  const config = loadConfig();
  let opened: Promise<Store> | undefined;
  let services: Promise<Services> | undefined;
  const store = () => (opened ??= openStore(config));
  return {
    config,
    actor: cliActor(config),
    store,
    services: () => (services ??= store().then((s) => createServices(s, config))),
    // A store that failed to open has nothing to close; its error is already being reported.
    close: async () => {
      if (opened) await opened.then((s) => s.close(), () => undefined);
    },
    out: safeStdout(),
    err: process.stderr,
  };
}
