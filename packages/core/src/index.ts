// Public API of @tspacker/core (documented in README.md).
export type * from './template/types.js';
export { loadTemplate, isHcl2Template, type TemplateLoad } from './template/load.js';
export { goFsErrorText } from './template/go-fs-errors.js';
export { initializeTemplate } from './template/initialize.js';
export { evalContext, templateFunctions, type ContextScope, type ContextExtra } from './template/context.js';
export { variablesText } from './template/variables-text.js';
export { variableValue } from './template/variables.js';
export { configSchema, type BlockDecoders } from './template/parse.js';
export { decodeSourceBlock, decodeBuildSourceBlock, sourceRefFromString } from './template/source-block.js';
export { decodeBuildBlock, decodeProvisionerBlock, decodePostProcessorBlock, skipsSource } from './template/build-block.js';
export {
  getBuilds,
  checkBuildComponents,
  noBuildsDiagnostic,
  builderDataCommonKeys,
  type GetBuildsOptions,
  type CoreBuild,
  type CoreBuildProvisioner,
  type CoreBuildPostProcessor,
} from './template/get-builds.js';
export { compileGlob, compileFilterPatterns, type Glob } from './template/glob.js';
export { renderInspect } from './template/inspect.js';
export { mergeBodies } from './template/merged-body.js';
export { GoVersion, GoConstraints, GoConstraint, VersionError } from './version/go-version.js';
export * from './plugins/index.js';
export { runBuilds, runBuild, type RunBuildsOptions, type BuildsResult, type RootBuildsUi } from './build/run-builds.js';
export { durationText } from './build/durafmt.js';
export {
  createRootUi,
  createLogger,
  disabledLogger,
  logEnabled,
  logPath,
  createMasker,
  SENSITIVE,
  escapeMachineField,
  machineReadableLine,
  BUILD_COLORS,
  AnsiColor,
  colorize,
  colorAllowedByEnv,
  rfc3339Local,
  goLogTime,
  formatElapsed,
  writeStdoutSync,
  AskError,
  loadSpinners,
  type RootUi,
  type RootUiOptions,
  type BuildUi,
  type Logger,
  type LoggerOptions,
} from './ui/index.js';
export type * from './legacy/types.js';
export { parseLegacyTemplate, type LegacyParseResult } from './legacy/parse.js';
export { LegacyCore, LEGACY_CONSOLE_HELP, type LegacyCoreOptions } from './legacy/core.js';
export { inspectLegacyTemplate, type InspectUi } from './legacy/inspect.js';
export { readJsonVarFiles } from './legacy/json-text.js';
