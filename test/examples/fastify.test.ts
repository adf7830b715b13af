// examples/fastify (Fastify 5) over real HTTP: every provider genuine, tampered, without its header and
// with an undocumented shape; a replayed Mobility Work delivery; and examples/fastify/wrong-way.ts,
// the JSON parser before verification, refusing a genuine delivery. See harness.ts.
import { describeExample } from "./harness.js";

describeExample({ name: "fastify", wrongWay: { file: "examples/fastify/wrong-way.ts" } });
