// examples/next (a Next.js App Router route handler, built with `next build` and served by
// Next's own request handler) over real HTTP: every provider genuine, tampered, without its
// header and with an undocumented shape; a replayed Mobility Work delivery; and the route
// /wrong-way/webhooks/tikinow/stock (request.json() before verification) refusing a genuine
// delivery. `npm run example:next` builds first (about 10 s here), hence the longer start.
import { describeExample } from "./harness.js";

describeExample({ name: "next", startTimeoutMs: 150_000, wrongWay: { path: "/wrong-way/webhooks/tikinow/stock" } });
