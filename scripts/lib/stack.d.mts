// Types for scripts/lib/stack.mjs (plain ESM so that `node` runs it without a build step).

export type LineLogger = (label: string, line: string, stream: 'stdout' | 'stderr') => void;
/** `true` prints prefixed output, a function receives every line, `false` keeps it quiet. */
export type LogOption = boolean | LineLogger;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export declare class ManagedProcess {
  constructor(
    name: string,
    command: string,
    args: string[],
    options?: {
      env?: NodeJS.ProcessEnv;
      cwd?: string;
      onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
    },
  );
  readonly name: string;
  readonly command: string[];
  /** Process group id (the guard's pid). */
  readonly pgid: number;
  /** The command's own pid. */
  readonly pid: Promise<number>;
  readonly exited: Promise<ExitStatus>;
  readonly exitStatus: ExitStatus | null;
  readonly running: boolean;
  output(lines?: number): string;
  stop(options?: { graceMs?: number }): Promise<ExitStatus | null>;
}

export interface StackOptions {
  /** Products to seed when the database is empty (`--if-empty`); 0 skips the seed. Default 200. */
  seedProducts?: number;
  /** Free ports when omitted. */
  edgePort?: number;
  originPort?: number;
  inspectorPort?: number;
  /** Ports of the sandbox card processor and carrier (free ports when omitted). */
  cardPort?: number;
  carrierPort?: number;
  /** Environment for both sandboxes, e.g. SANDBOX_CARD_DELAY_MS, SANDBOX_CARRIER_STEP_MS. */
  sandboxEnv?: Record<string, string>;
  /** Default true: a temporary PGlite directory and wrangler state directory, removed by stop(). */
  temporary?: boolean;
  /**
   * Overrides the database (e.g. `pglite://<dir>`, `postgres://…`); unset with `temporary: false` →
   * `.data/pglite`. A PGlite directory is served by its own process (`startDatabaseServer`).
   */
  databaseUrl?: string;
  /** Port of that database server (default: a free one). */
  databasePort?: number;
  /** Overrides the wrangler state directory; unset with `temporary: false` → `.wrangler/state`. */
  persistTo?: string;
  /** Default: random for a temporary stack, else ADMIN_TOKEN / INTERNAL_SECRET or the dev defaults. */
  adminToken?: string;
  internalSecret?: string;
  /**
   * How the edge runs: `wrangler dev` (default: live reload, inspector; what `npm start` uses) or
   * `workerd` (scripts/serve-workerd.mjs: the deploy bundle in workerd, no dev proxy; the bench),
   * whose state a temporary stack keeps in memory (/dev/shm) when there is one.
   */
  edgeRunner?: 'wrangler' | 'workerd';
  /**
   * Cluster mode with more than 1 (or `cluster: true`): that many origin instances behind
   * HAProxy at `originUrl`, sharing the database and Redis (`redisUrl`, else REDIS_URL, else
   * redis://127.0.0.1:6379). Default 1: one origin process, no proxy.
   */
  origins?: number;
  cluster?: boolean;
  /**
   * Cluster mode split into subsystems: one HAProxy backend per entry, its `instances` serving
   * `services` (ORIGIN_SERVICES, comma-separated), reaching the other pools through the proxy
   * (SERVICES_URL). Replaces `origins`.
   */
  layout?: Array<{ services: string; instances: number }>;
  redisUrl?: string;
  /** Extra `--var`s for the edge and environment variables for the origin. */
  edgeVars?: Record<string, string>;
  originEnv?: Record<string, string>;
  log?: LogOption;
}

export interface ClusterHandle {
  proxy: ManagedProcess;
  proxyUrl: string;
  configPath: string;
  /** HAProxy's admin socket (`show servers state`, `disable server pool_all/origin1`). */
  statsSocket: string;
  /** DATABASE_POOL_SIZE of each instance. */
  poolSize: number;
  ports: number[];
  /** origin1, origin2, …: the instances' labels and server names in HAProxy. */
  names: string[];
  instances: ManagedProcess[];
  pidOf(i: number): Promise<number>;
  restart(i: number): Promise<ManagedProcess>;
  states(): Promise<Array<{ backend: string; server: string; up: boolean }>>;
}

