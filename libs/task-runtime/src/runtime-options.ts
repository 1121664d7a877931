import type { AtomType, EventType } from '@maker/contracts';
import type { RhaiLimits } from '@maker/rhai';
import type { TaskCheckout } from '@maker/shadow-git';
import type { ArchitectureLayer } from '@maker/red-flags';
import type { AtomJournal, CompletionProvider } from '@maker/voting';

/** The `task` constant a script sees (DESIGN §7). */
export interface TaskConstant {
  id: string;
  description: string;
  atom_type: string;
  inputs: string[];
  outputs: string[];
  seed_symbols: string[];
  attempt: number;
  k: number;
}

/** One event a script run produces (the caller appends it to the plan's stream). */
export interface RuntimeEvent {
  event: EventType;
  message: string;
  data: Record<string, unknown>;
}

/** Model, temperature and output cap for an atom type. */
export type AtomSettings = (atomType: AtomType) => { model: string; temperature: number; maxTokens: number };

/** Everything a task script run needs; the executor builds it from a job. */
export interface TaskRuntimeOptions {
  planId: string;
  taskId: string;
  attempt: number;
  task: TaskConstant;
  /** Samples per vote at most, unless a call says otherwise. */
  maxSamples: number;
  /** The task's isolated checkout; undefined when the plan has no workspace (file calls then fail). */
  checkout?: TaskCheckout;
  /** The workspace directory (the plan's integration state), read for context before the task writes. */
  workspace?: string;
  provider: CompletionProvider;
  atomSettings: AtomSettings;
  /** Journal of samples and votes, so a re-run after a crash pays no LLM call twice. */
  journal?: AtomJournal;
  /** Receives every event of the run, in order. */
  emit: (event: RuntimeEvent) => void | Promise<void>;
  /** The plan's `architecture.layers`, for `check_red_flags`. */
  layers?: ArchitectureLayer[];
  limits?: Partial<RhaiLimits>;
  /** Wall-clock budget of the whole script. @defaultValue 600000 */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Lines of MiniCodebase context given to atoms and `context()`. @defaultValue 300 */
  contextLines?: number;
}
