// /web's verify functions (Web Crypto) as the set a declaration calls: the receiver of
// webhook-signatures/web. No `node:` module.
import { sha256Hex } from "../replay/sha256.js";
import { verifyHmacBase64 } from "../web/schemes/ewarehousing.js";
import { verifyMwSignature } from "../web/schemes/mobility-work.js";
import { verifyBasicAuth } from "../web/schemes/tiki-basic.js";
import { verifyHmacHex } from "../web/schemes/tilby.js";
import { verifyTikiSha1 } from "../web/schemes/tikinow.js";
import { verifyShopify } from "../web/schemes/shopify.js";
import { verifyWoocommerce } from "../web/schemes/woocommerce.js";
import { verifySendcloud } from "../web/schemes/sendcloud.js";
import { verifyMollie } from "../web/schemes/mollie.js";
import { verifyHaravan } from "../web/schemes/haravan.js";
import { verifySapo } from "../web/schemes/sapo.js";
import type { Verifiers } from "./types.js";

export const webVerifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  verifyShopify,
  verifyWoocommerce,
  verifySendcloud,
  verifyMollie,
  verifyHaravan,
  verifySapo,
  sha256Hex,
};
