export {
  type AtomCallRef,
  type AtomJournal,
  callId,
  InMemoryAtomJournal,
  type JournaledCall,
} from './atom-journal.js';
export { type AtomSamplerOptions, type CompletionProvider, createAtomSampler } from './atom-sampler.js';
export {
  DEFAULT_VOTE_TEMPERATURE,
  DEFAULT_VOTE_TIMEOUT_MS,
  defaultMaxSamples,
  runVote,
} from './first-to-ahead-by-k.js';
export {
  approxSamplesPerStep,
  expectedSamplesPerStep,
  kMin,
  pStepCorrect,
  pTaskCorrect,
} from './formulas.js';
export {
  type SpawnAtomHostResult,
  toSpawnAtomHostResult,
  toVoteHostResult,
  type VoteHostResult,
  voteErrorMessage,
} from './host-results.js';
export {
  canonicalJson,
  codeMatcher,
  defaultMatcherFor,
  exactMatcher,
  jsonMatcher,
  MATCHER_NAMES,
  type Matcher,
  type MatcherName,
  matcherByName,
  normalizedMatcher,
  normalizeFileContent,
} from './matchers.js';
export { RedisAtomJournal, type RedisAtomJournalOptions } from './redis-atom-journal.js';
export { type SpawnAtomOptions, type SpawnOutcome, spawnAtom } from './spawn-atom.js';
export { candidateLabel, VoteTally } from './vote-tally.js';
export type {
  JournalBinding,
  RedFlagEvent,
  SampleErrorEvent,
  SampleEvent,
  SampleRedFlag,
  SampleRequest,
  SampleResult,
  Sampler,
  VoteCandidate,
  VoteOptions,
  VoteOutcome,
  VoteStats,
  VoteStatus,
} from './vote-types.js';
export { describeError, isPermanentError, VoteAbortedError, VoteOptionsError } from './voting-errors.js';
