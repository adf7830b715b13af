// examples/hono (Hono 4 on @hono/node-server) over real HTTP: every provider genuine, tampered, without its header and
// with an undocumented shape; a replayed Mobility Work delivery; and examples/hono/wrong-way.ts,
// the JSON parser before verification, refusing a genuine delivery. See harness.ts.
import { describeExample } from "./harness.js";

describeExample({ name: "hono", wrongWay: { file: "examples/hono/wrong-way.ts" } });
