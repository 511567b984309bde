/** The outcome of a configuration reload (SIGHUP, POST /-/reload, the console): applied, or refused with the reason. */
export type ReloadResult = { readonly ok: true } | { readonly ok: false; readonly error: string };
