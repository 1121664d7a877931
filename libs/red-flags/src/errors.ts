/** Base class of the red-flag library's errors; `code` is stable and machine-readable. */
export class RedFlagsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The plan's `architecture.layers` cannot be used (bad name or pattern). */
export class LayerConfigError extends RedFlagsError {
  constructor(message: string) {
    super('RED_FLAGS_LAYER_CONFIG_INVALID', message);
  }
}

/** A git command needed to describe a change failed. */
export class GitChangeError extends RedFlagsError {
  constructor(message: string) {
    super('RED_FLAGS_GIT_FAILED', message);
  }
}

/** A changed path is absolute or leaves the repository through `..`. */
export class PathOutsideRepositoryError extends RedFlagsError {
  constructor(readonly path: string) {
    super('RED_FLAGS_PATH_OUTSIDE_REPOSITORY', `changed path leaves the repository: ${path}`);
  }
}

/** Neither a before state (`before`) nor a before graph (`baseGraph`) was given. */
export class MissingBeforeStateError extends RedFlagsError {
  constructor() {
    super(
      'RED_FLAGS_BEFORE_STATE_MISSING',
      'checkRedFlags needs `before` (a directory or reader) or `baseGraph`',
    );
  }
}
