import { z } from 'zod';
import {
  AlertEventSchema,
  AlertSchema,
  ERROR_CODES,
  LiveVesselUpdateSchema,
  PositionFixSchema,
  VesselSchema,
  ZoneSchema,
} from '@vesselwatch/domain';
import { PERMISSIONS } from '../auth/access';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const page = (item: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: {
      type: ['string', 'null'],
      description: 'pass back as cursor for the next page; null on the last',
    },
  },
});

const RoleGrant = {
  type: 'object',
  required: ['role', 'scope'],
  properties: {
    role: { enum: ['admin', 'port_officer', 'inspector', 'owner', 'viewer'] },
    scope: {
      type: 'string',
      description: "'' = everything; a port id or province:<name>; a vessel id for owners",
    },
  },
};

/** The named schemas of the OpenAPI document (responses refer to them by name). */
export function componentSchemas(): Record<string, unknown> {
  const user = {
    type: 'object',
    required: ['id', 'displayName', 'roles', 'permissions', 'mustChangePassword'],
    properties: {
      id: { type: 'string', description: 'the user name' },
      displayName: { type: 'string' },
      roles: { type: 'array', items: RoleGrant },
      permissions: {
        type: 'array',
        items: { type: 'string', enum: [...PERMISSIONS] },
        description:
          'what some role of the user allows, whatever its scope (docs/api.md, "Roles"); every request is still checked',
      },
      mustChangePassword: { type: 'boolean' },
    },
  };
  return {
    ErrorBody: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: { enum: ERROR_CODES },
            message: { type: 'string', description: 'what went wrong and what to do (docs/errors.md)' },
            details: { type: 'object' },
          },
        },
      },
    },
    User: user,
    UserEnvelope: { type: 'object', required: ['user'], properties: { user: ref('User') } },
    UserView: {
      type: 'object',
      properties: {
        user: {
          type: 'object',
          properties: {
            ...user.properties,
            email: { type: ['string', 'null'] },
            phone: { type: ['string', 'null'] },
            disabled: { type: 'boolean' },
            createdAtMs: { type: 'integer' },
          },
        },
      },
    },
    UserList: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } },
    PositionFix: json(PositionFixSchema),
    Vessel: json(VesselSchema),
    VesselPage: page('Vessel'),
    ImportReport: {
      type: 'object',
      required: ['rows'],
      properties: {
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: ['line', 'status'],
            properties: {
              line: { type: 'integer', description: 'line of the file (the header is line 1)' },
              status: { enum: ['created', 'updated', 'error'] },
              vesselId: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, problem: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    LiveVessel: {
      type: 'object',
      description:
        'A vessel on the live map: the same shape in GET /api/positions and socket.io positions frames',
      required: [
        'vesselId',
        'registrationNumber',
        'name',
        'fix',
        'status',
        'portId',
        'maxSeverity',
        'openAlertTypes',
      ],
      properties: {
        vesselId: { type: 'string' },
        registrationNumber: { type: ['string', 'null'] },
        name: { type: ['string', 'null'] },
        fix: ref('PositionFix'),
        status: { enum: ['normal', 'near_border', 'crossed', 'signal_lost', 'in_port'] },
        portId: { type: ['string', 'null'] },
        maxSeverity: { enum: ['info', 'notice', 'warning', 'danger', null] },
        openAlertTypes: { type: 'array', items: { type: 'string' } },
        nearestForeignNm: {
          type: ['number', 'null'],
          description: 'live frames only; null in GET /api/positions',
        },
      },
    },
    LiveVessels: {
      type: 'object',
      required: ['vessels'],
      properties: { vessels: { type: 'array', items: ref('LiveVessel') } },
    },
    LiveVesselUpdate: json(LiveVesselUpdateSchema),
    Track: {
      type: 'object',
      required: ['vesselId', 'fromMs', 'toMs', 'bucketMs', 'source', 'points'],
      properties: {
        vesselId: { type: 'string' },
        fromMs: { type: 'integer' },
        toMs: { type: 'integer' },
        bucketMs: {
          type: ['integer', 'null'],
          description: 'null: every accepted fix; else one point per bucket',
        },
        source: { enum: ['fixes', 'hourly_aggregate', 'fixes_bucketed'] },
        points: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              reportedAtMs: { type: 'integer' },
              position: { type: 'array', items: { type: 'number' }, description: '[lon, lat]' },
              speedKnots: { type: ['number', 'null'] },
              courseDeg: { type: ['number', 'null'] },
            },
          },
        },
      },
    },
    Alert: json(AlertSchema),
    AlertEvent: json(AlertEventSchema),
    AlertPage: page('Alert'),
    AlertWithAudit: {
      type: 'object',
      required: ['alert', 'audit'],
      properties: {
        alert: ref('Alert'),
        audit: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              atMs: { type: 'integer' },
              action: { enum: ['opened', 'updated', 'resolved', 'acknowledged', 'commented'] },
              actor: { type: 'string', description: 'user id, or processor' },
              detail: { type: 'object' },
            },
          },
        },
      },
    },
    PortCallPage: page('PortCall'),
    PortCall: {
      type: 'object',
      properties: {
        vesselId: { type: 'string' },
        portId: { type: 'string' },
        arrivedAtMs: { type: 'integer' },
        departedAtMs: { type: ['integer', 'null'] },
        arrivalPosition: { type: ['array', 'null'], items: { type: 'number' } },
      },
    },
    FleetCounts: {
      type: 'object',
      properties: {
        asOfMs: { type: 'integer' },
        ports: {
          type: 'array',
          items: {
            type: 'object',
            properties: Object.fromEntries(
              ['total', 'atSea', 'inPort', 'signalLost', 'noPosition']
                .map((k) => [k, { type: 'integer' }])
                .concat([['portId', { type: 'string' }]]),
            ),
          },
        },
      },
    },
    Zone: json(ZoneSchema),
    ZoneCollection: {
      type: 'object',
      required: ['type', 'version', 'attribution', 'features'],
      properties: {
        type: { const: 'FeatureCollection' },
        version: { type: 'string', description: 'the active zone-set version' },
        attribution: { type: 'array', items: { type: 'string' } },
        features: {
          type: 'array',
          items: { type: 'object', description: 'GeoJSON Feature; properties = the zone without geometry' },
        },
      },
    },
    ZoneImportResult: {
      type: 'object',
      properties: {
        dryRun: { type: 'boolean' },
        activated: { type: 'boolean' },
        version: { type: 'string' },
        baseVersion: { type: ['string', 'null'] },
        format: { enum: ['geojson', 'kml', 'shapefile'] },
        scope: {
          type: 'array',
          items: {
            type: 'object',
            properties: { kind: { type: 'string' }, jurisdiction: { type: 'string' } },
          },
        },
        diff: { type: 'object', description: 'added, changed, removed (zone refs) and unchanged (count)' },
        importedBy: { type: 'string' },
      },
    },
    StormZone: {
      allOf: [ref('Zone'), { type: 'object', properties: { zoneSetVersion: { type: 'string' } } }],
    },
  };
}
