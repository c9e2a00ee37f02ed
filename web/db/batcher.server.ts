// Many small reads or writes that arrive together go to PostgreSQL as one statement: on
// election night thousands of phones send at once, and one round trip each would make the
// database's per-statement cost the limit. With nothing in flight a call runs at once (a
// quiet night adds no delay); calls that arrive meanwhile wait and go together.

export interface BatcherOptions {
  /** Batches running at once (the pool keeps connections for everything else). */
  maxInFlight: number;
  /** The most calls in one batch. */
  maxBatch: number;
}

/** A function of one input whose calls are run in batches by `run`, which answers one
 *  output per input, in order. A batch that fails is retried call by call (one bad input
 *  must not fail its neighbours), and then each call fails on its own. */
export function batched<In, Out>(run: (inputs: In[]) => Promise<Out[]>, options: BatcherOptions) {
  interface Waiting {
    input: In;
    resolve: (out: Out) => void;
    reject: (error: unknown) => void;
  }
  const queue: Waiting[] = [];
  let inFlight = 0;

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
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void write(batch).finally(() => {
        inFlight--;
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
