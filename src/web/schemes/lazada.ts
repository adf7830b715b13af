// Web Crypto: the app-key scheme of src/web/schemes/app-key.ts, under Lazada's names.
import type { VerifyHmacResult } from "../../lib/result.js";
// Types only: erased at build time, so no node: module enters this entry's graph.
import type { SignLazadaInput, VerifyLazadaInput } from "../../schemes/lazada.js";
import { signAppKeyAuthorization, verifyAppKeyAuthorization } from "./app-key.js";

/** Verifies `Authorization: <hex HMAC-SHA256(app secret, app key + raw body)>`. */
export function verifyLazada(input: VerifyLazadaInput): Promise<VerifyHmacResult> {
  return verifyAppKeyAuthorization(input, "verifyLazada");
}

/** Builds the `Authorization` value: lowercase hex. */
export function signLazada(input: SignLazadaInput): Promise<string> {
  return signAppKeyAuthorization(input, "signLazada");
}
