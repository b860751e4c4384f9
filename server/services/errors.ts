/** A service's failure as the integration reports it: `invalid` is the caller's input, `failed` anything else. */
export type ServiceErrorCode = 'invalid' | 'failed';

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string): ServiceError => new ServiceError('invalid', message);
