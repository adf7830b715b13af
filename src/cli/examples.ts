// `webhook-signatures examples [name]`: the providers' documented example payloads, by name.
import { EXAMPLES, exampleBody } from "./example-bodies.js";
import type { Io } from "./io.js";
import { parse } from "./options.js";

export const HELP = `Usage: webhook-signatures examples [name]

Lists the providers' documented example payloads by name. With a name, prints that
body exactly as sign and send use it (compact JSON, no newline at the end).
Any example can be signed for any provider.

Example:
  webhook-signatures examples tikinow-stock > stock.json
  webhook-signatures sign tikinow --secret-env TIKI_SECRET --body stock.json
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { positionals } = parse(args, {}, 1);
  const [name] = positionals;
  if (name !== undefined) {
    io.stdout(exampleBody(name));
    return 0;
  }
  const width = Math.max(...Object.keys(EXAMPLES).map((key) => key.length));
  for (const [key, example] of Object.entries(EXAMPLES)) {
    io.stdout(`${key.padEnd(width)}  ${example.provider.padEnd(13)}  ${example.about}\n`);
  }
  return 0;
}
