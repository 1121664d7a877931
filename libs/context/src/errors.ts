/** Base class of the context library's errors; `code` is stable and machine-readable. */
export class ContextError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The repository directory does not exist or is not a directory. */
export class RepositoryNotFoundError extends ContextError {
  constructor(readonly rootDir: string) {
    super('CONTEXT_REPOSITORY_NOT_FOUND', `repository directory not found: ${rootDir}`);
  }
}

/** A tree-sitter grammar could not be loaded. */
export class GrammarLoadError extends ContextError {
  constructor(
    readonly grammar: string,
    cause: unknown,
  ) {
    super('CONTEXT_GRAMMAR_LOAD_FAILED', `cannot load tree-sitter grammar ${grammar}: ${String(cause)}`);
  }
}
