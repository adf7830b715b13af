// examples/express (Express 5) over real HTTP: every provider genuine, tampered, without its header and
// with an undocumented shape; a replayed Mobility Work delivery; and examples/express/wrong-way.ts,
// the JSON parser before verification, refusing a genuine delivery. See harness.ts.
import { describeExample } from "./harness.js";

describeExample({ name: "express", wrongWay: { file: "examples/express/wrong-way.ts" }, detected: true });
