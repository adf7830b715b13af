/** A result without its free-text message, for exact comparisons. */
export function outcome<T extends object>(result: T): Omit<T, "message"> {
  const { message: _message, ...rest } = result as T & { message?: unknown };
  return rest as Omit<T, "message">;
}
