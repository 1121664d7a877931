export type {
  BeforeReader,
  BeforeSource,
  ChangedFile,
  ChangeStatus,
} from './change-set.js';
export {
  adjacencyOf,
  cycleRank,
  shortestCycleThrough,
  stronglyConnectedComponents,
} from './cycle-detector.js';
export {
  GitChangeError,
  LayerConfigError,
  MissingBeforeStateError,
  PathOutsideRepositoryError,
  RedFlagsError,
} from './errors.js';
export { gitChangeSet, type GitChangeSet } from './git-change-set.js';
export { type ArchitectureLayer, LayerRules } from './layer-rules.js';
export {
  analyseChange,
  type ChangeAnalysis,
  checkRedFlags,
  type RedFlagCheckInput,
} from './red-flag-checker.js';
export {
  emptyReport,
  formatCycle,
  type LayerViolation,
  type RedFlagReport,
  type SyntaxErrorFlag,
} from './red-flag-report.js';
export { checkFileContentsRedFlags, checkTextRedFlags, type FileContent } from './text-red-flags.js';
