// Node plumbing shared by the node:http, Express, Fastify, Koa and Hono examples: where to
// listen, how to say so, and reading a request's raw bytes with a size limit.
import type { AddressInfo } from "node:net";
import { type WebhookConfig, configFromEnv } from "./config.js";

/** The examples listen on loopback only. */
export const HOST = "127.0.0.1";

/** Deliveries larger than this are refused (413): webhook bodies are small. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The secrets from the environment; prints what is missing and exits if any is unset. */
export function configOrExit(): WebhookConfig {
  try {
    return configFromEnv();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

/** `PORT` from the environment (0 picks a free port), default 3000. */
export function portFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env.PORT ?? "3000";
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`PORT must be a port number (0 for any free port), got ${JSON.stringify(text)}`);
  return port;
}

/** Prints the port actually listened on as one JSON line on stdout, `{"listening":PORT}`: tests read it. */
export function announce(address: AddressInfo | string | null): void {
  if (address === null || typeof address === "string") throw new Error(`not listening on a TCP port: ${String(address)}`);
  console.log(JSON.stringify({ listening: address.port }));
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`The body is larger than ${limit} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads a Node request stream to the end, as the bytes that were sent: nothing decoded, nothing parsed. */
export async function readRawBody(stream: AsyncIterable<Uint8Array>, limit: number = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.byteLength;
    if (length > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
