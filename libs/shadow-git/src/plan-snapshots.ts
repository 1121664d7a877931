import { NotFoundError } from './errors.js';
import { RefLedger } from './ref-ledger.js';
import { type RepoContext, trailers } from './repo-context.js';

/** A restorable state of a plan's integration ref. */
export interface PlanSnapshot {
  /** `"base"` (the workspace as found) or `"group:<groupId>"`. */
  readonly id: string;
  /** The snapshot commit (its tree is the state it restores). */
  readonly commit: string;
  readonly message: string;
  /** Commit time, ISO 8601. */
  readonly createdAt: string;
}

/**
 * Records a snapshot of the plan's integration ref for a task group: a commit with `head`'s tree
 * (parent `head`) under `groups/<groupId>`. Idempotent per group id.
 */
export async function snapshotPlanGroup(
  ctx: RepoContext,
  planId: string,
  groupId: string,
  message: string,
): Promise<{ snapshotId: string; commit: string }> {
  return ctx.guard(() =>
    ctx.planLock(planId).withLock(async () => {
      const headRef = ctx.layout.planRef(planId, 'head');
      const groupRef = ctx.layout.groupRef(planId, groupId);
      const refs = await ctx.git.readRefs([headRef, groupRef]);
      const snapshotId = `group:${groupId}`;
      const existing = refs.get(groupRef);
      if (existing) return { snapshotId, commit: existing };
      const head = refs.get(headRef);
      if (!head) throw new NotFoundError('plan_not_started', `plan ${planId} has not been started`);
      const body = `${message}\n\n${trailers({ Plan: planId, Group: groupId })}`;
      const commit = await ctx.git.output(['commit-tree', `${head}^{tree}`, '-p', head, '-m', body]);
      await planLedger(ctx, planId).apply(ctx.git, [{ ref: groupRef, from: null, to: commit }]);
      return { snapshotId, commit };
    }),
  );
}

/** The plan's snapshots: `base` first, then group snapshots in the order they were taken. */
export async function listPlanSnapshots(ctx: RepoContext, planId: string): Promise<PlanSnapshot[]> {
  return ctx.guard(async () => {
    const out = await ctx.git.output([
      'for-each-ref',
      '--sort=creatordate',
      '--format=%(objectname)%00%(refname)%00%(creatordate:iso-strict)%00%(contents:subject)',
      ctx.layout.planRef(planId, 'base'),
      ctx.layout.groupRefPrefix(planId),
    ]);
    const snapshots = out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [commit, ref, createdAt, message] = line.split('\0') as [string, string, string, string];
        const id = ref.endsWith('/base') ? 'base' : `group:${decodeId(ref.slice(ref.lastIndexOf('/') + 1))}`;
        return { id, commit, message, createdAt };
      });
    return [...snapshots.filter((s) => s.id === 'base'), ...snapshots.filter((s) => s.id !== 'base')];
  });
}

/**
 * Restores a snapshot's tree as a NEW commit on the integration ref (parent: the current head),
 * so history is never destroyed. `snapshotId` is an id from {@link listPlanSnapshots}, or the id
 * of any commit in the integration ref's history (time travel).
 */
export async function rollbackPlanTo(
  ctx: RepoContext,
  planId: string,
  snapshotId: string,
): Promise<{ commit: string }> {
  return ctx.guard(() =>
    ctx.planLock(planId).withLock(async () => {
      const headRef = ctx.layout.planRef(planId, 'head');
      const head = await ctx.git.resolve(headRef);
      if (!head) throw new NotFoundError('plan_not_started', `plan ${planId} has not been started`);
      const target = await resolveSnapshot(ctx, planId, snapshotId, head);
      const body = `Restore plan ${planId} to ${snapshotId}\n\n${trailers({ Plan: planId, Restores: target })}`;
      const commit = await ctx.git.output(['commit-tree', `${target}^{tree}`, '-p', head, '-m', body]);
      await planLedger(ctx, planId).apply(ctx.git, [{ ref: headRef, from: head, to: commit }]);
      return { commit };
    }),
  );
}

async function resolveSnapshot(ctx: RepoContext, planId: string, snapshotId: string, head: string) {
  const missing = () =>
    new NotFoundError('snapshot_not_found', `plan ${planId} has no snapshot ${snapshotId}`);
  if (snapshotId === 'base' || snapshotId.startsWith('group:')) {
    const ref =
      snapshotId === 'base'
        ? ctx.layout.planRef(planId, 'base')
        : ctx.layout.groupRef(planId, snapshotId.slice('group:'.length));
    const commit = (await ctx.git.readRefs([ref])).get(ref);
    if (!commit) throw missing();
    return commit;
  }
  if (!/^[0-9a-f]{40}$/.test(snapshotId)) throw missing();
  const ancestor = await ctx.git.run(['merge-base', '--is-ancestor', snapshotId, head], {
    okExitCodes: [0, 1, 128],
  });
  if (ancestor.exitCode !== 0) throw missing();
  return snapshotId;
}

function planLedger(ctx: RepoContext, planId: string): RefLedger {
  return new RefLedger(ctx.layout.planLedgerFile(planId));
}

function decodeId(encoded: string): string {
  return encoded.replaceAll(',', '.');
}
