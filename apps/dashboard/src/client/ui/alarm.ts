/**
 * The sound for a danger alert: three short two-tone beeps made with Web Audio (no sound file to load).
 * Browsers allow sound only after the user interacted with the page: `unlock()` is called from the
 * login and from the sound switch.
 */
export class Alarm {
  private context: AudioContext | null = null;
  enabled = true;
  /** How many times it sounded (shown to tests as data-alarm-count on <body>). */
  played = 0;

  unlock(): void {
    if (typeof AudioContext === 'undefined') return;
    this.context ??= new AudioContext();
    void this.context.resume().catch(() => undefined);
  }

  play(): void {
    if (!this.enabled) return;
    this.played++;
    document.body.dataset.alarmCount = String(this.played);
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const start = context.currentTime + 0.05;
    for (let i = 0; i < 3; i++) {
      for (const [offset, frequency] of [
        [0, 880],
        [0.15, 660],
      ] as const) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.frequency.value = frequency;
        const at = start + i * 0.45 + offset;
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
        oscillator.connect(gain).connect(context.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.15);
      }
    }
  }
}
