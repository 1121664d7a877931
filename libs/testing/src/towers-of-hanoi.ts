/**
 * Towers of Hanoi as MAKER's benchmark step (one move per LLM call), with a computable right answer:
 * the prompt, the oracle that answers it, a plausible wrong answer, and the strict answer check.
 */

/** Three pegs, each listing disks bottom to top. */
export type HanoiState = [number[], number[], number[]];
/** `[disk, from, to]`. */
export type HanoiMove = [number, number, number];

export interface HanoiStep {
  move: HanoiMove;
  state: HanoiState;
}

/** All disks on peg 0, largest at the bottom. */
export function hanoiInitialState(disks: number): HanoiState {
  return [Array.from({ length: disks }, (_, i) => disks - i), [], []];
}

/**
 * The paper's rule: if the previous move did not move disk 1, move disk 1 one peg clockwise
 * (0→1→2→0); otherwise make the only legal move that does not involve disk 1.
 */
export function hanoiNextStep(state: HanoiState, previous: HanoiMove | null): HanoiStep {
  const pegOfOne = state.findIndex((peg) => peg.at(-1) === 1);
  if (previous?.[0] !== 1) return applyMove(state, [1, pegOfOne, (pegOfOne + 1) % 3]);
  const [a, b] = [0, 1, 2].filter((p) => p !== pegOfOne) as [number, number];
  const topA = state[a].at(-1);
  const topB = state[b].at(-1);
  if (topA === undefined && topB === undefined) throw new RangeError('no legal move: the puzzle is solved');
  const fromA = topB === undefined || (topA !== undefined && topA < topB);
  return fromA ? applyMove(state, [topA!, a, b]) : applyMove(state, [topB!, b, a]);
}

/** Applies a move without checking legality. */
export function applyMove(state: HanoiState, move: HanoiMove): HanoiStep {
  const next = state.map((peg) => [...peg]) as HanoiState;
  const disk = next[move[1]]!.pop();
  if (disk !== undefined) next[move[2]]!.push(disk);
  return { move, state: next };
}

/** True when every disk sits on one peg other than the first. */
export function hanoiSolved(state: HanoiState, disks: number): boolean {
  return state[0].length === 0 && (state[1].length === disks || state[2].length === disks);
}

/** The canonical answer text of a step. */
export function formatHanoiStep(step: HanoiStep): string {
  return JSON.stringify({ move: step.move, state: step.state });
}

/** The prompt of one step (the oracle reads the state and previous move back from it). */
export function hanoiStepPrompt(state: HanoiState, previous: HanoiMove | null): string {
  return [
    'Towers of Hanoi, one move. Pegs 0, 1, 2 list disks bottom to top.',
    'Rule: if the previous move did not move disk 1, move disk 1 one peg clockwise (0→1→2→0);',
    'otherwise make the only legal move that does not involve disk 1.',
    `State: ${JSON.stringify(state)}`,
    `Previous move: ${previous ? JSON.stringify(previous) : 'none'}`,
    'Answer with JSON only: {"move":[disk,from,to],"state":[[...],[...],[...]]}',
  ].join('\n');
}

/** Oracle for a simulated provider: answers the last user message's step correctly. */
export function hanoiOracle(messages: { role: string; content: string }[]): string {
  const { state, previous } = parseHanoiPrompt(messages.at(-1)?.content ?? '');
  return formatHanoiStep(hanoiNextStep(state, previous));
}

/** A plausible wrong answer: the moved disk goes to the other peg (state updated to match). */
export function hanoiCorrupt(
  correct: string,
  _random: () => number,
  messages: { role: string; content: string }[],
): string {
  const { state } = parseHanoiPrompt(messages.at(-1)?.content ?? '');
  const [disk, from, to] = (JSON.parse(correct) as HanoiStep).move;
  return formatHanoiStep(applyMove(state, [disk, from, 3 - from - to]));
}

/** Strict answer check (the paper's red flag): reasons, empty when well-formed. */
export function hanoiAnswerProblems(text: string, disks: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return ['answer is not JSON'];
  }
  const { move, state } = (parsed ?? {}) as Partial<HanoiStep>;
  const problems: string[] = [];
  if (!Array.isArray(move) || move.length !== 3 || !move.every(Number.isInteger))
    problems.push('move is not [disk, from, to]');
  const all =
    Array.isArray(state) && state.length === 3 && state.every(Array.isArray) ? state.flat() : undefined;
  const complete = all?.length === disks && [...all].sort((a, b) => a - b).every((d, i) => d === i + 1);
  if (!complete) problems.push(`state does not hold disks 1..${disks} once each on three pegs`);
  return problems;
}

function parseHanoiPrompt(prompt: string): { state: HanoiState; previous: HanoiMove | null } {
  const state = /^State: (.+)$/m.exec(prompt)?.[1];
  const previous = /^Previous move: (.+)$/m.exec(prompt)?.[1];
  if (!state || !previous) throw new Error('not a Towers of Hanoi step prompt');
  return {
    state: JSON.parse(state) as HanoiState,
    previous: previous === 'none' ? null : (JSON.parse(previous) as HanoiMove),
  };
}
