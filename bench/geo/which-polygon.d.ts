declare module 'which-polygon' {
  interface Query {
    (point: [number, number], multi: true): Record<string, unknown>[] | null;
    (point: [number, number], multi?: false): Record<string, unknown> | null;
  }
  export default function whichPolygon(collection: { type: 'FeatureCollection'; features: unknown[] }): Query;
}
