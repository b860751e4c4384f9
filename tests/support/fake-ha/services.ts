/**
 * The fake's services: handlers a test registers per domain.service, called by call_service with
 * Home Assistant's rules on response data (SupportsResponse NONE / OPTIONAL / ONLY).
 */
import { FakeHaError, type Context } from './protocol.ts';

export type SupportsResponse = 'none' | 'optional' | 'only';

export interface ServiceCall {
  domain: string;
  service: string;
  data: Record<string, unknown>;
  target: Record<string, unknown> | undefined;
  returnResponse: boolean;
  context: Context;
}

/** Returns the response data (used only when the caller asked for it); throw FakeHaError to fail. */
export type ServiceHandler = (call: ServiceCall) => unknown;

interface Registered {
  handler: ServiceHandler;
  supportsResponse: SupportsResponse;
}

export class ServiceRegistry {
  private readonly services = new Map<string, Registered>();
  /** Every call that reached a handler, in order. */
  readonly calls: ServiceCall[] = [];

  register(
    domain: string,
    service: string,
    handler: ServiceHandler,
    supportsResponse: SupportsResponse = 'none',
  ): () => void {
    const key = `${domain}.${service}`;
    this.services.set(key, { handler, supportsResponse });
    return () => this.services.delete(key);
  }

  async call(call: ServiceCall): Promise<unknown> {
    const registered = this.services.get(`${call.domain}.${call.service}`);
    if (registered === undefined) {
      throw new FakeHaError('not_found', `Service ${call.domain}.${call.service} not found.`);
    }
    if (call.returnResponse && registered.supportsResponse === 'none') {
      throw new FakeHaError(
        'service_validation_error',
        'An action which does not return responses can\'t be called with return_response=True',
        { translation_domain: 'homeassistant', translation_key: 'service_does_not_support_response' },
      );
    }
    if (!call.returnResponse && registered.supportsResponse === 'only') {
      throw new FakeHaError(
        'service_validation_error',
        'The action requires responses and must be called with return_response=True',
        { translation_domain: 'homeassistant', translation_key: 'service_lacks_response_request' },
      );
    }
    this.calls.push(call);
    const response = await registered.handler(call);
    return call.returnResponse ? (response ?? null) : null;
  }
}
