/** The ServiceError a service call fails with, for tests of the services and the card's requests. */
import { expect } from 'vitest';
import { ServiceError } from '../../server/services/errors.ts';

/** Fails the test when the call succeeds or fails with anything but a ServiceError. */
export async function serviceError(call: Promise<unknown>): Promise<ServiceError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}
