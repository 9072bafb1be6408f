// The clock and randomness ports for tests: FixedClock never moves unless told to; SeededRandom is reproducible.
import type { Clock, Randomness } from "../../src/sync/ports";

export class FixedClock implements Clock {
  private ms: number;
  constructor(iso: string = "2026-11-25T09:00:00.000Z") {
    this.ms = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** mulberry32: small, fast, reproducible. */
export class SeededRandom implements Randomness {
  private state: number;
  readonly issuedKeys: string[] = [];
  constructor(seed: number = 42) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  newSyncKey(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16)).join("");
    const key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    this.issuedKeys.push(key);
    return key;
  }
}
