// What the node:crypto and Web Crypto sides of the app-key scheme (Lazada, TikTok Shop) share,
// and the Authorization table Shopee reads too. Platform-neutral: no node: import, no Buffer.
import type { Bytes, HeaderValue, HeadersLike, Secret, Secrets } from "../lib/types.js";
import type { HeaderPart } from "./header-set.js";
import { AUTHORIZATION_HEADER } from "./keyed-header.js";

/** What the app-key schemes' verify functions take. */
export interface AppKeyVerifyInput {
  body: Bytes;
  secret: Secrets;
  appKey: string;
  signature?: HeaderValue;
  headers?: HeadersLike;
}

/** What the app-key schemes' sign functions take. */
export interface AppKeySignInput {
  body: Bytes;
  secret: Secret;
  appKey: string;
}

/** Where the signature is: `signature`, or `headers`' Authorization. */
export const AUTHORIZATION_PARTS: readonly HeaderPart[] = [["signature", AUTHORIZATION_HEADER]];
