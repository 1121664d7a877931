import { parseFileBlocks } from '@maker/atoms';
import { type RhaiEngine, toJs, type Value } from '@maker/rhai';
import type { TaskCheckout } from '@maker/shadow-git';

/** File and checkpoint calls (DESIGN §7), confined to the task's checkout by the shadow-git library. */
export class WorkspaceCalls {
  constructor(private readonly checkout: TaskCheckout | undefined) {}

  register(engine: RhaiEngine): void {
    const fn = (name: string, arity: number, impl: (args: Value[]) => Promise<unknown>) =>
      engine.registerFunction(name, arity, (args) => impl(args), { async: true });
    fn('read_file', 1, ([p]) => this.need().readFile(text(p)));
    fn('write_file', 2, async ([p, content]) => {
      await this.need().writeFile(text(p), text(content));
    });
    fn('file_exists', 1, ([p]) => this.need().fileExists(text(p)));
    fn('list_files', 1, ([glob]) => this.need().listFiles(text(glob)));
    fn('apply', 1, ([value]) => this.apply(value));
    fn('snapshot', 1, ([message]) => this.need().snapshot(text(message)));
    fn('rollback', 0, () => this.need().rollback());
    fn('rollback_to', 1, ([id]) => this.need().rollbackTo(text(id)));
    fn('snapshots', 0, async () =>
      (await this.need().snapshots()).map(({ id, message }) => ({ id, message })),
    );
  }

  /** Writes a Coder answer's `FILE:` blocks; refuses the whole answer when any block is malformed. */
  private async apply(value: Value): Promise<string[]> {
    const answer = answerText(value);
    const { blocks, problems } = parseFileBlocks(answer);
    if (problems.length > 0)
      throw new Error(
        `apply: the answer is not a valid set of FILE blocks: ${problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')}`,
      );
    const checkout = this.need();
    for (const block of blocks) {
      if (block.delete) await checkout.deleteFile(block.path);
      else await checkout.writeFile(block.path, block.content);
    }
    return blocks.map((b) => b.path);
  }

  private need(): TaskCheckout {
    if (!this.checkout) throw new Error('this plan has no workspace: file calls are not available');
    return this.checkout;
  }
}

function text(value: Value): string {
  const js = toJs(value);
  if (typeof js !== 'string') throw new Error(`expected a string, got ${typeof js}`);
  return js;
}

/** `apply` takes the answer text, or a vote/spawn result map whose `value` is the text. */
function answerText(value: Value): string {
  const js = toJs(value);
  if (typeof js === 'string') return js;
  if (js && typeof js === 'object' && typeof (js as { value?: unknown }).value === 'string')
    return (js as { value: string }).value;
  throw new Error('apply: expected a Coder answer (a string, or a result map with a string value)');
}
