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
