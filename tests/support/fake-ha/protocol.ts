/**
 * Wire messages of Home Assistant's websocket API (as of 2024.3), both directions, and the error
 * a fake command handler throws to answer with `success: false`.
 */

export interface AuthRequiredMessage {
  type: 'auth_required';
  ha_version: string;
}
export interface AuthOkMessage {
  type: 'auth_ok';
  ha_version: string;
}
export interface AuthInvalidMessage {
  type: 'auth_invalid';
  message: string;
}

/** Any message a client sends after auth: an increasing `id`, a `type`, and the command's fields. */
export interface CommandMessage {
  id: number;
  type: string;
  [field: string]: unknown;
}

export interface Context {
  id: string;
  parent_id: string | null;
  user_id: string | null;
}

export interface ErrorBody {
  code: ErrorCode | string;
  message: string;
  translation_key?: string;
  translation_domain?: string;
  translation_placeholders?: Record<string, string>;
}

export interface ResultMessage {
  id: number;
  type: 'result';
  success: boolean;
  result?: unknown;
  error?: ErrorBody;
}
export interface EventMessage {
  id: number;
  type: 'event';
  event: unknown;
}
export interface PongMessage {
  id: number;
  type: 'pong';
}

export type ServerMessage =
  | AuthRequiredMessage
  | AuthOkMessage
  | AuthInvalidMessage
  | ResultMessage
  | EventMessage
  | PongMessage;

/** The codes Home Assistant uses in `error.code` (homeassistant/components/websocket_api/const.py). */
export type ErrorCode =
  | 'id_reuse'
  | 'invalid_format'
  | 'not_allowed'
  | 'not_found'
  | 'not_supported'
  | 'home_assistant_error'
  | 'service_validation_error'
  | 'unknown_command'
  | 'unknown_error'
  | 'unauthorized'
  | 'timeout'
  | 'invalid_info';

/** Thrown by a command or service handler: answered as `{success: false, error: {code, message}}`. */
export class FakeHaError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    readonly translation?: Pick<ErrorBody, 'translation_key' | 'translation_domain' | 'translation_placeholders'>,
  ) {
    super(message);
    this.name = 'FakeHaError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.translation };
  }
}

export function resultMessage(id: number, result: unknown): ResultMessage {
  return { id, type: 'result', success: true, result: result === undefined ? null : result };
}

export function errorMessage(id: number, error: ErrorBody): ResultMessage {
  return { id, type: 'result', success: false, error };
}

export function eventMessage(id: number, event: unknown): EventMessage {
  return { id, type: 'event', event };
}

/** Whether a parsed frame is a well-formed command (Home Assistant's own test in async_handle). */
export function isCommand(value: unknown): value is CommandMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, type } = value as Record<string, unknown>;
  return Number.isInteger(id) && (id as number) > 0 && typeof type === 'string' && type !== '';
}
