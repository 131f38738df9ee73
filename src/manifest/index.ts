// The module manifest (PRODUCT.md §5): parse and check it, build it into a .ko.
export { parseManifest, MAX_NAME_LENGTH, TOP_FIELDS } from './parse';
export {
  buildKo, buildModule, collectImports, formatDiagnostic, imageFromManifest, moduleName,
  sectionSizes, srcversion, statementSymbol,
} from './build';
export type { BuildOptions, BuildResult } from './build';
export { OP_NAMES } from './statements';
export { parseFormat, SUPPORTED_FORMATS } from './printf';
export type { Diagnostic, Manifest, ParseResult } from './types';
/** The JSON Schema of the format (draft-07), for the editor's completion, hovers and markers. */
export { default as manifestSchema } from './manifest.schema.json';
