// `webhook-signatures examples [name]`: the providers' documented example payloads, by name.
import { exampleBody, examplesOf } from "./example-bodies.js";
import type { Io } from "./io.js";
import { PROVIDER_FILE_HELP, PROVIDER_FILE_OPTION, SAMPLE, parse, providersOf } from "./options.js";

export const HELP = `Usage: webhook-signatures examples [name] [--provider-file FILE]

Lists the providers' documented example payloads by name. With a name, prints that
body exactly as sign and send use it (compact JSON, no newline at the end).
Any example can be signed for any provider.

Options:
${PROVIDER_FILE_HELP}

Example:
  webhook-signatures examples ${SAMPLE.example} > body.json
  webhook-signatures sign ${SAMPLE.provider} --secret-env WEBHOOK_SECRET --body body.json
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, PROVIDER_FILE_OPTION, 1);
  const providers = await providersOf(values["provider-file"]);
  const [name] = positionals;
  if (name !== undefined) {
    io.stdout(exampleBody(name, providers.all));
    return 0;
  }
  const examples = examplesOf(providers.all);
  const width = Math.max(...examples.map((example) => example.name.length));
  const providerWidth = Math.max(...examples.map((example) => example.provider.length));
  for (const example of examples) io.stdout(`${example.name.padEnd(width)}  ${example.provider.padEnd(providerWidth)}  ${example.about}\n`);
  return 0;
}
