/** A Dockerfile read into stages of instructions (continuation lines joined, comments dropped). */
export interface DockerStage {
  name: string;
  instructions: { instruction: string; args: string }[];
}

export function dockerfileStages(text: string): DockerStage[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (instruction.toUpperCase() === 'FROM')
      stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    stages.at(-1)!.instructions.push({ instruction: instruction.toUpperCase(), args });
  }
  return stages;
}
