// Regenerates samples/: small bundles made by the real collector from simulated scenarios,
// each with its rendered report, plus a screenshot of the degraded report for the README.
// Run with `npm run samples`.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { analyzeToFiles } from '../src/cli/commands/analyze.ts';
import { demoCollectOptions } from '../src/cli/commands/demo-options.ts';
import { runCollect } from '../src/collect/run.ts';
import { startSim, type SimOptions } from '../src/sim/index.ts';
import { screenshot } from './screenshot.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../samples');

const SCENARIOS: { name: string; sim: SimOptions; token?: string }[] = [
  // well configured too (ACLs, mutual TLS, enable_debug off): nothing above info
  { name: 'healthy', sim: { scenario: 'healthy', clients: 3, token: 'sample-management-token', tls: true, tlsRogue: false, enableDebug: false }, token: 'sample-management-token' },
  { name: 'degraded', sim: { scenario: 'degraded', clients: 6 } },
  {
    name: 'acl-denied',
    sim: { scenario: 'healthy', clients: 3, token: 'sample-management-token', limitedToken: 'sample-limited-token' },
    token: 'sample-limited-token',
  },
];

async function makeSample(s: (typeof SCENARIOS)[number]): Promise<void> {
  const sim = await startSim({ host: '127.0.0.1', port: 0, servers: 3, ...s.sim });
  const work = path.join(SAMPLES, `.work-${s.name}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const opts = demoCollectOptions(sim.url, work, 4000, sim.consul.url, sim.vault.url);
    opts.logLevel = 'INFO';
    if (s.token) opts.token = s.token;
    if (sim.tls) {
      opts.tls = { caCert: sim.tls.ca, clientCert: sim.tls.clientCert, clientKey: sim.tls.clientKey, serverName: sim.tls.serverName, skipVerify: false };
      opts.services!.vault!.tls = { caCert: sim.tls.ca, clientCert: sim.tls.clientCert, clientKey: sim.tls.clientKey, skipVerify: false };
    }
    const never = new AbortController().signal;
    const result = await runCollect(opts, { reporter: () => {}, signal: never, hardSignal: never });
    const bundle = path.join(SAMPLES, `${s.name}.tar.gz`);
    await rename(result.path, bundle);
    await analyzeToFiles(bundle, path.join(SAMPLES, `${s.name}.html`), path.join(SAMPLES, `${s.name}.findings.json`));
    process.stdout.write(`samples/${s.name}.tar.gz and samples/${s.name}.html\n`);
  } finally {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  }
}

for (const s of SCENARIOS) await makeSample(s);
const shot = await screenshot(path.join(SAMPLES, 'degraded.html'), path.join(SAMPLES, 'report-screenshot.png'));
process.stdout.write(shot ? `samples/report-screenshot.png\n` : 'chromium not found: screenshot skipped\n');
for (const f of await readdir(SAMPLES)) if (f.startsWith('.work-')) await rm(path.join(SAMPLES, f), { recursive: true });
