// A small typed event emitter (the browser has EventTarget, but its events are classes and
// untyped details; node:events is not there). Listeners run in registration order; one that
// throws is reported to `fault` and the others still run.

type Listener<E> = (event: E) => void;

export class Emitter<E extends { readonly _tag: string }> {
  private readonly byTag = new Map<string, Array<Listener<E>>>();

  constructor(private readonly fault: (detail: string) => void) {}

  on(tag: string, listener: Listener<E>): void {
    const list = this.byTag.get(tag);
    if (list === undefined) this.byTag.set(tag, [listener]);
    else list.push(listener);
  }

  off(tag: string, listener: Listener<E>): void {
    const list = this.byTag.get(tag);
    if (list === undefined) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byTag.delete(tag);
  }

  /** To the listeners of `event._tag`, then to those of "event". */
  emit(event: E): void {
    for (const tag of [event._tag, "event"]) {
      // A copy: a listener may remove itself (once) while the list is walked.
      for (const listener of [...(this.byTag.get(tag) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          this.fault(`a listener for ${event._tag} threw: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  clear(): void {
    this.byTag.clear();
  }
}
