import { builder } from '../builder.ts';
import { CustomerOptedOutError, InvalidTransitionError, NotFoundError, UnavailableError, ValidationError, type FieldProblem } from '../../domain/shared/errors.ts';

/** Every expected failure a mutation can return, switchable on `__typename`. */
export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure: the operation changed nothing.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldProblemRef = builder.objectRef<FieldProblem>('FieldProblem').implement({
  description: 'One invalid input field and what is wrong with it.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the input field, e.g. `location.timezone`.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The thing does not exist, or does not belong to your shop.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; `problems` lists every field at fault.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ problems: t.field({ type: [FieldProblemRef], resolve: (e) => e.problems }) }),
});

builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  description: 'The conversation is not in a state that allows this (for example it is resolved).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidTransitionError,
  fields: () => ({}),
});

builder.objectType(CustomerOptedOutError, {
  name: 'CustomerOptedOutError',
  description: 'The customer opted out of SMS; nothing was sent.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CustomerOptedOutError,
  fields: () => ({}),
});

builder.objectType(UnavailableError, {
  name: 'UnavailableError',
  description: 'Switched off in this deployment.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UnavailableError,
  fields: () => ({}),
});
