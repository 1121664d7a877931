/**
 * The host API of task scripts (DESIGN §7, contract): every function a script may call besides
 * Rhai's built-ins and its own functions, with the arities it accepts. The executor registers
 * exactly these; the script generator's static checks allow exactly these.
 */
export const HOST_FUNCTIONS = {
  spawn_atom: [2, 3],
  vote: [3, 4],
  check_red_flags: [0, 1],
  apply: [1],
  read_file: [1],
  write_file: [2],
  file_exists: [1],
  list_files: [1],
  snapshot: [1],
  rollback: [0],
  rollback_to: [1],
  snapshots: [0],
  context: [0],
  log: [1],
  log_error: [1],
  log_debug: [1],
  emit: [2],
  escalate: [1],
} as const satisfies Record<string, readonly number[]>;

export type HostFunctionName = keyof typeof HOST_FUNCTIONS;

/** Global constants and modules a script sees: `task` and `AtomType::<Name>`. */
export const HOST_CONSTANTS = ['task'] as const;
export const HOST_MODULES = ['AtomType'] as const;
