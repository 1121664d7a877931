import { z } from 'zod';
import type { AtomType } from './atom-type.js';

/** A layer of the plan's architecture; files map to layers by glob `patterns` (default `**\/<name>/**`). */
export const LayerSchema = z.object({
  name: z.string().min(1),
  level: z.number().int(),
  allowed_deps: z.array(z.string()).default([]),
  patterns: z.array(z.string()).optional(),
});

export const ArchitectureSchema = z.object({
  layers: z.array(LayerSchema).default([]),
  constraints: z.array(z.unknown()).default([]),
});

/** One micro-task as the Architect writes it. Ids and atom types are checked after parsing. */
export const ArchitectTaskSchema = z.object({
  id: z.string(),
  description: z.string().min(1, 'description must not be empty'),
  atom_type: z.string().default('Coder'),
  estimated_complexity: z.number().int().min(1).max(5).optional(),
  seed_symbols: z.array(z.string()).default([]),
  inputs: z.array(z.string()).default([]),
  outputs: z.array(z.string()).default([]),
  dependencies: z.array(z.string()).default([]),
  done: z.boolean().default(false),
});

/** The Architect agent's plan (DESIGN §3, format 1). */
export const ArchitectPlanSchema = z.object({
  plan_id: z.string().optional(),
  title: z.string().min(1, 'title must not be empty'),
  description: z.string().optional(),
  architecture: ArchitectureSchema.optional(),
  micro_tasks: z.array(ArchitectTaskSchema),
  dependencies: z.array(z.tuple([z.string(), z.string()])).default([]),
  execution_strategy: z.enum(['parallel', 'sequential', 'mixed']).default('mixed'),
});

export type ArchitectPlanInput = z.input<typeof ArchitectPlanSchema>;
export type Layer = z.infer<typeof LayerSchema>;
export type Architecture = z.infer<typeof ArchitectureSchema>;

/** A task of the normalised plan model: both input formats end here. */
export interface PlanTask {
  id: string;
  description: string;
  atom_type: AtomType;
  estimated_complexity?: number;
  seed_symbols: string[];
  inputs: string[];
  outputs: string[];
  /** Ids of the tasks this one waits for (deduplicated, in order of first mention). */
  dependencies: string[];
  /** Already done when submitted (PLAN.md `[x]`): treated as completed. */
  done: boolean;
  /** PLAN.md phase heading the task stood under. */
  phase?: string;
}

/** The one internal plan model. */
export interface Plan {
  plan_id?: string;
  title: string;
  description?: string;
  architecture?: Architecture;
  tasks: PlanTask[];
  execution_strategy: 'parallel' | 'sequential' | 'mixed';
  format: 'json' | 'markdown';
}
