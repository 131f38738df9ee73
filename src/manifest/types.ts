// The manifest as the parser hands it to the build: every field checked and normalised, the
// statements already in the kernel's `Statement` form (src/kernel/image.ts).
import type { ExportSpec, ParamSpec, Statement } from '../kernel/image';

/** One editor marker / compiler message. Lines and columns are 1-based; the end is exclusive. */
export interface Diagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface Manifest {
  /** The name as written (the build turns '-' into '_', as Kbuild's KBUILD_MODNAME does). */
  name: string;
  license?: string;
  author?: string;
  description?: string;
  version?: string;
  vermagic?: string;
  alias: string[];
  softdep: { pre: string[]; post: string[] };
  params: ParamSpec[];
  exports: ExportSpec[];
  /** The `imports` list as written (deduplicated); the build adds what the statements call. */
  imports: string[];
  /** Section sizes if the manifest sets them (bytes, not yet rounded to pages). */
  size: { core?: number; init?: number };
  /** null: no init function. [] : an init function that just returns 0. */
  init: Statement[] | null;
  exit: Statement[] | null;
  /** The 1-based source line of each statement, parallel to `init` and `exit` (for the editor). */
  lines: { init: number[]; exit: number[] };
}

export interface ParseResult {
  /** null when there is at least one error; then `diagnostics` says why. */
  manifest: Manifest | null;
  /** Errors and warnings, in source order. */
  diagnostics: Diagnostic[];
}
