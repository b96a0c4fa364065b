import type {
  AlertDetails,
  AlertPage,
  AlertStatus,
  ApiErrorBody,
  FleetCountsRow,
  PositionsResponse,
  SessionUser,
  StormWarningRequest,
  TrackResponse,
  VesselDetails,
  VesselPage,
  ZoneCollection,
} from './types';

/** An error answer of the API (`{ error: { code, message, details } }`) or a failed request. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

type Query = Record<string, string | number | null | undefined>;

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * The dashboard's only door to the server: same origin, the session cookie travels with every request.
 * `onUnauthorized` runs when a request answers 401 (session expired), so the app can show the login form.
 */
export class ApiClient {
  onUnauthorized: (() => void) | null = null;

  constructor(private readonly baseUrl = '') {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(
        response.status,
        'VW_ERR_BAD_RESPONSE',
        `${method} ${path}: not JSON (${response.status})`,
      );
    }
    if (!response.ok) {
      const error = (json as Partial<ApiErrorBody> | null)?.error;
      if (response.status === 401 && path !== '/api/auth/me' && path !== '/api/auth/login')
        this.onUnauthorized?.();
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? `${method} ${path} answered ${response.status}`,
        error?.details,
      );
    }
    return json as T;
  }

  me(): Promise<{ user: SessionUser }> {
    return this.request('GET', '/api/auth/me');
  }
  login(username: string, password: string): Promise<{ user: SessionUser }> {
    return this.request('POST', '/api/auth/login', { username, password });
  }
  logout(): Promise<void> {
    return this.request('POST', '/api/auth/logout');
  }
  changePassword(currentPassword: string, newPassword: string): Promise<{ user: SessionUser }> {
    return this.request('POST', '/api/auth/password', { currentPassword, newPassword });
  }

  searchVessels(q: string, limit = 10): Promise<VesselPage> {
    return this.request('GET', withQuery('/api/vessels', { q, limit }));
  }
  vessel(id: string): Promise<VesselDetails> {
    return this.request('GET', `/api/vessels/${encodeURIComponent(id)}`);
  }
  positions(bbox: Bbox): Promise<PositionsResponse> {
    const { west, south, east, north } = bbox;
    return this.request('GET', withQuery('/api/positions', { bbox: [west, south, east, north].join(',') }));
  }
  track(vesselId: string, fromMs: number, toMs: number, maxPoints = 2000): Promise<TrackResponse> {
    return this.request(
      'GET',
      withQuery(`/api/vessels/${encodeURIComponent(vesselId)}/track`, { from: fromMs, to: toMs, maxPoints }),
    );
  }
  evidenceUrl(vesselId: string, fromMs: number, toMs: number, format: 'geojson' | 'csv' | 'kml'): string {
    return withQuery(`${this.baseUrl}/api/vessels/${encodeURIComponent(vesselId)}/evidence`, {
      from: fromMs,
      to: toMs,
      format,
    });
  }

  alerts(filter: {
    status?: AlertStatus;
    type?: string;
    vesselId?: string;
    zoneId?: string;
    limit?: number;
    cursor?: string | null;
  }): Promise<AlertPage> {
    return this.request('GET', withQuery('/api/alerts', filter));
  }
  alert(id: string): Promise<AlertDetails> {
    return this.request('GET', `/api/alerts/${encodeURIComponent(id)}`);
  }
  acknowledge(id: string, comment: string): Promise<unknown> {
    return this.request('POST', `/api/alerts/${encodeURIComponent(id)}/acknowledge`, { comment });
  }
  resolve(id: string, comment: string): Promise<unknown> {
    return this.request('POST', `/api/alerts/${encodeURIComponent(id)}/resolve`, { comment });
  }

  zones(): Promise<ZoneCollection> {
    return this.request('GET', '/api/zones');
  }
  publishStormWarning(request: StormWarningRequest): Promise<unknown> {
    return this.request('POST', '/api/storm-warnings', request);
  }

  async fleetCounts(): Promise<FleetCountsRow[]> {
    const body = await this.request<
      FleetCountsRow[] | { ports?: FleetCountsRow[]; items?: FleetCountsRow[] }
    >('GET', '/api/fleet/counts');
    return Array.isArray(body) ? body : (body.ports ?? body.items ?? []);
  }
}
