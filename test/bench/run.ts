// `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) and prints
// one markdown table, each figure beside its baseline measured in the same run. Copy it into the
// README's performance section. Benchmarks measure; tests never assert on time.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import type { Bench, BenchRow } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
  rows.push(...(await mod.default()));
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2));
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  '',
  '| what | figure | baseline | baseline is | unit |',
  '|---|---:|---:|---|---|',
  ...rows.map((r) => `| ${r.name} | ${fmt(r.figure)} | ${fmt(r.baseline)} | ${r.baselineName} | ${r.unit} |`),
];
console.log(lines.join('\n'));
