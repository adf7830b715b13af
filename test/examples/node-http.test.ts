// examples/node-http (plain node:http) over real HTTP: every provider genuine, tampered, without its header and
// with an undocumented shape; a replayed Mobility Work delivery; and examples/node-http/wrong-way.ts,
// the JSON parser before verification, refusing a genuine delivery. See harness.ts.
import { describeExample } from "./harness.js";

describeExample({ name: "node-http", wrongWay: { file: "examples/node-http/wrong-way.ts" } });
