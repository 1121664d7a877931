import { describe, expect, it } from 'vitest';
import {
  formatHanoiStep,
  type HanoiMove,
  hanoiAnswerProblems,
  hanoiCorrupt,
  hanoiInitialState,
  hanoiNextStep,
  hanoiOracle,
  hanoiSolved,
  hanoiStepPrompt,
} from './towers-of-hanoi.js';

describe('Towers of Hanoi step rule', () => {
  it.each([1, 2, 3, 4, 7, 10])('solves %i disks in exactly 2^D − 1 legal moves', (disks) => {
    let state = hanoiInitialState(disks);
    let previous: HanoiMove | null = null;
    for (let i = 0; i < 2 ** disks - 1; i++) {
      const step = hanoiNextStep(state, previous);
      const [disk, from, to] = step.move;
      expect(state[from]!.at(-1)).toBe(disk);
      expect(state[to]!.at(-1) ?? Number.POSITIVE_INFINITY).toBeGreaterThan(disk);
      state = step.state;
      previous = step.move;
    }
    expect(hanoiSolved(state, disks)).toBe(true);
  });

  it('answers prompts through the oracle, corrupts plausibly, and checks answers strictly', () => {
    const state = hanoiInitialState(3);
    const messages = [{ role: 'user', content: hanoiStepPrompt(state, null) }];
    const right = hanoiOracle(messages);
    expect(right).toBe('{"move":[1,0,1],"state":[[3,2],[1],[]]}');
    const wrong = hanoiCorrupt(right, Math.random, messages);
    expect(wrong).toBe('{"move":[1,0,2],"state":[[3,2],[],[1]]}');
    expect(hanoiAnswerProblems(right, 3)).toEqual([]);
    expect(hanoiAnswerProblems(wrong, 3)).toEqual([]);
    expect(hanoiAnswerProblems('{"move":[1,0],"state":[[3,2],[1],[1]]}', 3)).toHaveLength(2);
    expect(hanoiAnswerProblems('move disk 1', 3)).toEqual(['answer is not JSON']);
    expect(formatHanoiStep(hanoiNextStep(state, null))).toBe(right);
  });
});
