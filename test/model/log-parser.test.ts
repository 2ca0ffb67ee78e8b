import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogParser, parseLog, parseLogLine, parseTimestamp } from '../../src/model/log-parser.ts';

test('text line: timestamp with offset, ERROR bracket, module, message and key=value fields', () => {
  const p = parseLogLine(
    '2023-02-17T06:31:28.513-0500 [ERROR] client.rpc: error performing RPC to server: error="rpc error: failed to get conn: rpc error: lead thread didn\'t get connection" rpc=Node.UpdateAlloc server=10.120.18.153:4647',
  )!;
  assert.equal(p.level, 'ERROR');
  assert.equal(p.module, 'client.rpc');
  assert.equal(p.message, 'error performing RPC to server');
  assert.equal(p.fields, 'error="rpc error: failed to get conn: rpc error: lead thread didn\'t get connection" rpc=Node.UpdateAlloc server=10.120.18.153:4647');
  assert.equal(p.time, '2023-02-17T06:31:28.513-0500');
  assert.equal(p.ts, Date.UTC(2023, 1, 17, 11, 31, 28, 513));
});

test('text line: INFO/WARN with two spaces, no fields, message containing colons', () => {
  const p = parseLogLine('2022-02-24T05:27:00.102Z [ERROR] nomad.rpc: yamux: keepalive failed: i/o deadline reached')!;
  assert.equal(p.module, 'nomad.rpc');
  assert.equal(p.message, 'yamux: keepalive failed: i/o deadline reached');
  assert.equal(p.fields, undefined);
  const w = parseLogLine('2022-03-14T16:35:05.080-0400 [WARN]  nomad.raft: Election timeout reached, restarting election')!;
  assert.equal(w.level, 'WARN');
  assert.equal(w.module, 'nomad.raft');
  assert.equal(w.message, 'Election timeout reached, restarting election');
  const i = parseLogLine('2023-08-18T11:44:22.290-0700 [INFO]  nomad: starting scheduling worker(s): num_workers=10 schedulers=["service", "batch", "system", "sysbatch", "_core"]')!;
  assert.equal(i.level, 'INFO');
  assert.equal(i.message, 'starting scheduling worker(s)');
});

test('text line with location and journald prefix', () => {
  const p = parseLogLine('2021-05-13T19:39:24.984Z [WARN]  raft/raft.go:880: nomad.raft: failed to contact: server-id=127.0.0.1:9903 time=57.630576ms')!;
  assert.equal(p.module, 'nomad.raft');
  assert.equal(p.message, 'failed to contact');
  assert.equal(p.fields, 'server-id=127.0.0.1:9903 time=57.630576ms');
  const j = parseLogLine('Feb 24 05:26:38 ip-10-0-0-1 nomad[812]: 2022-02-24T05:26:38.920Z [WARN]  nomad.heartbeat: node TTL expired: node_id=83ce18e2-c653-7a9f-2cd4-b03d8bfac6ba')!;
  assert.equal(j.level, 'WARN');
  assert.equal(j.module, 'nomad.heartbeat');
  assert.equal(j.fields, 'node_id=83ce18e2-c653-7a9f-2cd4-b03d8bfac6ba');
});

test('JSON line: lower-case level, module, microsecond timestamp with colon offset, extra keys as fields', () => {
  const p = parseLogLine('{"@level":"info","@message":"compacting logs","@module":"nomad.raft","@timestamp":"2024-03-07T07:42:17.779955+01:00","from":649263,"to":657475}')!;
  assert.equal(p.level, 'INFO');
  assert.equal(p.module, 'nomad.raft');
  assert.equal(p.message, 'compacting logs');
  assert.equal(p.fields, '{"from":649263,"to":657475}');
  assert.equal(p.ts, Date.UTC(2024, 2, 7, 6, 42, 17, 779));
});

test('timestamps: Z, -0500 and +01:00 forms; garbage is undefined', () => {
  assert.equal(parseTimestamp('2023-05-15T05:36:24.196Z'), Date.UTC(2023, 4, 15, 5, 36, 24, 196));
  assert.equal(parseTimestamp('2023-05-15T05:36:24.196+0800'), Date.UTC(2023, 4, 14, 21, 36, 24, 196));
  assert.equal(parseTimestamp('yesterday'), undefined);
});

