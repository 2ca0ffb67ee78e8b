// PEM private key blocks, found with indexOf rather than a regex (a lazy "anything up to END"
// pattern is quadratic on a text full of BEGIN lines). A block without its END line, as in a
// truncated log line, is a secret to the end of the text.
import type { Span } from './span.ts';

const BEGIN = '-----BEGIN ';
const HEAD = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----/y;

export function pemSpans(text: string, out: Span[]): void {
  let at = text.indexOf(BEGIN);
  while (at >= 0) {
    HEAD.lastIndex = at;
    if (!HEAD.test(text)) {
      at = text.indexOf(BEGIN, at + BEGIN.length);
      continue;
    }
    const endLine = text.indexOf('-----END ', HEAD.lastIndex);
    const close = endLine < 0 ? -1 : text.indexOf('-----', endLine + 9);
    const end = close < 0 ? text.length : close + 5;
    out.push({ start: at, end, rule: 'private-key' });
    at = text.indexOf(BEGIN, end);
  }
}

/** Whether `text` opens a private key block it does not close (the next lines are its body). */
export function opensPemBlock(text: string): boolean {
  const begin = text.lastIndexOf(BEGIN);
  if (begin < 0) return false;
  HEAD.lastIndex = begin;
  return HEAD.test(text) && text.indexOf('-----END ', HEAD.lastIndex) < 0;
}
