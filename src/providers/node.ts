// The root entry's verify and sign functions (node:crypto) as the sets a declaration calls:
// the receiver of webhook-signatures/receiver, the command line and webhook-signatures/testing.
import { createHash } from "node:crypto";
import { signHmacBase64, verifyHmacBase64 } from "../schemes/ewarehousing.js";
import { signMwSignature, verifyMwSignature } from "../schemes/mobility-work.js";
import { basicAuthHeader, verifyBasicAuth } from "../schemes/tiki-basic.js";
import { signHmacHex, verifyHmacHex } from "../schemes/tilby.js";
import { signTikiSha1, verifyTikiSha1 } from "../schemes/tikinow.js";
import type { Signers, Verifiers } from "./types.js";

export const nodeVerifiers: Verifiers = {
  verifyTikiSha1,
  verifyBasicAuth,
  verifyMwSignature,
  verifyHmacHex,
  verifyHmacBase64,
  sha256Hex: (body) => createHash("sha256").update(body).digest("hex"),
};

export const nodeSigners: Signers = { signTikiSha1, basicAuthHeader, signMwSignature, signHmacHex, signHmacBase64 };