test('mixed file: counts, continuation lines, monitor error, unparsed lines, first/last timestamps', () => {
  const text = [
    '{"@level":"info","@message":"starting snapshot up to","@module":"nomad.raft","@timestamp":"2024-03-07T07:42:17.145421+01:00","index":667715}',
    '2024-03-07T07:42:17.146+0100 [INFO]  snapshot: creating new snapshot: path=/opt/x.tmp',
    '2024-03-07T07:42:18.000+0100 [ERROR] agent: task failed: error=',
    '  | line one of a multi-line value',
    '  | line two',
    'some random line',
    '[WARN] Monitor dropped 12 logs during monitor request',
    '2024-03-07T07:43:00.000+0100 [DEBUG] http: request complete: method=GET path=/v1/jobs duration=1ms',
    'monitor: Unexpected response code: 500 (rpc error: EOF)',
    '',
  ].join('\n');
  const s = parseLog(text, 'server/a/monitor.log');
  assert.deepEqual(s.counts, { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 1, ERROR: 1 });
  assert.equal(s.lines, 9);
  assert.equal(s.unparsed, 2);
  assert.equal(s.streamError, 'Unexpected response code: 500 (rpc error: EOF)');
  assert.equal(s.entries.length, 2);
  assert.equal(s.entries[0]!.line, 3);
  assert.equal(s.entries[0]!.fields, 'error=\nline one of a multi-line value\nline two');
  assert.equal(s.entries[1]!.message, 'Monitor dropped 12 logs during monitor request');
  assert.equal(s.firstTs, Date.UTC(2024, 2, 7, 6, 42, 17, 145));
  assert.equal(s.lastTs, Date.UTC(2024, 2, 7, 6, 43, 0, 0));
  assert.equal(s.bytes, Buffer.byteLength(text));
});

test('incremental: lines and multi-byte characters split across chunks give the same result', () => {
  const text = '2024-03-07T07:42:18.000Z [ERROR] agent: café ☕ broke: k=v\n2024-03-07T07:42:19.000Z [WARN]  agent: again\n';
  const bytes = Buffer.from(text);
  const whole = parseLog(text, 'x');
  for (const size of [1, 2, 3, 7]) {
    const parser = new LogParser('x');
    for (let i = 0; i < bytes.length; i += size) parser.push(bytes.subarray(i, i + size));
    assert.deepEqual(parser.end(), whole, `chunk size ${size}`);
  }
  assert.equal(whole.entries[0]!.message, 'café ☕ broke');
});

test('entries are capped and the cap is reported', () => {
  const line = '2024-03-07T07:42:18.000Z [ERROR] agent: boom\n';
  const s = parseLog(line.repeat(30), 'x', 10);
  assert.equal(s.entries.length, 10);
  assert.equal(s.capped, true);
  assert.equal(s.counts.ERROR, 30);
});

test('a JSON log line nested 30,000 levels deep is parsed without overflowing the stack', () => {
  const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
  const line = `{"@level":"error","@message":"boom","@module":"x","v":${deep}}`;
  const parsed = parseLogLine(line);
  assert.equal(parsed?.level, 'ERROR');
  assert.equal(parsed?.message, 'boom');
  assert.ok(parsed?.fields?.startsWith('{"@level"') || parsed?.fields?.startsWith('{"v"'));
});

test('leadership changes are kept from INFO lines, with line and time; other INFO lines are not', () => {
  const text = [
    '2026-11-22T10:15:01.000Z [INFO]  nomad: cluster leadership acquired',
    '2026-11-22T10:15:02.000Z [INFO]  nomad: some other info',
    '2026-11-22T10:15:03.500Z [INFO]  nomad: cluster leadership lost',
    '{"@level":"info","@message":"cluster leadership acquired","@module":"nomad","@timestamp":"2026-11-22T10:15:04.000000Z"}',
  ].join('\n');
  const s = parseLog(text, 'server/s1/monitor.log');
  assert.deepEqual(s.leadership, [
    { line: 1, event: 'acquired', ts: Date.parse('2026-11-22T10:15:01.000Z') },
    { line: 3, event: 'lost', ts: Date.parse('2026-11-22T10:15:03.500Z') },
    { line: 4, event: 'acquired', ts: Date.parse('2026-11-22T10:15:04.000Z') },
  ]);
  assert.equal(parseLog('2026-11-22T10:15:02.000Z [INFO]  nomad: fine', 'f').leadership, undefined);
});
