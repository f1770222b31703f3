/** Exit statuses, documented in the README. */
export const EXIT_OK = 0;
/** Invalid input or a failed operation. */
export const EXIT_FAILURE = 1;
/** Usage error: unknown flag, missing argument, refused without confirmation. */
export const EXIT_USAGE = 2;

/**
 * An error the user can fix: printed as one line (no stack trace unless `--debug`), mapped to an
 * exit status.
 */
export class UserError extends Error {
  public constructor(
    message: string,
    public readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A usage mistake (exit 2). */
export class UsageError extends UserError {
  public constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}
