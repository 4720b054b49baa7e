import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorOffices, type Actor } from '../domain/actor.js';
import { deterministicId } from '../domain/ids.js';
import { BulwarkError } from '../errors.js';
import { readCompanyRegister, type RegisterPerson } from '../ingest/companies-house.js';
import { Graph, type ExplainedPath, type GraphEdge, type GraphNode, type NodeType } from '../risk/graph.js';
import { normAddress, normCompanyNumber } from '../risk/resolution/keys.js';
import { normaliseName } from '../screening/normalize.js';
import type { GraphEdgeRecord, GraphNodeRecord } from '../store/security.js';
import type { Store } from '../store/types.js';
import { MONEY_RECORD, type StoredMoney } from './money.js';
import { donorRef, partyOfContact } from './parties.js';
import { requireSecurity, type ResolutionService } from './resolution.js';
import type { ScreeningService } from './screening.js';

const nameKey = (name: string, schema: 'Person' | 'Organization') => normaliseName(name, schema).tokens.map((t) => t.simp).sort().join(' ');
export const companyNode = (number: string) => `company:${number}`;
export const registerPersonNode = (p: Pick<RegisterPerson, 'name' | 'dob'>) => `person:${deterministicId('register-person', [nameKey(p.name, 'Person'), p.dob?.slice(0, 7)])}`;
const node = (id: string, type: NodeType, label: string, origin: string, data: Record<string, unknown> = {}): GraphNodeRecord => ({ id, type, label, data, origin });
const edge = (source: string, target: string, type: GraphEdge['type'], origin: string, detail?: string): GraphEdgeRecord => ({ id: deterministicId('edge', [source, type, target]), source, target, type, data: detail ? { detail } : {}, origin });

/**
 * The graph: a company register the office imports (companies, officers, owners; their names screened
 * against the lists at import), joined at read time with the offices' contacts, approaches, donors and
 * donations and the resolution clusters. Neighbourhoods and shortest explained paths for security officers.
 */
export class GraphService {
  constructor(private readonly store: Store, private readonly screening: ScreeningService, private readonly resolution: ResolutionService) {}

