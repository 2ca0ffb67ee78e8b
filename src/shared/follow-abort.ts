// Many short-lived controllers following one long-lived signal (a run's stop, a server's close):
// one listener per signal instead of one per request, which Node warns about past 10.

const FOLLOWERS = new WeakMap<AbortSignal, Set<AbortController>>();

/** Aborts `ac` when `signal` aborts (at once if it already has); returns the undo. */
export function followAbort(signal: AbortSignal, ac: AbortController): () => void {
  if (signal.aborted) {
    ac.abort();
    return () => undefined;
  }
  let set = FOLLOWERS.get(signal);
  if (!set) {
    const followers = new Set<AbortController>();
    signal.addEventListener(
      'abort',
      () => {
        for (const f of followers) f.abort();
        followers.clear();
      },
      { once: true },
    );
    FOLLOWERS.set(signal, (set = followers));
  }
  const followers = set;
  followers.add(ac);
  return () => followers.delete(ac);
}
