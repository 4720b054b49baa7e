import { loadConfig, type Config } from '../config.js';
import { cliActor, type Actor } from '../domain/actor.js';
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
    close: async () => {
      if (opened) await (await opened).close();
    },
    out: process.stdout,
    err: process.stderr,
  };
}
