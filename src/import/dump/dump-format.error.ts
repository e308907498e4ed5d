import { DomainError } from '../../common/domain-error.js';

export type DumpFormatReason = 'empty' | 'binary' | 'no-separators' | 'no-title' | 'no-posts';

/** The input is not a plain-text XenForo thread dump; `reason` says which check failed. */
export class DumpFormatError extends DomainError {
  override readonly name = 'DumpFormatError';

  constructor(
    readonly reason: DumpFormatReason,
    message: string,
  ) {
    super('invalid', `Not a thread dump: ${message}`, { reason });
  }
}
