/**
 * Runs `work` over and over: again at once when it reports that more is waiting, otherwise after
 * `intervalMs`. A failed run is reported and retried after the interval. The returned function
 * stops the loop and waits for the run in progress. Durable consumers and the job runner poll this way.
 */
export function startPolling(work: () => Promise<boolean>, intervalMs: number, onError: (error: unknown) => void): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = work()
      .catch((error) => {
        onError(error);
        return false;
      })
      .then((more) => {
        if (!stopped) timer = setTimeout(tick, more ? 0 : intervalMs);
      });
  };
  tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
