/** What `procs.ts` and a `child.ts` process say to each other over the IPC channel. */
export type Role = 'sim' | 'proxy' | 'subgraph';

export interface ChildRequest {
  id: number;
  op: 'stats' | 'memory' | 'cpu' | 'gc' | 'mark' | 'close';
  /** For `stats` of the simulator process: which vendor's simulator (`att` when absent). */
  vendor?: SimVendor;
}

/** The simulators the `sim` process runs, each on a port of its own. */
export type SimVendor = 'att' | 'oracle';

export interface ChildReply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** Name of the function whose CPU bursts bracket the window of a `--cpu-prof` profile. */
export const PROFILE_MARK = 'benchProfileMark';
