import { WriteTurns } from '../cluster';

/** A worker as the primary sees it: connected or not. */
const worker = (connected = true) => ({ isConnected: () => connected });

describe("the primary's write turns (one SQLite writer at a time across workers)", () => {
  it('grants at once when nobody writes, and in the order asked while somebody does', () => {
    const turns = new WriteTurns();
    const [a, b, c] = [worker(), worker(), worker()];
    const granted: string[] = [];
    turns.ask(a, () => granted.push('a'));
    turns.ask(b, () => granted.push('b'));
    turns.ask(c, () => granted.push('c'));
    expect(granted).toEqual(['a']);
    turns.done(a);
    expect(granted).toEqual(['a', 'b']);
    turns.done(b);
    turns.done(c);
    expect(granted).toEqual(['a', 'b', 'c']);
    turns.ask(a, () => granted.push('a again'));
    expect(granted).toEqual(['a', 'b', 'c', 'a again']);
  });

  it('ignores "done" from a worker whose turn it is not', () => {
    const turns = new WriteTurns();
    const [a, b] = [worker(), worker()];
    const granted: string[] = [];
    turns.ask(a, () => granted.push('a'));
    turns.ask(b, () => granted.push('b'));
    turns.done(b);
    expect(granted).toEqual(['a']);
  });

  it('takes back the turn and the places in line of a worker that ended, and skips one that disconnected', () => {
    const turns = new WriteTurns();
    const [dying, gone, waiting] = [worker(), worker(false), worker()];
    const granted: string[] = [];
    turns.ask(dying, () => granted.push('dying'));
    turns.ask(dying, () => granted.push('dying, second ask'));
    turns.ask(gone, () => granted.push('gone'));
    turns.ask(waiting, () => granted.push('waiting'));
    turns.forget(dying);
    expect(granted).toEqual(['dying', 'waiting']);
  });
});
