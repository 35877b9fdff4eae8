/** One line per fault, as the issue asks: records before and after, lost and duplicated (all must be 0). */
export interface FaultLine {
  fault: string;
  before: number;
  after: number;
  lost: number;
  duplicated: number;
}

const lines: FaultLine[] = [];

export function report(line: FaultLine): FaultLine {
  lines.push(line);
  process.stdout.write(
    `fault: ${line.fault.padEnd(48)} before=${line.before} after=${line.after} lost=${line.lost} duplicated=${line.duplicated}\n`,
  );
  return line;
}
