import type { TrackPoint } from '../api/types';
import type { AppContext } from '../app-context';
import { REPLAY_SPEEDS, ReplayClock, fixAtOrBefore, positionAt } from '../replay/track-math';
import { clear, h } from '../ui/dom';

/**
 * Track replay: a time slider over the period, play/pause and a speed choice (simulated minutes or hours
 * per second). The track is drawn up to the replay time, with a marker where the vessel was.
 */
export function renderReplayBar(
  container: HTMLElement,
  ctx: AppContext,
  replay: { vesselId: string; label: string; points: TrackPoint[]; fromMs: number; toMs: number },
  onClose: () => void,
): () => void {
  const { i18n } = ctx;
  const points = replay.points;
  const fromMs = points[0]?.reportedAtMs ?? replay.fromMs;
  const toMs = points[points.length - 1]?.reportedAtMs ?? replay.toMs;
  const clock = new ReplayClock(fromMs, toMs);
  const slider = h('input', {
    type: 'range',
    min: fromMs,
    max: toMs,
    step: 1000,
    value: fromMs,
    'data-testid': 'replay-slider',
    'aria-label': i18n.t('replay.title'),
  });
  const readout = h('span', { class: 'replay-time', 'data-testid': 'replay-time' });
  const play = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'replay-play' },
    i18n.t('replay.play'),
  );
  const speed = h(
    'select',
    { name: 'speed', 'aria-label': i18n.t('replay.speed') },
    ...REPLAY_SPEEDS.map((value) => h('option', { value }, `×${value}`)),
  );
  speed.value = String(clock.speed);
  let frame = 0;

  const show = (atMs: number) => {
    slider.value = String(Math.round(atMs));
    ctx.tracks.showTrack(points, atMs);
    ctx.tracks.showReplayPosition(positionAt(points, atMs));
    const fix = fixAtOrBefore(points, atMs);
    const speedText =
      fix?.speedKnots === null || fix?.speedKnots === undefined
        ? ''
        : ` · ${i18n.t('units.knots', { v: i18n.number(fix.speedKnots) })}`;
    readout.textContent = `${i18n.dateTime(atMs)}${speedText}`;
    readout.dataset.atMs = String(Math.round(atMs));
  };
  const tick = () => {
    const wall = performance.now();
    show(clock.now(wall));
    if (clock.finished(wall)) {
      clock.pause(wall);
      play.textContent = i18n.t('replay.play');
      return;
    }
    frame = requestAnimationFrame(tick);
  };
  play.addEventListener('click', () => {
    const wall = performance.now();
    if (clock.playing) {
      clock.pause(wall);
      cancelAnimationFrame(frame);
      play.textContent = i18n.t('replay.play');
    } else {
      clock.play(wall);
      play.textContent = i18n.t('replay.pause');
      frame = requestAnimationFrame(tick);
    }
  });
  slider.addEventListener('input', () => {
    clock.seek(Number(slider.value), performance.now());
    show(clock.now(performance.now()));
  });
  speed.addEventListener('change', () => clock.setSpeed(Number(speed.value), performance.now()));

  clear(container);
  container.hidden = false;
  if (points.length === 0) {
    container.append(h('span', {}, i18n.t('replay.empty')));
  }
  container.append(
    h('strong', {}, `${i18n.t('replay.title')}: ${replay.label}`),
    play,
    slider,
    h('label', {}, i18n.t('replay.speed'), ' ', speed),
    readout,
    h('button', { type: 'button', 'data-testid': 'replay-close', onclick: onClose }, i18n.t('replay.close')),
  );
  show(fromMs);
  return () => {
    cancelAnimationFrame(frame);
    ctx.tracks.showReplayPosition(null);
    clear(container);
    container.hidden = true;
  };
}
