/**
 * Deadlines for the `ollama` client, which takes a `fetch` but no timeout of its own.
 */

function timeoutError(ms: number): DOMException {
  return new DOMException(`timed out after ${ms} ms`, "TimeoutError");
}

function linked(signals: (AbortSignal | null | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s != null));
}

/** The whole exchange (headers and body) must finish within `ms`: for quick JSON calls. */
export function deadlineFetch(ms: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: linked([init?.signal, AbortSignal.timeout(ms)]) });
}

/**
 * Only the response headers must arrive within `ms`; the body of a stream may take as long as
 * it keeps moving (see `withIdleDeadline`).
 */
export function headersDeadlineFetch(ms: number): typeof fetch {
  return async (input, init) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(timeoutError(ms)), ms);
    try {
      return await fetch(input, { ...init, signal: linked([init?.signal, deadline.signal]) });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Iterates `source`, calling `onIdle` (which should abort the source) if no item arrives for
 * `ms`; the iteration then fails with a TimeoutError instead of whatever the abort produced.
 */
export async function* withIdleDeadline<T>(source: AsyncIterable<T>, ms: number, onIdle: () => void): AsyncIterable<T> {
  let idle = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      onIdle();
    }, ms);
  };
  arm();
  try {
    for await (const item of source) {
      // The consumer's own time between items does not count against the endpoint.
      clearTimeout(timer);
      yield item;
      arm();
    }
  } catch (error) {
    if (idle) throw timeoutError(ms);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
