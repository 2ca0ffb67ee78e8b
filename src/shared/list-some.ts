// "a, b, c and 4 more": lists in one-line messages and findings stay short.

export function listSome(items: string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
