import { argumentError, describe } from "../lib/errors.js";
import type { NonceStoreErrorCode, StoreOperationName } from "./store-error.js";

/** The rejection of {@link withTimeout} when time ran out: told apart from the backend's own errors by its class, not its text. */
class TimedOut extends Error {}

/** Settles like `run()`, or rejects once `ms` have passed. The timer never keeps the process alive. */
export async function withTimeout<T>(run: () => PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The code of a store error whose cause is what {@link withTimeout} rejected with. */
export function failureCode(cause: unknown): NonceStoreErrorCode {
  return cause instanceof TimedOut ? "timeout" : "backend_error";
}

/** Checks an optional `timeoutMs` option: a number of ms > 0 and <= 2^31 - 1 (setTimeout's limit). */
export function timeoutOf(value: unknown, fallback: number): number {
  const timeoutMs = value ?? fallback;
  // Number.isFinite is false for anything but a finite number.
  if (!Number.isFinite(timeoutMs) || (timeoutMs as number) <= 0 || (timeoutMs as number) > 2_147_483_647) {
    throw argumentError(
      "timeoutMs",
      `must be a number of ms > 0 and <= 2147483647 (2^31 - 1), got ${typeof timeoutMs === "number" ? timeoutMs : describe(timeoutMs)}`,
    );
  }
  return timeoutMs as number;
}

/** The consequence of a failed operation, for the error message. */
export function consequenceOf(operation: StoreOperationName): string {
  switch (operation) {
    case "claim":
      return "the nonce could not be claimed, so the delivery must not be processed: answer 5xx so the provider retries";
    case "begin":
      return "the key could not be claimed, so the delivery must not be processed: answer 503 so the provider retries";
    case "release":
      return "the nonce could not be released, so the provider's retry may be taken for a duplicate until the nonce expires: answer 5xx";
    case "complete":
      return "the key could not be marked done: its lease ends by itself, and a later copy may be processed again";
    case "abandon":
      return "the key could not be released: its lease ends by itself, and the provider's retry is processed after it";
    case "renew":
      return "the lease could not be renewed: it ends by itself, and a retry may then run, so the handler must stop";
  }
}
