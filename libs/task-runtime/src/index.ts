export { AnalysisCalls, changeRedFlags } from './analysis-calls.js';
export { AtomCalls } from './atom-calls.js';
export { ContextSource } from './context-source.js';
export { EscalationRequested, EventCalls } from './event-calls.js';
export { RunState } from './run-state.js';
export type { AtomSettings, RuntimeEvent, TaskConstant, TaskRuntimeOptions } from './runtime-options.js';
export { createTaskEngine, runTaskScript, type TaskRunReport } from './run-task-script.js';
export { WorkspaceCalls } from './workspace-calls.js';
