import type { AttributesResponse } from '../../../api/src/contracts/api.js';
import { ApiError, type ApiClient, type RequestOptions } from '../api/client';
import { tenantSettingsSchema, type TenantSettings } from './settings-schema';

/** The settings of a newly linked tenant, as the API's schema gives them. */
export function defaultSettings(): TenantSettings {
  return tenantSettingsSchema.parse({});
}

/** A small attribute catalog, as `GET /api/attributes` answers. */
export const attributesAnswer: AttributesResponse = {
  attributes: [
    {
      path: 'department',
      label: 'Department',
      kind: 'attribute',
      type: 'string',
      multiValued: false,
    },
    {
      path: 'employeeId',
      label: 'Employee ID',
      kind: 'attribute',
      type: 'string',
      multiValued: false,
    },
    { path: 'jobTitle', label: 'Job title', kind: 'attribute', type: 'string', multiValued: false },
    {
      path: 'manager.displayName',
      label: 'Manager display name',
      kind: 'manager',
      type: 'string',
      multiValued: false,
    },
    {
      path: 'onPremisesExtensionAttributes.extensionAttribute1',
      label: 'Extension attribute 1',
      kind: 'member',
      type: 'string',
      multiValued: false,
    },
  ],
  extensions: { status: 'available', count: 0 },
};

/** A tenant as `GET /api/tenant` answers. */
export function tenantAnswer(settings: TenantSettings = defaultSettings()) {
  return {
    tenantId: '11111111-2222-3333-4444-555555555555',
    displayName: 'Contoso',
    linkedAt: '2026-11-20T09:00:00.000Z',
    linkedBy: { userId: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'Megan Bowen' },
    settings,
  };
}

/** One call the scripted client received. */
export interface ScriptedCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** A scripted answer: the body, and the ETag to send with it. Throw an `ApiError` to fail. */
export interface ScriptedReply {
  readonly data?: unknown;
  readonly etag?: string;
}

/**
 * An `ApiClient` answering `"METHOD /path"` routes with scripted replies, ETags included (the
 * shared fake client answers bodies only), and recording every call.
 */
export function scriptedClient(
  routes: Record<string, (call: ScriptedCall) => ScriptedReply | Promise<ScriptedReply>>,
): ApiClient & { calls: ScriptedCall[] } {
  const calls: ScriptedCall[] = [];
  return {
    calls,
    async request<T>(path: string, options: RequestOptions<T> = {}) {
      const method = options.method ?? 'GET';
      const url = new URL(path, 'http://roster.test');
      const call = {
        method,
        path,
        query: url.searchParams,
        body: options.body,
        headers: options.headers ?? {},
      };
      calls.push(call);
      const route = routes[`${method} ${url.pathname}`];
      if (route === undefined) throw new ApiError(404, 'not_found', `No route ${method} ${path}`);
      const reply = await route(call);
      const headers = new Headers(reply.etag === undefined ? {} : { etag: reply.etag });
      const data =
        options.schema === undefined ? (reply.data as T) : options.schema.parse(reply.data);
      return { data, headers };
    },
  };
}

/**
 * jsdom has no ResizeObserver; Fluent's MessageBar watches its own size with one. Nothing is
 * ever resized in jsdom, so an observer that never reports is faithful enough.
 */
export function stubResizeObserver(): void {
  if ('ResizeObserver' in window) return;
  class NoResize {
    observe() {
      // jsdom lays nothing out, so sizes never change.
    }
    unobserve() {
      // Nothing observed.
    }
    disconnect() {
      // Nothing observed.
    }
  }
  Object.defineProperty(window, 'ResizeObserver', { value: NoResize, configurable: true });
}
