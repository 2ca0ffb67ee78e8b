// Every string of a parsed JSON value, with the name it stands under. Iterative, with an explicit
// stack: a hostile bundle can nest 100,000 levels, deeper than the call stack.
//
// The name of a string: its key; for an array element, the array's key; for the Value or
// DefValue of a flag object {Name, Value, DefValue}, the flag's Name; for the element after
// "--token" in an argument list, the flag. Keys of an Env/Environment object are variable names.
import type { NameContext } from './names.ts';

export interface StringPlace {
  name: string | undefined;
  context: NameContext;
  /** "config.Consuls[0].Token"; built only when asked (most strings are left alone). */
  path(): string;
  /** The same as keys and indexes: ["config", "Consuls", 0, "Token"]. */
  keys(): (string | number)[];
}

/** Returns the replacement for `value`, or undefined to keep it. */
export type StringVisitor = (value: string, at: StringPlace) => string | undefined;

interface Frame {
  node: Record<string, unknown> | unknown[];
  keys: string[] | null;
  i: number;
  name: string | undefined;
  env: boolean;
  flagName: string | undefined;
  /** Arrays: the flag named by the previous element ("--token"), if any. */
  pendingFlag: string | undefined;
}

const FLAG_ARG = /^--?([A-Za-z][\w.-]{0,80})$/;
/** Paths deeper than this keep their ends: enough to find the field, bounded for hostile depth. */
const PATH_KEEP = 40;

const isEnvKey = (k: string) => {
  const l = k.toLowerCase();
  return l === 'env' || l === 'environment';
};

function frameKey(f: Frame): string | number {
  return f.keys ? f.keys[f.i - 1]! : f.i - 1;
}

function pathOf(stack: readonly Frame[]): string {
  const part = (f: Frame) => {
    const k = frameKey(f);
    return typeof k === 'number' ? `[${k}]` : `.${k}`;
  };
  const parts = stack.length > 2 * PATH_KEEP
    ? [...stack.slice(0, PATH_KEEP).map(part), '.…', ...stack.slice(-PATH_KEEP).map(part)]
    : stack.map(part);
  return parts.join('').replace(/^\./, '');
}

function keysOf(stack: readonly Frame[]): (string | number)[] {
  return stack.map(frameKey);
}

/** Sets an own data property, also for "__proto__" (which plain assignment would treat as the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function newFrame(node: object, name: string | undefined, env: boolean): Frame {
  if (Array.isArray(node)) return { node, keys: null, i: 0, name, env, flagName: undefined, pendingFlag: undefined };
  const obj = node as Record<string, unknown>;
  const flagName = typeof obj['Name'] === 'string' && ('Value' in obj || 'DefValue' in obj) ? obj['Name'] : undefined;
  return { node: obj, keys: Object.keys(obj), i: 0, name, env, flagName, pendingFlag: undefined };
}

/** Visits every string of `root` (in place: replacements are written into the value) and returns the root, replaced if it is a string. */
export function walkJsonStrings(root: unknown, visit: StringVisitor): unknown {
  if (typeof root === 'string') return visit(root, { name: undefined, context: 'key', path: () => '', keys: () => [] }) ?? root;
  if (root === null || typeof root !== 'object') return root;
  const stack: Frame[] = [newFrame(root, undefined, false)];
  const place: StringPlace = { name: undefined, context: 'key', path: () => pathOf(stack), keys: () => keysOf(stack) };
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const arr = f.keys === null ? (f.node as unknown[]) : null;
    if (arr ? f.i >= arr.length : f.i >= f.keys!.length) {
      stack.pop();
      continue;
    }
    const key = arr ? undefined : f.keys![f.i]!;
    const child = arr ? arr[f.i] : (f.node as Record<string, unknown>)[key!];
    f.i++;
    let name: string | undefined;
    if (arr) {
      name = f.pendingFlag !== undefined && !(typeof child === 'string' && child.startsWith('-')) ? f.pendingFlag : f.name;
      f.pendingFlag = undefined;
    } else name = f.flagName && (key === 'Value' || key === 'DefValue') ? f.flagName : key;
    if (typeof child === 'string') {
      place.name = name;
      place.context = f.env && !arr ? 'env' : 'key';
      const next = visit(child, place);
      if (next !== undefined && next !== child) {
        if (arr) arr[f.i - 1] = next;
        else setOwn(f.node as Record<string, unknown>, key!, next);
      }
      if (arr) f.pendingFlag = FLAG_ARG.exec(child)?.[1];
    } else if (child !== null && typeof child === 'object') {
      stack.push(newFrame(child, name, key !== undefined && isEnvKey(key)));
    }
  }
  return root;
}
