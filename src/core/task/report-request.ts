import type { MetaEntry } from './meta-entry.js';

/** The fields of a store report request that argument checks read (the port's ReportRequest fits it). */
export interface ReportRequestShape {
  readonly taskId: string;
  readonly outcome: 'completed' | 'failed';
  readonly at: number;
  readonly invokedAtLeast: number;
  readonly attempt?: number | undefined;
  readonly invocation?: number | undefined;
  readonly labourerId?: string | undefined;
  readonly stats?: Readonly<Record<string, unknown>> | undefined;
  readonly result?: Readonly<Record<string, unknown>> | undefined;
  readonly audit?: MetaEntry | undefined;
}
