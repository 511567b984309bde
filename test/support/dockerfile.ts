// The Dockerfile's steps, read from the file itself so a test follows every change to it: per stage, its WORKDIR,
// the files it COPYs (from the build context or another stage) and the npm/npx commands it RUNs.

export type DockerStep =
  | { readonly kind: 'workdir'; readonly dir: string }
  | { readonly kind: 'copy'; readonly from: string | undefined; readonly sources: string[]; readonly dest: string }
  | { readonly kind: 'run'; readonly command: string };

export interface DockerStage {
  readonly name: string | undefined;
  readonly steps: DockerStep[];
}

/**
 * The stages of a Dockerfile with the steps a test can replay outside a container. Of each RUN, only the `npm` and
 * `npx` commands of its `&&` chain are kept, except `npm cache` (which would clean the machine's cache): the rest
 * (users, symlinks, chmod) belongs to the image.
 */
export function dockerStages(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trim();
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) {
      stages.push({ name: from[1], steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const workdir = /^WORKDIR\s+(\S+)$/i.exec(line);
    if (workdir) stage.steps.push({ kind: 'workdir', dir: workdir[1] as string });
    const copy = /^COPY\s+(?:--from=(\S+)\s+)?(.+)$/i.exec(line);
    if (copy) {
      const parts = (copy[2] as string).split(/\s+/);
      stage.steps.push({ kind: 'copy', from: copy[1], sources: parts.slice(0, -1), dest: parts.at(-1) as string });
    }
    const run = /^RUN\s+(.+)$/i.exec(line);
    if (run) {
      for (const command of (run[1] as string).split('&&').map((c) => c.trim())) {
        if (/^(npm|npx)\s/.test(command) && !/^npm\s+cache\b/.test(command)) stage.steps.push({ kind: 'run', command });
      }
    }
  }
  return stages;
}
