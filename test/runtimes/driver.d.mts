// Types for driver.mjs (plain JavaScript so that every runtime loads it untranspiled).

export interface Row {
  scheme: string;
  group: "valid" | "invalid";
  title: string;
  /** The one outcome every body and header form agreed on, or `{ inconsistent }`. */
  outcome: Record<string, unknown>;
  message: string | null;
  forms: number;
  /** Whether the signer reproduced the header; null for cases without `"sign": true`. */
  sign: boolean | null;
}
export interface HostileRow {
  name: string;
  label: string;
  expected: Record<string, unknown> | null;
  outcome: Record<string, unknown>;
}
export interface ProgrammerErrorRow {
  label: string;
  outcome: Record<string, unknown>;
  message: string | null;
}
export interface Report {
  vectors: Row[];
  hostile: HostileRow[];
  programmerErrors: ProgrammerErrorRow[];
  helpers: Record<string, unknown>;
  bufferGlobal: boolean;
}
export type VectorFiles = Record<string, unknown>;
/** One shipped provider's scheme, from the registry (see schemeSuite in test/helpers/vectors.ts). */
/** A scheme's row (src/providers/types.ts ProviderScheme as plain data): a header scheme, or a signature in the body or the query. */
export type SuiteScheme = { vectors: string; verify: string; sign: string } & ({ header: string; valueKey: string } | { in: "body" | "query"; field: string });
/** The scheme table and the vector files it names. */
export interface Suite {
  schemes: readonly SuiteScheme[];
  files: VectorFiles;
}

export function runVectors(lib: object, suite: Suite): Promise<Row[]>;
export function expectedRows(suite: Suite): Array<Pick<Row, "scheme" | "group" | "title" | "outcome" | "sign">>;
export function runHostile(lib: object): Promise<HostileRow[]>;
export function runProgrammerErrors(lib: object): Promise<ProgrammerErrorRow[]>;
export function runAll(lib: object, suite: Suite): Promise<Report>;
