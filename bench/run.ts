/**
 * `npm run bench`: every benchmark, one after another, each in its own process (so peak RSS is
 * its own), printing their tables and collecting their JSON result lines in bench/out/results.json.
 *
 *   npm run bench                      the embedded benchmarks (a few minutes)
 *   npm run bench -- --aws             also the DynamoDB cost benchmarks on moto (about 12 more minutes)
 *   npm run bench -- --peers           only the side-by-side run against BullMQ + Redis (needs redis-server)
 *   npm run bench -- runtime scheduler only the named ones
 *
 * The end-to-end runs (runtime, peers) measure the built package in dist/, rebuilt first when it is
 * older than src/ (bench/shipped.ts); SOSW_BENCH_SOURCE=1 measures the sources through tsx instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface BenchSpec {
  readonly name: string;
  readonly args: readonly string[];
  readonly aws: boolean;
  /** Run only when asked for by name or with --peers. */
  readonly peers?: boolean;
}

const BENCHES: readonly BenchSpec[] = [
  { name: 'startup', args: ['15'], aws: false },
  { name: 'task-store', args: [], aws: false },
  { name: 'scheduler', args: ['1000000', '--main'], aws: false },
  { name: 'orchestrator', args: [], aws: false },
  { name: 'runtime', args: ['50000'], aws: false },
  { name: 'worker-handle', args: [], aws: false },
  { name: 'scale', args: ['1000', '10000', '100000'], aws: false },
  { name: 'cost-model', args: [], aws: false },
  { name: 'dynamo-cost', args: ['10000'], aws: true },
  { name: 'aws-lifecycle', args: ['10000'], aws: true },
  { name: 'peers', args: ['50000'], aws: false, peers: true },
];

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const withAws = argv.includes('--aws');
const peersOnly = argv.includes('--peers');
const named = argv.filter((a) => !a.startsWith('--'));
const unknown = named.filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHES.map((b) => b.name).join(', ')}.\n`);
  process.exit(2);
}
const selected = BENCHES.filter((b) =>
  named.length > 0 ? named.includes(b.name) : peersOnly ? b.peers === true : b.peers !== true && (withAws || !b.aws),
);

const results: unknown[] = [];
let failed = 0;
for (const bench of selected) {
  const file = join(here, `${bench.name}.bench.ts`);
  process.stdout.write(`\n=== ${bench.name}: npx tsx bench/${bench.name}.bench.ts ${bench.args.join(' ')}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file, ...bench.args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(run.stdout ?? '');
  if (run.status !== 0) {
    failed += 1;
    process.stderr.write(`${bench.name} exited with ${run.status}\n`);
  }
  for (const line of (run.stdout ?? '').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      results.push({ bench: bench.name, ...JSON.parse(line) });
    } catch {
      // a table line that starts with a brace is not a result
    }
  }
}
const out = join(here, 'out', 'results.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
process.stdout.write(`\n${results.length} result line(s) written to ${out}\n`);
process.exitCode = failed === 0 ? 0 : 1;
