// Dinic's maximum flow on a small graph (the planner's aggregated network: organisations
// × provinces, a few thousand nodes at most). Integer capacities.

export class FlowNetwork {
  private to: number[] = [];
  private cap: number[] = [];
  private next: number[] = [];
  private head: number[];
  private level: Int32Array;
  private iter: Int32Array;

  readonly nodes: number;

  constructor(nodes: number) {
    this.nodes = nodes;
    this.head = new Array(nodes).fill(-1);
    this.level = new Int32Array(nodes);
    this.iter = new Int32Array(nodes);
  }

  /** Adds u → v with capacity c; returns the edge's id, for reading its flow later. */
  addEdge(u: number, v: number, c: number): number {
    const id = this.to.length;
    this.to.push(v, u);
    this.cap.push(c, 0);
    this.next.push(this.head[u]!, this.head[v]!);
    this.head[u] = id;
    this.head[v] = id + 1;
    return id;
  }

  /** The flow through an edge after maxFlow (its reverse edge's capacity). */
  flowOn(edge: number): number {
    return this.cap[edge + 1]!;
  }

  maxFlow(s: number, t: number): number {
    let total = 0;
    while (this.bfs(s, t)) {
      this.iter.set(this.head as unknown as number[]);
      for (let f = this.dfs(s, t, Number.MAX_SAFE_INTEGER); f > 0; f = this.dfs(s, t, Number.MAX_SAFE_INTEGER))
        total += f;
    }
    return total;
  }

  private bfs(s: number, t: number): boolean {
    this.level.fill(-1);
    const queue = [s];
    this.level[s] = 0;
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (this.cap[e]! > 0 && this.level[v]! < 0) {
          this.level[v] = this.level[u]! + 1;
          queue.push(v);
        }
      }
    }
    return this.level[t]! >= 0;
  }

  private dfs(u: number, t: number, pushed: number): number {
    if (u === t) return pushed;
    for (; this.iter[u]! !== -1; this.iter[u] = this.next[this.iter[u]!]!) {
      const e = this.iter[u]!;
      const v = this.to[e]!;
      if (this.cap[e]! > 0 && this.level[v] === this.level[u]! + 1) {
        const d = this.dfs(v, t, Math.min(pushed, this.cap[e]!));
        if (d > 0) {
          this.cap[e] = this.cap[e]! - d;
          this.cap[e + 1] = this.cap[e + 1]! + d;
          return d;
        }
      }
    }
    return 0;
  }
}