  /** Imports a Companies House–style register; a re-import by the same office replaces its previous one in one transaction. */
  async importRegister(actor: Actor, paths: { companies: string; officers?: string; pscs?: string }): Promise<{ companies: number; people: number; listed: number }> {
    if (actor.role === 'member') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'members do not import company registers');
    const reg = readCompanyRegister(paths);
    const origin = `register:${actor.officeId}`;
    const nodes = new Map<string, GraphNodeRecord>();
    const edges: GraphEdgeRecord[] = [];
    for (const c of reg.companies) {
      nodes.set(companyNode(c.number), node(companyNode(c.number), 'company', `${c.name} (${c.number})`, origin, { ...c }));
      const addr = normAddress(c.address);
      if (addr) {
        nodes.set(`address:${addr}`, node(`address:${addr}`, 'address', c.address, origin));
        edges.push(edge(companyNode(c.number), `address:${addr}`, 'registered-at', origin));
      }
    }
    const byName = new Map(reg.companies.map((c) => [nameKey(c.name, 'Organization'), c.number]));
    const people = [...reg.officers, ...reg.pscs];
    for (const p of people) {
      const corporate = p.role.startsWith('corporate');
      // A corporate owner that is itself in the register is that company's node, so ownership chains connect.
      const owner = corporate ? byName.get(nameKey(p.name, 'Organization')) : undefined;
      const id = owner ? companyNode(owner) : corporate ? `organisation:${deterministicId('org', [nameKey(p.name, 'Organization')])}` : registerPersonNode(p);
      if (!owner) nodes.set(id, node(id, corporate ? 'organisation' : 'person', p.name, origin, { dob: p.dob, nationality: p.nationality, residence: p.residence }));
      if (!nodes.has(companyNode(p.companyNumber))) nodes.set(companyNode(p.companyNumber), node(companyNode(p.companyNumber), 'company', p.companyNumber, origin));
      const type = p.kind === 'psc' ? 'owns' : p.role.includes('director') ? 'director-of' : 'officer-of';
      const when = [p.from && `from ${p.from}`, p.to && `to ${p.to}`].filter(Boolean).join(' ');
      edges.push(edge(id, companyNode(p.companyNumber), type, origin, [p.kind === 'psc' ? p.natures.join(', ') : p.role, when].filter(Boolean).join(', ')));
    }
    let listed = 0;
    for (const n of [...nodes.values()].filter((x) => x.type === 'person' || x.type === 'organisation' || x.type === 'company')) {
      const name = n.type === 'company' ? String(n.data.name ?? '') : n.label;
      if (!name || /^[A-Z0-9]{8}$/.test(name)) continue;
      const dob = typeof n.data.dob === 'string' ? n.data.dob.slice(0, 4) : undefined;
      const r = await this.screening.screen(actor, { name, type: n.type === 'person' ? 'person' : 'organisation', ...(dob ? { dob } : {}) }, { limit: 3 });
      for (const h of r.hits.filter((x) => x.level === 'match')) {
        nodes.set(`listed:${h.entityId}`, node(`listed:${h.entityId}`, 'listed', `${h.caption} [${h.dataset}]`, origin, { entityId: h.entityId, programs: h.programs }));
        edges.push(edge(n.id, `listed:${h.entityId}`, 'listed-as', origin, `score ${h.score.toFixed(2)}: ${h.reasons.slice(0, 2).join('; ')}`));
        listed++;
      }
    }
    await this.store.writeSecurity({
      replaceOrigins: [origin], nodes: [...nodes.values()], edges,
      audit: [{ actor: actor.userId, officeId: actor.officeId, action: 'register.import', subject: origin, detail: { files: reg.files.map((f) => ({ path: f.path, sha256: f.sha256 })), companies: reg.companies.length, people: people.length, listed } }],
    });
    return { companies: reg.companies.length, people: people.length, listed };
  }

  /** The same, from uploaded CSV texts (the server's request body); the files live only for the import. */
  async importRegisterUpload(actor: Actor, files: { companies: string; officers?: string; pscs?: string }): Promise<{ companies: number; people: number; listed: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-register-'));
    try {
      const paths: { companies: string; officers?: string; pscs?: string } = { companies: join(dir, 'companies.csv') };
      writeFileSync(paths.companies, files.companies, { mode: 0o600 });
      for (const k of ['officers', 'pscs'] as const) {
        if (files[k] === undefined) continue;
        paths[k] = join(dir, `${k}.csv`);
        writeFileSync(paths[k]!, files[k]!, { mode: 0o600 });
      }
      return await this.importRegister(actor, paths);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The whole graph an officer may see: the register, and the records of the offices they protect. */
  async graph(actor: Actor): Promise<Graph> {
    requireSecurity(actor);
    const offices = new Set(actorOffices(actor));
    const stored = await this.store.loadGraph();
    const nodes: GraphNode[] = stored.nodes.map((n) => ({ id: n.id, type: n.type as NodeType, label: n.label, data: n.data }));
    const edges: GraphEdge[] = stored.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, type: e.type as GraphEdge['type'], detail: e.data.detail as string | undefined }));
    const add = (n: GraphNode) => nodes.push(n);
    const link = (source: string, target: string, type: GraphEdge['type'], detail?: string) => edges.push({ id: deterministicId('edge', [source, type, target]), source, target, type, detail });
    for (const c of (await this.store.allContacts()).filter((x) => offices.has(x.officeId))) {
      const p = partyOfContact(c);
      add({ id: p.ref, type: 'contact', label: `${c.name} (reported to ${c.officeId})` });
      if (p.employer) {
        const org = `organisation:${deterministicId('org', [nameKey(p.employer, 'Organization')])}`;
        add({ id: org, type: 'organisation', label: p.employer });
        link(p.ref, org, 'employed-by');
      }
      for (const l of p.listed ?? []) {
        add({ id: `listed:${l.entityId}`, type: 'listed', label: l.caption });
        link(p.ref, `listed:${l.entityId}`, 'listed-as', `score ${l.score.toFixed(2)}`);
      }
      for (const a of await this.store.approachesFor(c.officeId, c.id)) {
        add({ id: `approach:${a.id}`, type: 'approach', label: `approach on ${a.date} by ${String(a.data.channel)}` });
        link(p.ref, `approach:${a.id}`, 'made-approach');
      }
    }
    for (const r of (await this.store.allRecords(MONEY_RECORD)).filter((x) => offices.has(x.officeId))) {
      const { entry } = r.data as unknown as StoredMoney;
      const donor = donorRef(r.officeId, r.id);
      add({ id: donor, type: 'donor', label: entry.donor.name });
      add({ id: `donation:${r.id}`, type: entry.kind === 'donation' ? 'donation' : 'gift', label: `${entry.kind} received ${entry.received} by ${entry.recipient}` });
      link(donor, `donation:${r.id}`, 'donated');
      const number = entry.donor.companyNumber && normCompanyNumber(entry.donor.companyNumber);
      if (number) link(donor, companyNode(number), 'is-company', `company number ${number}`);
    }
    for (const cl of await this.resolution.clusters(actor)) {
      for (const l of cl.links) link(l.a, l.b, 'same-as', l.evidence.map((e) => e.detail).join('; '));
    }
    const unique = new Map(nodes.map((n) => [n.id, n]));
    return new Graph([...unique.values()], [...new Map(edges.map((e) => [e.id, e])).values()]);
  }

  async neighbourhood(actor: Actor, id: string, depth = 1) {
    const g = await this.graph(actor);
    if (!g.nodes.has(id)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no node ${id}`);
    return g.neighbourhood(id, Math.min(depth, 3));
  }

  async paths(actor: Actor, from: string, to: string): Promise<ExplainedPath[]> {
    const g = await this.graph(actor);
    for (const id of [from, to]) if (!g.nodes.has(id)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no node ${id}`);
    return g.paths(from, to);
  }
}

