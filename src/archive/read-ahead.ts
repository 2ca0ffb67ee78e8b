// Ordered read-ahead: thousands of small files would otherwise each wait on their own I/O.

/** Starts `start(item)` for up to `depth` items ahead and yields the results in item order. */
export async function* readAhead<T, R>(items: readonly T[], depth: number, start: (item: T) => Promise<R>): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (queue.length < depth && next < items.length) {
      const p = start(items[next++]!);
      p.catch(() => undefined); // awaited in order below; no unhandled rejection meanwhile
      queue.push(p);
    }
  };
  fill();
  while (queue.length > 0) {
    const p = queue.shift()!;
    fill();
    yield await p;
  }
}
