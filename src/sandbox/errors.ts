import { EvidenceError } from '../domain/index.ts';
/** An AWS error answer: the code the SDK surfaces as err.name, and the HTTP status. */
export class AwsError extends EvidenceError {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
