import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogLine } from '../../src/model/log-parser.ts';
import {
  formatLine, levelAtLeast, LogSource, parseLogLevel, type LogEntry, type LogSeed, type SimLogLevel,
} from '../../src/sim/content/logs.ts';

// hclog's plain format: timestamp, 7-wide level, optional " dir/file.go:N:", " module: message[: k=v ...]".
const TEXT_LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(?:Z|[+-]\d{4})) (\[TRACE\]|\[DEBUG\]|\[INFO\] |\[WARN\] |\[ERROR\])(?: ([^\s/:]+\/[^\s/:]+\.go:\d+):)? ([a-z][a-z0-9_.]*): (.+)$/;
// One field: key= then either an unquoted run of '-'..'~' or a double-quoted, escaped string.
const FIELD = / ([^\s=]+)=("(?:[^"\\]|\\.)*"|[\x2d-\x7e]+)/y;
const LEVELS: SimLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

function take(seed: LogSeed, n: number): LogEntry[] {
  const src = new LogSource(seed);
  const start = Date.UTC(2026, 10, 22, 10, 15);
  return Array.from({ length: n }, (_, i) => src.next(new Date(start + i * 53)));
}

/** Checks "message: k=v k2="v 2"" field syntax from the end of the message; returns the fields. */
function textFields(body: string, e: LogEntry): string {
  if (e.fields.length === 0) {
    assert.equal(body, e.message);
    return '';
  }
  const head = `${e.message}:`;
  assert.ok(body.startsWith(head), body);
  const rest = body.slice(head.length);
  FIELD.lastIndex = 0;
  let count = 0;
  while (FIELD.lastIndex < rest.length) {
    const m = FIELD.exec(rest);
    assert.ok(m, `field syntax at ${FIELD.lastIndex} in ${JSON.stringify(rest)}`);
    count++;
  }
  assert.equal(count, e.fields.length);
  return rest;
}

const server: LogSeed = { name: 'nomad-server-1.global', kind: 'server', seed: 4 };
const client: LogSeed = { name: 'nomad-client-1', kind: 'client', seed: 5, nodeId: '0e5c0b8e-7b4d-4b7a-9a0e-1a2b3c4d5e6f' };

describe('formatLine, text', () => {
  it('matches hclog at every level, with and without location', () => {
    const seen = new Set<string>();
    for (const seed of [server, client, { ...client, errorBurst: true }]) {
      for (const e of take(seed, 3000)) {
        for (const includeLocation of [false, true]) {
          const line = formatLine(e, { json: false, includeLocation });
          assert.ok(!line.includes('\n'), line);
          const m = TEXT_LINE.exec(line);
          assert.ok(m, line);
          assert.equal(m[2]!.replace(/[[\] ]/g, ''), e.level);
          assert.equal(m[3], includeLocation ? e.location : undefined);
          assert.equal(m[4], e.module);
          textFields(m[5]!, e);
          seen.add(`${e.level}/${includeLocation}`);
        }
      }
    }
    assert.equal(seen.size, 10, [...seen].join(' '));
  });

  it('writes the exact hclog bytes for a known entry', () => {
    const e: LogEntry = {
      level: 'INFO', time: new Date('2026-11-22T10:15:00.123Z'), module: 'nomad.raft', message: 'message',
      fields: [['key', 'value'], ['key2', 'quoted value'], ['q', 'say "hi"'], ['empty', ''], ['n', 42], ['ok', false], ['d', '812.4µs']],
      location: 'raft/raft.go:880', caller: 'github.com/hashicorp/raft/raft.go:880',
    };
    assert.equal(
      formatLine(e, { json: false, includeLocation: false }),
      '2026-11-22T10:15:00.123Z [INFO]  nomad.raft: message: key=value key2="quoted value" q="say \\"hi\\"" empty="" n=42 ok=false d="812.4µs"',
    );
    assert.equal(
      formatLine({ ...e, level: 'WARN', fields: [] }, { json: false, includeLocation: true }),
      '2026-11-22T10:15:00.123Z [WARN]  raft/raft.go:880: nomad.raft: message',
    );
    assert.equal(
      formatLine({ ...e, level: 'ERROR', fields: [['addr', '127.0.0.1:4647']] }, { json: false, includeLocation: false }),
      '2026-11-22T10:15:00.123Z [ERROR] nomad.raft: message: addr=127.0.0.1:4647',
    );
  });

  it('is read back by the bundle model with the same level and module', () => {
    for (const e of take({ ...server, errorBurst: true }, 500)) {
      for (const json of [false, true]) {
        const parsed = parseLogLine(formatLine(e, { json, includeLocation: true }));
        assert.ok(parsed);
        assert.equal(parsed.level, e.level);
        assert.equal(parsed.module, e.module);
        assert.equal(parsed.message, e.message);
      }
    }
  });
});

