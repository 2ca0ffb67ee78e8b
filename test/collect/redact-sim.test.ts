// Redaction end to end: the real collector against the degraded simulated cluster over real
// sockets. Every secret the cluster serves where real Nomad serves it (agent host environment,
// agent self configuration, node meta, client metadata, job meta, task env and templates in the
// event stream) is absent from every archive entry, plain, JSON-escaped and URL-encoded; the
// look-alikes support needs are still there; the manifest says where and which rule, never what.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim } from '../../src/sim/index.ts';
import { exposedSecrets, LOOK_ALIKE_ENV } from '../../src/sim/cluster/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { CollectResult } from '../../src/collect/progress.ts';
import type { Manifest } from '../../src/archive/manifest.ts';
import { byRel, readArchive, type ArchiveEntry } from './archive-helpers.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;

describe('degraded cluster: planted secrets never reach the archive', () => {
  let sim: Sim;
  let out: string;
  let result: CollectResult;
  let entries: ArchiveEntry[];
  let manifest: Manifest;
  before(async () => {
    sim = await startSim({ servers: 3, clients: 4, scenario: 'degraded', enableDebug: true, seed: 5 });
    out = await tempDir();
    result = await runCollect(collectOptions(sim.url, out, { requestTimeoutMs: 2000 }), quietContext());
    entries = await readArchive(result.path);
    manifest = JSON.parse(byRel(entries).get('manifest.json')!.body.toString()) as Manifest;
  });
  after(async () => {
    await sim?.close();
    await fsp.rm(out, { recursive: true, force: true });
  });

  test('every exposed value is absent from every entry, plain, JSON-escaped and URL-encoded', () => {
    const secrets = exposedSecrets(sim.cluster);
    assert.ok(secrets.length >= 20, `the scenario exposes secrets (${secrets.length})`);
    for (const e of entries) {
      const body = e.body.toString('latin1');
      for (const s of secrets) {
        for (const form of new Set([s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])) {
          assert.ok(!body.includes(form), `${e.name} holds a planted secret (${s.slice(0, 4)}…)`);
        }
      }
    }
  });

  test('the redactions were made where the secrets were served: env, config, node meta, client metadata, job meta, env and template', () => {
    const where = manifest.redactions.map((r) => `${r.path} ${r.field} ${r.rule}`);
    const expect = [
      /agent-host\.json HostData\.Environment\.CONSUL_GOSSIP_ENCRYPT name:ENCRYPT$/,
      /agent-host\.json HostData\.Environment\.TLS_CLIENT_KEY_PEM private-key$/,
      /agent-host\.json HostData\.Environment\.APP_IDENTITY jwt$/,
      /agent-host\.json HostData\.Environment\.APP_ARGS flag-value$/,
      /agent-self\.json config\.Consuls\[0\]\.Auth name:AUTH$/,
      /client-metadata\.json .*Meta\.db_password name:PASSWORD$/,
      /eventstream\.json line \d+: .*Node\.Meta\.consul\.acl_token name:TOKEN$/,
      /eventstream\.json line \d+: .*Job\.Meta\.deploy_token name:TOKEN$/,
      /eventstream\.json line \d+: .*Job\.TaskGroups\[0\]\.Tasks\[0\]\.Env\.DB_PASSWORD name:PASSWORD$/,
      /eventstream\.json line \d+: .*Job\.TaskGroups\[0\]\.Tasks\[0\]\.Templates\[0\]\.EmbeddedTmpl (key-value|aws-access-key-id)$/,
    ];
    for (const re of expect) assert.ok(where.some((w) => re.test(w)), `${re} in\n${where.join('\n')}`);
  });

  test('look-alikes stay readable', () => {
    const hosts = entries.filter((e) => e.name.endsWith('/agent-host.json')).map((e) => e.body.toString());
    const secretive = hosts.find((h) => h.includes('CONSUL_GOSSIP_ENCRYPT'));
    assert.ok(secretive, 'the secretive client was collected');
    const env = (JSON.parse(secretive) as { HostData?: { Environment: Record<string, string> }; Environment?: Record<string, string> });
    const vars = env.HostData?.Environment ?? env.Environment ?? {};
    for (const [k, v] of Object.entries({ ...LOOK_ALIKE_ENV, PATH: vars['PATH'] ?? 'missing' })) assert.equal(vars[k], v, k);
    assert.match(vars['PATH']!, /^\/usr\/local\/sbin:/);
  });

  test('the manifest names where and which rule, never a value', () => {
    assert.ok(manifest.redactions.length > 0);
    const text = JSON.stringify(manifest.redactions);
    for (const s of exposedSecrets(sim.cluster)) assert.ok(!text.includes(s.slice(0, 12)), s.slice(0, 4));
    for (const r of manifest.redactions) assert.deepEqual(Object.keys(r).sort(), ['field', 'path', 'rule']);
  });
});
