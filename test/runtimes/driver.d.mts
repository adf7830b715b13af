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

export const SCHEME_NAMES: readonly string[];
export function runVectors(lib: object, files: VectorFiles): Promise<Row[]>;
export function expectedRows(files: VectorFiles): Array<Pick<Row, "scheme" | "group" | "title" | "outcome" | "sign">>;
export function runHostile(lib: object): Promise<HostileRow[]>;
export function runProgrammerErrors(lib: object): Promise<ProgrammerErrorRow[]>;
export function runAll(lib: object, files: VectorFiles): Promise<Report>;
