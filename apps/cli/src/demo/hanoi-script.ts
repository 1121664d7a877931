import { hanoiInitialState, hanoiStepPrompt } from '@maker/testing';

/**
 * The Towers of Hanoi task in code mode: one Rhai script that votes on every move. Each step's
 * prompt carries the state and previous move taken from the previous step's winning answer; the
 * script never computes a move itself.
 */
export function hanoiScript(disks: number, k: number): string {
  const lines = hanoiStepPrompt(hanoiInitialState(disks), null).split('\n');
  const moves = 2 ** disks - 1;
  const quote = (text: string) => JSON.stringify(text);
  return `
let head = ${quote(lines.slice(0, 3).join('\n'))};
let tail = ${quote(lines[5])};
let state = ${quote(JSON.stringify(hanoiInitialState(disks)))};
let previous = "none";
let samples = 0;
let red_flags = 0;
for step in 0..${moves} {
  let prompt = head + "\\nState: " + state + "\\nPrevious move: " + previous + "\\n" + tail;
  let r = vote(AtomType::Planner, prompt, ${k}, #{ matcher: "exact" });
  if r.is_err { throw "move " + step + ": " + r.error; }
  samples += r.samples;
  red_flags += r.discarded;
  let text = r.value;
  let m = text.index_of("\\"move\\":");
  let s = text.index_of(",\\"state\\":");
  previous = text.sub_string(m + 7, s - m - 7);
  state = text.sub_string(s + 9, text.len() - s - 10);
  emit("hanoi_move", #{ step: step, answer: text });
}
#{ moves: ${moves}, samples: samples, red_flags: red_flags, state: state }
`;
}
