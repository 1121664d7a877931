export { type FakeLlmAnswersFile, loadAnswersFile } from './answers-file.js';
export {
  type AnswerOutcome,
  estimateTokens,
  type FakeLlmDecision,
  type FakeLlmFailure,
  type FakeLlmRule,
} from './fake-llm-rules.js';
export { FakeLlmServer, type FakeLlmRequest, type FakeLlmServerOptions } from './fake-llm-server.js';
export { createSeededRandom, hashString } from './seeded-random.js';
export {
  applyMove,
  formatHanoiStep,
  type HanoiMove,
  type HanoiState,
  type HanoiStep,
  hanoiAnswerProblems,
  hanoiCorrupt,
  hanoiInitialState,
  hanoiNextStep,
  hanoiOracle,
  hanoiSolved,
  hanoiStepPrompt,
} from './towers-of-hanoi.js';
