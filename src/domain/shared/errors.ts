/**
 * Expected failures the caller can act on. The GraphQL layer exposes each class as its own
 * error type, so clients switch on `__typename` instead of parsing messages.
 */
export class DomainError extends Error {
  readonly code: string = 'DOMAIN_ERROR';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  override readonly code = 'NOT_FOUND';
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  override readonly code = 'VALIDATION';
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.problems = problems;
  }
  static single(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class InvalidTransitionError extends DomainError {
  override readonly code = 'INVALID_TRANSITION';
}

export class CustomerOptedOutError extends DomainError {
  override readonly code = 'CUSTOMER_OPTED_OUT';
  constructor() {
    super('The customer has opted out of SMS; nothing can be sent to them.');
  }
}

/** The operation exists but is switched off in this deployment (for example, simulating SMS with a real gateway). */
export class UnavailableError extends DomainError {
  override readonly code = 'UNAVAILABLE';
}
