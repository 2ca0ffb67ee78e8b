// The checks on real data shapes: Go runtime profiles and goroutine dumps from
// test/fixtures/go-pprof (a copy of shared/fixtures/go-pprof, decoded by src/model), and real Nomad log lines from
// reference/nomad-real-data.md §7 (parsed by src/model's log parser).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { check as logsCheck } from '../../src/analyze/checks/logs.ts';
import { check as profilesCheck } from '../../src/analyze/checks/profiles.ts';
import { topMessages } from '../../src/analyze/log-aggregates.ts';
import { parseGoroutineText } from '../../src/model/goroutine-text.ts';
import { parseLog } from '../../src/model/log-parser.ts';
import { parseProfile } from '../../src/model/pprof.ts';
import { findingsOf } from './assert-findings.ts';
import { agent, emptyBundle, has, withRound } from './bundle-builder.ts';

const FIX = new URL('../fixtures/go-pprof/', import.meta.url).pathname;
const bytes = (name: string) => new Uint8Array(readFileSync(FIX + name));

test('profiles check on real Go profiles: hot crypto/sha256.block, 250 goroutines parked in main.leakyWorker', () => {
  const b = emptyBundle();
  const a = agent(b, 'client', 'real');
  withRound(a, {
    cpu: parseProfile(bytes('profile.prof'), 'client/real/profile_0000.prof'),
    heap: parseProfile(bytes('heap.prof'), 'client/real/heap_0000.prof'),
    goroutineDebug2: parseGoroutineText(readFileSync(FIX + 'goroutine-debug2.txt', 'utf8'), 'client/real/goroutine-debug2_0000.txt')!,
  });
  const f = findingsOf(profilesCheck.run(b));
  assert.ok(has(f, { severity: 'warning', title: /sha256\.block takes 97% of CPU/ }), JSON.stringify(f.map((x) => x.title)));
  assert.ok(has(f, { severity: 'warning', title: /250 goroutines stuck in main\.leakyWorker/ }), JSON.stringify(f.map((x) => x.title)));
  // the warning names the hot function: no info line restates it (heap and goroutines are in the report's profiles section)
  assert.ok(!has(f, { severity: 'info', title: /hottest sha256\.block/ }), JSON.stringify(f.map((x) => x.title)));
});

const REAL_LINES = `2023-02-17T06:31:28.513-0500 [ERROR] client.rpc: error performing RPC to server: error="rpc error: failed to get conn: rpc error: lead thread didn't get connection" rpc=Node.UpdateAlloc server=10.120.18.153:4647
2023-02-17T06:31:41.744-0500 [ERROR] client.rpc: error performing RPC to server: error="rpc error: failed to get conn: dial tcp 10.120.18.150:4647: i/o timeout" rpc=Node.GetClientAllocs server=10.120.18.150:4647
2023-05-15T05:36:24.738Z [ERROR] nomad.rpc: rejecting client for exceeding maximum RPC connections: remote_addr=172.16.1.101:46868 limit=100
2023-08-18T11:44:22.290-0700 [INFO]  nomad: starting scheduling worker(s): num_workers=10 schedulers=["service", "batch", "system", "sysbatch", "_core"]
2022-02-24T03:20:53.427Z [WARN]  nomad.raft: failed to contact: server-id=172.31.116.166:4647 time=881.118946ms
2022-02-24T03:20:54.427Z [WARN]  nomad.raft: failed to contact: server-id=172.31.116.167:4647 time=57.630576ms
2022-02-24T05:26:38.920Z [WARN]  nomad.heartbeat: node TTL expired: node_id=83ce18e2-c653-7a9f-2cd4-b03d8bfac6ba
2022-02-24T05:27:00.102Z [ERROR] nomad.rpc: yamux: keepalive failed: i/o deadline reached
2022-03-14T16:35:05.080-0400 [WARN]  nomad.raft: Election timeout reached, restarting election
2021-05-13T19:39:24.984Z [WARN]  raft/raft.go:880: nomad.raft: failed to contact: server-id=127.0.0.1:9903 time=57.630576ms
{"@level":"warn","@message":"memberlist: Refuting a suspect message (from: dc2.global)","@module":"nomad","@timestamp":"2021-09-28T03:01:39.045862Z"}
[WARN] Monitor dropped 12 logs during monitor request
monitor: Unexpected response code: 500 (stream closed)
`;

test('logs check on real Nomad log lines: every known pattern, grouped messages, incomplete stream', () => {
  const b = emptyBundle();
  agent(b, 'server', 'server-1.global').log = parseLog(REAL_LINES, 'server/server-1.global/monitor.log');
  const f = findingsOf(logsCheck.run(b));
  const titles = f.map((x) => x.title);
  for (const p of ['failed to contact', 'i/o timeout', 'rpc connection limit', 'node TTL expired', 'election timeout', 'yamux keepalive', 'monitor dropped']) {
    assert.ok(titles.some((t) => t.includes(`"${p}"`)), `${p} not found in ${JSON.stringify(titles)}`);
  }
  assert.ok(titles.some((t) => /"failed to contact" logged 3 times/.test(t)), JSON.stringify(titles));
  assert.ok(has(f, { title: /incomplete/ }));
  const raft = topMessages(b).find((t) => t.module === 'nomad.raft' && /failed to contact/.test(t.message));
  assert.equal(raft?.count, 3, JSON.stringify(topMessages(b).map((t) => [t.module, t.message, t.count])));
});
