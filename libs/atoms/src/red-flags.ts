import type { AtomType } from '@maker/contracts';
import { parseFileBlocks } from './file-blocks.js';
import { checkOutputContract } from './output-contracts.js';

/** The paper's output cap: answers longer than this are red-flagged. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 750;

export type RedFlagCode =
  | 'truncated'
  | 'too_long'
  | 'contract_violation'
  | 'unsafe_path'
  | 'system_directed_instructions';

/** Why a sample is discarded (never repaired, never voted). */
export interface RedFlag {
  code: RedFlagCode;
  reason: string;
}

/** Input of {@link detectRedFlags}. */
export interface RedFlagInput {
  atomType: AtomType;
  text: string;
  /** The provider's finish reason; `length` means truncated. */
  finishReason?: string;
  /** Output tokens as reported; estimated from the text (4 chars per token) when absent. */
  completionTokens?: number;
  /** @defaultValue 750 */
  maxOutputTokens?: number;
}

/**
 * Instructions aimed at the orchestrator or another model rather than answers to the task. They are
 * data and never executed; their presence marks a confused or hostile sample.
 */
const SYSTEM_DIRECTED_PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+|your\s+)?(previous|prior|above|earlier|system)\s+(instructions|prompts?|messages|rules)/i,
  /<\|(im_start|im_end|system|endoftext|start_header_id)\|>/i,
  /\b(reveal|print|output|show)\s+(your|the)\s+system\s+prompt\b/i,
  /\byou\s+are\s+now\s+(in\s+)?(developer|dan|jailbreak|unrestricted)\b/i,
  /\b(new|updated)\s+system\s+(instructions|prompt)\s*:/i,
];

/** Returns every red flag of one sample (empty when the sample may vote). */
export function detectRedFlags(input: RedFlagInput): RedFlag[] {
  const flags: RedFlag[] = [];
  const cap = input.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const tokens = input.completionTokens ?? Math.ceil(input.text.length / 4);
  if (input.finishReason === 'length')
    flags.push({ code: 'truncated', reason: 'answer truncated at the token limit' });
  if (tokens > cap)
    flags.push({ code: 'too_long', reason: `answer has ${tokens} output tokens (cap ${cap})` });
  flags.push(...contractFlags(input.atomType, input.text));
  const instruction = findSystemDirectedInstruction(input.atomType, input.text);
  if (instruction) {
    flags.push({
      code: 'system_directed_instructions',
      reason: `answer contains instructions aimed at the system: "${instruction}"`,
    });
  }
  return flags;
}

function contractFlags(atomType: AtomType, text: string): RedFlag[] {
  if (atomType === 'Coder') {
    const { problems } = parseFileBlocks(text);
    return problems.map((p) => ({
      code: p.code === 'unsafe_path' ? 'unsafe_path' : 'contract_violation',
      reason: `line ${p.line}: ${p.message}`,
    }));
  }
  return checkOutputContract(atomType, text).reasons.map((reason) => ({
    code: 'contract_violation',
    reason,
  }));
}

/** Searches prose only for Coder answers (file contents are data written to files), all text otherwise. */
function findSystemDirectedInstruction(atomType: AtomType, text: string): string | undefined {
  const prose = atomType === 'Coder' ? stripFencedBlocks(text) : text;
  for (const pattern of SYSTEM_DIRECTED_PATTERNS) {
    const match = pattern.exec(prose);
    if (match) return match[0];
  }
  return undefined;
}

function stripFencedBlocks(text: string): string {
  return text.replace(/^\s*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\1[`~]*\s*$/gm, '');
}
