// SIGHUP's default action ends the process, and a reload signal can come at any time (systemd's ExecReload while the
// agent starts): this module, imported before any other by main.ts, catches it from the first moment. `serve` asks
// whether one came and reloads once the agent is up; other commands ignore it.
let pending = false;
const early = (): void => {
  pending = true;
};
process.on('SIGHUP', early);

/** Stops catching SIGHUP here (the running agent installs its own handler); true when one arrived meanwhile. */
export function takeEarlyHangup(): boolean {
  process.off('SIGHUP', early);
  const was = pending;
  pending = false;
  return was;
}
