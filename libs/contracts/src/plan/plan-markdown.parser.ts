import { inferAtomType } from './atom-type-inference.js';

/** A PLAN.md task line before ids and dependency references are resolved. */
export interface MarkdownTaskDraft {
  /** 1-based position among tasks: the `tN` id. */
  position: number;
  line: number;
  name?: string;
  description: string;
  done: boolean;
  phase?: string;
  /** Atom type as written in `{atom: X}` (unchecked), or inferred. */
  atomType: string;
  atomTypeExplicit: boolean;
  dependencyRefs: string[];
}

export interface MarkdownPlanDraft {
  title: string;
  description?: string;
  tasks: MarkdownTaskDraft[];
}

const TASK_LINE = /^\s*[-*+]\s+\[( |x|X)\]\s+(.*)$/;
const PHASE_HEADER = /^##\s+(.*?)\s*#*\s*$/;
const TITLE_HEADER = /^#\s+(.*?)\s*#*\s*$/;
const DEPENDENCY_ANNOTATION = /[([]\s*(?:depends(?:\s+on)?|after)\s*:\s*([^)\]]*)[)\]]/gi;
const ATOM_ANNOTATION = /\{\s*atom\s*:\s*([^}]*)\}/gi;
const NAME_PREFIX = /^\[([^\]:]+)\]\s*/;

/** Parses PLAN.md text into drafts; resolution and validation happen in plan-normalizer. */
export function parsePlanMarkdown(text: string): MarkdownPlanDraft {
  const draft: MarkdownPlanDraft = { title: '', tasks: [] };
  const preamble: string[] = [];
  let phase: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const task = TASK_LINE.exec(raw);
    if (task) {
      draft.tasks.push(parseTaskLine(task[2], task[1] !== ' ', draft.tasks.length + 1, index + 1, phase));
      return;
    }
    const header = PHASE_HEADER.exec(raw);
    if (header) {
      phase = header[1];
      return;
    }
    const title = TITLE_HEADER.exec(raw);
    if (title && !draft.title) draft.title = title[1];
    else if (!phase && draft.tasks.length === 0 && raw.trim()) preamble.push(raw.trim());
  });
  if (!draft.title) draft.title = 'Untitled plan';
  if (preamble.length) draft.description = preamble.join('\n');
  return draft;
}

function parseTaskLine(
  body: string,
  done: boolean,
  position: number,
  line: number,
  phase: string | undefined,
): MarkdownTaskDraft {
  const dependencyRefs: string[] = [];
  let rest = body.replace(DEPENDENCY_ANNOTATION, (_match, list: string) => {
    dependencyRefs.push(...splitList(list));
    return ' ';
  });
  let atomType: string | undefined;
  rest = rest.replace(ATOM_ANNOTATION, (_match, value: string) => {
    atomType = value.trim();
    return ' ';
  });
  let name: string | undefined;
  rest = rest.trim().replace(NAME_PREFIX, (_match, value: string) => {
    name = value.trim();
    return '';
  });
  const description = rest.replace(/\s+/g, ' ').trim();
  return {
    position,
    line,
    name,
    description,
    done,
    phase,
    atomType: atomType ?? inferAtomType(description),
    atomTypeExplicit: atomType !== undefined,
    dependencyRefs,
  };
}

function splitList(list: string): string[] {
  return list
    .split(/[,;]/)
    .map((s) => s.trim().replace(/^`|`$/g, ''))
    .filter(Boolean);
}
