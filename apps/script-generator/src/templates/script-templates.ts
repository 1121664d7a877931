import { type AtomType, parseAtomType } from '@maker/contracts';

/** What a template needs to know about the task. */
export interface TemplateInput {
  atom_type: string;
  /** Red-flag reasons and errors of earlier attempts (DESIGN §6: regenerate with them as feedback). */
  feedback: string[];
}

/** A Rhai string literal (JSON escapes are valid Rhai escapes). */
export function rhaiString(text: string): string {
  return JSON.stringify(text);
}

function promptLine(feedback: string[]): string {
  if (feedback.length === 0) return 'let prompt = task.description;';
  const note = `\n\nEarlier attempts were rejected; avoid these problems:\n${feedback.map((f) => `- ${f}`).join('\n')}`;
  return `let prompt = task.description + ${rhaiString(note)};`;
}

const WRITES_FILES = (atom: string) => `
let r = vote(AtomType::${atom}, prompt, task.k, #{ matcher: "code" });
if r.is_err { throw r.error; }
let files = apply(r);
let flags = check_red_flags();
if flags.flagged { throw "red flags: " + flags.reasons; }
log("wrote " + files.len() + " file(s) after " + r.samples + " samples");
#{ files: files, votes: r.votes, samples: r.samples, rounds: r.rounds }
`;

const REVIEW = `
let r = vote(AtomType::Reviewer, prompt, task.k, #{ matcher: "json" });
if r.is_err { throw r.error; }
if r.value.contains("\\"REJECT\\"") { throw "the reviewer rejected the change: " + r.value; }
#{ review: r.value, samples: r.samples }
`;

const VALIDATE = `
let r = vote(AtomType::Validator, prompt, task.k, #{ matcher: "json" });
if r.is_err { throw r.error; }
let compact = r.value;
compact.replace(" ", "");
if compact.contains("\\"valid\\":false") { throw "validation failed: " + r.value; }
#{ validation: r.value, samples: r.samples }
`;

const ANSWER = (atom: string, matcher: string) => `
let r = vote(AtomType::${atom}, prompt, task.k, #{ matcher: "${matcher}" });
if r.is_err { throw r.error; }
#{ answer: r.value, samples: r.samples }
`;

const BODIES: Record<AtomType, string> = {
  Coder: WRITES_FILES('Coder'),
  Tester: WRITES_FILES('Tester'),
  Reviewer: REVIEW,
  Validator: VALIDATE,
  Search: ANSWER('Search', 'json'),
  Planner: ANSWER('Planner', 'normalized'),
  Architect: ANSWER('Architect', 'normalized'),
  GritsAnalyzer: ANSWER('GritsAnalyzer', 'normalized'),
};

/** The deterministic script of an atom type, correct for the real host API (DESIGN §7). */
export function templateScript(input: TemplateInput): string {
  const atomType = parseAtomType(input.atom_type) ?? 'Coder';
  return `// MAKER template script: ${atomType}\n${promptLine(input.feedback)}\n${BODIES[atomType].trim()}\n`;
}
