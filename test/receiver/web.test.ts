// The receiver from webhook-signatures/web: Web Crypto verify functions, the same answers and
// the same delivery keys as the Node one (so both can share a store).
import { describe, expect, it } from "vitest";
import { createReceiver as createNodeReceiver } from "../../src/receiver/index.js";
import { createReceiver } from "../../src/web/index.js";
import { ewarehousingDelivery, mobilityWorkDelivery, tikiOpenApiDelivery, tikinowDelivery, tilbyDelivery } from "../../src/testing.js";
import { CREDENTIALS, SECRET, TILBY_HEADER, asDelivery } from "./helpers.js";

describe("createReceiver from /web", () => {
  it("verifies every provider with Web Crypto and answers as the Node receiver does", async () => {
    const cases = [
      [{ provider: "tikinow", channel: "stock", secret: SECRET }, tikinowDelivery({ secret: SECRET })],
      [{ provider: "tiki", credentials: CREDENTIALS }, tikiOpenApiDelivery({ credentials: CREDENTIALS })],
      [{ provider: "mobility-work", secret: SECRET }, mobilityWorkDelivery({ secret: SECRET })],
      [{ provider: "tilby", secret: SECRET }, tilbyDelivery({ secret: SECRET, headerName: TILBY_HEADER })],
      [{ provider: "ewarehousing", secret: SECRET }, ewarehousingDelivery({ secret: SECRET })],
    ] as const;
    for (const [options, delivery] of cases) {
      const keys: string[] = [];
      for (const make of [createReceiver, createNodeReceiver]) {
        const receiver = make({ ...options, onRefusal: () => {} } as never) as ReturnType<typeof createReceiver>;
        receiver.on("*", ({ key }: { key: string }) => void keys.push(key));
        const genuine = await receiver.fetch(new Request("https://example.com/hook", { method: "POST", body: delivery.body, headers: delivery.headers }));
        expect(genuine.status).toBe(200);
        expect(await genuine.json()).toEqual({ success: true });
        const tampered = await receiver.receive(asDelivery({ body: `${delivery.body} `, headers: { ...delivery.headers, authorization: "Basic eDp5" } }));
        expect(tampered.status).toBe(401);
      }
      expect(keys[0]).toBe(keys[1]);
    }
  });
});
