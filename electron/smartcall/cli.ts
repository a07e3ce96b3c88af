// Entry of `npm run smartcall -- <command> ...` (tsx). The logic is in cli-main.ts (tested in-process).
import { readFile, writeFile } from 'node:fs/promises';
import { runCli } from './cli-main';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  readFile: (p) => readFile(p, 'utf8'),
  writeFile: (p, bytes) => writeFile(p, bytes),
});
process.exitCode = code;
