import type { LiveStatus } from '../live.js';

/** Whether updates are arriving. The last cursor rides along as a data attribute, for whoever debugs a resume. */
export function LiveIndicator({ status, cursor }: { status: LiveStatus; cursor: string | null }) {
  const text =
    status.state === 'live'
      ? 'Live'
      : status.state === 'reconnecting'
        ? `Reconnecting (retry in ${Math.ceil(status.retryInMs / 1000)} s)…`
        : status.state === 'connecting'
          ? 'Connecting…'
          : 'Signed out';
  return (
    <p className={`live live-${status.state}`} role="status" data-state={status.state} data-cursor={cursor ?? ''}>
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
