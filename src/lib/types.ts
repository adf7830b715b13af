/** The raw body exactly as received. A string is UTF-8 encoded before it is signed. */
export type Bytes = string | Uint8Array | ArrayBuffer;
/** A signing secret. A string is UTF-8 encoded. */
export type Secret = string | Uint8Array;
/** One secret, or several during a rotation: any one that matches passes. */
export type Secrets = Secret | readonly Secret[];
/** A header value as frameworks hand it over (Node gives `string[]` for repeated headers). */
export type HeaderValue = string | readonly string[] | null | undefined;
/** Request headers as request handlers hand them over. */
export type HeadersLike =
  | {
      /** A header's value by its name, any case (a Fetch `Headers`). */
      get(name: string): string | null;
    }
  | Readonly<Record<string, string | readonly string[] | number | null | undefined>>;
/** The HMAC algorithms the generic schemes accept. */
export type HmacAlgorithm = "sha256" | "sha1" | "sha512";
