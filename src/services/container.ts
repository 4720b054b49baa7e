import type { Config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import type { Store } from '../store/types.js';
import { AccountService, type Clock } from './accounts.js';
import { ApproachService } from './approaches.js';
import { AuditService } from './audit.js';
import { AwarenessService } from './awareness.js';
import { BatchJobs } from './batch-jobs.js';
import { officeDeadlines } from './deadlines.js';
import { ListService } from './lists.js';
import { MatchService } from './matching.js';
import { MoneyService } from './money.js';
import { ReminderService } from './reminders.js';
import { ScreeningService } from './screening.js';
import { TravelService } from './travel.js';
import { CaseService } from './cases.js';
import { ExchangeService } from './exchange.js';
import { GraphService } from './graph.js';
import { ResolutionService } from './resolution.js';
import { SecurityAlertService } from './security-alerts.js';
import { SharingService } from './sharing.js';

/** Every service, built once over one store; the CLI, the server, workers and benchmarks ask for these. */
export interface Services {
  store: Store;
  config: Config;
  clock: Clock;
  accounts: AccountService;
  lists: ListService;
  screening: ScreeningService;
  matching: MatchService;
  batches: BatchJobs;
  approaches: ApproachService;
  money: MoneyService;
  travel: TravelService;
  reminders: ReminderService;
  audit: AuditService;
  awareness: AwarenessService;
  /** The security team's view: resolution across offices, alerts and notices, sharing groups, cases, the graph, exchange. */
  security: { resolution: ResolutionService; alerts: SecurityAlertService; sharing: SharingService; cases: CaseService; graph: GraphService; exchange: ExchangeService };
  deadlines(actor: Actor, asOf?: string): ReturnType<typeof officeDeadlines>;
}

/** The one composition root: one shared screening index, swapped whole when a list version changes. */
export function createServices(store: Store, config: Config, clock: Clock = () => new Date()): Services {
  // The built index is saved with the store's files (beside the SQLite file or the PostgreSQL audit checkpoint) so the
  // next process loads it. It belongs to the store actually opened, not to whatever file the configuration names.
  const cacheDir = store.files ? { cacheDir: store.files.dir, storeIdentity: store.files.identity } : {};
  const screening = new ScreeningService(store, undefined, { recheckMs: config.server.listRecheckMs, staleWhileRebuilding: true, ...cacheDir });
  const resolution = new ResolutionService(store, clock);
  const resolve = (sources: string[]) => resolution.settleStored(sources);
  const approaches = new ApproachService(store, screening, clock, resolve);
  const money = new MoneyService(store, screening, undefined, clock, resolve);
  const travel = new TravelService(store, approaches);
  const lists = new ListService(store, { sourcesFile: config.listSourcesFile, onChange: () => screening.refresh(), clock });
  const cases = new CaseService(store, clock, resolution);
  return {
    store,
    config,
    clock,
    accounts: new AccountService(store, clock),
    lists,
    screening,
    matching: new MatchService(screening),
    batches: new BatchJobs(store, screening, clock),
    approaches,
    money,
    travel,
    reminders: new ReminderService({ store, money, travel }, config, clock),
    audit: new AuditService(store),
    awareness: new AwarenessService(store),
    security: {
      resolution,
      alerts: new SecurityAlertService(store, resolution),
      sharing: new SharingService(store, clock),
      cases,
      graph: new GraphService(store, screening, resolution),
      exchange: new ExchangeService(store, resolution, cases, clock),
    },
    deadlines: (actor, asOf = clock().toISOString().slice(0, 10)) => officeDeadlines(actor, money, travel, asOf),
  };
}
