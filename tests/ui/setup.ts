// jsdom has no fetch, and teams-js fetches its list of valid host domains at import (then falls back to a built-in
// list). UI tests fake the API at the component seams and must never touch the network, so the default fetch here
// rejects like an offline machine; a test that needs one installs its own.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
if (typeof globalThis.fetch !== 'function') {
  globalThis.fetch = (() => Promise.reject(new TypeError('fetch is offline in UI tests'))) as typeof fetch;
}

// jsdom has no layout and no ResizeObserver; Fluent UI's MessageBar (reflow) and the charts construct one. Nothing in
// the UI tests depends on sizes, so an observer that never reports is faithful to jsdom's zero-size boxes.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (typeof (globalThis as { ResizeObserver?: unknown }).ResizeObserver !== 'function') {
  Object.assign(globalThis, { ResizeObserver: ResizeObserverStub });
}
