/**
 * The security team's graph: people, organisations, addresses, approaches, donations, companies,
 * officers, owners and listed entities as nodes; typed edges that each say why they exist. Pure: the
 * service assembles nodes and edges from the store, this answers neighbourhoods and explained paths.
 */
export const NODE_TYPES = ['contact', 'donor', 'organisation', 'address', 'approach', 'donation', 'gift', 'trip', 'company', 'person', 'listed', 'office'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Each edge type with the sentence an officer reads for a step along it. */
export const EDGE_TYPES = {
  'director-of': 'is a director of',
  'officer-of': 'is an officer of',
  'owns': 'has significant control of',
  'is-company': 'is the registered company',
  'donated': 'made the donation',
  'received-by': 'was received by',
  'made-approach': 'made the approach',
  'employed-by': 'claims to work for',
  'registered-at': 'is registered at',
  'same-as': 'is the same actor as',
  'listed-as': 'matches the listed party',
} as const;
export type EdgeType = keyof typeof EDGE_TYPES;

export interface GraphNode { id: string; type: NodeType; label: string; data?: Record<string, unknown> }
export interface GraphEdge { id: string; source: string; target: string; type: EdgeType; detail?: string }
export interface PathStep { from: GraphNode; edge: GraphEdge; to: GraphNode; reads: string }
export interface ExplainedPath { length: number; steps: PathStep[]; sentence: string }

export class Graph {
  readonly nodes = new Map<string, GraphNode>();
  private readonly adj = new Map<string, GraphEdge[]>();

  constructor(nodes: GraphNode[], edges: GraphEdge[]) {
    for (const n of nodes) this.nodes.set(n.id, n);
    for (const e of edges) {
      if (!this.nodes.has(e.source) || !this.nodes.has(e.target)) continue;
      for (const end of [e.source, e.target]) {
        const list = this.adj.get(end);
        if (list) list.push(e);
        else this.adj.set(end, [e]);
      }
    }
  }

  edgesOf(id: string): GraphEdge[] {
    return this.adj.get(id) ?? [];
  }

  /** Nodes within `depth` steps, and the edges among them; at most `limit` nodes, nearest first. */
  neighbourhood(id: string, depth = 1, limit = 200): { nodes: GraphNode[]; edges: GraphEdge[] } {
    if (!this.nodes.has(id)) return { nodes: [], edges: [] };
    const dist = new Map([[id, 0]]);
    let frontier = [id];
    for (let d = 1; d <= depth && dist.size < limit; d++) {
      const next: string[] = [];
      for (const n of frontier) for (const e of this.edgesOf(n)) {
        const m = e.source === n ? e.target : e.source;
        if (dist.has(m) || dist.size >= limit) continue;
        dist.set(m, d);
        next.push(m);
      }
      frontier = next;
    }
    const edges = new Map<string, GraphEdge>();
    for (const n of dist.keys()) for (const e of this.edgesOf(n)) if (dist.has(e.source) && dist.has(e.target)) edges.set(e.id, e);
    return { nodes: [...dist.keys()].map((n) => this.nodes.get(n)!), edges: [...edges.values()] };
  }

  /** All shortest paths (up to `maxPaths`, at most `maxDepth` steps) between two nodes, each step explained. */
  paths(from: string, to: string, maxDepth = 6, maxPaths = 5): ExplainedPath[] {
    if (!this.nodes.has(from) || !this.nodes.has(to)) return [];
    const preds = new Map<string, GraphEdge[]>([[from, []]]);
    const dist = new Map([[from, 0]]);
    let frontier = [from];
    for (let d = 1; d <= maxDepth && frontier.length && !dist.has(to); d++) {
      const next: string[] = [];
      for (const n of frontier) for (const e of this.edgesOf(n)) {
        const m = e.source === n ? e.target : e.source;
        if (dist.has(m) && dist.get(m)! < d) continue;
        if (!dist.has(m)) {
          dist.set(m, d);
          preds.set(m, []);
          next.push(m);
        }
        preds.get(m)!.push(e);
      }
      frontier = next;
    }
    if (!dist.has(to)) return [];
    const out: GraphEdge[][] = [];
    const walk = (n: string, acc: GraphEdge[]) => {
      if (out.length >= maxPaths) return;
      if (n === from) return void out.push([...acc].reverse());
      for (const e of preds.get(n)!) walk(e.source === n ? e.target : e.source, [...acc, e]);
    };
    walk(to, []);
    return out.map((edges) => this.explain(from, edges));
  }

  private explain(from: string, edges: GraphEdge[]): ExplainedPath {
    let at = from;
    const steps = edges.map((edge) => {
      const forward = edge.source === at;
      const next = forward ? edge.target : edge.source;
      const [s, t] = [this.nodes.get(edge.source)!, this.nodes.get(edge.target)!];
      const reads = `${s.label} ${EDGE_TYPES[edge.type]} ${t.label}${edge.detail ? ` (${edge.detail})` : ''}`;
      const step = { from: this.nodes.get(at)!, edge, to: this.nodes.get(next)!, reads };
      at = next;
      return step;
    });
    return { length: steps.length, steps, sentence: steps.map((s) => s.reads).join('; ') };
  }
}
