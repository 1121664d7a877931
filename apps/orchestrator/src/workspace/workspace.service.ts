import { Inject, Injectable } from '@nestjs/common';
import { type ShadowRepo, ShadowRepoCorruptError, ShadowRepoPool } from '@maker/shadow-git';
import { LOGGER } from '@maker/service-kit';
import type { Logger } from '@maker/telemetry';

/**
 * The orchestrator's side of the shadow git (DESIGN §9): plan base, group snapshots, merges,
 * workspace sync, rollback. Repositories are opened once per workspace path per process.
 */
@Injectable()
export class WorkspaceService {
  private readonly repos: ShadowRepoPool;

  constructor(@Inject(LOGGER) logger: Logger) {
    this.repos = new ShadowRepoPool({ logger: logger.child({ component: 'shadow-git' }) });
  }

  repo(workspace: string): Promise<ShadowRepo> {
    return this.repos.open(workspace);
  }

  /** Verifies the shadow repository, then records the plan's base; throws ShadowRepoCorruptError. */
  async startPlan(workspace: string, planId: string): Promise<{ base: string; head: string }> {
    const repo = await this.repo(workspace);
    await repo.verifyIntegrity();
    return repo.startPlan(planId);
  }

  static isCorruption(error: unknown): error is ShadowRepoCorruptError {
    return error instanceof ShadowRepoCorruptError;
  }
}