describe('formatLine, JSON', () => {
  it('emits one object with sorted keys, lower-case level and microsecond timestamps', () => {
    let textOnly = 0;
    for (const e of take(server, 3000)) {
      for (const includeLocation of [false, true]) {
        const line = formatLine(e, { json: true, includeLocation });
        if (e.textOnly) {
          // raft's snapshot store logs text even with log_json (reference §7).
          assert.match(line, TEXT_LINE);
          textOnly++;
          continue;
        }
        const obj = JSON.parse(line) as Record<string, unknown>;
        const keys = Object.keys(obj);
        assert.deepEqual(keys, [...keys].sort());
        assert.equal(obj['@level'], e.level.toLowerCase());
        assert.equal(obj['@module'], e.module);
        assert.equal(obj['@message'], e.message);
        assert.match(String(obj['@timestamp']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/);
        assert.equal(String(obj['@timestamp']).slice(0, 23), e.time.toISOString().slice(0, 23));
        if (includeLocation) assert.match(String(obj['@caller']), /\/[\w.-]+\.go:\d+$/);
        else assert.equal(obj['@caller'], undefined);
        for (const [k, v] of e.fields) assert.equal(obj[k], v);
        assert.ok(!/[<>&]/.test(line), 'encoding/json escapes HTML characters');
      }
    }
    assert.ok(textOnly > 0, 'some snapshot lines appear');
  });

  it('escapes like encoding/json', () => {
    const e: LogEntry = { level: 'ERROR', time: new Date('2026-11-22T10:15:00.123Z'), module: 'agent.plugin_loader.docker', message: 'failed to list pause containers', fields: [['error', '<nil>']], location: 'docker/reconcile_dangling.go:154', micros: 7 };
    assert.equal(
      formatLine(e, { json: true, includeLocation: false }),
      '{"@level":"error","@message":"failed to list pause containers","@module":"agent.plugin_loader.docker","@timestamp":"2026-11-22T10:15:00.123007Z","error":"\\u003cnil\\u003e"}',
    );
  });
});

describe('LogSource', () => {
  const share = (es: LogEntry[], l: SimLogLevel) => es.filter((e) => e.level === l).length / es.length;

  it('is mostly TRACE/DEBUG with some WARN and rare ERROR', () => {
    for (const seed of [server, client]) {
      const es = take(seed, 4000);
      assert.ok(share(es, 'TRACE') + share(es, 'DEBUG') > 0.8);
      assert.ok(share(es, 'INFO') > 0);
      assert.ok(share(es, 'WARN') > 0.002 && share(es, 'WARN') < 0.06);
      assert.ok(share(es, 'ERROR') < 0.02, `errors ${share(es, 'ERROR')}`);
      const modules = new Set(es.map((e) => e.module));
      assert.ok(modules.size >= 6, [...modules].join(' '));
    }
  });

  it('errorBurst raises the ERROR share clearly, in runs', () => {
    for (const seed of [server, client]) {
      const calm = take(seed, 4000);
      const burst = take({ ...seed, errorBurst: true }, 4000);
      assert.ok(share(burst, 'ERROR') > 0.1, `burst share ${share(burst, 'ERROR')}`);
      assert.ok(share(burst, 'ERROR') > 5 * share(calm, 'ERROR'));
      let run = 0;
      let longest = 0;
      for (const e of burst) {
        run = e.level === 'ERROR' ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      assert.ok(longest >= 8, `longest run ${longest}`);
    }
    const msgs = take({ ...client, errorBurst: true }, 2000).filter((e) => e.level === 'ERROR').map((e) => formatLine(e, { json: false, includeLocation: false }));
    assert.ok(msgs.some((l) => / \[ERROR\] client\.rpc: error performing RPC to server: error="rpc error: failed to get conn: dial tcp 127\.0\.0\.\d+:4647: connect: connection refused" rpc=Node\.\w+ server=127\.0\.0\.\d+:4647$/.test(l)));
  });

  it('errorBurst shows its first run of errors within the first lines, whatever the seed', () => {
    for (let n = 1; n <= 20; n++) {
      const first = take({ ...client, seed: n, errorBurst: true }, 40).filter((e) => e.level === 'ERROR').length;
      assert.ok(first >= 8, `seed ${n}: ${first} errors in the first 40 lines`);
    }
  });

  it('is deterministic for a seed and differs between agents', () => {
    const lines = (s: LogSeed) => take(s, 200).map((e) => formatLine(e, { json: true, includeLocation: true })).join('\n');
    assert.equal(lines(server), lines({ ...server }));
    assert.notEqual(lines(server), lines({ ...server, name: 'nomad-server-2.global' }));
  });

  it('stamps entries with the time asked for', () => {
    const at = new Date('2026-11-22T11:00:00.250Z');
    assert.equal(new LogSource(client).next(at).time.getTime(), at.getTime());
  });
});

describe('levels', () => {
  it('parses level names like hclog.LevelFromString', () => {
    assert.equal(parseLogLevel('trace'), 'TRACE');
    assert.equal(parseLogLevel('DEBUG'), 'DEBUG');
    assert.equal(parseLogLevel('Info'), 'INFO');
    assert.equal(parseLogLevel(' warn '), 'WARN');
    assert.equal(parseLogLevel('ERROR'), 'ERROR');
    for (const bad of ['err', 'warning', 'fatal', '', 'off']) assert.equal(parseLogLevel(bad), undefined, bad);
  });

  it('orders levels', () => {
    assert.ok(levelAtLeast('ERROR', 'TRACE'));
    assert.ok(levelAtLeast('WARN', 'WARN'));
    assert.ok(!levelAtLeast('DEBUG', 'INFO'));
    assert.deepEqual(LEVELS.filter((l) => levelAtLeast(l, 'INFO')), ['INFO', 'WARN', 'ERROR']);
  });
});
