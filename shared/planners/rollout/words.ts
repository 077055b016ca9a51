/** "1 machine", "2 machines": reasons are read by people, so counts agree with their nouns. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
