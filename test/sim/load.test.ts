// What an agent carries sizes its profiles: a client's tasks, a server's connected clients
// (each client holds one yamux session with one server: nomad/rpc.go handleMultiplexV2,
// client/rpc.go), so a large cluster's servers have thousands of goroutines, as real ones do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCluster } from '../../src/sim/cluster/build.ts';
import { agentLoad } from '../../src/sim/cluster/load.ts';
import { goroutineGroups } from '../../src/sim/content/go-goroutines.ts';
import { heapProfile, totalGoroutines } from '../../src/sim/content/profiles.ts';
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';

const goroutines = (a: Parameters<typeof goroutineGroups>[0]) => totalGoroutines(goroutineGroups(a));
const yamuxSessions = (a: Parameters<typeof goroutineGroups>[0]) =>
  goroutineGroups(a).filter((g) => g.frames.some((f) => f.fn.endsWith('yamux.(*Session).keepalive'))).reduce((n, g) => n + g.count, 0);

describe('agent load (sim/cluster/load.ts)', () => {
  it('a client carries the tasks of its running allocations; a server its share of the live clients', () => {
    const c = buildCluster({ servers: 3, clients: 60, scenario: 'healthy', seed: 4 } as Parameters<typeof buildCluster>[0]);
    const clients = c.agents.filter((a) => a.kind === 'client');
    const servers = c.agents.filter((a) => a.kind === 'server' && a.listening);
    const running = c.allocations.filter((a) => a['ClientStatus'] === 'running' || a['ClientStatus'] === 'pending');
    assert.equal(clients.reduce((n, a) => n + agentLoad(c, a).allocs, 0), running.length);
    for (const a of clients) assert.ok(agentLoad(c, a).tasks >= agentLoad(c, a).allocs);
    const live = clients.filter((a) => a.listening).length;
    assert.equal(servers.reduce((n, s) => n + agentLoad(c, s).peers, 0), live);
  });

  it('goroutines grow with the load: one yamux session per connected client, a dozen or more per task', () => {
    const small = { name: 'server-1.global', kind: 'server' as const, seed: 1, load: { tasks: 0, allocs: 0, peers: 5 } };
    const large = { ...small, load: { tasks: 0, allocs: 0, peers: 700 } };
    assert.equal(yamuxSessions(small), 5);
    assert.equal(yamuxSessions(large), 700);
    assert.ok(goroutines(large) > 2500, `a server holding 700 clients has thousands of goroutines, got ${goroutines(large)}`);
    const idle = { name: 'client-1', kind: 'client' as const, seed: 1, load: { tasks: 0, allocs: 0, peers: 0 } };
    const busy = { ...idle, load: { tasks: 20, allocs: 8, peers: 0 } };
    assert.ok(goroutines(idle) >= 50, `an idle client still runs its driver managers, got ${goroutines(idle)}`);
    assert.ok(goroutines(busy) - goroutines(idle) >= 20 * 12, `per task goroutines, got ${goroutines(busy) - goroutines(idle)}`);
  });

  it('the heap profile of a server has hundreds of records, as a real one does', () => {
    const p = Profile.decode(gunzipSync(heapProfile({ name: 'server-2.global', kind: 'server', seed: 3, leader: true }, new Date(0))));
    assert.ok(p.sample.length >= 500, `records: ${p.sample.length}`);
    const inuse = p.sample.reduce((n, s) => n + Number(s.value[3]), 0);
    assert.ok(inuse > 20e6, `in-use bytes ${inuse}`);
  });
});
