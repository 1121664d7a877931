import { buildCodeGraph, buildMiniCodebase } from '@maker/context';
import type { TaskCheckout } from '@maker/shadow-git';
import type { TaskConstant } from './runtime-options.js';

/**
 * The task's MiniCodebase (DESIGN §10), built once per run from the task's view of the code (its
 * checkout once it wrote, else the plan's integration state in the workspace).
 */
export class ContextSource {
  private cached?: Promise<string>;

  constructor(
    private readonly checkout: TaskCheckout | undefined,
    private readonly workspace: string | undefined,
    private readonly task: TaskConstant,
    private readonly lineBudget = 300,
  ) {}

  markdown(): Promise<string> {
    this.cached ??= this.build().catch(() => '');
    return this.cached;
  }

  private async build(): Promise<string> {
    const root = this.checkout && (await this.checkout.isMaterialized()) ? this.checkout.dir : this.workspace;
    if (!root) return '';
    const graph = await buildCodeGraph(root);
    return buildMiniCodebase(graph, {
      seedSymbols: this.task.seed_symbols.length > 0 ? this.task.seed_symbols : undefined,
      description: this.task.description,
      lineBudget: this.lineBudget,
    }).markdown;
  }
}
