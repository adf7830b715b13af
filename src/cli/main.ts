// The dispatcher: `webhook-signatures <command> …`. Each command is a module of its own,
// loaded only when it runs, so that `--help` starts fast. A new command is one file and
// one line in COMMANDS.
import { PROVIDERS } from "../providers/index.js";
import { type Io, UsageError } from "./io.js";
import { nearest } from "./names.js";

interface Command {
  usage: string;
  summary: string;
  load: () => Promise<{ HELP: string; run(args: string[], io: Io): Promise<number> }>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  sign: { usage: "sign <provider>", summary: "print the headers (or a curl command) of a signed delivery", load: () => import("./sign.js") },
  send: { usage: "send <provider> <url>", summary: "sign and POST a delivery; print the status, the answer and the time", load: () => import("./send.js") },
  verify: { usage: "verify <provider>", summary: "check a captured delivery; --explain finds the usual mistakes", load: () => import("./verify.js") },
  listen: { usage: "listen <provider>", summary: "run the receiver on 127.0.0.1 and print one line per delivery", load: () => import("./listen.js") },
  replay: { usage: "replay <dir> <url>", summary: "send again, in order, the requests listen --record DIR kept", load: () => import("./replay.js") },
  examples: { usage: "examples [name]", summary: "list the documented example payloads, or print one", load: () => import("./examples.js") },
};

const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));

/** Words joined into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (lines[last] === "") lines[last] = word;
    else if ((lines[last] as string).length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join("\n");
}

const titles = PROVIDERS.map((declaration) => declaration.title);

export const HELP = `${wrap(
  `webhook-signatures: sign, send and verify webhooks of ${titles.slice(0, -1).join(", ")} and ${titles.at(-1)} by hand (or of your own provider, declared with defineProvider), and find why a signature does not match.`,
  88,
)}

Usage: webhook-signatures <command> [options]

Commands:
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)
  .join("\n")}

Providers: ${PROVIDERS.map((declaration) => declaration.name).join(", ")}; your own with --provider-file FILE
Secrets: --secret VALUE, or --secret-env NAME to keep them out of shell history.

Run 'webhook-signatures <command> --help' for a command's options and an example.
Exit codes: 0 success, 1 a delivery refused or an answer not 2xx, 2 a usage error.
`;

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(HELP);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    // Echoed only when near a command's name: a mistyped line can put a secret first.
    const near = nearest(name, Object.keys(COMMANDS));
    const what = near === undefined ? `unknown command; expected one of ${Object.keys(COMMANDS).join(", ")}.` : `unknown command ${JSON.stringify(name)}; did you mean ${near}?`;
    io.stderr(`webhook-signatures: ${what}\nRun 'webhook-signatures --help'.\n`);
    return 2;
  }
  const module = await command.load();
  const end = args.indexOf("--");
  if ((end === -1 ? args : args.slice(0, end)).some((arg) => arg === "--help" || arg === "-h")) {
    io.stdout(module.HELP);
    return 0;
  }
  try {
    return await module.run(args, io);
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) throw error;
    io.stderr(`webhook-signatures ${name}: ${message}\nRun 'webhook-signatures ${name} --help' for usage.\n`);
    return 2;
  }
}

/** The prefix of the library's argument errors (argumentError in src/lib/errors.ts). */
const LIBRARY = "[webhook-signatures] ";

/**
 * The one-line message of a usage error: the command's own, or an argument error of the library
 * on an option passed on to it (an --id with a colon, a nonce it refuses), which names the
 * argument and never its value. Anything else is a bug, left to surface.
 */
function usageMessage(error: unknown): string | undefined {
  if (error instanceof UsageError) return error.message;
  if (error instanceof TypeError && error.message.startsWith(LIBRARY)) return error.message.slice(LIBRARY.length).split("\n")[0];
  return undefined;
}
