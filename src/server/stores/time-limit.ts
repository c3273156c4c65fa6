/**
 * Settles as `work` does, or rejects with `late()` once `timeoutMs` has passed. `work`
 * keeps running (the caller cancels it in `late` if it can); its later failure is ignored.
 */
export async function withinTimeLimit<T>(work: Promise<T>, timeoutMs: number, late: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
