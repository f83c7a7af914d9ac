/** The readable story of the run: numbered steps, then who did what and what came back. */
export class Transcript {
  #step = 0;
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.#write = write;
  }

  /** Starts a numbered step. */
  step(title: string): void {
    this.#step += 1;
    this.#write('');
    this.#write(`[${this.#step}] ${title}`);
  }

  /** One line said by an actor: a user, the agent, the server. */
  say(actor: string, text: string): void {
    this.#write(`    ${actor.padEnd(6)} ${text}`);
  }

  /** A line without an actor. */
  note(text: string): void {
    this.#write(`    ${text}`);
  }
}
