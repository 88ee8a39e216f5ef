/**
 * Billable DynamoDB units per task, from the capacity model (src/core/cost): sosw's requests as the
 * lifecycle benchmark sends them, the Python original's call mix at 1,000 and 10,000 queued tasks,
 * and what each possible cut would save. Pure arithmetic: no emulator, exact on any machine.
 * Run: npx tsx bench/cost-model.bench.ts
 */
import { floorCallMix, type MixEntry, originalCallMix, queuedForFactor, soswCallMix, summariseMix } from '../src/core/cost/call-mix.js';
import { dynamoDollars } from '../src/core/cost/pricing.js';

interface Row {
  readonly name: string;
  readonly mix: readonly MixEntry[];
  /** Also priced against the original by queue depth (the ⅓ target). */
  readonly breakEven?: boolean;
}

const before = { audit: 'transactional', archive: 'transaction' } as const;
const rows: Row[] = [
  { name: 'original, 1,000 queued', mix: originalCallMix({ queued: 1000 }) },
  { name: 'original, 10,000 queued', mix: originalCallMix({ queued: 10_000 }) },
  { name: 'sosw two changes ago (every batch checked against closed / retry)', mix: soswCallMix({ ...before, enqueue: 'checked' }) },
  { name: 'sosw before this change (transactional audit rows and archive)', mix: soswCallMix(before), breakEven: true },
  { name: 'sosw as sent (audit rows in batches, ordered plain archive)', mix: soswCallMix(), breakEven: true },
  { name: 'sosw as sent, with job records (archive transaction keeps the counters)', mix: soswCallMix({ jobs: true }), breakEven: true },
  { name: 'what-if: one conditional PutItem per created task', mix: soswCallMix({ enqueue: 'single' }) },
  { name: 'what-if: plain report, its row after it', mix: soswCallMix({ report: 'plain' }) },
  { name: 'floor: every write plain, one audit row per change', mix: floorCallMix(), breakEven: true },
  { name: 'what-if: no audit trail at all', mix: soswCallMix({ enqueue: 'single', audit: 'none', report: 'plain' }) },
];

const base = summariseMix(originalCallMix({ queued: 1000 }));
const baseDollars = dynamoDollars(base.units);
console.log('\nDynamoDB billable units per task over its whole life (items under 1 KB; on-demand US East prices)\n');
console.log('| Call mix | Requests | Write units | Read units | $ per million tasks | vs original (1k queued) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const results = rows.map(({ name, mix }) => {
  const s = summariseMix(mix);
  const dollars = dynamoDollars(s.units) * 1e6;
  console.log(
    `| ${name} | ${s.requests.toFixed(2)} | ${s.units.write.toFixed(1)} | ${s.units.read.toFixed(2)} | ${dollars.toFixed(2)} | ${(dollars / (baseDollars * 1e6)).toFixed(2)}x |`,
  );
  return { name, requests: s.requests, writeUnits: s.units.write, readUnits: s.units.read, dollarsPerMillion: dollars, byStep: s.byStep };
});
console.log(
  '\nQueue depth (tasks waiting for the labourer, steps of 100) from which the original costs at least 3x the mix (the ⅓ target) or at least as much\n',
);
console.log('| Call mix | ⅓ in units from | ⅓ in dollars from | cheaper in dollars from |');
console.log('| --- | ---: | ---: | ---: |');
const breakEven = rows.flatMap(({ name, mix, breakEven: wanted }) => {
  if (wanted !== true) return [];
  const { units } = summariseMix(mix);
  const at = {
    thirdUnits: queuedForFactor(units, 3, 'units'),
    thirdDollars: queuedForFactor(units, 3, 'dollars'),
    cheaperDollars: queuedForFactor(units, 1, 'dollars'),
  };
  const show = (n: number | null): string => (n === null ? 'never (to 1M)' : n.toLocaleString('en-US'));
  console.log(`| ${name} | ${show(at.thirdUnits)} | ${show(at.thirdDollars)} | ${show(at.cheaperDollars)} |`);
  return [{ name, ...at }];
});
console.log('\nsosw as sent, by request:\n');
console.log('| Step | Request | Per task | Write units | Read units |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const entry of soswCallMix()) {
  const s = summariseMix([entry]);
  console.log(
    `| ${entry.step} | ${entry.label} | ${entry.requests.toFixed(3)} | ${s.units.write.toFixed(2)} | ${s.units.read.toFixed(3)} |`,
  );
}
console.log(`\n${JSON.stringify({ bench: 'cost-model', results, breakEven })}`);
