// examples/koa (Koa 3) over real HTTP: every provider genuine, tampered, without its header and
// with an undocumented shape; a replayed Mobility Work delivery; and examples/koa/wrong-way.ts,
// the JSON parser before verification, refusing a genuine delivery. See harness.ts.
import { describeExample } from "./harness.js";

describeExample({ name: "koa", wrongWay: { file: "examples/koa/wrong-way.ts" } });