export interface Stack {
  edgeUrl: string;
  originUrl: string;
  cardUrl: string;
  carrierUrl: string;
  sandboxSecrets: { cardKey: string; cardWebhookSecret: string; carrierKey: string; carrierWebhookSecret: string };
  adminToken: string;
  internalSecret: string;
  /** What the origin was given: the database server's `postgres://` URL for PGlite. */
  databaseUrl: string | undefined;
  /** The PGlite directory, or null for another database. */
  pgliteDir: string | null;
  persistTo: string | undefined;
  /** How long the seed took (ms), or null when skipped. */
  seedMs: number | null;
  /** The origin process, or the proxy in cluster mode. */
  origin: ManagedProcess;
  /** Cluster mode only (`origins` > 1): the instances and the proxy. */
  cluster: ClusterHandle | null;
  edge: ManagedProcess;
  /** The database server of a PGlite stack, else null. */
  database: ManagedProcess | null;
  /** Resolves with the first process that exits on its own, or null once stop() was called. */
  exited: Promise<({ name: string } & ExitStatus) | null>;
  /** Stops both processes (whole process groups) and removes temporary directories. */
  stop(): Promise<void>;
}

export declare const ROOT: string;
export declare const BIN_DIR: string;
export declare const DEV_ADMIN_TOKEN: string;
export declare const DEV_INTERNAL_SECRET: string;
/** Edge rate limits for load from one machine (bench, e2e): API very high, checkout off. */
export declare const LOAD_TEST_LIMITS: Record<string, string>;
/**
 * A temporary directory marked with this pid (removed by the next caller once this process is
 * gone, should it be killed before cleaning up).
 */
export declare function makeTempRoot(): string;
export declare function nodeBinary(): string;
export declare function childEnv(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
/** A free port on 127.0.0.1 below the kernel's ephemeral range (never one wrangler may bind meanwhile). */
export declare function getFreePort(): Promise<number>;
export declare function isPortInUse(port: number): Promise<boolean>;
/** Stops every process started through scripts/lib/proc.mjs that is still running. */
export declare function stopAll(options?: { graceMs?: number }): Promise<void>;
export declare function groupMembers(pgid: number): number[];
export declare function readRssKb(pid: number): number | null;
export declare function prefixedPrinter(
  label: string,
  color?: string,
): (line: string, stream: 'stdout' | 'stderr') => void;
export declare function waitForHttp(
  url: string,
  options?: { timeoutMs?: number; accept?: (status: number) => boolean; proc?: ManagedProcess; intervalMs?: number },
): Promise<number>;
export declare function runSeed(options: {
  databaseUrl?: string;
  products: number;
  ifEmpty?: boolean;
  log?: LogOption;
  timeoutMs?: number;
}): Promise<{ ms: number; output: string }>;
/** Options of both Worker runners. */
export interface WorkerProcessOptions {
  port: number;
  config?: string;
  vars?: Record<string, string>;
  persistTo?: string;
  inspectorPort?: number;
  log?: LogOption;
  label?: string;
  readyPath?: string;
  timeoutMs?: number;
}
export declare function startWrangler(
  options: WorkerProcessOptions & { logLevel?: string },
): Promise<{ url: string; proc: ManagedProcess; readyMs: number }>;
/** The Worker's deploy bundle in workerd (scripts/serve-workerd.mjs); options as `startWrangler`. */
export declare function startWorkerd(
  options: WorkerProcessOptions,
): Promise<{ url: string; proc: ManagedProcess; readyMs: number }>;
export declare function startOrigin(options: {
  port: number;
  databaseUrl?: string;
  adminToken: string;
  internalSecret: string;
  edgeUrl: string;
  env?: Record<string, string>;
  log?: LogOption;
  timeoutMs?: number;
}): Promise<{ url: string; proc: ManagedProcess; readyMs: number }>;
export declare function pgliteDirOf(databaseUrl: string | undefined): string | null;
export declare function startDatabaseServer(options: {
  dir: string;
  port?: number;
  log?: LogOption;
  timeoutMs?: number;
}): Promise<{ url: string; proc: ManagedProcess }>;
export declare function startStack(options?: StackOptions): Promise<Stack>;
export declare function startEmptyWorker(options?: {
  port?: number;
  log?: LogOption;
  runner?: 'wrangler' | 'workerd';
}): Promise<{ url: string; proc: ManagedProcess; stop(): Promise<void> }>;
export declare function startBaselineWorker(options: {
  config: string;
  label: string;
  port?: number;
  log?: LogOption;
  runner?: 'wrangler' | 'workerd';
}): Promise<{ url: string; proc: ManagedProcess; stop(): Promise<void> }>;
