// main(), the one place that prints errors: every file-system and network failure a person meets
// is one line that names what they gave, with the README's exit code and none of our temporary names.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSim, type Sim } from '../../src/sim/index.ts';
import { runCli, type RunResult } from './helpers.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/healthy.tar.gz', import.meta.url));
const TOKEN = '6d2c1a4e-93b7-4f0a-8c5e-2b1d0e9f7a63';
const QUICK = ['-duration=2s', '-interval=1s'];

let dir: string;
let sim: Sim;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nd-main-'));
  sim = await startSim({ servers: 1, clients: 0, scenario: 'healthy', token: TOKEN });
});
after(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** The run failed with `code` and said so in one line starting "Error: " that holds `want`. */
function failedWith(r: RunResult, code: number, want: string): string {
  assert.equal(r.code, code, r.stderr);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  assert.equal(errors.length, 1, r.stderr);
  const line = errors[0]!;
  assert.ok(line.includes(want), `${JSON.stringify(want)} not in: ${line}`);
  assert.ok(!/\.tmp\b|\.staging/.test(r.stderr + r.stdout), `a temporary name was shown: ${r.stderr}`);
  assert.ok(!/\b(EEXIST|EISDIR|ENOTDIR|EACCES|ECONNREFUSED|ECONNRESET)\b/.test(line), `raw system text: ${line}`);
  return line;
}

test('analyze -out naming a folder: "is a directory", exit 2, never the temporary name', async () => {
  const out = path.join(dir, 'a-folder');
  await mkdir(out);
  failedWith(await runCli(['analyze', SAMPLE, '-out', out], { cwd: dir }), 2, `${out} is a directory: name a file`);
});

test('analyze -out under a file: "is not a directory", exit 2', async () => {
  const file = path.join(dir, 'plain-file');
  await writeFile(file, 'x');
  failedWith(await runCli(['analyze', SAMPLE, '-out', path.join(file, 'r.html')], { cwd: dir }), 2, `${file} is not a directory`);
});

test('an error naming a path with control characters escapes them: the terminal is not driven by a file name', async () => {
  const line = failedWith(await runCli(['analyze', 'evil\x1b]0;x\x07\x1b[2J\n.tar.gz'], { cwd: dir }), 1, 'evil\\x1b]0;x\\x07\\x1b[2J\\x0a.tar.gz does not exist');
  assert.ok(!/[\x00-\x1f\x7f]/.test(line), JSON.stringify(line));
});

test('a written path with control characters is shown escaped (Report written: …)', async () => {
  const r = await runCli(['analyze', SAMPLE, '-out', 'r\x1b[2J.html'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(`Report written: ${path.join(dir, 'r\\x1b[2J.html')}\n`), r.stdout);
  assert.ok(!r.stdout.includes('\x1b'), 'no raw escape reaches the terminal');
});

test('analyze of a bundle that is not there: exit 1, the path named', async () => {
  failedWith(await runCli(['analyze', 'missing.tar.gz'], { cwd: dir }), 1, `${path.join(dir, 'missing.tar.gz')} does not exist`);
});

test('collect -output naming a file: "not a directory" (not EEXIST), exit 2, with and without -no-archive', async () => {
  const file = path.join(dir, 'not-a-folder');
  await writeFile(file, 'x');
  const args = ['collect', `-address=${sim.url}`, `-token=${TOKEN}`, ...QUICK, `-output=${file}`];
  failedWith(await runCli(args, { cwd: dir }), 2, `${file} is not a directory`);
  failedWith(await runCli([...args, '-no-archive'], { cwd: dir }), 2, `${file} is not a directory`);
});

test('collect from an address nobody listens on: one error line after the start line, exit 1', async () => {
  const r = await runCli(['collect', '-address=http://127.0.0.1:1', ...QUICK, `-output=${dir}`], { cwd: dir });
  failedWith(r, 1, 'Connection refused at http://127.0.0.1:1: is Nomad listening there?');
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /^Starting capture: address http:\/\/127\.0\.0\.1:1,/);
  assert.equal(r.stdout, '');
});

test('collect with https:// at a plain-HTTP agent: "speaks plain HTTP: use http://", exit 1', async () => {
  const https = sim.url.replace(/^http:/, 'https:');
  failedWith(await runCli(['collect', `-address=${https}`, ...QUICK, `-output=${dir}`], { cwd: dir }), 1, `${https} speaks plain HTTP: use ${sim.url}`);
});

test('collect from an ACL cluster without a token names NOMAD_TOKEN; with a wrong one says the token is unknown', async () => {
  failedWith(await runCli(['collect', `-address=${sim.url}`, ...QUICK, `-output=${dir}`], { cwd: dir }), 1, 'the cluster has ACLs; set NOMAD_TOKEN or -token');
  failedWith(
    await runCli(['collect', `-address=${sim.url}`, ...QUICK, `-output=${dir}`], { cwd: dir, env: { NOMAD_TOKEN: 'not-a-token' } }),
    1,
    'does not know the token',
  );
  assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.tar.gz')), [], 'nothing written by a failed run');
});

test('no command, an unknown one: one line naming the commands, exit 1', async () => {
  failedWith(await runCli([], { cwd: dir }), 1, 'Name a command: collect, analyze, redact, diff, demo, sim or completion');
  failedWith(await runCli(['colect'], { cwd: dir }), 1, 'Unknown command "colect"');
});

test('collect with http:// at an HTTPS agent says to use https://, exit 1', async () => {
  const tls = await startSim({ servers: 1, clients: 0, scenario: 'healthy', tls: true, tlsRogue: false });
  try {
    const http = tls.url.replace(/^https:/, 'http:');
    failedWith(await runCli(['collect', `-address=${http}`, ...QUICK, `-output=${dir}`], { cwd: dir }), 1, `use ${tls.url}`);
  } finally {
    await tls.close();
  }
});

test('a temporary folder that cannot hold the staging files is named, with TMPDIR, never our staging name; exit 2', async () => {
  const file = path.join(dir, 'tmpdir-is-a-file');
  await writeFile(file, 'x');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = file; // os.tmpdir() reads it on each call
  try {
    const r = await runCli(['collect', `-address=${sim.url}`, `-token=${TOKEN}`, ...QUICK, `-output=${dir}`], { cwd: dir });
    failedWith(r, 2, `${file} is not a directory`);
    assert.match(r.stderr, /\(the temporary folder: TMPDIR chooses another\)/);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
});
