// Tolerant JSON reading of bundle files: one JSON value, NDJSON (one value per line), or
// Nomad's `{"Error": "..."}` written in place of data. Never throws.
import type { Gap, Json } from './types.ts';

export type JsonRead = { ok: true; value: Json } | { ok: false; gap: Gap };

/** Parses a JSON or NDJSON file. NDJSON becomes an array of its lines' values. */
export function readJsonFile(bytes: Uint8Array | string, file: string): JsonRead {
  let text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  text = text.trim();
  if (text === '') return { ok: false, gap: { file, code: 'EMPTY', reason: 'empty file' } };
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (err) {
    const nd = parseNdjson(text);
    if (!nd.ok) return { ok: false, gap: { file, code: 'INVALID_JSON', reason: nd.reason ?? `invalid JSON (${(err as Error).message})` } };
    value = nd.values;
  }
  const error = errorText(value);
  if (error !== undefined) return { ok: false, gap: { file, code: 'ERROR_FILE', reason: error } };
  return { ok: true, value };
}

function parseNdjson(text: string): { ok: true; values: Json[] } | { ok: false; reason?: string } {
  const lines = text.split('\n');
  if (lines.length < 2) return { ok: false };
  const values: Json[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      values.push(JSON.parse(line) as Json);
    } catch (err) {
      return { ok: false, reason: `invalid JSON on line ${i + 1} (${(err as Error).message})` };
    }
  }
  return { ok: true, values };
}

/** The text of a `{"Error": "..."}` file (Nomad's writeResponseOrErrorToFile), else undefined. */
export function errorText(value: Json): string | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Error' && typeof value.Error === 'string') return value.Error;
  return undefined;
}

/**
 * Recovers the JSON body embedded in `Unexpected response code: 429 ({...})`: Nomad's client
 * treats autopilot's 429 "unhealthy" answer as an error, but the body is the health report.
 */
export function recoverEmbeddedJson(error: string): Json | undefined {
  const m = /^Unexpected response code: \d{3} \((\{[\s\S]*\})\)\s*$/.exec(error);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as Json;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is { [k: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A collection file's values: JSON arrays as they are, NDJSON of one line (one object) wrapped. */
export function asArray(value: Json): Json[] | undefined {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  return undefined;
}

/**
 * Reads a collection file (JSON array, or NDJSON as Nomad writes since 1.4). For NDJSON, a
 * line identical to one of the previous interval's file reuses that parsed value: snapshots
 * 30 s apart repeat most objects, so this saves both parsing and memory.
 */
export function readCollectionFile(
  bytes: Uint8Array,
  file: string,
  previous?: Map<string, Json>,
): { read: JsonRead; lines?: Map<string, Json> } {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.includes('\n')) return { read: readJsonFile(trimmed, file) };
  const lines = new Map<string, Json>();
  const values: Json[] = [];
  let lineNo = 0;
  for (const raw of trimmed.split('\n')) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    let value = previous?.get(line) ?? lines.get(line);
    if (value === undefined) {
      try {
        value = JSON.parse(line) as Json;
      } catch (err) {
        return { read: { ok: false, gap: { file, code: 'INVALID_JSON', reason: `invalid JSON on line ${lineNo} (${(err as Error).message})` } } };
      }
    }
    lines.set(line, value);
    values.push(value);
  }
  return { read: { ok: true, value: values }, lines };
}
