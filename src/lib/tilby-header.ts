// Tilby's signature header, in the one place that the receiver, the command line and
// /testing read it from. Platform-neutral (no node: import): the /web receiver uses it too.

/** Tilby's signature header when none is named (Tilby does not document one). */
export const TILBY_DEFAULT_SIGNATURE_HEADER = "x-tilby-signature";
