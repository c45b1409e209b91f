export type LoopEvent = { at: number; ms: number; kind: string };
export function recordLoopTimeline(): { events: LoopEvent[]; reset: () => void; stop: () => void };
