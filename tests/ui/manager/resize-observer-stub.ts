// jsdom has no layout and no ResizeObserver; Fluent UI's MessageBar (reflow) constructs one. Nothing in these tests
// depends on sizes, so an observer that never reports is faithful to jsdom's zero-size boxes.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (typeof (globalThis as { ResizeObserver?: unknown }).ResizeObserver !== 'function') {
  Object.assign(globalThis, { ResizeObserver: ResizeObserverStub });
}
export {};
