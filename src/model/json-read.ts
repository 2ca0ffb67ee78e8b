// Readers for the parts of the model the decoders leave unchecked (typed Json: agent-self's
// config contents, the interval collections' items, client metadata): one place to ask.
import type { Json } from './types.ts';

/** The object a Json value is, or undefined. */
export function jsonObject(v: Json | undefined): { [k: string]: Json } | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
}

/** The value at a path of object keys, or undefined where a step is not an object or lacks the key. */
export function jsonAt(v: Json | undefined, ...keys: string[]): Json | undefined {
  let at = v;
  for (const k of keys) {
    const o = jsonObject(at);
    at = o && Object.hasOwn(o, k) ? o[k] : undefined; // own keys only: "constructor" is not in the file
  }
  return at;
}

/** The string at a path of object keys, or undefined when there is none. */
export function jsonString(v: Json | undefined, ...keys: string[]): string | undefined {
  const at = jsonAt(v, ...keys);
  return typeof at === 'string' ? at : undefined;
}
