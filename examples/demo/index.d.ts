import type { Logger } from 'sosw';
import { type RunSummary, type RuntimeStatus } from 'sosw/local';
export declare const DEMO_DIR: string;
export declare const DEMO_CONFIG: string;
/** The file sosw.config.ts names for the `warehouse load` metric (relative paths start at the config's folder). */
export declare const METRICS_FILE: string;
/** Load before, and after the relief. */
export declare const LOAD: Readonly<{
  busy: 75;
  calm: 20;
}>;
/** Completed `fetch_prices` tasks after which the load drops. */
export declare const RELIEF_AFTER = 10;
export interface DemoOptions {
  /** Folder for the database (created; should be empty). */
  readonly workDir: string;
  readonly onProgress?: ((status: RuntimeStatus, elapsedMs: number) => void) | undefined;
  readonly logger?: Logger | undefined;
  /** Abort when tasks are still open after this long. @defaultValue 60000 */
  readonly timeoutMs?: number | undefined;
}
export interface DemoResult {
  readonly summary: RunSummary;
  readonly status: RuntimeStatus;
  readonly dbPath: string;
  /** Slots `fetch_prices` could use: while the warehouse was busy, and after the relief. */
  readonly throttle: {
    readonly busy: number;
    readonly calm: number;
  };
  /** Dead-task notices the Scavenger sent. */
  readonly notices: readonly string[];
}
/**
 * Run the demo to the end and return what happened.
 *
 * @example
 * const { summary } = await runDemo({ workDir: mkdtempSync(join(tmpdir(), 'sosw-demo-')) });
 */
export declare function runDemo(options: DemoOptions): Promise<DemoResult>;
//# sourceMappingURL=index.d.ts.map
