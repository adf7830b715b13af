/**
 * The error `run` throws synchronously, or a marker string when it returns. For asserting a
 * TypeError's class and whole message: vitest's `toThrow(/regex/)` passes when `undefined`
 * is thrown, so a broken error builder would go unseen.
 */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return "(returned without throwing)";
}
