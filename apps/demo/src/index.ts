// The demo app's module, for tests and for reading.
export { createDemo } from "./demo.js";
