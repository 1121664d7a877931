export { ATOM_PROMPTS, type AtomPromptSpec, PROMPT_VARIANT_COUNT, VARIANT_FRAMINGS } from './atom-prompts.js';
export {
  type FileBlock,
  type FileBlockProblem,
  formatFileBlocks,
  type ParsedFileBlocks,
  parseFileBlocks,
} from './file-blocks.js';
export {
  checkOutputContract,
  type ContractCheck,
  extractJson,
  JSON_OUTPUT_SCHEMAS,
  type ReviewerOutput,
  ReviewerOutputSchema,
  type SearchOutput,
  SearchOutputSchema,
  type ValidatorOutput,
  ValidatorOutputSchema,
} from './output-contracts.js';
export {
  type AtomMessage,
  type AtomPromptInput,
  atomSystemPrompt,
  buildAtomMessages,
} from './prompt-builder.js';
export {
  DEFAULT_MAX_OUTPUT_TOKENS,
  detectRedFlags,
  type RedFlag,
  type RedFlagCode,
  type RedFlagInput,
} from './red-flags.js';
export { normalizeWorktreePath, type UnsafePathReason } from './worktree-path.js';
