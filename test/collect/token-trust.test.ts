// Where the ACL token goes, against the simulated cluster over real sockets: only to -address and
// to agents whose certificate from the cluster CA proves their role (Nomad's verify_server_hostname
// names, helper/tlsutil/config.go: "server.<region>.nomad"; command/tls_cert_create.go makes
// "client.<region>.nomad" too). The sim counts, per listener address, the requests that arrived
// with and without a token.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { startSim, type Sim } from '../../src/sim/index.ts';
import { runCollect } from '../../src/collect/run.ts';
import type { CollectOptions } from '../../src/collect/options.ts';
import type { CaptureRecord, Manifest } from '../../src/archive/manifest.ts';
import { byRel, readArchive } from './archive-helpers.ts';
import { collectOptions, quietContext, tempDir } from './sim-helpers.ts';

const TOKEN = '5d6c7b8a-1111-4222-8333-944455556666';
const ENTRY = '127.0.0.1';
/** Direct asks that need agent:read with ACLs on; agent/health needs nothing. */
const NEEDS_TOKEN = /\/(agent-self|schedulers|schedulers-config)\.json$/;

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((d) => fsp.rm(d, { recursive: true, force: true })));
});

async function collect(sim: Sim, over: Partial<CollectOptions>): Promise<Manifest> {
  const out = await tempDir();
  dirs.push(out);
  const opts = collectOptions(sim.url, out, { token: TOKEN, durationMs: 1000, eventTopics: null, ...over });
  const result = await runCollect(opts, quietContext());
  return JSON.parse(byRel(await readArchive(result.path)).get('manifest.json')!.body.toString()) as Manifest;
}

function listeningAgents(sim: Sim) {
  return sim.agents.filter((a) => a.listening);
}

/** The direct captures of one agent (asked at its advertised address). */
function directCaptures(m: Manifest, kind: string, id: string): CaptureRecord[] {
  const dir = `${kind}/${id}/`;
  return m.captures.filter((c) => c.path.startsWith(dir) && /\/(agent-self|health|schedulers|schedulers-config)\.json$/.test(c.path));
}

function targetId(sim: Sim, a: Sim['agents'][number]): string {
  return a.kind === 'server' ? a.name : a.id;
}

async function withSim(o: Parameters<typeof startSim>[0], body: (sim: Sim) => Promise<void>): Promise<void> {
  const sim = await startSim({ servers: 2, clients: 2, scenario: 'healthy', token: TOKEN, seed: 13, ...o });
  try {
    await body(sim);
  } finally {
    await sim.close();
  }
}

describe('plain HTTP with ACLs', () => {
  test('by default no token reaches any listener but -address; what needed it is recorded as TOKEN_WITHHELD; health still comes', async () => {
    await withSim({}, async (sim) => {
      const m = await collect(sim, {});
      assert.deepEqual(sim.requests.addressesWithToken(), [ENTRY]);
      for (const a of listeningAgents(sim)) {
        assert.ok(sim.requests.count(a.address, false) > 0, `${a.name} was asked directly, without a token`);
        const caps = directCaptures(m, a.kind, targetId(sim, a));
        const health = caps.find((c) => c.path.endsWith('/health.json'));
        assert.equal(health?.status, 'ok', `${a.name} health`);
        const needing = caps.filter((c) => NEEDS_TOKEN.test(c.path));
        assert.ok(needing.length >= 1, a.name);
        for (const c of needing) {
          assert.equal(c.code, 'TOKEN_WITHHELD', c.path);
          assert.equal(c.httpStatus, 403, c.path);
          assert.match(c.error ?? '', /plain HTTP.*-trust-advertised/, c.path);
        }
      }
      // the token itself is never written, not even in the reason
      assert.ok(!JSON.stringify(m).includes(TOKEN));
    });
  });

  test('with -trust-advertised the direct asks carry the token and succeed', async () => {
    await withSim({}, async (sim) => {
      const m = await collect(sim, { trustAdvertised: true });
      for (const a of listeningAgents(sim)) {
        assert.ok(sim.requests.count(a.address, true) > 0, `${a.name} got the token`);
        const caps = directCaptures(m, a.kind, targetId(sim, a));
        assert.deepEqual(caps.filter((c) => c.status !== 'ok').map((c) => `${c.path} ${c.code}`), [], a.name);
        assert.equal(caps.length, a.kind === 'server' ? 4 : 2, a.name);
      }
    });
  });
});

describe('mutual TLS with ACLs', () => {
  const tlsOf = (sim: Sim, over: Partial<CollectOptions['tls']> = {}): CollectOptions['tls'] => {
    const t = sim.tls!;
    return { caCert: t.ca, clientCert: t.clientCert, clientKey: t.clientKey, serverName: t.serverName, skipVerify: false, ...over };
  };

  /** Agents that prove their role get the token and answer; the rogue gets no request at all. */
  function assertOnlyProvenAgentsGotTheToken(sim: Sim, m: Manifest): void {
    const rogue = sim.rogue!;
    assert.ok(rogue, 'the sim serves one wrong-name certificate');
    const proven = listeningAgents(sim).filter((a) => a !== rogue);
    assert.deepEqual(sim.requests.addressesWithToken(), [ENTRY, ...proven.map((a) => a.address)].sort());
    assert.equal(sim.requests.count(rogue.address, true), 0);
    assert.equal(sim.requests.count(rogue.address, false), 0, 'the handshake fails before any request');
    for (const a of proven) {
      const caps = directCaptures(m, a.kind, targetId(sim, a));
      assert.deepEqual(caps.filter((c) => c.status !== 'ok').map((c) => `${c.path} ${c.code}`), [], a.name);
      assert.equal(caps.length, a.kind === 'server' ? 4 : 2, a.name);
    }
    const rogueCaps = directCaptures(m, rogue.kind, targetId(sim, rogue));
    assert.equal(rogueCaps.length, 2);
    for (const c of rogueCaps) {
      assert.equal(c.code, 'TLS', c.path);
      assert.match(c.error ?? '', /did not prove it is client\.global\.nomad/, c.path);
    }
  }

  test('servers and clients with the right names get the token; the wrong-name agent gets none and is recorded as TLS', async () => {
    await withSim({ tls: true }, async (sim) => {
      const m = await collect(sim, { tls: tlsOf(sim) });
      assertOnlyProvenAgentsGotTheToken(sim, m);
    });
  });

  test('-tls-server-name does not widen it: "localhost" verifies -address, and the rogue, whose certificate names localhost too, still gets nothing', async () => {
    await withSim({ tls: true }, async (sim) => {
      const m = await collect(sim, { tls: tlsOf(sim, { serverName: 'localhost' }) });
      assertOnlyProvenAgentsGotTheToken(sim, m);
    });
  });

  test('-tls-skip-verify is no proof: direct asks go without the token and say why', async () => {
    await withSim({ tls: true }, async (sim) => {
      const m = await collect(sim, { tls: tlsOf(sim, { caCert: undefined, serverName: undefined, skipVerify: true }) });
      assert.deepEqual(sim.requests.addressesWithToken(), [ENTRY]);
      for (const a of listeningAgents(sim)) {
        const caps = directCaptures(m, a.kind, targetId(sim, a));
        assert.equal(caps.find((c) => c.path.endsWith('/health.json'))?.status, 'ok', a.name);
        for (const c of caps.filter((x) => NEEDS_TOKEN.test(x.path))) {
          assert.equal(c.code, 'TOKEN_WITHHELD', c.path);
          assert.match(c.error ?? '', /-tls-skip-verify/, c.path);
        }
      }
    });
  });
});
