import type { ShadowRepoOptions } from './repo-setup.js';
import { ShadowRepo } from './shadow-repo.js';

/**
 * Opens each workspace's shadow repository once per process and shares it; a failed open is
 * forgotten so the next call tries again.
 */
export class ShadowRepoPool {
  private readonly repos = new Map<string, Promise<ShadowRepo>>();

  constructor(private readonly options: ShadowRepoOptions = {}) {}

  open(workspace: string): Promise<ShadowRepo> {
    let repo = this.repos.get(workspace);
    if (!repo) {
      repo = ShadowRepo.open(workspace, this.options);
      repo.catch(() => this.repos.delete(workspace));
      this.repos.set(workspace, repo);
    }
    return repo;
  }
}
