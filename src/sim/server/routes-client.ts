// /v1/client/*: node stats and metadata, allocation stats and GC, and the allocation file system
// (ls, stat, cat, readat, stream, logs), forwarded to the node that runs them.
import type { SimAgent } from '../cluster/types.ts';
import { allocFs, type AllocFile } from '../cluster/alloc-fs.ts';
import { allocChecks, allocStats, clientMetadata, clientStats } from '../cluster/docs-client.ts';
import { findAllocation } from '../cluster/docs-cluster.ts';
import { demand } from './acl.ts';
import { boolParam, type Ctx, type Handler } from './context.ts';
import { resolveTarget } from './forward.ts';
import { HttpError, json, text } from './respond.ts';
import { streamFile } from './stream-file.ts';

/** The node a /v1/client request is for: node_id, else the receiving agent's own client. */
function clientTarget(ctx: Ctx): SimAgent {
  if ((ctx.q.get('node_id') ?? '') === '' && ctx.receiver.kind !== 'client') throw new HttpError(400, 'No local Node and node_id not provided');
  return resolveTarget(ctx.cluster, ctx.receiver, ctx.q, 'client');
}

interface AllocRef {
  id: string;
  namespace: string;
  node: SimAgent;
}

function allocRef(ctx: Ctx, id: string): AllocRef {
  const alloc = findAllocation(ctx.cluster, id);
  if (!alloc) throw new HttpError(404, `Unknown allocation "${id}"`);
  const node = ctx.cluster.clients.find((a) => a.id === alloc.NodeID);
  if (!node || !node.listening) throw new HttpError(404, 'No path to node');
  return { id: String(alloc.ID), namespace: String(alloc.Namespace ?? 'default'), node };
}

function fileAt(ctx: Ctx, ref: AllocRef, p: string): { file: AllocFile; all: AllocFile[] } {
  const all = allocFs(ctx.cluster, ref.id) ?? [];
  const clean = p.replace(/^\/+|\/+$/g, '');
  const file = clean === '' ? { Name: '/', IsDir: true, Size: 4096, FileMode: 'drwxrwxrwx', ModTime: ctx.cluster.startedAt.toISOString(), path: '' } : all.find((f) => f.path === clean);
  if (!file) throw new HttpError(500, `stat ${p}: no such file or directory`);
  return { file, all };
}

function info(f: AllocFile): Record<string, unknown> {
  return { Name: f.Name, IsDir: f.IsDir, Size: f.Size, FileMode: f.FileMode, ModTime: f.ModTime, ContentType: f.IsDir ? '' : 'text/plain; charset=utf-8' };
}

const stats: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'node:read');
  return json(clientStats(ctx.cluster, clientTarget(ctx), ctx.now()));
};

const metadata: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'node:read');
  return json(clientMetadata(ctx.cluster, clientTarget(ctx)));
};

const allocationStats: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-job', ref.namespace);
  const doc = allocStats(ctx.cluster, ref.id, ctx.now());
  if (!doc) throw new HttpError(404, `Unknown allocation "${id}"`);
  return json(doc);
};

const allocationChecks: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-job', ref.namespace);
  return json(allocChecks(ctx.cluster, ref.id, ctx.now()));
};

const allocationGc: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'submit-job', ref.namespace);
  return json({});
};

const gc: Handler = (ctx) => {
  demand(ctx.acl, ctx.who, 'node:write');
  clientTarget(ctx);
  return json({});
};

const fsLs: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-fs', ref.namespace);
  const { file, all } = fileAt(ctx, ref, ctx.q.get('path') ?? '/');
  if (!file.IsDir) return json([info(file)]);
  const prefix = file.path === '' ? '' : `${file.path}/`;
  const children = all.filter((f) => f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('/') && f.path !== file.path);
  return json(children.map(info));
};

const fsStat: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-fs', ref.namespace);
  return json(info(fileAt(ctx, ref, ctx.q.get('path') ?? '/').file));
};

function fileContent(ctx: Ctx, ref: AllocRef, p: string): Buffer {
  const { file } = fileAt(ctx, ref, p);
  if (file.IsDir) throw new HttpError(400, `file ${JSON.stringify(p)} is a directory`);
  return Buffer.from(file.content ?? '', 'utf8');
}

const fsCat: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-fs', ref.namespace);
  return text(fileContent(ctx, ref, ctx.q.get('path') ?? ''));
};

const fsReadAt: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-fs', ref.namespace);
  const offset = Number(ctx.q.get('offset') ?? '0');
  const limit = Number(ctx.q.get('limit') ?? '-1');
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'invalid offset');
  if (!Number.isInteger(limit)) throw new HttpError(400, 'invalid limit');
  const body = fileContent(ctx, ref, ctx.q.get('path') ?? '');
  return text(body.subarray(offset, limit < 0 ? undefined : offset + limit));
};

const fsStream: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-fs', ref.namespace);
  const p = ctx.q.get('path') ?? '';
  return streamFile(ctx, p.replace(/^\/+/, ''), fileContent(ctx, ref, p));
};

const fsLogs: Handler = (ctx, [id]) => {
  const ref = allocRef(ctx, id!);
  demand(ctx.acl, ctx.who, 'read-logs', ref.namespace);
  const task = ctx.q.get('task') ?? '';
  const type = ctx.q.get('type') ?? '';
  if (task === '') throw new HttpError(400, 'must include task name');
  if (type !== 'stdout' && type !== 'stderr') throw new HttpError(400, 'must include logs type');
  const p = `alloc/logs/${task}.${type}.0`;
  if (boolParam(ctx.q, 'plain') === true && boolParam(ctx.q, 'follow') !== true) return text(fileContent(ctx, ref, p));
  return streamFile(ctx, p, fileContent(ctx, ref, p));
};

const ALLOC = '([^/]+)';

export const CLIENT_ROUTES: [string[], RegExp, Handler][] = [
  [['GET'], /^\/v1\/client\/stats$/, stats],
  [['GET'], /^\/v1\/client\/metadata$/, metadata],
  [['GET'], new RegExp(`^/v1/client/allocation/${ALLOC}/stats$`), allocationStats],
  [['GET'], new RegExp(`^/v1/client/allocation/${ALLOC}/checks$`), allocationChecks],
  [['GET', 'PUT', 'POST'], new RegExp(`^/v1/client/allocation/${ALLOC}/gc$`), allocationGc],
  [['GET', 'PUT', 'POST'], /^\/v1\/client\/gc$/, gc],
  [['GET'], new RegExp(`^/v1/client/fs/ls/${ALLOC}$`), fsLs],
  [['GET'], new RegExp(`^/v1/client/fs/stat/${ALLOC}$`), fsStat],
  [['GET'], new RegExp(`^/v1/client/fs/cat/${ALLOC}$`), fsCat],
  [['GET'], new RegExp(`^/v1/client/fs/readat/${ALLOC}$`), fsReadAt],
  [['GET'], new RegExp(`^/v1/client/fs/stream/${ALLOC}$`), fsStream],
  [['GET'], new RegExp(`^/v1/client/fs/logs/${ALLOC}$`), fsLogs],
];
