// The behaviour suite on MemoryNonceStore, on a clock the test moves (real time plus an offset).
import { describe } from "vitest";
import { MemoryNonceStore } from "../../src/replay/nonce-store.js";
import { storeBehaviour } from "./store-behaviour.js";

describe("MemoryNonceStore: the behaviour every store shares", () => {
  let offset = 0;
  storeBehaviour({
    store: () => new MemoryNonceStore({ now: () => Date.now() + offset }),
    pass: async (ms) => {
      offset += ms;
    },
  });
});
