import type { Map as MapLibreMap } from 'maplibre-gl';
import type { VesselLiveStatus } from '../api/types';

/** Colour per live status; the shape also differs, so the states read without colour vision. */
export const STATUS_COLOURS: Record<VesselLiveStatus, string> = {
  normal: '#1d6fb8',
  near_border: '#f08c00',
  crossed: '#d62828',
  signal_lost: '#6c757d',
  in_port: '#2a9d8f',
};

export const VESSEL_ICON_SIZE = 28;
const PIXEL_RATIO = 2;

/** Image id of a status's vessel symbol. */
export function vesselIconId(status: VesselLiveStatus): string {
  return `vessel-${status}`;
}

/**
 * Draws one vessel symbol pointing north (the layer rotates it by the course): a bow-pointed hull for
 * vessels under way, a hollow hull for lost signal, a round marker for a vessel in port, and a thick
 * ring for a vessel that crossed a border.
 */
function drawVessel(context: CanvasRenderingContext2D, status: VesselLiveStatus, size: number): void {
  const colour = STATUS_COLOURS[status];
  const c = size / 2;
  context.lineJoin = 'round';
  context.lineWidth = size * 0.07;
  context.strokeStyle = '#ffffff';
  if (status === 'in_port') {
    context.beginPath();
    context.arc(c, c, size * 0.24, 0, Math.PI * 2);
    context.fillStyle = colour;
    context.fill();
    context.stroke();
    return;
  }
  const hull = () => {
    context.beginPath();
    context.moveTo(c, size * 0.08);
    context.lineTo(c + size * 0.22, size * 0.5);
    context.lineTo(c + size * 0.18, size * 0.86);
    context.lineTo(c - size * 0.18, size * 0.86);
    context.lineTo(c - size * 0.22, size * 0.5);
    context.closePath();
  };
  if (status === 'crossed') {
    context.beginPath();
    context.arc(c, c, size * 0.47, 0, Math.PI * 2);
    context.strokeStyle = colour;
    context.lineWidth = size * 0.07;
    context.stroke();
    context.strokeStyle = '#ffffff';
  }
  hull();
  if (status === 'signal_lost') {
    context.fillStyle = '#ffffff';
    context.fill();
    context.strokeStyle = colour;
    context.lineWidth = size * 0.09;
    context.setLineDash([size * 0.12, size * 0.08]);
    context.stroke();
    context.setLineDash([]);
    return;
  }
  context.fillStyle = colour;
  context.fill();
  context.stroke();
}

function canvasImage(size: number, draw: (context: CanvasRenderingContext2D) => void): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser has no 2D canvas');
  draw(context);
  return context.getImageData(0, 0, size, size);
}

/** Adds the vessel symbols to the map's images (drawn on a canvas: no sprite file, no network). */
export function addVesselIcons(map: MapLibreMap): void {
  const size = VESSEL_ICON_SIZE * PIXEL_RATIO;
  for (const status of Object.keys(STATUS_COLOURS) as VesselLiveStatus[]) {
    const id = vesselIconId(status);
    if (map.hasImage(id)) continue;
    map.addImage(
      id,
      canvasImage(size, (context) => drawVessel(context, status, size)),
      {
        pixelRatio: PIXEL_RATIO,
      },
    );
  }
}

export const CLUSTER_ICON_PREFIX = 'count:';

/**
 * The cluster count as an image, drawn on demand (the map's missing-image resolver): the offline basemap ships no
 * glyph server, and these counts are the only text the map draws.
 */
export function addCountImage(map: MapLibreMap, id: string): boolean {
  if (!id.startsWith(CLUSTER_ICON_PREFIX) || map.hasImage(id)) return false;
  const text = id.slice(CLUSTER_ICON_PREFIX.length);
  const height = 18 * PIXEL_RATIO;
  const width = Math.max(height, (text.length * 8 + 8) * PIXEL_RATIO);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return false;
  context.font = `bold ${12 * PIXEL_RATIO}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.lineWidth = 3 * PIXEL_RATIO;
  context.strokeStyle = 'rgba(0,0,0,0.55)';
  context.strokeText(text, width / 2, height / 2 + PIXEL_RATIO);
  context.fillStyle = '#ffffff';
  context.fillText(text, width / 2, height / 2 + PIXEL_RATIO);
  map.addImage(id, context.getImageData(0, 0, width, height), { pixelRatio: PIXEL_RATIO });
  return true;
}
