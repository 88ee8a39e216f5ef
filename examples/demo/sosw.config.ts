/**
 * The demo project: two labourers on the embedded store.
 *
 * - `fetch_prices` pulls prices per (day, store). It is throttled by the health metric
 *   `warehouse load`, read from a JSON file that the demo rewrites while it runs.
 * - `build_report` builds one report per region; one region never succeeds and dies.
 *
 * Durations are tiny (seconds) so the whole demo runs in a few seconds.
 */
import type { ProjectConfigInput } from 'sosw';

const config: ProjectConfigInput = {
  name: 'sosw demo',
  database: './.sosw/demo.db',
  labourers: {
    fetch_prices: {
      description: 'Pulls one day of prices for one store',
      handler: './workers/fetch-prices.ts',
      max_simultaneous_invocations: 6,
      max_attempts: 3,
      // Seconds: a task is "running" for duration + cooldown after its invocation, then expires.
      duration: 2,
      cooldown: 1,
      // The handler is abandoned after this many seconds; also the base of the retry delay.
      timeout: 2,
      health_metrics: {
        'warehouse load': {
          // The demo rewrites this file while it runs: { "warehouse_load": 75 }, later 20.
          details: { source: 'file', path: './.sosw/metrics.json', key: 'warehouse_load' },
          // load <= 30 -> 4 (High, full speed), <= 60 -> 3 (Good), <= 80 -> 2 (Moderate, half speed), else 0.
          feelings: { '2': 80, '3': 60, '4': 30 },
          feeling_comparison_operator: '<=',
        },
      },
    },
    build_report: {
      description: 'Builds the sales report of one region',
      handler: './workers/build-report.ts',
      max_simultaneous_invocations: 2,
      max_attempts: 3,
      duration: 2,
      cooldown: 1,
      timeout: 1,
    },
  },
  job_schema_variants: {
    default: { chunkable_attrs: [['store', {}]] },
    reports: { chunkable_attrs: [['region', {}]] },
  },
  orchestrator_config: {
    // Full speed at High health; half speed when Moderate.
    invocation_number_coefficient: { '0': 0, '1': 0, '2': 0.5, '3': 0.75, '4': 1 },
  },
};

export default config;
