// The names a user types (commands, providers, examples): the nearest known one, to suggest
// after "unknown …".

/** Edit distance, case-insensitive; two neighbours swapped count as one edit ("sing" → "sign"). */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  // Two rows back of the table (the distances between the first i characters of x and the first j of y).
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[y.length] as number;
}

/**
 * The known name nearest to what was typed, when what was typed is a typo of it: at most a
 * third of the name's length in edits (at least one), or its first three characters or more.
 * Only then is the typed text echoed back: near a public name, it cannot be a secret typed in
 * the wrong place. Nothing for text with control or format characters (not echoed either).
 */
export function nearest(typed: string, names: readonly string[]): string | undefined {
  if (/[\p{Cc}\p{Cf}]/u.test(typed)) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(typed, name);
    const near = d <= Math.max(1, Math.floor(name.length / 3)) || (typed.length >= 3 && name.toLowerCase().startsWith(typed.toLowerCase()));
    if (near && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}
