/**
 * Billable DynamoDB units per task, from the capacity model (src/core/cost): sosw's requests as the
 * lifecycle benchmark sends them, the Python original's call mix at 1,000 and 10,000 queued tasks,
 * and what each possible cut would save. Pure arithmetic: no emulator, exact on any machine.
 * Run: npx tsx bench/cost-model.bench.ts
 */
import { type MixEntry, originalCallMix, soswCallMix, summariseMix } from '../src/core/cost/call-mix.js';
import { dynamoDollars } from '../src/core/cost/pricing.js';

interface Row {
  readonly name: string;
  readonly mix: readonly MixEntry[];
}

const rows: Row[] = [
  { name: 'original, 1,000 queued', mix: originalCallMix({ queued: 1000 }) },
  { name: 'original, 10,000 queued', mix: originalCallMix({ queued: 10_000 }) },
  { name: 'sosw before this change (every batch checked against closed / retry)', mix: soswCallMix({ enqueue: 'checked' }) },
  { name: 'sosw as sent (batches after a clean first batch: live table only)', mix: soswCallMix() },
  { name: 'what-if: plain BatchWriteItem enqueue', mix: soswCallMix({ enqueue: 'plain' }) },
  { name: 'what-if: plain enqueue, audit rows batched (last write wins)', mix: soswCallMix({ enqueue: 'plain', audit: 'batch' }) },
  { name: 'what-if: plain enqueue, no audit trail', mix: soswCallMix({ enqueue: 'plain', audit: 'none' }) },
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
console.log('\nsosw as sent, by request:\n');
console.log('| Step | Request | Per task | Write units | Read units |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const entry of soswCallMix()) {
  const s = summariseMix([entry]);
  console.log(
    `| ${entry.step} | ${entry.label} | ${entry.requests.toFixed(3)} | ${s.units.write.toFixed(2)} | ${s.units.read.toFixed(3)} |`,
  );
}
console.log(`\n${JSON.stringify({ bench: 'cost-model', results })}`);
