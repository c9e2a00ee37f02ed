// Many small reads or writes that arrive together go to PostgreSQL as one statement: on
// election night thousands of phones send at once, and one round trip each would make the
// database's per-statement cost the limit. With nothing in flight a call runs at once (a
// quiet night adds no delay); calls that arrive meanwhile wait and go together.

export interface BatcherOptions<In = never> {
  /** Batches running at once (the pool keeps connections for everything else). */
  maxInFlight: number;
  /** The most calls in one batch. */
  maxBatch: number;
  /** Calls whose key is in a batch in flight wait for a later batch: two batches that
   *  would wait on each other's locks (one unit ballot) never run at once. */
  keyOf?: (input: In) => string;
}

/** A function of one input whose calls are run in batches by `run`, which answers one
 *  output per input, in order. A batch that fails is retried call by call (one bad input
 *  must not fail its neighbours), and then each call fails on its own. */
export function batched<In, Out>(run: (inputs: In[]) => Promise<Out[]>, options: BatcherOptions<In>) {
  interface Waiting {
    input: In;
    resolve: (out: Out) => void;
    reject: (error: unknown) => void;
  }
  let queue: Waiting[] = [];
  let inFlight = 0;
  const keysInFlight = new Map<string, number>();
  const keyOf = options.keyOf;

  /** The next batch: the first calls in the queue whose keys are not in flight. */
  const take = (): Waiting[] => {
    if (!keyOf) return queue.splice(0, options.maxBatch);
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const w of queue)
      (batch.length < options.maxBatch && !keysInFlight.has(keyOf(w.input)) ? batch : rest).push(w);
    queue = rest;
    return batch;
  };
  const hold = (batch: Waiting[], by: 1 | -1) => {
    if (!keyOf) return;
    for (const w of batch) {
      const key = keyOf(w.input);
      const n = (keysInFlight.get(key) ?? 0) + by;
      if (n) keysInFlight.set(key, n);
      else keysInFlight.delete(key);
    }
  };

  const write = async (batch: Waiting[]): Promise<void> => {
    try {
      const outs = await run(batch.map((w) => w.input));
      outs.forEach((out, i) => batch[i]!.resolve(out));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      await Promise.all(batch.map((w) => write([w])));
    }
  };
  const pump = () => {
    while (queue.length && inFlight < options.maxInFlight) {
      const batch = take();
      if (!batch.length) return; // every call waiting is behind one in flight
      inFlight++;
      hold(batch, 1);
      void write(batch).finally(() => {
        inFlight--;
        hold(batch, -1);
        pump();
      });
    }
  };
  return (input: In) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      pump();
    });
}
